// Which bindings of a tree take the same port: same domain (one host, the
// cluster's nodes, one pod), same protocol, overlapping ports, compatible
// addresses, and different owners (a Compose override restating its base's
// port is the same service, not a collision).
#include "portdb/query/audit/audit.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

namespace portdb::query::audit {
namespace {

bool addresses_meet(const std::string& a, const std::string& b) { return a.empty() || b.empty() || a == b; }

struct Components {
    explicit Components(std::size_t size) : parent(size) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
    std::size_t find(std::size_t i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
    void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
    std::vector<std::size_t> parent;
};

}  // namespace

std::vector<Collision> find_collisions(const std::vector<CheckedBinding>& bindings) {
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> spaces;  // (domain, protocol)
    for (std::size_t i = 0; i < bindings.size(); ++i) {
        const auto& b = bindings[i].binding;
        if (!b.domain.empty()) {
            spaces[{b.domain, b.protocol}].push_back(i);
        }
    }
    Components components(bindings.size());
    std::vector<bool> involved(bindings.size(), false);
    struct Overlap {
        std::size_t binding;
        std::uint16_t lo;
        std::uint16_t hi;
    };
    std::vector<Overlap> overlaps;  // the ports each colliding pair shares
    for (auto& [space, members] : spaces) {
        std::sort(members.begin(), members.end(),
                  [&](std::size_t a, std::size_t b) { return bindings[a].binding.lo < bindings[b].binding.lo; });
        for (std::size_t i = 0; i < members.size(); ++i) {
            const auto& a = bindings[members[i]].binding;
            // Sorted by their first port: whatever overlaps `a` later starts at or before its last.
            for (std::size_t j = i + 1; j < members.size() && bindings[members[j]].binding.lo <= a.hi; ++j) {
                const auto& b = bindings[members[j]].binding;
                if (a.identity == b.identity || !addresses_meet(a.address, b.address)) {
                    continue;
                }
                components.join(members[i], members[j]);
                involved[members[i]] = involved[members[j]] = true;
                overlaps.push_back({members[i], b.lo, std::min(a.hi, b.hi)});
            }
        }
    }
    std::map<std::size_t, Collision> by_root;
    for (std::size_t i = 0; i < bindings.size(); ++i) {
        if (!involved[i]) {
            continue;
        }
        auto& collision = by_root[components.find(i)];
        const auto& b = bindings[i].binding;
        if (collision.bindings.empty()) {
            collision.protocol = b.protocol;
            collision.domain = b.domain;
            collision.lo = 65535;
        }
        collision.bindings.push_back(i);
    }
    for (const auto& overlap : overlaps) {
        auto& collision = by_root[components.find(overlap.binding)];
        collision.lo = std::min(collision.lo, overlap.lo);
        collision.hi = std::max(collision.hi, overlap.hi);
    }
    std::vector<Collision> out;
    for (auto& [root, collision] : by_root) {
        out.push_back(std::move(collision));
    }
    std::sort(out.begin(), out.end(), [](const Collision& a, const Collision& b) {
        return std::tie(a.lo, a.protocol, a.bindings) < std::tie(b.lo, b.protocol, b.bindings);
    });
    return out;
}

}  // namespace portdb::query::audit
