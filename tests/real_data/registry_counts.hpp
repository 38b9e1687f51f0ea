#pragma once
// The counting rules of doc/formats.md §8, shared by the real-data tests.

#include "portdb/importer/parsed_source.hpp"

#include <map>
#include <set>
#include <string>

namespace portdb::test {

struct Counts {
    std::size_t assignments = 0;
    std::map<std::string, std::size_t> by_protocol;
    std::size_t written_ranges = 0;
    std::set<std::string> names;
    std::size_t unassigned = 0;
    std::size_t reserved = 0;
    std::size_t other_status = 0;
};

// The counting rules of doc/formats.md §8.
inline Counts count(const importer::ParsedSource& parsed) {
    Counts c;
    for (const auto& a : parsed.assignments) {
        if (!a.active) {
            continue;
        }
        if (a.name) {
            c.names.insert(*a.name);
        }
        if (a.ports && (a.ports->is_range() || a.flags.find("degenerate-range") != std::string::npos)) {
            ++c.written_ranges;
        }
        if (a.name && a.protocol && a.ports) {
            ++c.assignments;
            ++c.by_protocol[*a.protocol];
        }
        if (!a.name) {
            c.unassigned += a.status == db::Status::unassigned ? 1 : 0;
            c.reserved += a.status == db::Status::reserved ? 1 : 0;
            c.other_status += a.status != db::Status::unassigned && a.status != db::Status::reserved ? 1 : 0;
        }
    }
    return c;
}

}  // namespace portdb::test
