// --help as a person at a terminal reads it: no argument-library notation,
// each command's own options, the global options it reads, and its own
// examples, which run as shown.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

using namespace portdb;
using Catch::Matchers::Contains;

namespace {

/// The words of the `Commands:` section of `portdb --help`, so the tests follow the binary.
std::vector<std::string> commands_of(const std::string& help) {
    std::vector<std::string> commands;
    std::istringstream lines(help);
    std::string line;
    bool in_commands = false;
    while (std::getline(lines, line)) {
        if (line == "Commands:") {
            in_commands = true;
        } else if (in_commands && line.rfind("  ", 0) == 0 && line[2] != ' ') {
            commands.push_back(line.substr(2, line.find(' ', 2) - 2));
        } else if (in_commands && line.empty()) {
            break;
        }
    }
    return commands;
}

/// The example command lines of a help text: the lines after "Examples:"
/// that start with "  portdb", without their explanation (after 3 blanks).
std::vector<std::string> examples_of(const std::string& help) {
    std::vector<std::string> examples;
    const auto start = help.find("\nExamples:\n");
    REQUIRE(start != std::string::npos);
    std::istringstream lines(help.substr(start + 11));
    std::string line;
    while (std::getline(lines, line) && !line.empty()) {
        if (line.rfind("  portdb ", 0) == 0) {
            examples.push_back(line.substr(2, line.find("   ", 2) - 2));
        }
    }
    return examples;
}

/// Shell words: blanks separate, double quotes group.
std::vector<std::string> shell_words(const std::string& line) {
    std::vector<std::string> words;
    std::string word;
    bool quoted = false;
    bool any = false;
    for (const char c : line) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
        } else if (c == ' ' && !quoted) {
            if (any) {
                words.push_back(word);
            }
            word.clear();
            any = false;
        } else {
            word += c;
            any = true;
        }
    }
    if (any) {
        words.push_back(word);
    }
    return words;
}

// The notation CLI11 prints by default: type names, validator ranges and
// sets, REQUIRED, "x 2", Needs: and Excludes:.
const std::regex annotation{
    R"(\b(TEXT|UINT|INT|FLOAT|REQUIRED|BOOLEAN)\b|\b[A-Z]+:[A-Z]+\b|\bx [0-9]+\b|in \[[0-9]|Excludes:|Needs:|Env:|\{tcp)"};

}  // namespace

TEST_CASE("help: no argument-library notation in the help of portdb or of any command") {
    const test::TempDir dir;
    const auto general = test::run_portdb({"--help"}, dir / "ports.sqlite");
    REQUIRE(general.exit_code == 0);
    CHECK_FALSE(std::regex_search(general.out, annotation));
    const auto commands = commands_of(general.out);
    CHECK(commands.size() == 15);
    for (const auto& command : commands) {
        INFO(command);
        const auto help = test::run_portdb({command, "--help"}, dir / "ports.sqlite");
        CHECK(help.exit_code == 0);
        CHECK(help.err.empty());
        std::smatch found;
        CHECK_FALSE(std::regex_search(help.out, found, annotation));
        if (!found.empty()) {
            FAIL_CHECK(found.str());
        }
    }
    // The notation the regex catches, as CLI11's own formatter prints it.
    for (const char* sample :
         {"--count UINT:INT in [1 - 65535]", "FILES TEXT x 2 REQUIRED", "--cacert FILE:FILE", "--all Excludes: --limit",
          "--phone TEXT Needs: --experimental", "N:UINT in [1 - 1000000]"}) {
        CHECK(std::regex_search(std::string(sample), annotation));
    }
}

TEST_CASE("help: options read as --instance N and arguments as PORT...") {
    const test::TempDir dir;
    const auto check = test::run_portdb({"check", "--help"}, dir / "ports.sqlite").out;
    CHECK_THAT(check, Contains("Usage: portdb check [OPTION...] PORT...\n") && Contains("  --instance N ") &&
                          Contains("  --on LIST ") && Contains("  -v, --all ") && Contains("  PORT... "));
    const auto diff = test::run_portdb({"diff", "--help"}, dir / "ports.sqlite").out;
    CHECK_THAT(diff, Contains("Usage: portdb diff [OPTION...] OLD NEW\n"));
    const auto export_help = test::run_portdb({"export", "--help"}, dir / "ports.sqlite").out;
    CHECK_THAT(export_help, Contains("Usage: portdb export --format FORMAT [OPTION...]\n"));
    const auto names = test::run_portdb({"names", "--help"}, dir / "ports.sqlite").out;
    CHECK_THAT(names, Contains("Usage: portdb names [OPTION...] [PREFIX]\n"));
}

TEST_CASE("help: each command names the global options it reads and shows its own examples, not the general ones") {
    const test::TempDir dir;
    const auto general = test::run_portdb({"--help"}, dir / "ports.sqlite").out;
    CHECK_THAT(general, Contains("Examples:\n  portdb lookup finger ") && Contains("Exit codes:"));
    const std::vector<std::string> site_readers{"info",   "lookup",  "search",  "check",        "free",  "suggest",
                                                "export", "reserve", "release", "reservations", "names", "audit"};
    for (const auto& command : commands_of(general)) {
        INFO(command);
        const auto help = test::run_portdb({command, "--help"}, dir / "ports.sqlite").out;
        const auto globals = help.substr(std::min(help.size(), help.find("Global options")));
        CHECK_THAT(globals, Contains("  --json "));
        CHECK((globals.find("  --db PATH ") != std::string::npos) == (command != "diff"));
        CHECK((globals.find("  --policy FILE ") != std::string::npos) ==
              (command == "check" || command == "free" || command == "suggest" || command == "audit" ||
               command == "reserve"));
        CHECK((globals.find("  --site FILE ") != std::string::npos) ==
              (std::find(site_readers.begin(), site_readers.end(), command) != site_readers.end()));
        CHECK(help.find("Exit codes:") == std::string::npos);  // the general footer stays in portdb --help
        const auto examples = examples_of(help);
        CHECK(examples.size() >= 1);
        CHECK(examples.size() <= 4);
        for (const auto& example : examples) {
            const auto words = shell_words(example);
            CHECK(std::find(words.begin(), words.end(), command) != words.end());
        }
    }
}

TEST_CASE("help: the examples of the commands that read the database run as shown") {
    const test::TempDir dir;
    const auto db = dir / "ports.sqlite";
    for (const char* command : {"lookup", "search", "check", "free", "suggest", "names", "info", "export"}) {
        for (const auto& example : examples_of(test::run_portdb({command, "--help"}, db).out)) {
            INFO(example);
            if (example.find_first_of("<>&|") != std::string::npos) {
                continue;  // a shell pipeline: its portdb part is the same command with a redirection
            }
            auto words = shell_words(example);
            words.erase(words.begin());  // "portdb"
            const auto result = test::run_portdb(words, db, "/nonexistent/services", test::shipped_data_dir());
            CHECK((result.exit_code == 0 || result.exit_code == 10 || result.exit_code == 11));
            std::istringstream err(result.err);
            for (std::string line; std::getline(err, line);) {
                CHECK_THAT(line, Contains("no database yet"));  // the first use says so; nothing else is said
            }
        }
    }
}
