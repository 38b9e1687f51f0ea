#include "portdb/importer/errors.hpp"
#include "portdb/importer/iana_xml_parser.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

importer::ParsedSource parse_fixture(std::string_view name) {
    const auto path = test::fixture(std::string("iana-xml/") + std::string(name));
    return importer::parse_iana_xml(test::read_file(path), name);
}

const db::Assignment& record(const importer::ParsedSource& parsed, std::uint32_t position) {
    for (const auto& a : parsed.assignments) {
        if (a.position == position) {
            return a;
        }
    }
    FAIL("no record " << position);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("IANA XML: registry date, people, and records in file order") {
    const auto parsed = parse_fixture("edge-cases.xml");
    CHECK(parsed.kind == db::SourceKind::iana_xml);
    CHECK(parsed.registry_date == "2025-12-15");
    CHECK(parsed.assignments.size() == 25);
    CHECK(parsed.people.size() == 7);
    for (std::uint32_t i = 0; i < parsed.assignments.size(); ++i) {
        CHECK(parsed.assignments[i].position == i + 1);
    }
}

TEST_CASE("IANA XML: an empty <name/> is no name, and the record is a status") {
    const auto parsed_a = parse_fixture("edge-cases.xml");
    const auto& a = record(parsed_a, 1);
    CHECK_FALSE(a.name);
    CHECK(a.protocol == "tcp");
    CHECK(a.ports == db::PortRange{0, 0});
    CHECK(a.status == db::Status::reserved);
    CHECK(a.description == "Reserved");
}

TEST_CASE("IANA XML: children are read by name, whatever their order") {
    const auto parsed = parse_fixture("edge-cases.xml");
    for (const std::uint32_t position : {2U, 3U}) {
        const auto& a = record(parsed, position);
        CHECK(a.name == "finger");
        CHECK(a.ports == db::PortRange{79, 79});
        CHECK(a.description == "Finger");
        CHECK(a.status == db::Status::assigned);
        REQUIRE(a.contacts.size() == 1);
        CHECK(a.contacts[0].person_id == "David_Zimmerman");
        CHECK(a.contacts[0].name == "David Zimmerman");
        // IANA writes '&' for '@'; decoded on purpose where the address has no '@'.
        CHECK(a.contacts[0].email == "dpz@crc.com");
    }
    CHECK(record(parsed, 2).protocol == "tcp");
    CHECK(record(parsed, 3).protocol == "udp");
}

TEST_CASE("IANA XML: <br/> becomes a line break, never a cut: month-precision dates") {
    const auto parsed = parse_fixture("edge-cases.xml");
    const auto& whoispp = record(parsed, 4);
    CHECK(whoispp.description ==
          "whois++\n\nIANA assigned this well-formed service name as a replacement for \"whois++\".");
    CHECK(whoispp.registered == db::PartialDate{1994, 3, 0});
    CHECK_FALSE(whoispp.modified);
    CHECK(whoispp.contacts[0].email == "schoultz@sunet.se");  // a real '@' is kept

    const auto& alias = record(parsed, 5);
    CHECK(alias.name == "whois++");
    CHECK(alias.alias_of == "whoispp");
    CHECK_THAT(alias.note,
               Equals("This entry is an alias to \"whoispp\". This entry is now historic, and is not to be used."));

    const auto& starts_with_break = record(parsed, 6);
    CHECK(starts_with_break.description ==
          "IANA assigned this well-formed service name as a replacement for \"acmaint_dbd\".");
    CHECK(starts_with_break.registered == db::PartialDate{2009, 8, 17});
    CHECK(starts_with_break.modified == db::PartialDate{2011, 5, 16});  // earlier than date: kept as given
}

TEST_CASE("IANA XML: status records take their status from the missing name") {
    const auto parsed = parse_fixture("edge-cases.xml");
    const auto& range = record(parsed, 7);
    CHECK_FALSE(range.name);
    CHECK_FALSE(range.protocol);
    CHECK(range.ports == db::PortRange{788, 799});
    CHECK(range.status == db::Status::unassigned);
    CHECK(range.unauthorized == "Unauthorized Use Known on port 796");

    CHECK(record(parsed, 8).status == db::Status::other);  // "any private mail system"
    CHECK(record(parsed, 8).description == "any private mail system");
    CHECK(record(parsed, 9).status == db::Status::unassigned);  // lower-case "unassigned"
    const auto& deregistered = record(parsed, 10);
    CHECK(deregistered.status == db::Status::deregistered);
    CHECK(deregistered.note == "De-assigned on 2017-05-18, previously compressnet.");

    // A *named* record whose description starts with "Reserved" is a service.
    const auto& stun = record(parsed, 15);
    CHECK(stun.name == "stun-behaviors");
    CHECK(stun.status == db::Status::assigned);
}

TEST_CASE("IANA XML: footnote and RFC references, DCCP service codes") {
    const auto parsed = parse_fixture("edge-cases.xml");
    const auto& exp1 = record(parsed, 11);
    REQUIRE(exp1.references.size() == 2);
    CHECK(exp1.references[0].kind == "note");
    CHECK_THAT(exp1.references[0].value, Contains("MUST NOT be shipped as defaults"));
    CHECK(exp1.references[1] == db::Reference{"rfc", "rfc4727"});
    CHECK_FALSE(exp1.service_code);
    CHECK(record(parsed, 12).service_code == 1145656131);
    CHECK(record(parsed, 12).protocol == "dccp");
}

TEST_CASE("IANA XML: ranges stay ranges: a degenerate N-N range is one port, flagged") {
    const auto parsed = parse_fixture("edge-cases.xml");
    const auto& degenerate = record(parsed, 13);
    CHECK(degenerate.ports == db::PortRange{4748, 4748});
    CHECK(degenerate.flags == "degenerate-range");

    const auto& named_no_protocol = record(parsed, 14);
    CHECK(named_no_protocol.name == "active-net");
    CHECK_FALSE(named_no_protocol.protocol);  // never guessed as tcp+udp
    CHECK(named_no_protocol.ports == db::PortRange{3322, 3325});
    CHECK(named_no_protocol.contacts[0].org == "USC/ISI");
    CHECK(named_no_protocol.contacts[0].email == "braden@isi.edu");

    const auto& x11 = record(parsed, 16);
    CHECK(x11.ports == db::PortRange{6000, 6063});
    CHECK(x11.flags.empty());
    CHECK(x11.contacts[0].name.empty());  // <name/> on the person
    CHECK(x11.contacts[0].org == "X Consortium");
    CHECK(x11.contacts[0].email.empty());  // a tel: uri is not an e-mail
}

TEST_CASE("IANA XML: assignee and contacts are resolved through the people list") {
    const auto parsed_stun = parse_fixture("edge-cases.xml");
    const auto& stun = record(parsed_stun, 15);
    REQUIRE(stun.contacts.size() == 2);
    CHECK(stun.contacts[0].role == db::ContactRole::assignee);
    CHECK(stun.contacts[0].person_id == "IESG");
    CHECK(stun.contacts[0].org == "IESG");
    CHECK(stun.contacts[1].role == db::ContactRole::contact);
    CHECK(stun.contacts[1].name == "IETF Chair");
    CHECK(stun.registered == db::PartialDate{2012, 8, 0});

    const auto parsed_inetfs = parse_fixture("edge-cases.xml");
    const auto& inetfs = record(parsed_inetfs, 18);
    CHECK(inetfs.description == "Description with &, <tags> and \"quotes\", plus two contacts");
    CHECK(inetfs.contacts.size() == 2);
}

TEST_CASE("IANA XML: wrapped descriptions are unwrapped: non-ASCII text is kept") {
    const auto parsed = parse_fixture("edge-cases.xml");
    CHECK(record(parsed, 19).description == "swÿp: sharing across devices with a swipe");
    CHECK(record(parsed, 20).description.empty());
    CHECK(record(parsed, 20).status == db::Status::assigned);
    const auto& brski = record(parsed, 21);
    CHECK(brski.description ==
          "Registrar with CMP capabilities according to the Lightweight CMP Profile (LCMPP) [RFC9483]");
    REQUIRE(brski.references.size() == 1);
    CHECK(brski.references[0] == db::Reference{"rfc", "rfc9483"});
}

TEST_CASE("IANA XML: text, uri and draft references: an unknown person is a warning") {
    const auto parsed = parse_fixture("edge-cases.xml");
    const auto& pon = record(parsed, 22);
    REQUIRE(pon.references.size() == 3);
    CHECK(pon.references[0] == db::Reference{"text", "Ari√´n Huisken"});  // mojibake kept as given
    CHECK(pon.references[1] == db::Reference{"uri", "https://example.org/pon"});
    CHECK(pon.references[2] == db::Reference{"draft", "RFC-ietf-pon-ictp-04"});
    CHECK(pon.modified == db::PartialDate{2023, 1, 5});

    const auto& ident = record(parsed, 20);
    REQUIRE(ident.contacts.size() == 1);
    CHECK(ident.contacts[0].person_id == "Nobody_Defined");
    CHECK(ident.contacts[0].name.empty());
    REQUIRE(parsed.warnings.size() == 1);
    CHECK_THAT(parsed.warnings[0], Contains("edge-cases.xml:") && Contains("Nobody_Defined"));
}

TEST_CASE("IANA XML: name-only registrations, the duplicate rdp, notes with paragraphs") {
    const auto parsed = parse_fixture("edge-cases.xml");
    const auto& sonar = record(parsed, 23);
    CHECK(sonar.name == "7ksonar");
    CHECK(sonar.protocol == "tcp");
    CHECK_FALSE(sonar.ports);
    CHECK(sonar.contacts[0].name == "Adam Norén");

    const auto& rdp1 = record(parsed, 24);
    const auto& rdp2 = record(parsed, 25);
    CHECK(rdp1.name == "rdp");
    CHECK(rdp2.name == "rdp");
    CHECK_FALSE(rdp1.protocol);
    CHECK_FALSE(rdp1.ports);
    CHECK(rdp1.description == "Reliable Data Protocol");
    CHECK(rdp2.note == "Defined TXT keys:\nu=<username> p=<password> of the remote desktop.");
}

TEST_CASE("IANA XML: the people list keeps every uri as written") {
    const auto parsed = parse_fixture("edge-cases.xml");
    const auto& braden = parsed.people[2];
    CHECK(braden.id == "Bob_Braden");
    CHECK(braden.uris == std::vector<std::string>{"mailto:braden&isi.edu", "http://www.isi.edu/~braden"});
    CHECK(braden.updated == db::PartialDate{2006, 1, 12});
    CHECK(parsed.people[0].updated == db::PartialDate{2011, 5, 0});
    CHECK(parsed.people[6].id == "Adam_Norén");
}

TEST_CASE("IANA XML: any prefix bound to the IANA namespace works: other namespaces are ignored") {
    const auto parsed = parse_fixture("prefixed-namespace.xml");
    CHECK(parsed.registry_date == "2024-12-20");
    REQUIRE(parsed.assignments.size() == 1);
    CHECK(parsed.assignments[0].name == "echo");
}

TEST_CASE("IANA XML: DTD entities are never expanded (no XXE, no billion laughs)") {
    const auto parsed = parse_fixture("xxe.xml");
    REQUIRE(parsed.assignments.size() == 1);
    CHECK(parsed.assignments[0].description == "&xxe;&lol3;");
}

TEST_CASE("IANA XML: bad input names the file, the line and the record") {
    CHECK_THROWS_WITH(parse_fixture("bad-port.xml"),
                      Equals("bad-port.xml:13: record 2: port number \"70000\" is out of range (0-65535)"));
    CHECK_THROWS_WITH(parse_fixture("not-well-formed.xml"),
                      Equals("not-well-formed.xml:6: not well-formed XML: Start-end tags mismatch"));
    CHECK_THROWS_WITH(parse_fixture("wrong-registry.xml"),
                      Equals("wrong-registry.xml: an IANA registry, but \"protocol-numbers\", not "
                             "\"service-names-port-numbers\""));
    CHECK_THROWS_WITH(importer::parse_iana_xml("<html><body>502 Bad Gateway</body></html>", "page.html"),
                      Contains("page.html: not the IANA port-number registry: the root element is <html>"));

    const std::string registry_start =
        "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n";
    CHECK_THROWS_WITH(importer::parse_iana_xml(
                          registry_start + "<record date=\"2011-5\"><name>a</name></record></registry>", "x.xml"),
                      Equals("x.xml:2: record 1: date=\"2011-5\" is not YYYY-MM or YYYY-MM-DD"));
    CHECK_THROWS_WITH(
        importer::parse_iana_xml(registry_start + "<record><number>9-7</number></record></registry>", "x.xml"),
        Equals("x.xml:2: record 1: port range \"9-7\" ends below its start"));
    CHECK_THROWS_WITH(
        importer::parse_iana_xml(registry_start + "<record><description>x</description></record></registry>", "x.xml"),
        Equals("x.xml:2: record 1: a record with neither a name nor a port number"));
    CHECK_THROWS_WITH(
        importer::parse_iana_xml(registry_start + "<record><name>a</name><sc>0x10</sc></record></registry>", "x.xml"),
        Equals("x.xml:2: record 1: service code \"0x10\" is not a decimal number"));
    CHECK_THROWS_AS(importer::parse_iana_xml(registry_start, "x.xml"), importer::ParseError);
}

namespace {

/// A registry whose <record> nests `depth` elements of `chain` (outermost
/// first, the last one repeated) under its root: the deepest element sits
/// at 2 + depth.
std::string nested(const std::vector<std::string>& chain, std::size_t depth, const std::string& extra = "") {
    std::string xml = "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n" +
                      extra + "<record><name>n</name><number>1</number>\n";
    std::vector<std::string> open;
    for (std::size_t i = 0; i < depth; ++i) {
        const auto& name = chain[std::min(i, chain.size() - 1)];
        xml += "<" + name + (name == "xref" ? " type=\"text\">" : ">");
        open.push_back(name);
    }
    xml += "x";
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
        xml += "</" + *it + ">";
    }
    return xml + "</record>\n</registry>\n";
}

}  // namespace

