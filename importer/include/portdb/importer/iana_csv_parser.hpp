#pragma once

#include "portdb/importer/parsed_source.hpp"

#include <string_view>

namespace portdb::importer {

/// IANA registry, CSV form: RFC 4180 quoting, columns mapped by header name (doc/formats.md §2).
/// `source_name` names the input in messages. Throws ParseError.
ParsedSource parse_iana_csv(std::string_view bytes, std::string_view source_name);

}  // namespace portdb::importer
