#pragma once

#include "portdb/db/source.hpp"

#include <string_view>

namespace portdb::importer {

/// Recognises a registry format from the bytes alone (file names lie).
/// Throws InputError, naming `source_name`, for empty, binary or unknown input.
db::SourceKind detect_format(std::string_view bytes, std::string_view source_name);

}  // namespace portdb::importer
