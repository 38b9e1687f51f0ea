#pragma once

#include "portdb/importer/parsed_source.hpp"

#include <string_view>

namespace portdb::importer {

/// RFC 1700 Assigned Numbers and the IANA port-numbers text in its layout, paginated or not (doc/formats.md §3-4).
/// `source_name` names the input in messages. Throws ParseError.
ParsedSource parse_port_numbers_text(std::string_view bytes, std::string_view source_name);

}  // namespace portdb::importer
