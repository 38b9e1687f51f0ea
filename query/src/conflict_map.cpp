#include "portdb/query/conflict_map.hpp"

#include "registry_level.hpp"

#include <algorithm>

namespace portdb::query {

void ConflictMap::raise(std::uint32_t lo, std::uint32_t hi, Level level) {
    const auto verdict = static_cast<std::uint8_t>(verdict_of(level));
    if (verdict == 0) {
        return;  // a note decides nothing
    }
    for (std::uint32_t port = lo; port <= hi && port <= 65535; ++port) {
        verdicts_[port] = std::max(verdicts_[port], verdict);
    }
}

ConflictMap::ConflictMap(const std::vector<db::PortRangeRow>& registry, const Policy& policy, const LocalMachine* local,
                         std::string_view protocol, TargetSet targets) {
    raise(0, 0, Level::conflict);  // never a service port (see Checker)
    for (const auto& row : registry) {
        const bool same = !row.protocol || *row.protocol == protocol;
        raise(row.ports.lo, row.ports.hi, detail::registry_level(row.layer, row.named, row.status, same));
    }
    for (const auto& rule : policy.rules) {
        if (rule.applies_to_protocol(protocol) && rule.targets.weighed_by(targets)) {
            for (const auto& range : rule.ports) {
                raise(range.lo, range.hi, rule.level);
            }
        }
    }
    // This machine's findings concern Linux (see Checker::check_local).
    if (local == nullptr || !local->unavailable.empty() || !TargetSet{Target::linux_os}.weighed_by(targets)) {
        return;
    }
    for (const auto& socket : local->sockets) {
        if (socket.protocol == protocol) {
            raise(socket.port, socket.port, socket.listening ? Level::conflict : Level::caution);
        }
    }
    if (local->ephemeral_range) {
        for (std::uint32_t port = local->ephemeral_range->lo; port <= local->ephemeral_range->hi; ++port) {
            if (!local->is_reserved(static_cast<std::uint16_t>(port))) {
                raise(port, port, Level::conflict);
            }
        }
    }
}

}  // namespace portdb::query
