#pragma once
// What this machine says about ports right now (Linux /proc).

#include "portdb/db/assignment.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace portdb::query {

/// A socket with a local port: listening (TCP), bound (UDP), or holding the
/// port for a connection (TCP, any other state).
struct LocalSocket {
    std::string protocol;  ///< "tcp" or "udp" (IPv4 and IPv6 alike)
    std::uint16_t port = 0;
    std::string address;  ///< the local address, e.g. "127.0.0.1" or "::"
    bool listening = false;
};

/// A snapshot of the machine's port state, read once.
struct LocalMachine {
    std::vector<LocalSocket> sockets;
    std::optional<db::PortRange> ephemeral_range;  ///< net.ipv4.ip_local_port_range
    std::vector<db::PortRange> reserved_ports;     ///< net.ipv4.ip_local_reserved_ports
    /// Why nothing could be read (not Linux, no /proc); empty when it could.
    std::string unavailable;

    /// Reads /proc/net/{tcp,tcp6,udp,udp6} (only those of `protocols`) and
    /// the two sysctls under `proc_root` (another root serves tests). Never
    /// throws: what cannot be read is said in `unavailable`.
    static LocalMachine read(const std::filesystem::path& proc_root = "/proc",
                             const std::vector<std::string>& protocols = {"tcp", "udp"});

    [[nodiscard]] bool is_reserved(std::uint16_t port) const;
};

}  // namespace portdb::query
