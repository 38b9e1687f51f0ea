#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portdb::query {

/// "79" or "79/tcp": a port, and a transport protocol when one is named.
struct PortSpec {
    std::uint16_t port = 0;
    std::optional<std::string> protocol;  ///< lower case; absent means every protocol
};

/// True when `text` has the shape of a port argument (digits, optionally
/// "/letters"); "3Com-nsd" and "914c/g" are names, "80/tpc" is a (bad) port.
[[nodiscard]] bool looks_like_port_spec(std::string_view text);

/// Parses PORT[/PROTO]: PORT is decimal 0-65535, PROTO one of tcp, udp, sctp,
/// dccp, ddp (any case). Throws UsageError with the reason otherwise.
[[nodiscard]] PortSpec parse_port_spec(std::string_view text);

}  // namespace portdb::query
