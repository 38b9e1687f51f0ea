#pragma once

namespace portdb::cli {

/// The documented exit codes (README, design.md).
enum ExitCode : int {
    exit_ok = 0,         ///< success, found, clean check
    exit_not_found = 1,  ///< nothing found, or a check found warning-level collisions
    exit_usage = 2,      ///< the command line is wrong
    exit_data = 3,       ///< a data, file, database, network or output error
    exit_internal = 4,   ///< a bug in portdb ("internal error: ...")
};

}  // namespace portdb::cli
