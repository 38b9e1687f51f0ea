// End-to-end: search, check, suggest and export through the built binary.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

struct Imported : test::CliDatabase {
    Imported() {
        test::write_file(dir / "services", "smtp\t25/tcp\tmail\nbusy-prod\t31000/tcp\n");
        import({test::fixture("iana-xml/edge-cases.xml"), dir / "services"});
    }
};

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE_METHOD(Imported, "portdb search: a table of ranked matches, JSON with ranks, exit 1 for none") {
    const auto table = run({"search", "finger"});
    CHECK(table.exit_code == 0);
    CHECK_THAT(table.out, StartsWith("PORT  PROTO  NAME    SOURCE    DESCRIPTION\n79    tcp    finger  iana-xml  Finger\n"));
    const auto json = nlohmann::json::parse(run({"--json", "search", "remote", "desktop"}).out);
    CHECK(json["query"] == "remote desktop");
    REQUIRE(json["results"].size() == 1);
    CHECK(json["results"][0]["name"] == "rdp");
    CHECK(json["results"][0]["rank"].is_number());
    const auto none = run({"search", "zzzz"});
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.err, Equals("portdb: nothing found for \"zzzz\"\n"));
    const auto hostile = run({"search", "\"NEAR(", "'; DROP TABLE assignments; --"});
    CHECK(hostile.exit_code == 1);  // words, not syntax: no error
    CHECK(run({"lookup", "finger"}).exit_code == 0);
    const auto nothing = run({"search", "*"});
    CHECK(nothing.exit_code == 2);
    CHECK_THAT(nothing.err, Equals("portdb: nothing to search for in \"*\": give one or more words\n"));
}

TEST_CASE_METHOD(Imported, "portdb lookup LOW-HIGH: every row overlapping the range") {
    const auto x11 = run({"lookup", "6060-6070"});
    CHECK(x11.exit_code == 0);
    CHECK(x11.out == "PORT       PROTO  NAME  SOURCE    DESCRIPTION\n6000-6063  tcp    x11   iana-xml  X Window System\n");
    CHECK(run({"lookup", "6064-6070/tcp"}).exit_code == 1);
    const auto json = nlohmann::json::parse(run({"--json", "lookup", "20-80/tcp"}).out);
    CHECK(json["found"] == true);
    CHECK(json["services"].size() == 4);  // smtp (services), whoispp, whois++ and finger
    CHECK(run({"lookup", "7000-6000"}).exit_code == 2);
}

TEST_CASE_METHOD(Imported, "portdb check: findings table, exit 1 on warnings, 0 when clean") {
    const auto collision = run({"check", "30079", "--no-local"});
    CHECK(collision.exit_code == 1);
    CHECK_THAT(collision.out, StartsWith("30079/tcp+udp: collisions (0 errors, 2 warnings,"));
    CHECK_THAT(collision.out, Contains("SEVERITY  PROTO  CODE") && Contains("warning   -      k8s-nodeport") &&
                                  Contains("30079 is the seed policy's 30xyz counterpart of finger (79/tcp)") &&
                                  Contains("note: this machine was not checked (--no-local)"));
    CHECK(collision.out.find("\x1b[") == std::string::npos);  // not a terminal: no colour

    const auto clean = run({"check", "1024/udp", "--no-local"});
    CHECK(clean.exit_code == 0);
    CHECK_THAT(clean.out, StartsWith("1024/udp: no collisions (0 errors, 0 warnings,"));

    const auto invalid = run({"check", "65536"});
    CHECK(invalid.exit_code == 1);
    CHECK_THAT(invalid.out, Contains("error     -      invalid-port  65536 is not a port: ports are 1-65535"));
    CHECK(run({"check", "abc"}).exit_code == 2);
    CHECK(run({"check", "80/tpc"}).exit_code == 2);
    CHECK(run({"check"}).exit_code == 2);
}

