#pragma once

#include <string>
#include <string_view>

namespace portdb::importer::detail {

/// Lower-case hex SHA-256 of `bytes`: a source's identity in the database.
/// Nettle's, linked statically: Debian builds it "fat", so it picks the CPU's
/// SHA extensions at run time, and a static link keeps one more shared
/// library out of every portdb start-up.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

}  // namespace portdb::importer::detail
