// The site layer end to end: reserve, release, reservations, a team's site file.
#include "cli_fixture.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

struct Site : test::CliDatabase {
    Site() { import({test::fixture("iana-xml/edge-cases.xml")}); }
};

}  // namespace

TEST_CASE_METHOD(Site, "reserve says what the port collides with and refuses a conflict unless --force") {
    const auto finger = run({"reserve", "79/tcp", "mydaemon", "--on", "linux"});
    CHECK(finger.exit_code == 1);
    CHECK(finger.out.empty());
    CHECK_THAT(finger.err, Equals("portdb: 79/tcp: conflict — assigned to finger (Finger) in the IANA registry: not "
                                  "reserved (--force reserves it anyway)\n"));
    CHECK(run({"reservations"}).exit_code == 1);  // nothing was written down

    const auto forced = run({"reserve", "79/tcp", "mydaemon", "--on", "linux", "--force"});
    CHECK(forced.exit_code == 0);
    CHECK_THAT(forced.out, Equals("79/tcp: conflict — assigned to finger (Finger) in the IANA registry\n"
                                  "reserved 79/tcp for mydaemon\n"));
    const auto json = nlohmann::json::parse(run({"--json", "reserve", "30124/tcp", "other", "--on", "linux"}).out);
    CHECK(json["action"] == "reserved");
    CHECK(json["check"]["verdict"] == "ok");
    CHECK(json["check"]["port"] == 30124);
    // The Kubernetes NodePorts are a conflict there: weighed for the targets given.
    CHECK(run({"reserve", "30125/tcp", "other", "--on", "kubernetes"}).exit_code == 1);
}

