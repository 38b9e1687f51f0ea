#pragma once
// Transport protocols: which ones portdb knows, and what "no protocol" means.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::db {

/// The transport protocols registries assign ports on, as they spell them.
inline constexpr std::array<std::string_view, 5> known_protocols{"tcp", "udp", "sctp", "dccp", "ddp"};

/// Whether `word` (lower case) is one of known_protocols.
[[nodiscard]] bool is_known_protocol(std::string_view word);

/// The protocols a question about a port covers: the one it names, or, when it
/// names none, TCP and UDP (separate spaces, each answered on its own).
[[nodiscard]] std::vector<std::string> protocols_or_default(const std::optional<std::string>& protocol);

}  // namespace portdb::db
