#pragma once

#include "portdb/importer/parsed_source.hpp"

#include <string>
#include <string_view>

namespace portdb::importer {

/// IANA Service Name and Transport Protocol Port Number Registry, XML form (doc/formats.md §1).
/// `source_name` names the input in messages. Throws ParseError.
ParsedSource parse_iana_xml(std::string_view bytes, std::string_view source_name);
/// The same, parsing inside the given bytes (no second copy of a large document).
ParsedSource parse_iana_xml_in_place(std::string bytes, std::string_view source_name);

}  // namespace portdb::importer
