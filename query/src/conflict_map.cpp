#include "portdb/query/conflict_map.hpp"

#include "registry_severity.hpp"

#include <algorithm>

namespace portdb::query {

void ConflictMap::raise(std::uint32_t lo, std::uint32_t hi, Severity severity) {
    const auto level = static_cast<std::uint8_t>(static_cast<int>(severity) + 1);
    for (std::uint32_t port = lo; port <= hi && port <= 65535; ++port) {
        worst_[port] = std::max(worst_[port], level);
    }
}

ConflictMap::ConflictMap(const std::vector<db::PortRangeRow>& registry, const Policy& policy, const LocalMachine* local,
                         std::string_view protocol, const std::set<std::string, std::less<>>& ignored) {
    raise(0, 0, Severity::error);  // never a service port (see Checker)
    for (const auto& row : registry) {
        if (!row.protocol || *row.protocol == protocol) {
            raise(row.ports.lo, row.ports.hi, detail::registry_severity(row.source, row.named, row.status));
        }
    }
    for (const auto& rule : policy.rules) {
        if (rule.applies_to_protocol(protocol) && !ignored.contains(rule.id)) {
            for (const auto& range : rule.ports) {
                raise(range.lo, range.hi, rule.severity);
            }
        }
    }
    if (local == nullptr || !local->unavailable.empty()) {
        return;
    }
    for (const auto& socket : local->sockets) {
        if (socket.protocol == protocol) {
            raise(socket.port, socket.port, socket.listening ? Severity::warning : Severity::info);
        }
    }
    if (local->ephemeral_range && !ignored.contains("local-ephemeral-range")) {
        for (std::uint32_t port = local->ephemeral_range->lo; port <= local->ephemeral_range->hi; ++port) {
            raise(port, port, local->is_reserved(static_cast<std::uint16_t>(port)) ? Severity::info : Severity::warning);
        }
    }
}

std::optional<Severity> ConflictMap::worst(std::uint16_t port) const {
    const auto level = worst_[port];
    return level == 0 ? std::nullopt : std::optional<Severity>(static_cast<Severity>(level - 1));
}

bool ConflictMap::clean(std::uint16_t port) const { return worst_[port] < static_cast<int>(Severity::warning) + 1; }

}  // namespace portdb::query
