#pragma once

#include "portdb/importer/parsed_source.hpp"

#include <string_view>

namespace portdb::importer {

/// services(5) files: /etc/services, and Wireshark's variant with merged protocol lists (doc/formats.md §5, §7).
/// `source_name` names the input in messages. Throws ParseError.
ParsedSource parse_services(std::string_view bytes, std::string_view source_name);

}  // namespace portdb::importer
