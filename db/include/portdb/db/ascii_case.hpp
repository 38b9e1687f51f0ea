#pragma once
// Case folding of service names and words, as the database's NOCASE indexes
// fold them: ASCII letters only, every other byte as it is.

#include <string>
#include <string_view>

namespace portdb::db {

[[nodiscard]] char ascii_lower(char c);
[[nodiscard]] std::string ascii_lower(std::string_view text);
/// Equal when folded as above (SQLite's NOCASE).
[[nodiscard]] bool equals_ignoring_ascii_case(std::string_view a, std::string_view b);

/// ASCII folding, and of the UTF-8 capitals of Latin-1 (U+00C0-U+00DE but
/// U+00D7): "École" and "école" fold alike. What a lookup by name falls back
/// to when the NOCASE index finds nothing, and what "did you mean" compares.
[[nodiscard]] std::string latin_lower(std::string_view text);

}  // namespace portdb::db
