#pragma once
// Which sources answer a question, and one row per answer however many
// sources agree on it.

#include "portdb/db/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query {

/// What the user asked to hear from. By default every layer but history.
struct SourceSelection {
    bool history = false;                 ///< --history: older registries, RFC 1700, port-numbers text too
    std::optional<std::string> source;    ///< --source: a layer, a kind, a source's name or its location
    std::optional<std::string> protocol;  ///< --protocol: rows of that protocol (and protocol-less ones)
};

/// The sources of the database in precedence order (registry, site, de-facto,
/// system, history; newest first within a layer), with the ones selected.
/// Rows carry enough of their source to be named, ranked and selected
/// without reading the sources table: a lookup reads it only for --source.
class SourceSet {
public:
    /// Throws UsageError when the selection names no source of the database.
    SourceSet(const db::Database& database, const SourceSelection& selection);

    [[nodiscard]] const std::vector<db::SourceInfo>& all() const;
    /// Ids of the selected sources, for queries that filter in SQL.
    [[nodiscard]] const std::vector<std::int64_t>& selected_ids() const;
    [[nodiscard]] bool selected(const db::StoredAssignment& row) const;
    /// The row's source as a user recognises it ("IANA 2025-12-15").
    [[nodiscard]] static std::string name_of(const db::StoredAssignment& row);
    /// Smaller is more authoritative: the layer, then the newer date.
    [[nodiscard]] static std::pair<int, std::string> rank_of(const db::StoredAssignment& row);

private:
    const db::Database& database_;
    SourceSelection selection_;
    mutable std::optional<std::vector<db::SourceInfo>> all_;
    mutable std::optional<std::vector<std::int64_t>> selected_;
};

/// Throws UsageError when `word` names no layer, kind, source name or location
/// of the database (saying what would), so a typo never reads as "nothing found".
void check_source_word(const std::vector<db::SourceInfo>& sources, std::string_view word);

/// One answer: the row from the most authoritative source that has it, and
/// every source where the same name, ports and protocol were seen.
struct AnswerRow {
    db::StoredAssignment row;
    std::vector<std::string> seen_in;  ///< source names, most authoritative first
};

/// Keeps the selected rows and merges rows that agree (same name in any case,
/// or same status for unnamed rows; same ports; same protocol). Answers keep
/// the order in which each was first met.
[[nodiscard]] std::vector<AnswerRow> merge_rows(const std::vector<db::StoredAssignment>& rows,
                                                const SourceSet& sources);

}  // namespace portdb::query
