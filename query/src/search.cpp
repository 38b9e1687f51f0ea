#include "portdb/query/search.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/query/usage_error.hpp"

#include "search_topics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace portdb::query {

std::string fts_expression(std::string_view text) {
    if (text.size() > max_search_bytes) {
        throw UsageError(fmt::format("a search of {} bytes is too long: give at most {} words in {} bytes", text.size(),
                                     max_search_words, max_search_bytes));
    }
    // Words as FTS5's unicode61 tokenizer sees them: ASCII letters and digits,
    // and every non-ASCII byte (letters of other scripts); everything else separates.
    std::string expression;
    std::string word;
    std::size_t words = 0;
    const auto flush = [&] {
        if (!word.empty() && ++words > max_search_words) {
            throw UsageError(fmt::format("too many words to search for: give at most {}", max_search_words));
        }
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

namespace {

// The words of the text as FTS5 sees them, lower case.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80) {
            word += db::ascii_lower(c);
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) {
        words.push_back(std::move(word));
    }
    return words;
}

// The names a one-word text means by topic ("mail" -> smtp, pop3, imap, ...).
// More words narrow a search (every word must match), so they name no topic.
std::set<std::string> topic_names(const std::vector<std::string>& words) {
    std::set<std::string> names;
    for (const auto& topic : detail::search_topics) {
        if (words.size() == 1 &&
            std::find(topic.words.begin(), topic.words.end(), words.front()) != topic.words.end()) {
            for (const auto name : topic.names) {
                if (!name.empty()) {
                    names.emplace(name);
                }
            }
        }
    }
    return names;
}

struct Scored {
    RankedAnswer ranked;
    int tier = 2;
    double commonness = 0;
};

int tier_of(const db::Assignment& a, const std::vector<std::string>& words, const std::set<std::string>& topics) {
    std::vector<std::string> names;
    if (a.name) {
        names.push_back(db::ascii_lower(*a.name));
    }
    for (const auto& alias : a.aliases) {
        names.push_back(db::ascii_lower(alias));
    }
    for (const auto& name : names) {
        if (topics.contains(name) || std::find(words.begin(), words.end(), name) != words.end()) {
            return 0;
        }
    }
    for (const auto& name : names) {
        for (const auto& word : words) {
            if (name.rfind(word, 0) == 0) {
                return 1;
            }
        }
    }
    return 2;
}

// How commonly a service is met: what breaks ties inside a tier.
double commonness_of(const AnswerRow& answer) {
    const auto& a = answer.row.assignment;
    double score = 0;
    if (a.ports && a.ports->lo < 1024) {
        score += 2;  // a system port: the services everybody runs
    }
    if (answer.seen_in.size() > 1 || answer.row.layer == db::Layer::system || answer.row.layer == db::Layer::defacto) {
        score += 2;  // in a services file or the software defaults as well as the registry
    }
    if (a.frequency) {
        score += *a.frequency * 100;  // nmap: share of hosts seen with it open
    }
    return score;
}

}  // namespace

SearchResult search(const db::Database& database, std::string_view text, std::size_t limit,
                    const SourceSelection& selection) {
    const auto expression = fts_expression(text);  // usage errors first
    const SourceSet sources(database, selection);
    const auto words = words_of(text);
    const auto topics = topic_names(words);
    // Every match (a few thousand at most for one word), ranked here: bm25
    // alone puts "mail" in a description above smtp.
    auto hits = database.search(expression, 100000, sources.selected_ids(), db::RowDetail::row_only);
    std::vector<db::StoredAssignment> rows;
    std::map<std::int64_t, double> rank_of;
    for (auto& hit : hits) {
        rank_of.emplace(hit.row.id, hit.rank);
        rows.push_back(std::move(hit.row));
    }
    database.load_details(rows);  // aliases decide tiers and are shown
    for (const auto& name : topics) {
        for (auto& row : database.find_by_name(name)) {
            if (row.assignment.ports && !rank_of.contains(row.id)) {
                rank_of.emplace(row.id, 0.0);
                rows.push_back(std::move(row));
            }
        }
    }
    std::vector<Scored> scored;
    for (auto& answer : merge_rows(rows, sources)) {
        const auto tier = tier_of(answer.row.assignment, words, topics);
        const auto common = commonness_of(answer);
        const auto rank = rank_of[answer.row.id];
        scored.push_back({{std::move(answer), rank}, tier, common});
    }
    // Matched by name, the services in port order, TCP first (people mean
    // http 80/tcp and https 443/tcp before the UDP and SCTP registrations);
    // matched by description, bm25 says which fits best.
    const auto key = [](const Scored& x) {
        const auto& a = x.ranked.answer.row.assignment;
        const int port = a.ports ? a.ports->lo : 70000;
        const int protocol = a.protocol == "tcp" ? 0 : a.protocol == "udp" ? 1 : 2;
        return std::tuple(x.tier, -x.commonness, x.tier == 2 ? x.ranked.rank : 0.0, protocol, port);
    };
    std::stable_sort(scored.begin(), scored.end(), [&](const Scored& x, const Scored& y) { return key(x) < key(y); });
    SearchResult result;
    for (auto& entry : scored) {
        if (limit != 0 && result.answers.size() == limit) {
            ++result.more;
        } else {
            result.answers.push_back(std::move(entry.ranked));
        }
    }
    return result;
}

}  // namespace portdb::query
