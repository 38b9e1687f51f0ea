#pragma once
// An error as JSON, for --json: a script reads every answer, errors too, from
// stdout as one JSON object, and the exit code stays what it is in text mode.

#include "error_report.hpp"

#include <string>

namespace portdb::cli {

/// {"error": {"message": "...", "exit_code": 2, "kind": "usage"}} and a newline,
/// written as the other JSON answers are (indented; on a terminal non-ASCII as
/// \uXXXX; invalid UTF-8 as U+FFFD). The message is the text mode's line without
/// "portdb: ".
[[nodiscard]] std::string json_error(const ErrorReport& report, bool terminal);

}  // namespace portdb::cli
