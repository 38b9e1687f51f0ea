#pragma once

#include <string>
#include <string_view>

namespace portdb::importer::detail {

/// Lower-case hex SHA-256 of `bytes`: a source's identity in the database.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace portdb::importer::detail