TEST_CASE_METHOD(Site, "reserve, list and release a port: another name's reservation is refused") {
    const auto made = run({"reserve", "30123", "billing", "--note", "payments team"});
    CHECK(made.exit_code == 0);
    CHECK_THAT(made.out, StartsWith("30123/tcp+udp: ok on linux") &&
                             EndsWith("\nreserved 30123/tcp and 30123/udp for billing\n"));
    CHECK_THAT(run({"reserve", "30123/tcp", "billing"}).out,
               EndsWith("\n30123/tcp was reserved for billing already\n"));  // its own reservation is no collision

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

TEST_CASE_METHOD(Site, "one owner per port across the site layer: the second is refused, naming the first") {
    const auto site = dir / "ports.site";
    test::write_file(site, "billing\t31007/tcp\n");
    const auto taken = run({"--site", site.string(), "reserve", "31007/tcp", "reports"});
    CHECK(taken.exit_code == 1);
    CHECK_THAT(taken.err, Contains("31007/tcp is reserved for billing already (" + site.string() + ":1)"));
    CHECK_THAT(run({"reservations"}).out, !Contains("reports"));

    // reserve was first: the file's line is the second owner.
    REQUIRE(run({"reserve", "31020/udp", "metrics"}).exit_code == 0);
    test::write_file(site, "billing\t31007/tcp\nstats\t31020/udp\n");
    const auto second = run({"--site", site.string(), "lookup", "billing"});
    CHECK(second.exit_code == 1);
    CHECK_THAT(second.err, Equals("portdb: " + site.string() +
                                  ":2: 31020/udp is reserved for metrics already (site reservations): release it, or "
                                  "give stats another port\n"));

    // Two names for one port in the file itself, a range overlapping a port included.
    test::write_file(site, "billing\t31007/tcp\n# moved\nledger\t31000-31010/tcp\n");
    const auto twice = run({"--site", site.string(), "reservations"});
    CHECK(twice.exit_code == 3);
    CHECK_THAT(twice.err, Equals("portdb: " + site.string() +
                                 ":3: 31000-31010/tcp is billing's already (line 1): one name per port\n"));
    // The same name twice (one service on tcp and on udp, or listed again) is one owner.
    test::write_file(site, "billing\t31007/tcp\nbilling\t31007/udp\nBilling\t31007/tcp\n");
    CHECK(run({"--site", site.string(), "reservations"}).exit_code == 0);
}

TEST_CASE_METHOD(Site, "the site layer is the current site file: rows of a file named no more are dropped") {
    const auto site = dir / "ports.site";
    const auto other = dir / "other.site";
    test::write_file(site, "billing\t31007/tcp\n");
    test::write_file(other, "reports\t31008/tcp\n");
    REQUIRE(run({"reserve", "31030/tcp", "search"}).exit_code == 0);
    REQUIRE(run({"--site", site.string(), "reservations"}).exit_code == 0);

    // Another file: the first one's rows go, said once; reserve's rows stay.
    const auto moved = run({"--site", other.string(), "reservations"});
    CHECK_THAT(moved.out, Contains("31008") && !Contains("31007") && Contains("31030"));
    CHECK_THAT(moved.err,
               Contains("read the site's reservations from " + other.string()) &&
                   Contains("dropped the reservations of " + site.string() + ", a site file no longer named"));
    // No file at all: only reserve's rows.
    const auto none = run({"reservations"});
    CHECK_THAT(none.out, !Contains("31008") && Contains("31030"));
    CHECK(run({"check", "31008/tcp", "--no-local"}).exit_code == 0);
    CHECK(run({"reservations"}).err.empty());  // said once

    // release of a file's row points at the line to edit.
    const auto release = run({"--site", other.string(), "release", "31008/tcp", "reports"});
    CHECK(release.exit_code == 1);
    CHECK_THAT(release.err,
               Equals("portdb: " + other.string() + ":1 gives 31008/tcp to reports: edit that line to release it\n"));

    // An empty or comment-only file is a site with nothing given out.
    for (const std::string text : {"", "# nothing yet\n\n"}) {
        test::write_file(other, text);
        const auto empty = run({"--site", other.string(), "reservations"});
        CHECK(empty.exit_code == 0);
        CHECK_THAT(empty.out, !Contains("31008") && Contains("31030"));
    }
}

TEST_CASE_METHOD(Site,
                 "reserve takes service names (RFC 6335) and ports 1-65535, and a site file the same, at FILE:LINE") {
    const std::vector<std::string> not_names{
        "",     "a b",  "x\ny", "#x",   "80/tcp",           "-web",
        "web-", "a--b", "1234", "\xff", "sixteen-letters1", std::string(100000, 'a')};
    for (const auto& name : not_names) {
        const auto refused = run({"reserve", "31040/tcp", name});
        CHECK(refused.exit_code == 2);
        CHECK_THAT(refused.err,
                   StartsWith("portdb: ") && (Contains("is not a service name") || Contains("NAME is required")));
        CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    }
    CHECK(run({"reserve", "0/tcp", "web"}).exit_code == 2);
    const auto folded = run({"reserve", "31040/tcp", "My-App2"});
    CHECK(folded.exit_code == 0);
    CHECK_THAT(run({"reservations"}).out, Contains("my-app2") && !Contains("My-App2"));

    const auto site = dir / "ports.site";
    test::write_file(site, "billing\t31007/tcp\n\nweb--app\t31008/tcp\n");
    const auto bad = run({"--site", site.string(), "reservations"});
    CHECK(bad.exit_code == 3);
    CHECK_THAT(bad.err, StartsWith("portdb: " + site.string() + ":3: \"web--app\" is not a service name"));
    test::write_file(site, "zero\t0/tcp\n");
    CHECK_THAT(run({"--site", site.string(), "reservations"}).err, Contains(site.string() + ":1: port 0"));

    // What portdb writes down, it reads back: the export imports cleanly.
    const auto exported = run({"export", "--format", "services", "--source", "site"});
    REQUIRE(exported.exit_code == 0);
    const auto file = dir / "site.services";
    test::write_file(file, exported.out);
    CHECK(test::run_portdb({"import", file.string()}, dir / "other.sqlite").exit_code == 0);
}
