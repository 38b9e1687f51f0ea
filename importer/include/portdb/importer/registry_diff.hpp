#pragma once
// What changed between two snapshots of a registry.

#include "portdb/db/assignment.hpp"

#include <string>
#include <vector>

namespace portdb::importer {

struct RecordChange {
    db::Assignment before;
    db::Assignment after;
    std::vector<std::string> fields;  ///< of "name", "ports", "protocol", "description", "status"
};

struct RegistryDiff {
    std::vector<db::Assignment> added;
    std::vector<db::Assignment> removed;
    std::vector<RecordChange> changed;

    [[nodiscard]] bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

/// Compares active records. A service is the same record across snapshots
/// when its name and protocol match (its port may change); a status record
/// when its port range and protocol match. A name that changes on the same
/// port range and protocol is a change of name, not a removal and an addition.
/// An Unassigned range split by a new assignment shows as removed and added
/// ranges (a different range is a different record).
[[nodiscard]] RegistryDiff diff_registries(const std::vector<db::Assignment>& before,
                                           const std::vector<db::Assignment>& after);

}  // namespace portdb::importer