TEST_CASE("IANA XML: nesting is bounded at 32 levels, wherever it happens, before anything recurses") {
    // The deepest element at 32 parses; at 33 it is refused, in every place that recursed.
    for (const auto& chain : std::vector<std::vector<std::string>>{{"description", "a"},
                                                                   {"note", "paragraph"},
                                                                   {"description", "xref"},
                                                                   {"unauthorized", "b"},
                                                                   {"whatever"}}) {
        CAPTURE(chain);
        CHECK_NOTHROW(importer::parse_iana_xml(nested(chain, 30), "ok.xml"));
        CHECK_THROWS_WITH(importer::parse_iana_xml(nested(chain, 31), "deep.xml"),
                          Equals("deep.xml:3: elements nested more than 32 deep; the IANA registry nests 4"));
    }
    // Outside the records: people and footnotes, whose text is rendered too.
    std::string footnote = "<footnote anchor=\"1\">";
    for (int i = 0; i < 40; ++i) {
        footnote += "<p>";
    }
    for (int i = 0; i < 40; ++i) {
        footnote += "</p>";
    }
    CHECK_THROWS_WITH(importer::parse_iana_xml(nested({"description"}, 1, footnote + "</footnote>\n"), "f.xml"),
                      Contains("f.xml:2: elements nested more than 32 deep"));
    // Far past any stack: 200,000 levels are refused as quickly.
    std::string deep = "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">";
    for (int i = 0; i < 200000; ++i) {
        deep += "<a>";
    }
    CHECK_THROWS_WITH(importer::parse_iana_xml(deep, "x.xml"), Contains("not well-formed"));
    for (int i = 0; i < 200000; ++i) {
        deep += "</a>";
    }
    CHECK_THROWS_WITH(importer::parse_iana_xml(deep + "</registry>", "x.xml"), Contains("nested more than 32 deep"));
}

