#include "options.hpp"

#include "exit_codes.hpp"
#include "portdb/db/database_path.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <optional>

namespace portdb::cli {
namespace {

constexpr const char* footer = R"(Examples:
  portdb import service-names-port-numbers.xml   import the IANA registry
  portdb lookup finger                           which port does finger use
  portdb lookup 6010/tcp                         what is on port 6010/tcp
  portdb info                                    what the database holds

Exit codes: 0 found/success, 1 not found, 2 usage error, 3 data or I/O error.)";

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text;
}

// CLI11 reports "portdb frobnicate" as a missing subcommand; name the word instead.
std::optional<std::string> unknown_command(int argc, const char* const* argv) {
    static constexpr std::array<std::string_view, 3> commands{"import", "info", "lookup"};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db") {
            ++i;  // its value
        } else if (!arg.empty() && arg.front() != '-') {
            if (std::find(commands.begin(), commands.end(), arg) == commands.end()) {
                return arg.substr(0, 40);
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
    CLI::App app{"portdb: a well-known-port database. Look ports up, import registries.", "portdb"};
    app.footer(footer);
    app.set_version_flag("--version", std::string("portdb ") + PORTDB_VERSION);
    app.require_subcommand(1);

    Options options;
    std::string database;
    app.add_option("--db", database, "database file (default: $PORTDB_DB or ~/.local/share/portdb/ports.sqlite)")
        ->type_name("PATH");
    app.add_flag("--json", options.json, "machine-readable output");

    auto* import = app.add_subcommand("import", "import registry files (format detected from the content)");
    import->add_option("FILE", options.files, "IANA XML or CSV, RFC 1700 / port-numbers text, services(5), nmap-services")
        ->required();
    auto* info = app.add_subcommand("info", "the sources in the database, their dates and counts");
    auto* lookup = app.add_subcommand("lookup", "look up a service name or PORT[/PROTO]");
    lookup->add_option("QUERY", options.query, "a name or alias (any case), or PORT[/PROTO] such as 79/tcp")
        ->required();
    for (auto* sub : {import, info, lookup}) {
        sub->fallthrough();  // global options may follow the command
    }

    ParsedCommandLine parsed;
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        parsed.output = app.help();
        return parsed;
    } catch (const CLI::CallForVersion&) {
        parsed.output = app.version() + "\n";
        return parsed;
    } catch (const CLI::ParseError& error) {
        parsed.exit_code = exit_usage;
        const auto unknown = unknown_command(argc, argv);
        parsed.error = unknown ? "unknown command \"" + *unknown + "\": expected import, info or lookup (see portdb --help)"
                               : one_line(error.what()) + " (see portdb --help)";
        return parsed;
    }
    if (import->parsed()) {
        options.command = Command::import;
    } else if (lookup->parsed()) {
        options.command = Command::lookup;
    } else {
        options.command = Command::info;
    }
    options.database = database.empty() ? db::default_database_path() : std::filesystem::path(database);
    parsed.options = std::move(options);
    return parsed;
}

}  // namespace portdb::cli
