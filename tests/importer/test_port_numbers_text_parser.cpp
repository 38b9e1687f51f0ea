#include "portdb/importer/errors.hpp"
#include "portdb/importer/port_numbers_text_parser.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

importer::ParsedSource parse_fixture(std::string_view name) {
    return importer::parse_port_numbers_text(test::read_file(test::fixture("port-numbers/" + std::string(name))), name);
}

/// The one record at `line` of the fixture.
const db::Assignment& at_line(const importer::ParsedSource& parsed, std::uint32_t line) {
    const auto found = std::find_if(parsed.assignments.begin(), parsed.assignments.end(),
                                    [&](const db::Assignment& a) { return a.position == line; });
    if (found == parsed.assignments.end()) {
        FAIL("no record at line " << line);
    }
    return *found;
}

std::vector<std::string> contact_emails(const db::Assignment& a) {
    std::vector<std::string> emails;
    for (const auto& c : a.contacts) {
        emails.push_back(c.email);
    }
    return emails;
}

}  // namespace

TEST_CASE("port-numbers text: both lists, nothing from the prose, DYNAMIC or REFERENCES") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    CHECK(parsed.kind == db::SourceKind::port_numbers_text);
    CHECK(parsed.registry_date == "2005-12-22");
    CHECK(parsed.assignments.size() == 49);
    for (const auto& a : parsed.assignments) {
        CHECK(a.name != "not-an-entry");  // a REFERENCES line shaped like an entry
        CHECK(a.position >= 20);          // nothing from the prose ("80/tcp is an example")
    }
    CHECK(at_line(parsed, 105).description == "IANA Reserved");  // the last list line, 49151
}

TEST_CASE("port-numbers text: entries, keyword-less entries and status lines") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    const auto& reserved = at_line(parsed, 20);
    CHECK_FALSE(reserved.name);
    CHECK(reserved.protocol == "tcp");
    CHECK(reserved.status == db::Status::reserved);

    const auto& compressnet = at_line(parsed, 25);
    CHECK(compressnet.name == "compressnet");
    CHECK(compressnet.ports == db::PortRange{3, 3});
    CHECK(compressnet.protocol == "tcp");
    CHECK(compressnet.description == "Compression Process");

    const auto& netstat = at_line(parsed, 30);  // "# 15/tcp Unassigned [was netstat]"
    CHECK_FALSE(netstat.name);
    CHECK(netstat.status == db::Status::unassigned);
    CHECK(netstat.description == "Unassigned [was netstat]");

    const auto& private_mail = at_line(parsed, 31);  // indented "24/tcp any private mail system"
    CHECK(private_mail.status == db::Status::other);
    CHECK(private_mail.description == "any private mail system");

    const auto& block = at_line(parsed, 59);  // "# 1001-1009 Unassigned": no protocol
    CHECK(block.ports == db::PortRange{1001, 1009});
    CHECK_FALSE(block.protocol);

    const auto& solaris = at_line(parsed, 60);  // '#' then tabs
    CHECK(solaris.ports == db::PortRange{1008, 1008});
    CHECK(solaris.protocol == "udp");
    CHECK(solaris.description == "Possibly used by Sun Solaris????");

    CHECK(at_line(parsed, 61).status == db::Status::reserved);  // a tab-indented keyword-less line
    CHECK(at_line(parsed, 72).description == "Reserved");       // trailing tabs stripped
    CHECK(at_line(parsed, 73).status == db::Status::deprecated);
    CHECK(at_line(parsed, 74).status == db::Status::reserved);  // "Reserved - IANA"
    const auto& no_text = at_line(parsed, 78);                  // "# 1775/tcp" with no text
    CHECK(no_text.description.empty());
    CHECK(no_text.status == db::Status::other);
    CHECK(at_line(parsed, 101).ports == db::PortRange{10108, 10112});  // a '*' status line
    CHECK(at_line(parsed, 103).status == db::Status::unassigned);      // "Unassinged"
}

TEST_CASE("port-numbers text: several names on one port: entries without description or protocol") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    CHECK(at_line(parsed, 36).name == "http");
    CHECK(at_line(parsed, 37).name == "www");
    CHECK(at_line(parsed, 38).name == "www-http");
    const auto& ident = at_line(parsed, 43);
    CHECK(ident.name == "ident");
    CHECK(ident.description.empty());
    const auto& nxedit = at_line(parsed, 44);  // tabs between the columns
    CHECK(nxedit.name == "nxedit");
    CHECK(nxedit.description == "NXEdit");

    const auto& active = at_line(parsed, 84);
    CHECK(active.name == "active-net");
    CHECK_FALSE(active.protocol);
    CHECK(active.ports == db::PortRange{3322, 3325});
    const auto& info_aps = at_line(parsed, 85);
    CHECK(info_aps.name == "info-aps");
    CHECK(info_aps.ports == db::PortRange{6400, 6400});
    CHECK_FALSE(info_aps.protocol);

    CHECK(at_line(parsed, 86).ports == db::PortRange{6000, 6063});
    CHECK(at_line(parsed, 104).protocol == "sctp");
}

