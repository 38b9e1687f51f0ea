// portdb lookup --long: every field a service has, in text.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

TEST_CASE("portdb lookup --long: notes, contacts, references, dates and unauthorized use, one a line") {
    const test::CliDatabase database;
    database.import({test::fixture("iana-xml/edge-cases.xml")});

    const auto alias = database.run({"lookup", "whois++", "--long"});
    CHECK(alias.exit_code == 0);
    CHECK_THAT(alias.out, Equals("whois++ 63/tcp  whois++\n"
                                 "  source:           IANA 2025-12-15 (registry)\n"
                                 "  alias of:         whoispp\n"
                                 "  note:             This entry is an alias to \"whoispp\". This entry is now "
                                 "historic, and is not to be used.\n"
                                 "  contact:          Rickard Schoultz <schoultz@sunet.se>\n"));

    const auto dated = database.run({"lookup", "acmaint-dbd", "-l"});
    CHECK_THAT(dated.out, Contains("  registered:       2009-08-17\n  modified:         2011-05-16\n"));

    const auto assignee = database.run({"lookup", "stun-behaviors", "--long"});
    CHECK_THAT(assignee.out, Contains("  assignee:         IESG <iesg@ietf.org>\n") &&
                                 Contains("  contact:          IETF Chair <chair@ietf.org>\n"));

    const auto exp1 = database.run({"lookup", "exp1", "--long"});  // two protocols: a block each
    CHECK_THAT(exp1.out, Contains("exp1 1021/dccp") && Contains("\n\nexp1 1021/tcp") &&
                             Contains("  references:       RFC 4727\n") &&
                             Contains("  service code:     1145656131\n") &&
                             Contains("  footnote:         It is only appropriate"));

    const auto unauthorized_file = database.dir / "unauthorized.xml";
    test::write_file(unauthorized_file,
                     "<?xml version='1.0' encoding='UTF-8'?>\n"
                     "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"
                     "  <updated>2026-01-10</updated>\n"
                     "  <record><name>finger</name><protocol>tcp</protocol><description>Finger</description>"
                     "<number>79</number><unauthorized>Unauthorized use by some mail users</unauthorized></record>\n"
                     "</registry>\n");
    const test::CliDatabase other;
    other.import({unauthorized_file});
    CHECK_THAT(other.run({"lookup", "finger", "--long"}).out,
               Contains("  unauthorized use: Unauthorized use by some mail users\n"));

    const auto range = database.run({"lookup", "788/udp", "--long"});  // statuses stay one line each
    CHECK_THAT(range.out, Contains("status: 788-799"));
    CHECK(database.run({"lookup", "nosuchservice", "--long"}).exit_code == 1);
}
