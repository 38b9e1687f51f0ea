#pragma once

#include "options.hpp"

namespace portdb::cli {

/// Runs one parsed command: results on stdout, warnings on stderr. Returns
/// the exit code; errors propagate as exceptions for run() to report.
int execute(const Options& options);

}  // namespace portdb::cli
