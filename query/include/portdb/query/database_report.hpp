#pragma once
// What `info` tells about a database: its sources, their ages and counts, and
// whether the registry is due for an update. The rules live here; the CLI
// only renders the report.

#include "portdb/db/database.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portdb::query {

/// IANA changes the registry every few weeks; past this many days, update it,
inline constexpr long stale_registry_days = 90;
/// unless an update asked IANA within this many days (and it had not changed).
inline constexpr long recent_check_days = 7;

struct SourceReport {
    db::SourceInfo source;
    std::map<std::string, std::int64_t> assignments_by_protocol;
    /// Days from its registry date (a month date read as its 1st) to today;
    /// nullopt when undated. Never negative: a date in the future is 0 days
    /// old, and `future_date` says so.
    std::optional<long> age_days;
    bool future_date = false;
};

struct DatabaseReport {
    std::filesystem::path path;
    int schema_version = 0;
    std::optional<std::uintmax_t> size_bytes;
    std::vector<SourceReport> sources;  ///< most authoritative layer first
    bool has_registry = false;
    /// The registry is older than stale_registry_days and no update asked
    /// for a newer one in the last recent_check_days: `portdb update` is due.
    bool registry_stale = false;
};

[[nodiscard]] DatabaseReport describe(const db::Database& database);

/// Days from a registry date ("2025-12-15", or "2025-12" read as the 1st) to today; negative for a future date.
[[nodiscard]] std::optional<long> days_since(const std::optional<std::string>& date);

}  // namespace portdb::query
