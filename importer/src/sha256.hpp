#pragma once

#include <string>
#include <string_view>

namespace portdb::importer::detail {

/// Lower-case hex SHA-256 of `bytes`: a source's identity in the database.
/// Uses the CPU's SHA extensions when it has them (about 30 times faster
/// than the portable code on a registry file); `allow_hardware = false`
/// forces the portable code (for tests).
[[nodiscard]] std::string sha256_hex(std::string_view bytes, bool allow_hardware = true);

}  // namespace portdb::importer::detail
