#include "portdb/query/local_machine.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <charconv>

namespace portdb::query {
namespace {

namespace fs = std::filesystem;

// TCP states in /proc/net/tcp (include/net/tcp_states.h).
constexpr unsigned tcp_listen = 0x0A;

// Plain read(2): /proc files have no size, and iostreams cost more than the
// read itself (a check's local probe is on the benchmark's hot path).
std::optional<std::string> read_text(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    std::string text;
    char buffer[16384];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) {
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

/// The next blank-separated field of `rest`.
std::string_view field(std::string_view& rest) {
    const auto start = rest.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
        rest = {};
        return {};
    }
    const auto end = rest.find_first_of(" \t", start);
    const auto token = rest.substr(start, end - start);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    return token;
}

std::optional<unsigned long> hex(std::string_view text) {
    unsigned long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// /proc/net/tcp writes an address as the bytes of a network-order value read
// as host-order 32-bit words: "0100007F" is 127.0.0.1 on little-endian machines.
std::string address_text(std::string_view hex_address) {
    if (hex_address.size() == 8) {
        const auto word = hex(hex_address).value_or(0);
        return fmt::format("{}.{}.{}.{}", word & 0xFFU, (word >> 8U) & 0xFFU, (word >> 16U) & 0xFFU,
                           (word >> 24U) & 0xFFU);
    }
    if (hex_address.size() == 32) {
        std::string out;
        for (std::size_t w = 0; w < 4; ++w) {
            const auto word = hex(hex_address.substr(w * 8, 8)).value_or(0);
            for (unsigned half = 0; half < 2; ++half) {
                const auto group = ((word >> (16U * half)) & 0xFFU) << 8U | ((word >> (16U * half + 8U)) & 0xFFU);
                out += fmt::format("{}{:x}", out.empty() ? "" : ":", group);
            }
        }
        return out == "0:0:0:0:0:0:0:0" ? "::" : out;
    }
    return std::string(hex_address);
}

void read_sockets(const fs::path& file, std::string_view protocol, std::vector<LocalSocket>& sockets) {
    const auto text = read_text(file);
    if (!text) {
        return;
    }
    std::string_view lines = *text;
    lines.remove_prefix(std::min(lines.size(), lines.find('\n') + 1));  // the header
    while (!lines.empty()) {
        const auto end = lines.find('\n');
        std::string_view rest = lines.substr(0, end);
        lines = end == std::string_view::npos ? std::string_view{} : lines.substr(end + 1);
        (void)field(rest);  // slot
        const auto local = field(rest);
        (void)field(rest);  // remote address
        const auto state = field(rest);
        const auto colon = local.rfind(':');
        if (state.empty() || colon == std::string_view::npos) {
            continue;
        }
        const auto port = hex(local.substr(colon + 1));
        const auto state_value = hex(state);
        if (!port || *port == 0 || *port > 65535 || !state_value) {
            continue;
        }
        LocalSocket socket;
        socket.protocol = std::string(protocol);
        socket.port = static_cast<std::uint16_t>(*port);
        socket.address = address_text(local.substr(0, colon));
        socket.listening = protocol == "udp" || *state_value == tcp_listen;
        sockets.push_back(std::move(socket));
    }
}

// "32768\t60999\n"
std::optional<db::PortRange> read_port_range(const fs::path& file) {
    const auto text = read_text(file);
    if (!text) {
        return std::nullopt;
    }
    std::string_view rest = *text;
    const auto first = field(rest);
    auto second = field(rest);
    while (!second.empty() && second.back() == '\n') {
        second.remove_suffix(1);
    }
    unsigned lo = 0;
    unsigned hi = 0;
    if (std::from_chars(first.data(), first.data() + first.size(), lo).ec != std::errc{} ||
        std::from_chars(second.data(), second.data() + second.size(), hi).ec != std::errc{} || lo > hi || hi > 65535) {
        return std::nullopt;
    }
    return db::PortRange{static_cast<std::uint16_t>(lo), static_cast<std::uint16_t>(hi)};
}

// "1000-1010,2000\n", or an empty line.
std::vector<db::PortRange> read_port_list(const fs::path& file) {
    std::vector<db::PortRange> ranges;
    const auto text = read_text(file);
    if (!text) {
        return ranges;
    }
    std::string_view rest = *text;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto item = rest.substr(0, comma);
        while (!item.empty() && (item.back() == '\n' || item.back() == ' ')) {
            item.remove_suffix(1);
        }
        const auto dash = item.find('-');
        unsigned lo = 0;
        unsigned hi = 0;
        const auto first = item.substr(0, dash);
        const auto second = dash == std::string_view::npos ? first : item.substr(dash + 1);
        if (std::from_chars(first.data(), first.data() + first.size(), lo).ec == std::errc{} &&
            std::from_chars(second.data(), second.data() + second.size(), hi).ec == std::errc{} && lo <= hi &&
            hi <= 65535) {
            ranges.push_back({static_cast<std::uint16_t>(lo), static_cast<std::uint16_t>(hi)});
        }
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return ranges;
}

}  // namespace

LocalMachine LocalMachine::read(const fs::path& proc_root, const std::vector<std::string>& protocols) {
    LocalMachine machine;
    std::error_code ec;
    if (!fs::exists(proc_root / "net" / "tcp", ec)) {
        machine.unavailable = fmt::format("{} is not readable (not Linux?)", (proc_root / "net" / "tcp").string());
        return machine;
    }
    for (const std::string protocol : {"tcp", "udp"}) {
        if (std::find(protocols.begin(), protocols.end(), protocol) != protocols.end()) {
            read_sockets(proc_root / "net" / protocol, protocol, machine.sockets);
            read_sockets(proc_root / "net" / (protocol + "6"), protocol, machine.sockets);
        }
    }
    machine.ephemeral_range = read_port_range(proc_root / "sys" / "net" / "ipv4" / "ip_local_port_range");
    machine.reserved_ports = read_port_list(proc_root / "sys" / "net" / "ipv4" / "ip_local_reserved_ports");
    return machine;
}

bool LocalMachine::is_reserved(std::uint16_t port) const {
    return std::any_of(reserved_ports.begin(), reserved_ports.end(),
                       [&](const db::PortRange& range) { return range.contains(port); });
}

}  // namespace portdb::query
