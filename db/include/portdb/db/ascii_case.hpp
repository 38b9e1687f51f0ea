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

}  // namespace portdb::db
