#pragma once
// The process's standard streams: never missing, and stderr never a reason to fail.

#include <string_view>

namespace portdb::cli {

/// Opens /dev/null on each of descriptors 0, 1 and 2 that is closed, so no
/// file portdb opens later (a lock file, a registry) takes the place of one.
/// A closed stdout gets /dev/null opened read-only: writing the output then
/// fails, and is reported, rather than vanishing.
void reserve_standard_streams();

/// Writes to stderr. A closed, full or broken stderr is ignored: a message
/// that cannot be shown must not turn into a failure (or an abort) of its own.
void print_stderr(std::string_view text) noexcept;

}  // namespace portdb::cli
