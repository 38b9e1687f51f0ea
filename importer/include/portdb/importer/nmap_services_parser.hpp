#pragma once

#include "portdb/importer/parsed_source.hpp"

#include <string_view>

namespace portdb::importer {

/// nmap-services: name, port/protocol, open frequency, comment (doc/formats.md §6).
/// `source_name` names the input in messages. Throws ParseError.
ParsedSource parse_nmap_services(std::string_view bytes, std::string_view source_name);

}  // namespace portdb::importer
