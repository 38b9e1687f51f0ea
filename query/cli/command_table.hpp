#pragma once
// Every command portdb has, in one table: its name, the line `portdb --help`
// shows, its examples, the global options it reads, its own options, the
// checks CLI11 cannot express, and the function that runs it. A new command
// is a row here (command_table.cpp) and its run function in commands.cpp;
// help, the list of commands in an error, dispatch and the completions test
// all read the table.

#include "options.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace portdb::cli {

/// What CLI11 fills while it parses, before it becomes Options: the values
/// that need a word of checking or joining first.
struct CommandLine {
    Options options;
    std::string database;  ///< --db
    std::string policy;    ///< --policy
    std::string site;      ///< --site
    std::string selected_source;
    std::string selected_protocol;
    std::vector<std::string> words;  ///< search WORDS
    bool production = false;         ///< suggest --production
    bool test = false;               ///< suggest --test
    bool experimental = false;       ///< suggest --experimental
    std::string reserved_port;       ///< reserve, release PORT
};

/// The global options a command reads, so that its help lists them.
struct GlobalReads {
    bool database = true;  ///< --db
    bool site = false;     ///< --site
    bool policy = false;   ///< --policy
};

struct CommandSpec {
    std::string_view name;
    std::string_view summary;   ///< one line in `portdb --help`
    std::string_view examples;  ///< "Examples:" and command lines that work, for `portdb NAME --help`
    GlobalReads reads;
    /// Adds the command's own options to its CLI11 command, bound to `line`.
    void (*add_options)(CLI::App& command, CommandLine& line);
    /// After parsing: a usage error's message, or empty. May fill Options
    /// from what the options left in `line`.
    std::string (*finish)(CommandLine& line);
    /// Runs the parsed command; returns the exit code.
    int (*run)(const Options& options);
};

/// Every command, in the order `portdb --help` lists them.
[[nodiscard]] std::span<const CommandSpec> command_table();

/// The command named `name`, or nullptr.
[[nodiscard]] const CommandSpec* find_command(std::string_view name);

/// "import, info, ..., names or audit": for the error about an unknown command.
[[nodiscard]] std::string command_names_listed();

}  // namespace portdb::cli
