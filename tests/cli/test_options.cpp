#include "command_table.hpp"
#include "options.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace portdb::cli;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

ParsedCommandLine parse(std::vector<const char*> args) {
    args.insert(args.begin(), "portdb");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

}  // namespace

TEST_CASE("the command line becomes a plain options struct") {
    const auto parsed = parse({"--db", "/tmp/x.sqlite", "lookup", "finger", "--json"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->command->name == "lookup");
    CHECK(parsed.options->query == "finger");
    CHECK(parsed.options->json);
    CHECK(parsed.options->database == "/tmp/x.sqlite");

    const auto import = parse({"import", "a.xml", "b.txt"});
    REQUIRE(import.options);
    CHECK(import.options->command->name == "import");
    CHECK(import.options->files == std::vector<std::filesystem::path>{"a.xml", "b.txt"});
    CHECK_FALSE(import.options->json);

    CHECK(parse({"info"}).options->command->name == "info");

    const auto check = parse({"check", "30079", "8000-8010/udp", "--on", "linux,kubernetes", "-v", "--no-local"});
    REQUIRE(check.options);
    CHECK(check.options->command->name == "check");
    CHECK(check.options->ports == std::vector<std::string>{"30079", "8000-8010/udp"});
    CHECK(check.options->on == "linux,kubernetes");
    CHECK(check.options->all);
    CHECK(check.options->no_local);
    CHECK_FALSE(parse({"check", "79"}).options->on);
    CHECK(parse({"check", "79", "--all"}).options->all);
}

TEST_CASE("suggest: --protocol narrows a NAME to one protocol: the blocks default to tcp and udp") {
    CHECK(parse({"suggest", "ssh"}).options->protocols.empty());  // the service's own protocols
    CHECK(parse({"suggest", "ssh", "--protocol", "udp"}).options->protocols == std::vector<std::string>{"udp"});
    CHECK(parse({"suggest", "--production"}).options->protocols == std::vector<std::string>{"tcp", "udp"});
    const auto two = parse({"suggest", "ssh", "--protocol", "tcp", "--protocol", "udp"});
    CHECK(two.exit_code == 2);
    CHECK_THAT(
        two.error,
        Equals(
            "suggest NAME takes one --protocol: the protocol of the service to parallel (see portdb suggest --help)"));
}

TEST_CASE("the database: --db, else $PORTDB_DB, else an absolute $XDG_DATA_HOME, else $HOME") {
    Settings settings;
    settings.folders = {.data_home = "/data", .home = "/home/u"};
    const auto database = [&](std::vector<const char*> args) {
        args.insert(args.begin(), "portdb");
        return parse_command_line(static_cast<int>(args.size()), args.data(), settings).options->database;
    };
    CHECK(database({"info"}) == "/data/portdb/ports.sqlite");
    settings.database = "/somewhere/ports.sqlite";
    CHECK(database({"info"}) == "/somewhere/ports.sqlite");
    CHECK(database({"--db", "/x.sqlite", "info"}) == "/x.sqlite");
    settings.database.reset();
    settings.folders.data_home = "relative";
    CHECK(database({"info"}) == "/home/u/.local/share/portdb/ports.sqlite");
}

TEST_CASE("the settings are read from the environment, an empty variable as unset") {
    ::setenv("PORTDB_DB", "/somewhere/ports.sqlite", 1);
    ::setenv("PORTDB_ON", "", 1);
    ::setenv("XDG_CONFIG_HOME", "/config", 1);
    const auto settings = read_settings();
    const auto parsed = parse({"info"});
    ::unsetenv("PORTDB_DB");
    ::unsetenv("PORTDB_ON");
    ::unsetenv("XDG_CONFIG_HOME");
    CHECK(settings.database == "/somewhere/ports.sqlite");
    CHECK_FALSE(settings.on);
    CHECK(settings.folders.config_home == "/config");
    REQUIRE(parsed.options);
    CHECK(parsed.options->database == "/somewhere/ports.sqlite");
    CHECK(parsed.options->settings.folders.config_home == "/config");
}

TEST_CASE("usage errors: one line, exit code 2") {
    const auto none = parse({});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.error, Equals("A subcommand is required (see portdb --help)"));
    const auto unknown = parse({"frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.error,
               Equals("unknown command \"frobnicate\": expected import, info, lookup, search, check, free, suggest, "
                      "export, update, reserve, release, reservations, diff, names or audit (see portdb --help)"));
    CHECK_THAT(parse({"check", "79", "--instance", "0"}).error,
               Equals("--instance: servers are numbered from 1: --instance 1 is the first server on an address (see "
                      "portdb check --help)"));
    CHECK_THAT(parse({"suggest", "finger", "--instance", "5000000"}).error,
               Equals("--instance: no block of the Muq policy fits server 5000000 below port 65536 (see portdb "
                      "suggest --help)"));
    CHECK(parse({"check", "79", "--instance", "x1"}).exit_code == 2);
    CHECK(parse({"check", "79", "--instance", "18"}).options->instance == 18U);
    CHECK(parse({"lookup"}).exit_code == 2);
    CHECK_THAT(parse({"lookup"}).error, Equals("QUERY is required (see portdb lookup --help)"));
    CHECK(parse({"import"}).exit_code == 2);
    CHECK(parse({"info", "--bogus"}).exit_code == 2);
    CHECK(parse({"lookup", "a", "b"}).exit_code == 2);
    CHECK(parse({"--db"}).exit_code == 2);
    for (const auto& result : {parse({}), parse({"frobnicate"}), parse({"--db"})}) {
        CHECK_FALSE(result.options);
        CHECK(result.error.find('\n') == std::string::npos);
    }
}

TEST_CASE("help and version (--help, --version) print and exit 0") {
    const auto help = parse({"--help"});
    CHECK(help.exit_code == 0);
    CHECK_FALSE(help.options);
    CHECK_THAT(help.output, Contains("lookup") && Contains("Examples:") && Contains("Exit codes") &&
                                Contains("10 caution") && Contains("11 conflict") && Contains("--on"));
    for (const char* command : {"check", "suggest"}) {
        const auto sub = parse({command, "--help"});
        CHECK_THAT(sub.output, Contains("--on") && Contains("--all"));
        CHECK(sub.output.find(portdb::test::retired_policy_name) ==
              std::string::npos);  // the policy is the Muq policy, everywhere
    }
    CHECK(help.output.find(portdb::test::retired_policy_name) == std::string::npos);
    const auto version = parse({"--version"});
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.output, Contains("portdb 0."));
}

