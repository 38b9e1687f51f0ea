#include "portdb/importer/registry_diff.hpp"

#include <map>
#include <tuple>
#include <unordered_set>

namespace portdb::importer {
namespace {

using Ports = std::tuple<int, int>;  // (lo, hi), (-1, -1) for none

Ports ports_of(const db::Assignment& a) { return a.ports ? Ports{a.ports->lo, a.ports->hi} : Ports{-1, -1}; }

std::vector<std::string> changed_fields(const db::Assignment& before, const db::Assignment& after) {
    std::vector<std::string> fields;
    if (before.name != after.name) {
        fields.emplace_back("name");
    }
    if (before.ports != after.ports) {
        fields.emplace_back("ports");
    }
    if (before.protocol != after.protocol) {
        fields.emplace_back("protocol");
    }
    if (before.description != after.description) {
        fields.emplace_back("description");
    }
    if (before.status != after.status) {
        fields.emplace_back("status");
    }
    return fields;
}

/// Identity of a record across snapshots, before falling back to its port range.
using Key = std::tuple<bool, std::string, std::string, Ports>;

Key identity(const db::Assignment& a) {
    // Services by (name, protocol); statuses by (protocol, ports).
    return a.name ? Key{true, *a.name, a.protocol.value_or(""), {}}
                  : Key{false, "", a.protocol.value_or(""), ports_of(a)};
}

}  // namespace

RegistryDiff diff_registries(const std::vector<db::Assignment>& before, const std::vector<db::Assignment>& after) {
    // Records sharing an identity (msp on 18 and 2438) pair up by exact port first.
    std::multimap<Key, const db::Assignment*> old_records;
    for (const auto& a : before) {
        if (a.active) {
            old_records.emplace(identity(a), &a);
        }
    }
    RegistryDiff diff;
    std::vector<const db::Assignment*> unmatched_new;
    for (const auto& a : after) {
        if (!a.active) {
            continue;
        }
        auto [first, last] = old_records.equal_range(identity(a));
        auto match = last;
        for (auto it = first; it != last; ++it) {
            if (ports_of(*it->second) == ports_of(a)) {
                match = it;
                break;
            }
        }
        if (match == last && first != last && std::next(first) == last) {
            match = first;  // the one record of that identity, moved to another port
        }
        if (match == last) {
            unmatched_new.push_back(&a);
            continue;
        }
        auto fields = changed_fields(*match->second, a);
        if (!fields.empty()) {
            diff.changed.push_back({*match->second, a, std::move(fields)});
        }
        old_records.erase(match);
    }
    // A renamed service keeps its port range and protocol.
    std::multimap<std::tuple<std::string, Ports>, const db::Assignment*> leftover_by_port;
    for (const auto& [key, record] : old_records) {
        if (record->name) {
            leftover_by_port.emplace(std::tuple{record->protocol.value_or(""), ports_of(*record)}, record);
        }
    }
    std::vector<const db::Assignment*> still_new;
    for (const auto* a : unmatched_new) {
        const auto found = a->name && a->ports ? leftover_by_port.find({a->protocol.value_or(""), ports_of(*a)})
                                               : leftover_by_port.end();
        if (found == leftover_by_port.end()) {
            still_new.push_back(a);
            continue;
        }
        diff.changed.push_back({*found->second, *a, changed_fields(*found->second, *a)});
        for (auto it = old_records.begin(); it != old_records.end(); ++it) {
            if (it->second == found->second) {
                old_records.erase(it);
                break;
            }
        }
        leftover_by_port.erase(found);
    }
    for (const auto* a : still_new) {
        diff.added.push_back(*a);
    }
    // What is left of the old snapshot was removed; report it in file order.
    std::unordered_set<const db::Assignment*> removed;
    for (const auto& [key, record] : old_records) {
        removed.insert(record);
    }
    for (const auto& a : before) {
        if (removed.contains(&a)) {
            diff.removed.push_back(a);
        }
    }
    return diff;
}

}  // namespace portdb::importer
