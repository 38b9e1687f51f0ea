#pragma once
// In-tree only (never installed: JSON is not part of the library's API).
// The one JSON shape of an assignment row, used by every --json output and by
// export --format json (documented in the README).

#include "portdb/db/database.hpp"
#include "portdb/query/finding.hpp"

#include <nlohmann/json.hpp>

namespace portdb::query {

[[nodiscard]] nlohmann::json assignment_json(const db::StoredAssignment& row);
/// A finding, and whether a check for `weighed` counts it.
[[nodiscard]] nlohmann::json finding_json(const Finding& finding, TargetSet weighed);

}  // namespace portdb::query
