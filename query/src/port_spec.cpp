#include "portdb/query/port_spec.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/db/protocol.hpp"
#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <cctype>

namespace portdb::query {
namespace {

std::string shown(std::string_view text) {
    // Never echo a megabyte or control bytes back at the user.
    std::string out;
    for (const char c : text.substr(0, 40)) {
        out += std::isprint(static_cast<unsigned char>(c)) != 0 ? c : '?';
    }
    return text.size() > 40 ? out + "..." : out;
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

bool all_letters(std::string_view text) {
    for (const char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return true;
}

// The ports before the slash and the protocol after it ("" when none).
struct Parts {
    std::string_view ports;
    std::optional<std::string_view> protocol;
};

Parts split(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        return {text, std::nullopt};
    }
    return {text.substr(0, slash), text.substr(slash + 1)};
}

std::uint64_t number(std::string_view digits) {
    std::uint64_t value = 0;
    for (const char c : digits) {
        value = std::min<std::uint64_t>(value * 10 + static_cast<std::uint64_t>(c - '0'), 1'000'000'000);
    }
    return value;
}

}  // namespace

bool looks_like_port_spec(std::string_view text) {
    const auto [ports, protocol] = split(text);
    return all_digits(ports) && (!protocol || all_letters(*protocol));
}

bool looks_like_port_range(std::string_view text) {
    const auto [ports, protocol] = split(text);
    const auto dash = ports.find('-');
    return dash != std::string_view::npos && all_digits(ports.substr(0, dash)) && all_digits(ports.substr(dash + 1)) &&
           (!protocol || all_letters(*protocol));
}

std::string parse_protocol(std::string_view word) {
    std::string protocol = db::ascii_lower(word);
    if (!db::is_known_protocol(protocol)) {
        throw UsageError(fmt::format("unknown protocol \"{}\": expected tcp, udp, sctp, dccp or ddp", shown(word)));
    }
    return protocol;
}

PortArgument parse_port_argument(std::string_view text, std::string_view expected) {
    const auto [ports, protocol] = split(text);
    const auto dash = ports.find('-');
    const auto lo_text = ports.substr(0, dash);
    const auto hi_text = dash == std::string_view::npos ? lo_text : ports.substr(dash + 1);
    if (!all_digits(lo_text) || !all_digits(hi_text)) {
        throw UsageError(fmt::format("\"{}\" is not a port: expected {}", shown(text), expected));
    }
    PortArgument argument;
    argument.lo = number(lo_text);
    argument.hi = number(hi_text);
    argument.range = dash != std::string_view::npos;
    if (argument.range && (argument.lo > argument.hi || argument.hi > 65535)) {
        throw UsageError(
            fmt::format("\"{}\" is not a port range: expected LOW-HIGH with LOW <= HIGH <= 65535", shown(ports)));
    }
    if (protocol) {
        argument.protocol = parse_protocol(*protocol);
    }
    return argument;
}

PortSpec parse_port_spec(std::string_view text) {
    const auto argument = parse_port_argument(text, "PORT or PORT/PROTOCOL, e.g. 79 or 79/tcp");
    if (argument.range) {
        throw UsageError(
            fmt::format("\"{}\" is not a port: expected PORT or PORT/PROTOCOL, e.g. 79 or 79/tcp", shown(text)));
    }
    if (argument.lo > 65535) {
        throw UsageError(fmt::format("port {} is out of range: ports are 0-65535", shown(split(text).ports)));
    }
    return {static_cast<std::uint16_t>(argument.lo), argument.protocol};
}

}  // namespace portdb::query
