#include "portdb/query/search.hpp"

#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

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

std::vector<db::SearchHit> search(const db::Database& database, std::string_view text, int limit) {
    return database.search(fts_expression(text), limit);
}

}  // namespace portdb::query
