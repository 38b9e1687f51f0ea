#include "options.hpp"

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
    CHECK(parsed.options->command == Command::lookup);
    CHECK(parsed.options->query == "finger");
    CHECK(parsed.options->json);
    CHECK(parsed.options->database == "/tmp/x.sqlite");

    const auto import = parse({"import", "a.xml", "b.txt"});
    REQUIRE(import.options);
    CHECK(import.options->command == Command::import);
    CHECK(import.options->files == std::vector<std::filesystem::path>{"a.xml", "b.txt"});
    CHECK_FALSE(import.options->json);

    CHECK(parse({"info"}).options->command == Command::info);
}

TEST_CASE("the database defaults to $PORTDB_DB") {
    ::setenv("PORTDB_DB", "/somewhere/ports.sqlite", 1);
    const auto parsed = parse({"info"});
    ::unsetenv("PORTDB_DB");
    REQUIRE(parsed.options);
    CHECK(parsed.options->database == "/somewhere/ports.sqlite");
}

TEST_CASE("usage errors: one line, exit code 2") {
    const auto none = parse({});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.error, Equals("A subcommand is required (see portdb --help)"));
    const auto unknown = parse({"frobnicate"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.error, Equals("unknown command \"frobnicate\": expected import, update, info, lookup, search, check, suggest, export, diff, reserve, release or reservations (see portdb --help)"));
    CHECK(parse({"lookup"}).exit_code == 2);
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
    CHECK_THAT(help.output, Contains("lookup") && Contains("Examples:") && Contains("Exit codes"));
    const auto version = parse({"--version"});
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.output, Contains("portdb 0."));
}

TEST_CASE("the site file: --site, else $PORTDB_SITE; reserve and release take PORT[/PROTO] NAME") {
    ::unsetenv("PORTDB_SITE");
    CHECK_FALSE(parse({"info"}).options->site_file);
    ::setenv("PORTDB_SITE", "/team/ports.site", 1);
    CHECK(parse({"info"}).options->site_file == "/team/ports.site");
    CHECK(parse({"--site", "/other.site", "info"}).options->site_file == "/other.site");
    ::unsetenv("PORTDB_SITE");

    const auto reserve = parse({"reserve", "31007/tcp", "billing", "--note", "payments"});
    REQUIRE(reserve.options);
    CHECK(reserve.options->command == Command::reserve);
    CHECK(reserve.options->query == "31007/tcp");
    CHECK(reserve.options->name == "billing");
    CHECK(reserve.options->note == "payments");
    CHECK(parse({"release", "31007", "billing"}).options->command == Command::release);
    CHECK(parse({"reserve", "31007"}).exit_code == 2);  // the name is required
    CHECK(parse({"reservations"}).options->command == Command::reservations);

    const auto lookup = parse({"lookup", "finger", "--history", "--source", "registry", "--protocol", "udp"});
    REQUIRE(lookup.options);
    CHECK(lookup.options->selection.history);
    CHECK(lookup.options->selection.source == "registry");
    CHECK(lookup.options->selection.protocol == "udp");
    CHECK(parse({"lookup", "finger", "--protocol", "tpc"}).exit_code == 2);
}
