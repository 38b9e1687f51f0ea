// portdb audit end to end: the exit codes, the table, --json and SARIF 2.1.0.
#include "command_table.hpp"
#include "options.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using nlohmann::json;

namespace {

test::CommandResult audit(const test::TempDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), "audit");
    return test::run_portdb(args, dir / "ports.sqlite", "/nonexistent/services", test::shipped_data_dir());
}

std::string shop() { return test::fixture("audit/shop").string(); }

}  // namespace

TEST_CASE("audit cli: exit 0 for container ports only, 10 for an unresolved port, 11 for a collision") {
    const test::TempDir dir;
    for (const char* folder : {"clean", "vague", "twice"}) {
        std::filesystem::create_directories(dir / folder);
    }
    test::write_file(dir / "clean/Dockerfile", "FROM scratch\nEXPOSE 3000\n");
    const auto clean = audit(dir, {(dir / "clean").string()});
    CHECK(clean.exit_code == 0);
    CHECK_THAT(clean.out, EndsWith("1 binding in 1 file: 0 collisions, 0 conflicts, 0 cautions\n"));
    CHECK_THAT(clean.out, Contains("Dockerfile\n") && Contains("dockerfile-expose"));

    test::write_file(dir / "vague/compose.yaml", "services:\n  web:\n    ports:\n      - \"${PORT}:80\"\n");
    const auto vague = audit(dir, {(dir / "vague").string()});
    CHECK(vague.exit_code == 10);
    CHECK_THAT(vague.out, Contains("unresolved: compose.yaml:4 web (compose-published): ${PORT}:80 has no value"));
    CHECK_THAT(vague.out, EndsWith(", 1 unresolved\n"));

    test::write_file(dir / "twice/a.socket", "[Socket]\nListenStream=31007\n");
    test::write_file(dir / "twice/b.socket", "[Socket]\nListenStream=127.0.0.1:31007\n");
    const auto twice = audit(dir, {(dir / "twice").string()});
    CHECK(twice.exit_code == 11);
    CHECK_THAT(twice.out, Contains("collision: 31007/tcp on one host\n  a.socket:2 a.socket (systemd-socket)\n"
                                   "  b.socket:2 b.socket (systemd-socket)\n"));
    CHECK_THAT(twice.out, EndsWith("2 bindings in 2 files: 1 collision, 0 conflicts, 0 cautions\n"));
}

TEST_CASE("audit cli: the fixture tree, grouped by file, worst first, with a summary") {
    const test::TempDir dir;
    const auto result = audit(dir, {shop()});
    CHECK(result.exit_code == 11);
    CHECK_THAT(result.out, Contains("collision: 8080/tcp on one pod (Deployment/web)\n"));
    CHECK_THAT(result.out, Contains("collision: 30080/tcp on the cluster's nodes\n"));
    CHECK(result.out.find("problem: ") == std::string::npos);
    const auto summary = result.out.substr(result.out.rfind('\n', result.out.size() - 2) + 1);
    CHECK_THAT(summary, Contains(" files: 7 collisions, ") && EndsWith(", 1 unresolved\n"));
    // A file with a conflict comes before a file with nothing to say.
    CHECK(result.out.find("k8s/shop.yaml\n") < result.out.find("api/Dockerfile\n"));
}

TEST_CASE("audit cli: --json has bindings[] and collisions[] with files relative to the root") {
    const test::TempDir dir;
    const auto result = audit(dir, {"--json", shop()});
    CHECK(result.exit_code == 11);
    const auto out = json::parse(result.out);
    CHECK(out["verdict"] == "conflict");
    REQUIRE(out["bindings"].is_array());
    REQUIRE_FALSE(out["bindings"].empty());
    for (const auto& b : out["bindings"]) {
        for (const char* key : {"file", "line", "port", "protocol", "scope", "kind", "owner", "verdict", "findings"}) {
            INFO(b.dump() << " " << key);
            CHECK(b.contains(key));
        }
        CHECK(b["file"].get<std::string>().front() != '/');
        CHECK((b["scope"] == "host") == b["verdict"].is_string());  // container ports are not weighed
    }
    const auto nodeport = std::find_if(out["bindings"].begin(), out["bindings"].end(),
                                       [](const json& b) { return b["file"] == "k8s/shop.yaml" && b["line"] == 46; });
    REQUIRE(nodeport != out["bindings"].end());
    CHECK((*nodeport)["kind"] == "k8s-nodeport");
    CHECK((*nodeport)["verdict"] == "conflict");
    CHECK((*nodeport)["findings"][0]["code"] == "k8s-nodeport-outside-range");
    REQUIRE(out["collisions"].size() == 7);
    for (const auto& c : out["collisions"]) {
        CHECK(c["port"].is_number());
        CHECK(c["protocol"].is_string());
        CHECK(c["bindings"].size() >= 2);
        for (const auto& b : c["bindings"]) {
            CHECK(b["file"].is_string());
            CHECK(b["line"].get<int>() > 0);
        }
    }
    CHECK(audit(dir, {"--format", "json", shop()}).out == result.out);
}

