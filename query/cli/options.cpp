#include "options.hpp"

#include "command_table.hpp"
#include "exit_codes.hpp"
#include "help_formatter.hpp"
#include "portdb/db/database_path.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstring>
#include <memory>

namespace portdb::cli {
namespace {

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text;
}

/// The first word of the command line that is not an option or an option's value.
std::optional<std::string> command_word(int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db" || arg == "--policy" || arg == "--site") {
            ++i;  // their value
        } else if (!arg.empty() && arg.front() != '-') {
            return arg;
        }
    }
    return std::nullopt;
}

void add_global_options(CLI::App& app, CommandLine& line) {
    app.add_option("--db", line.database, "database file (default: $PORTDB_DB or ~/.local/share/portdb/ports.sqlite)")
        ->type_name("PATH");
    app.add_flag("--json", line.options.json,
                 "machine-readable output on stdout, errors too (shapes in the README and portdb(1))");
    app.add_option("--policy", line.policy, "a policy file extending (or replacing) the built-in port policy")
        ->type_name("FILE");
    app.add_option("--site", line.site, "your team's reservations, services(5) lines (default: $PORTDB_SITE)")
        ->type_name("FILE");
}

/// The global options' values, with their defaults from the environment.
void finish_globals(CommandLine& line) {
    auto& options = line.options;
    options.site_file = line.site.empty() ? options.settings.site : std::optional<std::filesystem::path>(line.site);
    if (!line.selected_source.empty()) {
        options.selection.source = line.selected_source;
    }
    if (!line.selected_protocol.empty()) {
        options.selection.protocol = line.selected_protocol;
    }
    if (!line.database.empty()) {
        options.database = line.database;
    } else if (options.settings.database) {
        options.database = *options.settings.database;
    } else {
        options.database = db::default_database_path(options.settings.folders);
    }
    if (!line.policy.empty()) {
        options.policy_file = line.policy;
    }
}

}  // namespace

bool json_requested(int argc, const char* const* argv) {
    for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        if (std::strcmp(argv[i], "--json") == 0) {
            return true;
        }
    }
    return false;
}

ParsedCommandLine parse_command_line(int argc, const char* const* argv, Settings settings) {
    CLI::App app{"portdb: a well-known-port database. Look ports up, check and choose ports.", "portdb"};
    app.formatter(std::make_shared<HelpFormatter>());           // before the commands: they inherit it
    app.set_help_flag("-h,--help", "show this help and exit");  // before the commands: they inherit it
    app.set_version_flag("--version", std::string("portdb ") + PORTDB_VERSION, "show the version and exit");
    app.require_subcommand(1);

    CommandLine line;
    line.options.settings = std::move(settings);
    add_global_options(app, line);
    // Only the command in use gets its options: building every option of every
    // command costs a lookup a noticeable share of its time (./bench.sh).
    // Help and errors without a known command still see them all.
    const auto word = command_word(argc, argv);
    const CommandSpec* named = word ? find_command(*word) : nullptr;
    std::vector<std::pair<const CommandSpec*, CLI::App*>> commands;
    for (const auto& spec : command_table()) {
        auto* command = app.add_subcommand(std::string(spec.name), std::string(spec.summary));
        command->fallthrough();  // global options may follow the command
        if (named == nullptr || named == &spec) {
            spec.add_options(*command, line);
        }
        commands.emplace_back(&spec, command);
    }

    ParsedCommandLine parsed;
    const auto usage_error = [&](std::string message) {
        parsed.exit_code = exit_usage;
        parsed.error = one_line(std::move(message));
        // The help that shows the command's own options and examples.
        parsed.error.append(" (see portdb ")
            .append(named != nullptr ? std::string(named->name) + " " : std::string())
            .append("--help)");
        return parsed;
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        parsed.output = app.help();
        return parsed;
    } catch (const CLI::CallForVersion&) {
        parsed.output = app.version() + "\n";
        return parsed;
    } catch (const CLI::ParseError& error) {
        if (word && named == nullptr) {  // CLI11 would call it a missing subcommand
            return usage_error("unknown command \"" + word->substr(0, 40) + "\": expected " + command_names_listed());
        }
        return usage_error(error.what());
    }

    for (const auto& [spec, command] : commands) {
        if (command->parsed()) {
            line.options.command = spec;
        }
    }
    if (const auto problem = line.options.command->finish(line); !problem.empty()) {
        return usage_error(problem);
    }
    finish_globals(line);
    parsed.options = std::move(line.options);
    return parsed;
}

}  // namespace portdb::cli