TEST_CASE_METHOD(Imported, "portdb --json check: the documented shape") {
    const auto result = run({"--json", "check", "32079/tcp", "--instance", "2", "--no-local"});
    CHECK(result.exit_code == 1);
    const auto json = nlohmann::json::parse(result.out);
    CHECK(json["port"] == 32079);
    CHECK(json["protocols"] == nlohmann::json::array({"tcp"}));
    CHECK(json["clean"] == false);
    CHECK(json["worst"] == "warning");
    CHECK(json["notes"][0] == "this machine was not checked (--no-local)");
    bool counterpart = false;
    for (const auto& f : json["findings"]) {
        for (const char* key : {"severity", "code", "protocol", "message", "origin", "source"}) {
            CHECK(f.contains(key));
        }
        if (f["code"] == "muq-daemon-counterpart") {
            counterpart = true;
            CHECK(f["origin"] == "muq");
            CHECK_THAT(f["message"].get<std::string>(), Contains("for the 2nd server"));
        }
        CHECK(f["code"] != "muq-test-range");  // --instance 2 looks at the 2nd server only
    }
    CHECK(counterpart);
}

TEST_CASE_METHOD(Imported, "portdb suggest NAME: the counterpart and its check") {
    const auto finger = run({"suggest", "finger", "--instance", "2", "--no-local"});
    CHECK(finger.exit_code == 0);
    CHECK_THAT(finger.out, StartsWith("finger (79/tcp, iana-xml) -> 32079 for server 2\n32079/tcp+udp: collisions"));
    const auto mail = nlohmann::json::parse(run({"--json", "suggest", "mail", "--no-local"}).out);
    CHECK(mail["kind"] == "counterpart");
    CHECK(mail["port"] == 30025);
    CHECK(mail["service"]["name"] == "smtp");
    CHECK(mail["check"]["port"] == 30025);
    CHECK(mail["reason"].is_null());

    const auto x11 = run({"suggest", "x11", "--no-local"});
    CHECK(x11.exit_code == 1);
    CHECK_THAT(x11.out, StartsWith("x11 uses port 6000: the seed policy's 30xyz counterparts exist only for ports below 1000") &&
                            Contains("instead: production range 31000-31999, free in tcp+udp: 31001"));
    const auto too_far = run({"suggest", "finger", "--instance", "19"});
    CHECK(too_far.exit_code == 2);
    CHECK_THAT(too_far.err, Contains("the largest instance for it is 18"));
    CHECK(run({"suggest", "finger", "--instance", "18", "--no-local"}).exit_code == 0);
}

TEST_CASE_METHOD(Imported, "portdb suggest --production / --test / --experimental") {
    const auto production = run({"suggest", "--production", "--count", "3", "--no-local"});
    CHECK(production.exit_code == 0);
    CHECK_THAT(production.out, StartsWith("production range 31000-31999, free in tcp+udp: 31001 31002 31003\n"
                                          "caveats for the whole range:\n"));
    const auto test_json = nlohmann::json::parse(run({"--json", "suggest", "--test", "--instance", "2", "--count", "2", "--no-local"}).out);
    CHECK(test_json["kind"] == "test");
    CHECK(test_json["instance"] == 2);
    CHECK(test_json["range"] == nlohmann::json({{"lo", 34000}, {"hi", 34767}}));
    CHECK(test_json["ports"] == nlohmann::json::array({34000, 34001}));
    CHECK_FALSE(test_json["caveats"].empty());
    CHECK(run({"suggest", "--production", "--instance", "18"}).exit_code == 2);
    CHECK(run({"suggest", "--production", "--instance", "17", "--no-local"}).exit_code == 1);  // all dynamic: none free

    const auto phone = run({"suggest", "--experimental", "--phone", "+1 (555) 867-5309", "--no-local"});
    CHECK(phone.exit_code == 0);
    CHECK_THAT(phone.out, StartsWith("'2' + last four digits 5309 -> 25309\n25309/tcp+udp:"));
    CHECK(nlohmann::json::parse(run({"--json", "suggest", "--experimental", "--phone", "555-0179", "--no-local"}).out)["port"] == 20179);
    const auto short_number = run({"suggest", "--experimental", "--phone", "12-3"});
    CHECK(short_number.exit_code == 2);
    CHECK_THAT(short_number.err, Contains("has 3 digits"));
}

