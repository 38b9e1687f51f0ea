#pragma once
// The command line, parsed into a plain struct (no behaviour here).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace portdb::cli {

enum class Command { import, info, lookup };

struct Options {
    Command command = Command::info;
    std::filesystem::path database;  ///< --db, else the default path
    bool json = false;
    std::vector<std::filesystem::path> files;  ///< import
    std::string query;                         ///< lookup
};

/// The result of parsing: options to run, or an answer to print and exit with
/// (--help, --version, or a usage error whose one-line message is in `error`).
struct ParsedCommandLine {
    std::optional<Options> options;
    int exit_code = 0;
    std::string output;  ///< for stdout (help, version)
    std::string error;   ///< for stderr, without the "portdb: " prefix
};

ParsedCommandLine parse_command_line(int argc, const char* const* argv);

}  // namespace portdb::cli