TEST_CASE("IANA XML: a document with more than a million elements and attributes is refused before parsing") {
    std::string xml = "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">";
    while (xml.size() < 1'000'100 * 4) {
        xml += "<b/>";
    }
    CHECK_THROWS_WITH(importer::parse_iana_xml(xml + "</registry>", "huge.xml"),
                      Contains("huge.xml: up to ") && Contains("more than the 1000000 an IANA registry file may have"));
    std::string attributes = "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\" ";
    for (int i = 0; i < 1'000'001; ++i) {
        attributes += "=";
    }
    CHECK_THROWS_WITH(importer::parse_iana_xml(attributes, "attrs.xml"), Contains("attrs.xml: up to "));
}

TEST_CASE("IANA XML: the nesting fixtures (also fuzzing seeds): 32 levels parse, 5,000 are refused") {
    const auto limit = parse_fixture("nesting-at-limit.xml");
    REQUIRE(limit.assignments.size() == 1);
    CHECK(limit.assignments[0].description == "at the limit");
    CHECK(limit.assignments[0].references.size() == 1);  // the outer <xref>; the ones inside it are its text
    CHECK_THROWS_WITH(parse_fixture("deep-nesting.xml"),
                      Equals("deep-nesting.xml:9: elements nested more than 32 deep; the IANA registry nests 4"));
}
