#pragma once

#include "portdb/importer/parsed_source.hpp"

#include <string_view>

namespace portdb::importer {

/// The curated list of software default ports (data/defacto-ports.toml): one
/// [[default]] table per software and port or range, with name, software,
/// ports, protocols, role, category, source (an https URL) and verified.
/// Every entry needs all of them; the file is ASCII. Each entry becomes one
/// row per protocol: the name, "Software: role" as description, the source
/// as a uri reference, the category as note. Throws ParseError naming
/// `source_name`, the line and the field.
ParsedSource parse_defacto_list(std::string_view bytes, std::string_view source_name);

}  // namespace portdb::importer
