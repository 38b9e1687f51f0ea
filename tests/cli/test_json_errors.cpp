// With --json, every error is one JSON object on stdout, with the exit code of
// text mode and nothing on stderr; without it, errors stay one line on stderr.
#include "cli_fixture.hpp"
#include "error_report.hpp"
#include "exit_codes.hpp"
#include "json_error.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

/// The error object of a JSON-mode failure, after checking its frame.
nlohmann::json error_of(const test::CommandResult& result, int exit_code, const char* kind) {
    INFO(result.out << result.err);
    CHECK(result.exit_code == exit_code);
    CHECK(result.err.empty());
    const auto json = nlohmann::json::parse(result.out);
    REQUIRE(json.size() == 1);
    const auto& error = json.at("error");
    CHECK(error.size() == 3);
    CHECK(error.at("exit_code") == exit_code);
    CHECK(error.at("kind") == kind);
    CHECK(error.at("message").get<std::string>().find('\n') == std::string::npos);
    return error;
}

struct Services : test::CliDatabase {
    Services() { import({test::fixture("services/etc-services")}); }
};

}  // namespace

TEST_CASE_METHOD(Services,
                 "JSON errors: usage errors are JSON on stdout, exit 2, even when the command line does not parse") {
    CHECK(error_of(run({"--json", "lookup"}), 2, "usage")["message"] == "QUERY is required (see portdb lookup --help)");
    CHECK(error_of(run({"lookup", "finger", "--json", "--bogus"}), 2, "usage")["message"] ==
          "The following argument was not expected: --bogus (see portdb lookup --help)");
    CHECK_THAT(error_of(run({"--json", "frobnicate"}), 2, "usage")["message"].get<std::string>(),
               StartsWith("unknown command \"frobnicate\""));
    CHECK(error_of(run({"--json"}), 2, "usage")["message"] == "A subcommand is required (see portdb --help)");
    CHECK(error_of(run({"--json", "--db"}), 2, "usage").size() == 3);
    // Found after parsing, by the command: a malformed port, an unknown target.
    CHECK(error_of(run({"lookup", "70000", "--json"}), 2, "usage")["message"] ==
          "port 70000 is out of range: ports are 0-65535");
    CHECK_THAT(error_of(run({"--json", "check", "80", "--on", "plan9"}), 2, "usage")["message"].get<std::string>(),
               Contains("plan9"));
}

TEST_CASE_METHOD(Services,
                 "JSON errors: refused reservations (exit 1), data errors (3) and internal errors (4) are JSON too") {
    CHECK(error_of(run({"--json", "release", "31007/tcp", "billing"}), 1, "refused")["message"] ==
          "31007/tcp is not reserved for billing (portdb reservations lists them)");
    REQUIRE(run({"reserve", "31007/tcp", "billing"}).exit_code == 0);
    CHECK_THAT(error_of(run({"reserve", "31007/tcp", "reports", "--json"}), 1, "refused")["message"].get<std::string>(),
               StartsWith("31007/tcp is reserved for billing already"));

    const auto folder = test::run_portdb({"--json", "lookup", "finger"}, dir.path());
    CHECK_THAT(error_of(folder, 3, "data")["message"].get<std::string>(), Contains(dir.path().string()));
    CHECK_THAT(
        error_of(run({"--json", "import", (dir / "missing.xml").string()}), 3, "data")["message"].get<std::string>(),
        Contains("missing.xml"));

    // No command line makes portdb fail with a bug: the object is built as for any other error.
    const auto internal = nlohmann::json::parse(cli::json_error({cli::exit_internal, "internal error: x\ny"}, false));
    CHECK(internal == nlohmann::json::parse(
                          R"({"error": {"message": "internal error: x y", "exit_code": 4, "kind": "internal"}})"));
    CHECK(std::string(cli::error_kind(cli::exit_data)) == "data");
    // Invalid UTF-8 in a message (a file name) does not break the JSON.
    CHECK(nlohmann::json::parse(cli::json_error({cli::exit_data, "bad \xff name"}, false))["error"]["message"] ==
          "bad \xEF\xBF\xBD name");
}

TEST_CASE_METHOD(Services, "JSON errors: nothing found is an answer, not an error, and text mode is unchanged") {
    const auto not_found = run({"--json", "lookup", "fingr"});
    CHECK(not_found.exit_code == 1);
    CHECK(not_found.err.empty());
    const auto answer = nlohmann::json::parse(not_found.out);
    CHECK(answer["found"] == false);
    CHECK_FALSE(answer.contains("error"));

    const auto usage = run({"lookup"});
    CHECK(usage.exit_code == 2);
    CHECK(usage.out.empty());
    CHECK_THAT(usage.err, Equals("portdb: QUERY is required (see portdb lookup --help)\n"));
    const auto refused = run({"release", "31007/tcp", "billing"});
    CHECK(refused.exit_code == 1);
    CHECK(refused.out.empty());
    CHECK_THAT(refused.err, Equals("portdb: 31007/tcp is not reserved for billing (portdb reservations lists them)\n"));
    const auto data = test::run_portdb({"lookup", "finger"}, dir.path());
    CHECK(data.exit_code == 3);
    CHECK(data.out.empty());
    CHECK_THAT(data.err, StartsWith("portdb: "));

    // After "--", --json is an argument, not the option.
    const auto literal = run({"lookup", "--", "--json"});
    CHECK(literal.exit_code == 2);
    CHECK(literal.out.empty());
    CHECK_THAT(literal.err, Equals("portdb: \"--json\" is neither a port nor a service name\n"));
}

TEST_CASE_METHOD(Services, "JSON errors: when stdout cannot take the error, it goes to stderr as a line") {
    test::RunOptions closed;
    closed.stdout_path = "";
    const auto result = test::run_portdb({"--json", "lookup"}, db, closed);
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Equals("portdb: QUERY is required (see portdb lookup --help)\n"));
    test::RunOptions full;
    full.stdout_path = "/dev/full";
    CHECK_THAT(test::run_portdb({"--json", "release", "1", "x"}, db, full).err,
               StartsWith("portdb: 1 is not reserved"));
}
