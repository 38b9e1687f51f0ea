#pragma once
// The answers of `audit`: a table per file (worst first) and a summary line,
// JSON (shape in the README), and SARIF 2.1.0 for code-scanning UIs.

#include "portdb/query/audit/audit.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace portdb::cli {

/// "37 bindings in 12 files: 2 collisions, 3 conflicts, 5 cautions", with the
/// unresolved ports and the skipped files when there are any.
[[nodiscard]] std::string audit_summary(const query::audit::AuditReport& report);
[[nodiscard]] std::string format_audit(const query::audit::AuditReport& report, bool color);
[[nodiscard]] nlohmann::json to_json(const query::audit::AuditReport& report);
/// One result per collision, conflict, caution, unresolved port and file problem.
[[nodiscard]] nlohmann::json to_sarif(const query::audit::AuditReport& report, const std::string& version);

}  // namespace portdb::cli