TEST_CASE_METHOD(Imported, "portdb suggest: exactly one mode") {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"suggest"}, {"suggest", "finger", "--production"}, {"suggest", "--production", "--test"},
             {"suggest", "--experimental"}, {"suggest", "--phone", "5551234"}, {"suggest", "--test", "--count", "0"},
             {"suggest", "--production", "--protocol", "icmp"}, {"suggest", "finger", "--instance", "0"}}) {
        CAPTURE(args);
        const auto result = run(args);
        CHECK(result.exit_code == 2);
        CHECK(lines(result.err) == 1);
    }
}

TEST_CASE_METHOD(Imported, "portdb export: services, csv and json") {
    const auto services = run({"export", "--format", "services"});
    CHECK(services.exit_code == 0);
    CHECK_THAT(services.out, StartsWith("# services(5) written by portdb: ") && Contains("\nfinger\t79/tcp\t# Finger\n") &&
                                 Contains("\nsmtp\t25/tcp mail\n") && Contains("\nx11\t6063/tcp\t# X Window System\n"));
    const auto csv = run({"export", "--format", "csv", "--source", "services"});
    CHECK(csv.exit_code == 0);
    CHECK(csv.out == "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
                     "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
                     "smtp,25,tcp,,,,,,,,,\nbusy-prod,31000,tcp,,,,,,,,,\n");
    const auto json = nlohmann::json::parse(run({"export", "--format", "json"}).out);
    CHECK(json["sources"].size() == 2);
    CHECK(json["assignments"].size() == 27);
    CHECK(run({"export"}).exit_code == 2);
    CHECK(run({"export", "--format", "xml"}).exit_code == 2);
    CHECK(run({"export", "--format", "csv", "--source", "nope"}).exit_code == 2);

    // What export writes, import reads back.
    test::write_file(dir / "exported.csv", run({"export", "--format", "csv", "--source", "iana-xml"}).out);
    const test::TempDir other;
    const auto reimport = test::run_portdb({"import", (dir / "exported.csv").string()}, other / "p.sqlite");
    CHECK(reimport.exit_code == 0);
    CHECK_THAT(reimport.out, Contains("as iana-csv: 25 records, 14 assignments"));
}

TEST_CASE_METHOD(Imported, "a user's policy file (--policy), and a malformed one") {
    test::write_file(dir / "quiet.toml", "[[rule]]\nid = \"k8s-nodeport\"\nports = [\"30000-32767\"]\n"
                                         "protocols = [\"tcp\", \"udp\"]\nseverity = \"info\"\nmessage = \"no Kubernetes here\"\n");
    const auto quiet = run({"--policy", (dir / "quiet.toml").string(), "check", "30079/tcp", "--no-local"});
    CHECK_THAT(quiet.out, Contains("info      -      k8s-nodeport             no Kubernetes here"));

    test::write_file(dir / "broken.toml", "[[rule]]\nid = \"x\"\nseverity = \"loud\"\n");
    const auto broken = run({"check", "30079", "--policy", (dir / "broken.toml").string()});
    CHECK(broken.exit_code == 3);
    CHECK_THAT(broken.err, Equals("portdb: " + (dir / "broken.toml").string() +
                                  ":1: rule \"x\": \"ports\" must be a non-empty list like [\"6000-6063\"]\n"));
    const auto missing = run({"--policy", (dir / "none.toml").string(), "check", "1"});
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, Contains("none.toml: cannot be read"));
}
