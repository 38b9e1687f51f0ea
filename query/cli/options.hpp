#pragma once
// The command line, parsed into a plain struct (no behaviour here).

#include "portdb/query/layers.hpp"
#include "settings.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace portdb::cli {

struct CommandSpec;  // command_table.hpp

enum class SuggestMode { counterpart, production, test, experimental };

struct Options {
    const CommandSpec* command = nullptr;  ///< the row of the command table to run
    std::filesystem::path database;        ///< --db, else the default path
    bool json = false;
    bool long_format = false;                  ///< lookup --long: every field of each service
    std::optional<std::string> policy_file;    ///< --policy
    bool no_local = false;                     ///< check, suggest: leave this machine out
    std::optional<std::string> on;             ///< check, suggest: --on, the targets to weigh
    bool all = false;                          ///< check, suggest: --all / -v, show every finding
    std::vector<std::string> ports;            ///< check: PORT[/PROTO] and LOW-HIGH[/PROTO] arguments
    std::vector<std::filesystem::path> files;  ///< import
    std::string query;  ///< lookup: NAME|PORT|LOW-HIGH; search: the words; suggest: NAME; names: PREFIX
    std::optional<std::uint32_t> instance;  ///< check, suggest: the N-th server
    SuggestMode suggest_mode = SuggestMode::counterpart;
    std::uint32_t count = 5;                         ///< suggest --production/--test, free --count
    bool count_given = false;                        ///< free: --count was given (else every ok port)
    std::vector<std::string> protocols;              ///< suggest --protocol (NAME: the service's; else tcp and udp)
    std::string phone;                               ///< suggest --experimental
    std::string export_format;                       ///< export --format
    std::string update_source = "iana";              ///< update --source
    bool force = false;                              ///< update, import, reserve --force
    query::SourceSelection selection;                ///< lookup, search, export: --history, --source, --protocol
    std::optional<std::filesystem::path> site_file;  ///< --site, else $PORTDB_SITE: the team's reservations
    std::size_t limit = 25;                          ///< search --limit (0: --all)
    std::string name;                                ///< reserve, release: the service the port is for
    std::string note;                                ///< reserve --note
    std::optional<std::string> cacert;               ///< update --cacert
    std::uint32_t timeout = 300;                     ///< update --timeout: the whole download (seconds)
    std::vector<std::filesystem::path> paths;        ///< audit: the trees (default: .)
    std::string audit_format = "text";               ///< audit --format: text, json or sarif (--json: json)
    Settings settings;                               ///< what the environment says, read once
};

/// The result of parsing: options to run, or an answer to print and exit with
/// (--help, --version, or a usage error whose one-line message is in `error`).
struct ParsedCommandLine {
    std::optional<Options> options;
    int exit_code = 0;
    std::string output;  ///< for stdout (help, version)
    std::string error;   ///< for stderr, without the "portdb: " prefix
};

/// Parses the command line; the environment's say comes from `settings`
/// (default: the environment as it is now).
ParsedCommandLine parse_command_line(int argc, const char* const* argv, Settings settings = read_settings());

/// Whether `--json` is on the command line (before a `--`), even one that
/// does not parse: its errors are then JSON too.
[[nodiscard]] bool json_requested(int argc, const char* const* argv);

}  // namespace portdb::cli
