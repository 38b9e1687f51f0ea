#pragma once

#include <string>
#include <string_view>

namespace portdb::cli {

/// Text from a registry file or the command line made safe for a terminal,
/// so a hostile registry cannot move the cursor, rewrite what the user sees,
/// write the clipboard (OSC 52) or reorder a line. Each of these becomes '?':
/// - C0 controls and DEL (ESC, CR, BEL, newline, tab ...);
/// - C1 controls U+0080-U+009F (UTF-8 \xC2\x80-\xC2\x9F: CSI, OSC, ST ...);
/// - bidirectional controls: U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069;
/// - invisible characters: U+00AD, U+180E, U+200B-U+200D, U+2028, U+2029,
///   U+2060-U+2064, U+FEFF, U+FFF9-U+FFFB and the tag characters U+E0000-U+E007F;
/// - each byte of invalid UTF-8 (stray continuation bytes, truncated or
///   overlong sequences, surrogates, code points past U+10FFFF).
/// Every other character of valid UTF-8 passes through.
[[nodiscard]] std::string terminal_text(std::string_view text);

}  // namespace portdb::cli
