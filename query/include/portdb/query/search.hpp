#pragma once
// Full-text search over service names and descriptions.

#include "portdb/db/database.hpp"
#include "portdb/query/layers.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace portdb::query {

/// Turns any user text into a safe FTS5 expression: every word becomes a
/// quoted prefix term ("mail"*), so quotes, '*', NEAR( or column filters in
/// the text are searched for as words, never run as FTS syntax. Throws
/// UsageError when the text holds no word at all.
[[nodiscard]] std::string fts_expression(std::string_view text);

/// A search answer and its bm25 rank (lower is better).
struct RankedAnswer {
    AnswerRow answer;
    double rank = 0;
};

/// Ranked matches from the selected sources (names weigh more than
/// descriptions), best first, rows that agree across sources merged.
[[nodiscard]] std::vector<RankedAnswer> search(const db::Database& database, std::string_view text, int limit = 50,
                                               const SourceSelection& selection = {});

}  // namespace portdb::query
