#include "portdb/importer/errors.hpp"
#include "portdb/importer/iana_csv_parser.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

importer::ParsedSource parse_fixture(std::string_view name) {
    return importer::parse_iana_csv(test::read_file(test::fixture("iana-csv/" + std::string(name))), name);
}

}  // namespace

TEST_CASE("IANA CSV: rows spanning lines, doubled quotes, columns by header name") {
    const auto parsed = parse_fixture("service-names-port-numbers.csv");
    CHECK(parsed.kind == db::SourceKind::iana_csv);
    REQUIRE(parsed.assignments.size() == 19);

    const auto& reserved = parsed.assignments[0];
    CHECK_FALSE(reserved.name);
    CHECK(reserved.status == db::Status::reserved);
    CHECK(reserved.position == 1);

    const auto& www = parsed.assignments[3];
    CHECK(www.name == "www-http");
    CHECK_THAT(www.note, Contains("duplicate of the \"http\" service") &&
                             Contains("u=<username> p=<password> path=<path to document>\n(see txtrecords.html#http)"));
    CHECK_THAT(www.note, Contains("\"any data transported using HTTP\"."));

    const auto& whoispp = parsed.assignments[4];
    CHECK(whoispp.description ==
          "whois++ IANA assigned this well-formed service name as a replacement for \"whois++\".");
    CHECK(parsed.assignments[5].alias_of == "whoispp");

    // A name with spaces (the 2022 CSV still has them) is kept as written.
    CHECK(parsed.assignments[6].name == "Apple Remote Desktop (Net Assistant)");
    CHECK(parsed.assignments[6].modified == db::PartialDate{2011, 5, 0});
}

TEST_CASE("IANA CSV: persons, references, codes and the Assignee copy of the Contact") {
    const auto parsed = parse_fixture("service-names-port-numbers.csv");
    const auto& tcpmux = parsed.assignments[1];
    REQUIRE(tcpmux.contacts.size() == 1);  // Assignee == Contact: one party
    CHECK(tcpmux.contacts[0].person_id == "Mark_Lottor");
    CHECK(tcpmux.contacts[0].role == db::ContactRole::contact);
    CHECK(tcpmux.references == std::vector<db::Reference>{{"rfc", "rfc1078"}});

    CHECK(parsed.assignments[2].service_code == 1145656131);

    const auto& exp1 = parsed.assignments[7];
    REQUIRE(exp1.contacts.size() == 2);  // a real assignee, different from the contact
    CHECK(exp1.contacts[0].person_id == "IETF_Chair");
    CHECK(exp1.contacts[1].role == db::ContactRole::assignee);
    CHECK(exp1.contacts[1].person_id == "IESG");
    CHECK(exp1.references == std::vector<db::Reference>{{"rfc", "rfc4727"}, {"note", "1"}});  // [1] is a footnote
    CHECK(exp1.registered == db::PartialDate{2006, 1, 12});

    const auto& active = parsed.assignments[11];
    CHECK(active.name == "active-net");
    CHECK_FALSE(active.protocol);
    CHECK(active.ports == db::PortRange{3322, 3325});
    REQUIRE(active.contacts.size() == 2);  // "[Bob_Braden][Joe_Touch]"
    CHECK(active.contacts[1].person_id == "Joe_Touch");

    const auto& dots = parsed.assignments[12];
    CHECK(dots.description ==
          "Distributed Denial-of-Service Open Threat Signaling (DOTS) Signal Channel Protocol, with a comma");
    CHECK(dots.references == std::vector<db::Reference>{{"draft", "RFC-ietf-dots-signal-channel-41"}});

    const auto& pon = parsed.assignments[13];
    CHECK(pon.references ==
          std::vector<db::Reference>{{"text", "ISO/IEC 13818-6 MPEG-2\nDSM-CC"}, {"uri", "https://example.org/pon"}});
    CHECK(parsed.assignments[14].description == "swÿp");
}

TEST_CASE("IANA CSV: status rows, ranges, name-only rows and the duplicate rdp") {
    const auto parsed = parse_fixture("service-names-port-numbers.csv");
    const auto& unassigned = parsed.assignments[8];
    CHECK(unassigned.ports == db::PortRange{788, 799});
    CHECK(unassigned.status == db::Status::unassigned);
    CHECK(unassigned.unauthorized == "Unauthorized Use Known on port 796");
    CHECK(parsed.assignments[9].flags == "degenerate-range");
    CHECK(parsed.assignments[10].ports == db::PortRange{6000, 6063});
    CHECK(parsed.assignments[15].name == "rdp");
    CHECK(parsed.assignments[16].name == "rdp");
    CHECK_FALSE(parsed.assignments[16].ports);
    CHECK(parsed.assignments[17].protocol == "tcp");
    CHECK_FALSE(parsed.assignments[17].ports);
    CHECK(parsed.assignments[17].note == "Defined TXT keys: None");
    CHECK(parsed.assignments[18].status == db::Status::reserved);  // "IANA Reserved"
}

TEST_CASE("IANA CSV: CRLF line ends, wrapped and real line breaks, a missing final line end") {
    const auto parsed = importer::parse_iana_csv(
        "Service Name,Port Number,Transport Protocol,Description\r\necho,7,tcp,\"Echo,\r\n    wrapped\"\r\n"
        "discard,9,tcp,\"Discard\r\n\r\nsecond paragraph\"\r\nfinger,79,tcp,Finger",
        "x.csv");
    REQUIRE(parsed.assignments.size() == 3);
    CHECK(parsed.assignments[0].description == "Echo, wrapped");
    CHECK(parsed.assignments[1].description == "Discard\n\nsecond paragraph");
    CHECK(parsed.assignments[2].description == "Finger");
}

TEST_CASE("IANA CSV: bad input names the line") {
    CHECK_THROWS_WITH(parse_fixture("unclosed-quote.csv"),
                      Equals("unclosed-quote.csv:2: a quoted field is never closed"));
    CHECK_THROWS_WITH(parse_fixture("wrong-field-count.csv"),
                      Equals("wrong-field-count.csv:3: record 2: 6 fields, but the header has 4"));
    CHECK_THROWS_WITH(importer::parse_iana_csv("Service Name,Port\n", "x.csv"),
                      Equals("x.csv:1: the header has no \"Port Number\" column"));
    CHECK_THROWS_WITH(importer::parse_iana_csv("Service Name,Port Number,Transport Protocol,Description\n"
                                               "a,1,tcp,x\n\"b\nc\",99999,tcp,y\n",
                                               "x.csv"),
                      Equals("x.csv:3: record 2: port number \"99999\" is out of range (0-65535)"));
}
