#pragma once
// A registry that lists the same record twice (internal to importer).

#include "portdb/importer/parsed_source.hpp"

#include <string_view>

namespace portdb::importer::detail {

/// Keeps the first of records that are the same in every field but their
/// position, and warns once for each repetition it drops ("FILE:LINE: the same
/// record as line 12: counted once"), so that an import counts and stores a
/// record once however often the file repeats it. Records that share a name
/// and port but differ in anything else are different statements and stay.
void drop_repeated_records(ParsedSource& parsed, std::string_view source_name);

}  // namespace portdb::importer::detail
