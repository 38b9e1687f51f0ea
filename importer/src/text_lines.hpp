#pragma once
// Text helpers shared by the parsers (internal to importer).

#include <string>
#include <string_view>
#include <vector>

namespace portdb::importer::detail {

/// Blanks as registries use them: space and tab (not newlines).
[[nodiscard]] bool is_blank(char c);
[[nodiscard]] std::string_view trim(std::string_view text);
[[nodiscard]] std::string_view trim_left(std::string_view text);
[[nodiscard]] std::string_view trim_right(std::string_view text);

/// ASCII case-insensitive prefix test; `prefix` must be lower case.
[[nodiscard]] bool starts_with_ignoring_case(std::string_view text, std::string_view prefix);

[[nodiscard]] bool is_valid_utf8(std::string_view bytes);
/// UTF-8 input passes unchanged; anything else is read as Windows-1252 (the
/// IANA port-numbers text is cp1252) and converted. The five bytes cp1252
/// leaves undefined map to the C1 code points of the same value, so no byte is lost.
[[nodiscard]] std::string to_utf8(std::string_view bytes);

/// Splits on LF; a CR before the LF (CRLF files) is dropped. A final line
/// without terminator is kept; an empty text has no lines.
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view text);

/// The next blank-separated token of `rest`, which is advanced past it.
[[nodiscard]] std::string_view next_token(std::string_view& rest);

/// Joins lines that an XML or CSV writer wrapped: every run of white space that
/// contains a line break becomes one space; other text is kept as is.
[[nodiscard]] std::string unwrap_lines(std::string_view text);

/// Joins only lines an XML-to-CSV writer wrapped: a line break followed by
/// indentation becomes one space; a bare line break (a real one) stays, as LF.
[[nodiscard]] std::string unwrap_indented_lines(std::string_view text);

/// "FILE:LINE: message", the shape of every text-format message.
[[nodiscard]] std::string at_line(std::string_view source_name, std::size_t line, std::string_view message);

}  // namespace portdb::importer::detail
