#pragma once

namespace portdb::cli {

/// The whole portdb command: parse, execute, and turn every error into one
/// line on stderr ("portdb: ...") and the documented exit code.
int run(int argc, const char* const* argv);

}  // namespace portdb::cli