TEST_CASE("audit cli: --format sarif is SARIF 2.1.0: version, tool, rules, results and their locations") {
    const test::TempDir dir;
    const auto result = audit(dir, {"--format", "sarif", shop()});
    CHECK(result.exit_code == 11);
    const auto sarif = json::parse(result.out);
    CHECK(sarif["version"] == "2.1.0");
    CHECK_THAT(sarif["$schema"].get<std::string>(), Contains("sarif-2.1.0"));
    REQUIRE(sarif["runs"].size() == 1);
    const auto& run = sarif["runs"][0];
    CHECK(run["tool"]["driver"]["name"] == "portdb");
    std::set<std::string> rule_ids;
    for (const auto& rule : run["tool"]["driver"]["rules"]) {
        rule_ids.insert(rule["id"].get<std::string>());
        CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
        CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
    }
    CHECK(rule_ids.contains("port-collision"));
    CHECK(rule_ids.contains("port-conflict"));
    std::size_t collisions = 0;
    for (const auto& r : run["results"]) {
        INFO(r.dump());
        CHECK(rule_ids.contains(r["ruleId"].get<std::string>()));
        const auto level = r["level"].get<std::string>();
        CHECK((level == "error" || level == "warning" || level == "note"));
        CHECK_FALSE(r["message"]["text"].get<std::string>().empty());
        REQUIRE_FALSE(r["locations"].empty());
        for (const auto& location : r["locations"]) {
            const auto& physical = location["physicalLocation"];
            CHECK(physical["artifactLocation"]["uri"].get<std::string>().front() != '/');
            CHECK(physical["region"]["startLine"].get<int>() > 0);
        }
        collisions += r["ruleId"] == "port-collision" ? 1 : 0;
    }
    CHECK(collisions == 7);
}

TEST_CASE("audit cli: a path that does not exist is a usage error, a broken file is a problem and not a failure") {
    const test::TempDir dir;
    const auto missing = audit(dir, {(dir / "nowhere").string()});
    CHECK(missing.exit_code == 2);
    const auto broken = audit(dir, {test::fixture("audit/broken").string()});
    CHECK(broken.exit_code == 11);  // what could be read is checked: 7000/tcp of app.socket is assigned
    CHECK_THAT(broken.out, Contains("app.socket\n"));
    CHECK_THAT(broken.out, Contains("problem: compose.yaml:6: not valid YAML"));
    CHECK_THAT(broken.out, Contains("problem: k8s/pod.yaml:9: \"99999\" is not a port"));
    CHECK_THAT(broken.out, EndsWith("; 1 file skipped\n"));
}

TEST_CASE("audit cli: the command line: PATH defaults to ., --json means --format json") {
    const char* plain[] = {"portdb", "audit"};
    const auto parsed = cli::parse_command_line(2, plain);
    REQUIRE(parsed.options);
    CHECK(parsed.options->command->name == "audit");
    CHECK(parsed.options->paths == std::vector<std::filesystem::path>{"."});
    CHECK(parsed.options->audit_format == "text");
    const char* json_flag[] = {"portdb", "audit", "--json", "."};
    CHECK(cli::parse_command_line(4, json_flag).options->audit_format == "json");
    const char* bad[] = {"portdb", "audit", "--format", "xml", "."};
    CHECK(cli::parse_command_line(5, bad).exit_code == 2);
}
