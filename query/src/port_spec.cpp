#include "portdb/query/port_spec.hpp"

#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>

namespace portdb::query {
namespace {

constexpr std::array<std::string_view, 5> known_protocols{"tcp", "udp", "sctp", "dccp", "ddp"};

std::string shown(std::string_view text) {
    // Never echo a megabyte or control bytes back at the user.
    std::string out;
    for (const char c : text.substr(0, 40)) {
        out += std::isprint(static_cast<unsigned char>(c)) != 0 ? c : '?';
    }
    return text.size() > 40 ? out + "..." : out;
}

}  // namespace

bool looks_like_port_spec(std::string_view text) {
    const auto slash = text.find('/');
    const auto port = text.substr(0, slash);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string_view::npos) {
        return false;
    }
    if (slash == std::string_view::npos) {
        return true;
    }
    const auto protocol = text.substr(slash + 1);
    for (const char c : protocol) {
        if (std::isalpha(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return true;
}

PortSpec parse_port_spec(std::string_view text) {
    const auto slash = text.find('/');
    const auto port_text = text.substr(0, slash);
    if (port_text.empty() || port_text.find_first_not_of("0123456789") != std::string_view::npos) {
        throw UsageError(
            fmt::format("\"{}\" is not a port: expected PORT or PORT/PROTOCOL, e.g. 79 or 79/tcp", shown(text)));
    }
    unsigned long value = 0;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (error != std::errc{} || end != port_text.data() + port_text.size() || value > 65535) {
        throw UsageError(fmt::format("port {} is out of range: ports are 0-65535", shown(port_text)));
    }
    PortSpec spec;
    spec.port = static_cast<std::uint16_t>(value);
    if (slash != std::string_view::npos) {
        std::string protocol(text.substr(slash + 1));
        for (char& c : protocol) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        bool known = false;
        for (const auto candidate : known_protocols) {
            known = known || candidate == protocol;
        }
        if (!known) {
            throw UsageError(fmt::format("unknown protocol \"{}\": expected tcp, udp, sctp, dccp or ddp",
                                         shown(text.substr(slash + 1))));
        }
        spec.protocol = std::move(protocol);
    }
    return spec;
}

}  // namespace portdb::query
