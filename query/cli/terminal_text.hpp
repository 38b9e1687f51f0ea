#pragma once

#include <string>
#include <string_view>

namespace portdb::cli {

/// Text from a registry file or the command line made safe for a terminal:
/// control characters (ESC, CR, BEL ...) become '?', so a hostile registry
/// cannot move the cursor or rewrite what the user sees. UTF-8 passes through.
[[nodiscard]] std::string terminal_text(std::string_view text);

}  // namespace portdb::cli
