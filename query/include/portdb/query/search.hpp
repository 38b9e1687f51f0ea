#pragma once
// Full-text search over service names and descriptions.

#include "portdb/db/database.hpp"
#include "portdb/query/layers.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query {

/// Turns any user text into a safe FTS5 expression: every word becomes a
/// quoted prefix term ("mail"*), so quotes, '*', NEAR( or column filters in
/// the text are searched for as words, never run as FTS syntax. Throws
/// UsageError when the text holds no word at all, or more than
/// max_search_words words or max_search_bytes bytes: FTS5's work grows faster
/// than its terms, and no description needs more to be found.
[[nodiscard]] std::string fts_expression(std::string_view text);

inline constexpr std::size_t max_search_words = 16;
inline constexpr std::size_t max_search_bytes = 1024;

/// A search answer and its bm25 rank (lower is better; 0 for an answer
/// found by name or topic rather than by words).
struct RankedAnswer {
    AnswerRow answer;
    double rank = 0;
};

/// Ranked answers, and how many more there were past the limit.
struct SearchResult {
    std::vector<RankedAnswer> answers;
    std::size_t more = 0;
};

/// Ranked matches from the selected sources, rows that agree across sources
/// merged, best first:
/// 1. the name (or an alias) is a word of the text, or the text is one word naming a topic
///    the service belongs to (search_topics.hpp: "mail" is smtp, submission,
///    pop3, imap and their TLS forms);
/// 2. a name starts with a word of the text;
/// 3. the words are in the description.
/// Within each tier, commonly used services first: a system port (below
/// 1024), seen in a services file or the software defaults as well, nmap's
/// open frequency; then bm25, then the port. `limit` 0 means no limit.
[[nodiscard]] SearchResult search(const db::Database& database, std::string_view text, std::size_t limit = 50,
                                  const SourceSelection& selection = {});

}  // namespace portdb::query
