#pragma once
// Rules every format shares (doc/formats.md §0), internal to importer.

#include "portdb/db/assignment.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace portdb::importer::detail {

/// The status of an unnamed record, from the start of its text, ignoring case
/// and IANA's misspellings: "Unassiged ..." is unassigned, "IANA Reserved" is
/// reserved, "any private mail system" is other. The text itself is kept by the caller.
[[nodiscard]] db::Status status_from_text(std::string_view text);

/// "This entry is an alias to "X". ..." in a note names the canonical X.
[[nodiscard]] std::optional<std::string> alias_target(std::string_view note);

/// Parses "N" or "N-M" (decimal, each at most 65535). Returns nullopt for
/// anything else; `out_of_range` is set when the shape is right but a number is
/// too large, and `inverted` when M < N (the range is then returned swapped).
struct PortParse {
    std::optional<db::PortRange> range;
    bool out_of_range = false;
    bool inverted = false;
    bool written_as_range = false;
};
[[nodiscard]] PortParse parse_port_number(std::string_view text);

/// "Jon Postel <postel@isi.edu> April 2003" -> name "Jon Postel", email
/// "postel@isi.edu"; a bare address becomes the e-mail.
[[nodiscard]] db::Contact contact_from_text(std::string_view text);

/// Adds one "flag" to a comma-separated flags field.
void add_flag(db::Assignment& assignment, std::string_view flag);

/// Appends a paragraph to a note, separated by a line break.
void append_note(std::string& note, std::string_view text);

}  // namespace portdb::importer::detail
