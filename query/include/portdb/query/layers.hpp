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
class SourceSet {
public:
    SourceSet(const db::Database& database, const SourceSelection& selection);

    [[nodiscard]] const std::vector<db::SourceInfo>& all() const { return all_; }
    /// Ids of the selected sources, for queries that filter in SQL.
    [[nodiscard]] const std::vector<std::int64_t>& selected_ids() const { return selected_; }
    [[nodiscard]] bool selected(const db::StoredAssignment& row) const;
    /// The source's name as a user recognises it ("IANA 2025-12-15").
    [[nodiscard]] std::string name_of(std::int64_t source_id) const;
    /// 0 for the most authoritative source; larger is weaker.
    [[nodiscard]] std::size_t rank_of(std::int64_t source_id) const;

private:
    std::vector<db::SourceInfo> all_;
    std::vector<std::int64_t> selected_;
    std::optional<std::string> protocol_;
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
[[nodiscard]] std::vector<AnswerRow> merge_rows(const std::vector<db::StoredAssignment>& rows, const SourceSet& sources);

}  // namespace portdb::query