TEST_CASE("port-numbers text: cp1252 bytes are decoded, CR is never kept") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    CHECK(at_line(parsed, 81).description == "Accuracer Database System \u2013 Server");  // 0x96
    CHECK(at_line(parsed, 82).contacts[0].name == "Ren\u00e9 M\u00e4ller");               // 0xE9, 0xE4
    for (const auto& a : parsed.assignments) {
        CHECK(a.description.find('\r') == std::string::npos);
        CHECK(a.note.find('\r') == std::string::npos);
    }
}

TEST_CASE("port-numbers text: a '#' contact attaches to every entry of the group above it") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    for (const std::uint32_t line : {23U, 24U, 25U, 26U}) {
        const auto& a = at_line(parsed, line);
        REQUIRE(a.contacts.size() == 1);
        CHECK(a.contacts[0].name == "Bernie Volz");
        CHECK(a.contacts[0].email == "volz@cisco.com");
    }
    // Only the entries that share the group's last keyword are marked as direct.
    CHECK(at_line(parsed, 23).contacts[0].direct);        // compressnet, like the last line of its group
    CHECK_FALSE(at_line(parsed, 36).contacts[0].direct);  // http, in the www-http group
    CHECK(at_line(parsed, 38).contacts[0].direct);

    // Status lines get the contact that follows them, and "<---none--->" is no contact.
    CHECK(contact_emails(at_line(parsed, 21)) == std::vector<std::string>{"postel@isi.edu"});
    CHECK(contact_emails(at_line(parsed, 38)) == std::vector<std::string>{"timbl@W3.org"});
    CHECK(at_line(parsed, 38).note.empty());
}

TEST_CASE("port-numbers text: the BSD continuation lines extend the description above") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    CHECK(at_line(parsed, 50).description ==
          "remote process execution; authentication performed using passwords and UNIX login names");
    CHECK(at_line(parsed, 53).description.empty());  // comsat, no description
    CHECK(at_line(parsed, 54).description == "used by mail system to notify users of new mail received");
    CHECK(at_line(parsed, 56).description ==
          "cmd like exec, but automatic authentication is performed as for login server");
    CHECK(at_line(parsed, 50).contacts.empty());
}

TEST_CASE("port-numbers text: banners and forward notes go to what follows them") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    CHECK(at_line(parsed, 42).note == "106        Unauthorized use by 3COM-TSMUX");
    CHECK(at_line(parsed, 43).note.empty());  // only the first entry after the banner
    CHECK(at_line(parsed, 80).note == "The following entry records an unassigned but widespread use");
    CHECK(at_line(parsed, 78).note.empty());
    // A banner's address is not a contact of the entries above it.
    CHECK(contact_emails(at_line(parsed, 44)) == std::vector<std::string>{"Don.Payette@unisys.com"});
}

TEST_CASE("port-numbers text: commented-out entries are kept as inactive history") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    const auto& unitary = at_line(parsed, 47);
    CHECK(unitary.name == "unitary");
    CHECK(unitary.ports == db::PortRange{126, 126});
    CHECK_FALSE(unitary.active);
    CHECK(unitary.flags == "commented-out");
    CHECK(unitary.note == "Port 126 Previously assigned to application below");
    CHECK(contact_emails(unitary) == std::vector<std::string>{"feil@kronos.nisd.cam.unisys.com"});
}

TEST_CASE("port-numbers text: traps of numbers inside '#' lines") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    for (const auto& a : parsed.assignments) {
        CAPTURE(a.position);
        // "# 2Wire IANA Contact" is no port 2, the banner "##### 106 ..." no status of 106:
        // the only records there are the real entries.
        if (a.ports == db::PortRange{2, 2}) {
            CHECK(a.name == "compressnet");
        }
        if (a.ports == db::PortRange{106, 106}) {
            CHECK(a.name == "3com-tsmux");
        }
        CHECK_FALSE(a.ports == db::PortRange{3195, 3195});  // "# RFC 3195"
        CHECK_FALSE(a.ports == db::PortRange{3300, 3301});  // "#####<TAB>3300-3301 ..."
    }
    const auto& dasp = at_line(parsed, 75);
    CHECK(dasp.description == "dasp      tommy@inlab.m.eunet.de");  // a contact inside the description, kept
    CHECK(dasp.note == "RFC 3195");
    REQUIRE(dasp.contacts.size() == 1);
    CHECK(dasp.contacts[0].name == "2Wire IANA Contact");
}

