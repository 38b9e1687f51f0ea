#pragma once
// In-tree only (never installed: JSON is not part of the library's API).
// The one JSON shape of an assignment row and of a source, used by every
// --json output and by export --format json (documented in the README).

#include "portdb/db/database.hpp"
#include "portdb/query/finding.hpp"

#include <nlohmann/json.hpp>

namespace portdb::query {

[[nodiscard]] nlohmann::json assignment_json(const db::StoredAssignment& row);
/// A source as `info`, `import`'s and `update`'s "replaced" and `export` show it.
[[nodiscard]] nlohmann::json source_json(const db::SourceInfo& source);
/// A finding, and whether a check for `weighed` counts it.
[[nodiscard]] nlohmann::json finding_json(const Finding& finding, TargetSet weighed);

}  // namespace portdb::query
