// The site layer end to end: reserve, release, reservations, a team's site file.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

struct Site : test::CliDatabase {
    Site() { import({test::fixture("iana-xml/edge-cases.xml")}); }
};

}  // namespace

TEST_CASE_METHOD(Site, "reserve, list and release a port; another name's reservation is refused") {
    const auto made = run({"reserve", "30123", "billing", "--note", "payments team"});
    CHECK(made.exit_code == 0);
    CHECK_THAT(made.out, StartsWith("reserved 30123/tcp and 30123/udp for billing\n"));
    CHECK(run({"reserve", "30123/tcp", "billing"}).out == "30123/tcp was reserved for billing already\n");

    const auto taken = run({"reserve", "30123/tcp", "search"});
    CHECK(taken.exit_code == 1);
    CHECK_THAT(taken.err,
               Equals("portdb: 30123/tcp is reserved for billing already (site reservations); release it first\n"));

    const auto listed = run({"reservations"});
    CHECK(listed.exit_code == 0);
    CHECK_THAT(listed.out, Contains("30123  tcp    billing  site reservations") && Contains("payments team"));
    const auto json = nlohmann::json::parse(run({"--json", "reservations"}).out);
    REQUIRE(json["reservations"].size() == 2);
    CHECK(json["reservations"][0]["layer"] == "site");
    CHECK(json["reservations"][0]["description"] == "payments team");

    // A lookup shows the reservation as its own layer.
    CHECK_THAT(run({"lookup", "30123/tcp"}).out, Contains("billing") && Contains("site reservations"));

    CHECK(run({"release", "30123/udp", "billing"}).out == "released 30123/udp for billing\n");
    const auto missing = run({"release", "30123/udp", "billing"});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Contains("30123/udp is not reserved for billing"));
    CHECK(run({"release", "30123", "BILLING"}).exit_code == 0);  // names in any case
    const auto none = run({"reservations"});
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.err, Contains("no reservations yet"));
}

TEST_CASE_METHOD(Site, "reservations survive imports and updates of the registry") {
    REQUIRE(run({"reserve", "31007/tcp", "billing"}).exit_code == 0);
    REQUIRE(run({"import", test::fixture("iana-xml/edge-cases.xml").string(),
                 test::fixture("services/etc-services").string()})
                .exit_code == 0);
    REQUIRE(run({"update", "--source", test::fixture("iana-xml/edge-cases.xml").string(), "--force"}).exit_code == 0);
    CHECK_THAT(run({"reservations"}).out, Contains("31007  tcp    billing"));
}

TEST_CASE_METHOD(Site, "a team's site file: read when given, again only when it changes, errors name FILE:LINE") {
    const auto site = dir / "ports.site";
    test::write_file(site,
                     "# our ports\nbilling\t31007/tcp\t# payments\nreports\t31008/tcp reporting\t# nightly jobs\n");
    const auto first = run({"--site", site.string(), "reservations"});
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.err, Equals("portdb: read the site's reservations from " + site.string() + "\n"));
    CHECK_THAT(first.out, Contains("31007  tcp    billing  site file " + site.string()) && Contains("nightly jobs"));
    const auto again = run({"--site", site.string(), "lookup", "reporting"});  // an alias, like any services file
    CHECK(again.err.empty());
    CHECK_THAT(again.out, Contains("31008"));

    test::write_file(site, "billing\t31009/tcp\n");
    CHECK_THAT(run({"--site", site.string(), "reservations"}).out, Contains("31009") && !Contains("31007"));

    test::write_file(site, "billing\t31009/tcp\nnot a services line\n");
    const auto before = test::read_file(db);
    const auto bad = run({"--site", site.string(), "reservations"});
    CHECK(bad.exit_code == 3);
    CHECK_THAT(bad.err, StartsWith("portdb: " + site.string() + ":2: "));
    CHECK(test::read_file(db) == before);
    CHECK(run({"--site", (dir / "missing").string(), "info"}).exit_code == 3);
}

TEST_CASE_METHOD(Site, "a team deploys its own /etc/services: export --format services --source site") {
    REQUIRE(run({"reserve", "31007/tcp", "billing", "--note", "payments"}).exit_code == 0);
    REQUIRE(run({"reserve", "31008", "reports"}).exit_code == 0);
    const auto exported = run({"export", "--format", "services", "--source", "site"});
    CHECK(exported.exit_code == 0);
    CHECK_THAT(exported.out,
               Contains("billing\t31007/tcp") && Contains("reports\t31008/tcp") && Contains("reports\t31008/udp"));
    CHECK_THAT(exported.out, !Contains("finger"));
    // And the whole current picture includes them too.
    CHECK_THAT(run({"export", "--format", "services"}).out, Contains("billing\t31007/tcp") && Contains("finger"));
}
