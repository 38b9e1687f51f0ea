#include "portdb/query/search.hpp"

#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace portdb::query {

std::string fts_expression(std::string_view text) {
    // Words as FTS5's unicode61 tokenizer sees them: ASCII letters and digits,
    // and every non-ASCII byte (letters of other scripts); everything else separates.
    std::string expression;
    std::string word;
    const auto flush = [&] {
        if (!word.empty()) {
            expression += fmt::format("{}\"{}\"*", expression.empty() ? "" : " ", word);
            word.clear();
        }
    };
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || byte >= 0x80) {
            word += c;
        } else {
            flush();
        }
    }
    flush();
    if (expression.empty()) {
        throw UsageError(fmt::format("nothing to search for in \"{}\": give one or more words", text.substr(0, 40)));
    }
    return expression;
}

std::vector<RankedAnswer> search(const db::Database& database, std::string_view text, int limit,
                                 const SourceSelection& selection) {
    const SourceSet sources(database, selection);
    // Copies of one answer in several sources come back as several hits:
    // ask for enough to fill `limit` answers after merging them.
    const auto hits = database.search(fts_expression(text), limit * static_cast<int>(std::max<std::size_t>(1, sources.selected_ids().size())),
                                      sources.selected_ids());
    std::vector<db::StoredAssignment> rows;
    for (const auto& hit : hits) {
        rows.push_back(hit.row);
    }
    std::vector<RankedAnswer> ranked;
    for (auto& answer : merge_rows(rows, sources)) {
        const auto first = std::find_if(hits.begin(), hits.end(), [&](const db::SearchHit& hit) {
            return hit.row.assignment.name == answer.row.assignment.name && hit.row.assignment.ports == answer.row.assignment.ports &&
                   hit.row.assignment.protocol == answer.row.assignment.protocol;
        });
        ranked.push_back({std::move(answer), first != hits.end() ? first->rank : 0.0});
        if (ranked.size() == static_cast<std::size_t>(limit)) {
            break;
        }
    }
    return ranked;
}

}  // namespace portdb::query
