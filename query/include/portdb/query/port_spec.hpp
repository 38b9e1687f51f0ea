#pragma once
// The one grammar of a port argument, shared by every command that takes one:
// PORT or LOW-HIGH, either followed by /PROTOCOL ("79", "79/tcp", "6000-6010",
// "8000-8010/udp"). Each command then says which of these it accepts.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portdb::query {

/// A port argument as written. Numbers are kept as given, saturating far
/// above 65535, so that a command can judge "70000" itself (check calls it no
/// port; lookup refuses it).
struct PortArgument {
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;                 ///< == lo unless LOW-HIGH was written
    bool range = false;                   ///< LOW-HIGH was written
    std::optional<std::string> protocol;  ///< lower case, a known one; absent means every protocol
};

/// True when `text` has the shape of a single port argument (digits,
/// optionally "/letters"); "3Com-nsd" and "914c/g" are names, "80/tpc" is a (bad) port.
[[nodiscard]] bool looks_like_port_spec(std::string_view text);
/// True when `text` has the shape of a range argument (digits '-' digits,
/// optionally "/letters"): no service name has it.
[[nodiscard]] bool looks_like_port_range(std::string_view text);

/// Parses PORT[/PROTO] or LOW-HIGH[/PROTO]. Throws UsageError for anything
/// else, an inverted range, a range past 65535 or an unknown protocol;
/// `expected` completes "is not a port: expected ..." in the message.
[[nodiscard]] PortArgument parse_port_argument(std::string_view text, std::string_view expected);

/// Parses a protocol word (any case) into one of db::known_protocols; throws UsageError.
[[nodiscard]] std::string parse_protocol(std::string_view word);

/// "79" or "79/tcp": a port, and a transport protocol when one is named.
struct PortSpec {
    std::uint16_t port = 0;
    std::optional<std::string> protocol;  ///< lower case; absent means every protocol
};

/// Parses PORT[/PROTO]: PORT is decimal 0-65535, PROTO one of tcp, udp, sctp,
/// dccp, ddp (any case). Throws UsageError with the reason otherwise.
[[nodiscard]] PortSpec parse_port_spec(std::string_view text);

}  // namespace portdb::query
