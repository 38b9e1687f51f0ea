#pragma once
// What the user is told when a command fails, and the exit code that goes with it.

#include <exception>
#include <string>

namespace portdb::cli {

struct ErrorReport {
    int exit_code = 0;
    std::string message;  ///< one line, without the "portdb: " prefix
};

/// Sorts a failure: a usage error (exit 2); a data, file, database, network
/// or output error, or running out of memory (exit 3, the message as thrown:
/// it names the file and the place); anything else is a bug in portdb
/// (exit 4, "internal error: ...").
[[nodiscard]] ErrorReport report_exception(const std::exception_ptr& error);

/// The kind of an error, by its exit code, as the JSON error object names it:
/// "refused" (1: a refused reservation), "usage" (2), "data" (3), "internal" (4).
[[nodiscard]] const char* error_kind(int exit_code);

}  // namespace portdb::cli
