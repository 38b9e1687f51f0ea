// Checker::check_local: what this machine says about a port now: its
// sockets, and its live ephemeral range less the reserved ports.
#include "portdb/query/checker.hpp"

#include "checker_text.hpp"

#include <fmt/format.h>

#include <set>

namespace portdb::query {

using detail::contains;
using detail::joined;

void Checker::check_local(std::uint16_t port, CheckReport& report) const {
    if (local_ == nullptr) {
        report.notes.emplace_back("this machine was not checked (--no-local)");
        return;
    }
    if (!local_->unavailable.empty()) {
        report.notes.push_back("this machine was not checked: " + local_->unavailable);
        return;
    }
    // This machine is a Linux one (/proc): its findings concern Linux.
    const auto local_finding = [&](Level level, std::string code, std::string protocol, std::string title,
                                   std::string summary, std::string message, std::string source) {
        report.findings.push_back({level, TargetSet{Target::linux_os}, std::move(code), std::move(protocol),
                                   std::move(title), std::move(summary), std::move(message), "local", std::move(source),
                                   false});
    };
    std::vector<std::string> unread;
    for (const auto& protocol : report.protocols) {
        if (protocol != "tcp" && protocol != "udp") {
            unread.push_back(protocol);
        }
    }
    if (!unread.empty()) {
        report.notes.push_back(
            fmt::format("this machine's {} sockets were not checked (portdb reads tcp and udp)", joined(unread, "+")));
    }
    std::set<std::string> reported;
    for (const auto& socket : local_->sockets) {
        if (socket.port != port || !contains(report.protocols, socket.protocol) ||
            !reported.insert(socket.protocol + socket.address + (socket.listening ? "L" : "C")).second) {
            continue;
        }
        if (socket.listening) {
            const auto verb = socket.protocol == "tcp" ? "listening" : "bound";
            local_finding(
                Level::conflict, socket.protocol == "tcp" ? "local-listening" : "local-bound", socket.protocol,
                fmt::format("{} on this machine", verb),
                fmt::format("{} on this machine now ({})", verb, socket.address),
                fmt::format("{} port {} is {} on this machine now ({})", socket.protocol, port, verb, socket.address),
                "/proc/net/" + socket.protocol);
        } else {
            local_finding(Level::caution, "local-in-use", socket.protocol, "held by a connection on this machine",
                          fmt::format("held by a connection on this machine now ({})", socket.address),
                          fmt::format("tcp port {} is held by a connection on this machine now ({}): a server "
                                      "starting now could not bind it",
                                      port, socket.address),
                          "/proc/net/tcp");
        }
    }
    const auto& range = local_->ephemeral_range;
    if (range && range->contains(port)) {
        if (local_->is_reserved(port)) {
            local_finding(Level::note, "local-reserved-port", "", "reserved on this machine",
                          "reserved on this machine (ip_local_reserved_ports)",
                          fmt::format("inside this machine's ephemeral range {}-{}, but listed in "
                                      "net.ipv4.ip_local_reserved_ports: outgoing sockets will not take it",
                                      range->lo, range->hi),
                          "/proc/sys/net/ipv4/ip_local_reserved_ports");
        } else {
            local_finding(Level::conflict, "local-ephemeral-range", "", "this machine's ephemeral range",
                          fmt::format("inside this machine's ephemeral range ({}-{})", range->lo, range->hi),
                          fmt::format("inside this machine's ephemeral range {}-{} (net.ipv4.ip_local_port_range): an "
                                      "outgoing connection may hold the port when the service starts. To keep it free: "
                                      "sysctl net.ipv4.ip_local_reserved_ports={}",
                                      range->lo, range->hi, port),
                          "/proc/sys/net/ipv4/ip_local_port_range");
        }
    }
}

}  // namespace portdb::query