TEST_CASE("the site file: --site, else $PORTDB_SITE: reserve and release take PORT[/PROTO] NAME") {
    ::unsetenv("PORTDB_SITE");
    CHECK_FALSE(parse({"info"}).options->site_file);
    ::setenv("PORTDB_SITE", "/team/ports.site", 1);
    CHECK(parse({"info"}).options->site_file == "/team/ports.site");
    CHECK(parse({"--site", "/other.site", "info"}).options->site_file == "/other.site");
    ::unsetenv("PORTDB_SITE");

    const auto reserve = parse({"reserve", "31007/tcp", "billing", "--note", "payments"});
    REQUIRE(reserve.options);
    CHECK(reserve.options->command->name == "reserve");
    CHECK(reserve.options->query == "31007/tcp");
    CHECK(reserve.options->name == "billing");
    CHECK(reserve.options->note == "payments");
    CHECK(parse({"release", "31007", "billing"}).options->command->name == "release");
    CHECK(parse({"reserve", "31007"}).exit_code == 2);  // the name is required
    CHECK(parse({"reservations"}).options->command->name == "reservations");

    const auto lookup = parse({"lookup", "finger", "--history", "--source", "registry", "--protocol", "udp"});
    REQUIRE(lookup.options);
    CHECK(lookup.options->selection.history);
    CHECK(lookup.options->selection.source == "registry");
    CHECK(lookup.options->selection.protocol == "udp");
    CHECK(parse({"lookup", "finger", "--protocol", "tpc"}).exit_code == 2);
}