TEST_CASE("port-numbers text: contacts split over two lines and indented contacts") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    const auto& stanag = at_line(parsed, 93);
    REQUIRE(stanag.contacts.size() == 1);
    CHECK(stanag.contacts[0].name == "Donald G. Kallgren");
    CHECK(stanag.contacts[0].email == "Donald.Kallgren@nc3a.nato.int");
    CHECK(stanag.note.empty());

    const auto& cimtrak = at_line(parsed, 97);
    REQUIRE(cimtrak.contacts.size() == 1);
    CHECK(cimtrak.contacts[0].name == "Robert E. Johnson, III");
    CHECK(cimtrak.contacts[0].email == "johnson.robert@cimcor.com");
}

TEST_CASE("port-numbers text: oddities are repaired and reported, never silently") {
    const auto parsed = parse_fixture("port-numbers-2005-layout.txt");
    const auto& inverted = at_line(parsed, 100);
    CHECK(inverted.ports == db::PortRange{24248, 24322});
    CHECK(inverted.flags == "inverted-range");
    CHECK(inverted.status == db::Status::unassigned);  // "Unassiged"

    const auto& spaced = at_line(parsed, 89);
    CHECK(spaced.name == "intuitive edge");
    CHECK(spaced.ports == db::PortRange{1355, 1355});

    REQUIRE(parsed.warnings.size() == 3);
    CHECK(parsed.warnings[0] ==
          "port-numbers-2005-layout.txt:89: keyword \"intuitive edge\" contains a blank; read as one keyword");
    CHECK(parsed.warnings[1] ==
          "port-numbers-2005-layout.txt:100: inverted port range 24322-24248 read as 24248-24322");
    CHECK(parsed.warnings[2] ==
          "port-numbers-2005-layout.txt:102: a bare number \"32483\" with no keyword or protocol; skipped");
}

TEST_CASE("RFC 1700: page footers, form feeds and headers never reach the lists or end a group") {
    const auto parsed = parse_fixture("rfc1700-paginated.txt");
    CHECK(parsed.registry_date == "1994-10");
    CHECK(parsed.warnings.empty());
    std::vector<std::string> seen;
    for (const auto& a : parsed.assignments) {
        seen.push_back(a.name.value_or("-") + " " + std::to_string(a.ports->lo) + "/" + a.protocol.value_or(""));
    }
    // The underline follows its header across a page break; the break between
    // "# 8/tcp" and "# 8/udp" ends nothing; the multicast section is not a port list.
    CHECK(seen == std::vector<std::string>{"- 0/tcp", "- 0/udp", "echo 7/tcp", "echo 7/udp", "- 8/tcp", "- 8/udp",
                                           "talk 517/tcp", "talk 517/udp", "syslog 514/udp", "cadlock 1000/tcp",
                                           "ock 1000/udp", "man 9535/tcp", "isode-dua 17007/udp"});
    // The continuation without '#' is description text, never the keyword "tcp".
    CHECK(parsed.assignments[7].description == "like tenex link, but across tcp connection is established)");
    CHECK(parsed.assignments[6].description ==
          "like tenex link, but across machine - unfortunately, doesn't use link protocol (this is actually just a "
          "rendezvous port from which a");
    // A contact at the top of a page belongs to the entries at the bottom of the previous one.
    REQUIRE(parsed.assignments[8].contacts.size() == 1);
    CHECK(parsed.assignments[8].contacts[0].email == "eric@sendmail.org");
    // Continuation lines end a group: talk's lines above do not share syslog's contact.
    CHECK(parsed.assignments[7].contacts.empty());
    CHECK(parsed.assignments[6].contacts.empty());
    for (const auto& a : parsed.assignments) {
        CHECK(a.note.empty());
    }
}

TEST_CASE("port-numbers text: bad input is an error naming the line") {
    CHECK_THROWS_WITH(parse_fixture("port-out-of-range.txt"),
                      Equals("port-out-of-range.txt:104: port number is out of range (0-65535)"));
    CHECK_THROWS_WITH(importer::parse_port_numbers_text("just some text\n", "notes.txt"),
                      Contains("notes.txt: no port list found"));
}
