#pragma once

namespace portdb::cli {

/// The documented exit codes (README, doc/design.md).
enum ExitCode : int {
    exit_ok = 0,  ///< success, found; check and suggest: ok
    exit_not_found =
        1,           ///< nothing found (lookup, search, suggest NAME), the files differ (diff), a refused reservation
    exit_usage = 2,  ///< the command line is wrong
    exit_data = 3,   ///< a data, file, database, network or output error
    exit_internal = 4,   ///< a bug in portdb ("internal error: ...")
    exit_caution = 10,   ///< check, suggest: the port is usable with care, and none better was found
    exit_conflict = 11,  ///< check, suggest: do not use the port (or no usable port was found)
};

}  // namespace portdb::cli
