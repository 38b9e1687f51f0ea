#include "portdb/query/layers.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/query/usage_error.hpp"
#include "registry_level.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace portdb::query {
namespace {

bool matches(const db::SourceInfo& source, std::string_view word) {
    const auto wanted = db::ascii_lower(word);
    return wanted == db::to_string(source.layer) || wanted == db::to_string(source.kind) ||
           wanted == db::ascii_lower(db::display_name(source)) || word == source.location;
}

}  // namespace

void check_source_word(const std::vector<db::SourceInfo>& sources, std::string_view word) {
    if (std::any_of(sources.begin(), sources.end(), [&](const auto& s) { return matches(s, word); })) {
        return;
    }
    std::string known;
    for (const auto& s : sources) {
        known += fmt::format("{}\"{}\"", known.empty() ? "" : ", ", db::display_name(s));
    }
    throw UsageError(
        fmt::format("no source \"{}\" in the database: give a layer (registry, history, system, defacto, "
                    "site), a kind (iana-xml, services, ...) or one of {}",
                    word.substr(0, 80), known.empty() ? "(none yet)" : known));
}

namespace {

db::SourceInfo source_of(const db::StoredAssignment& row) {
    db::SourceInfo source;
    source.id = row.source_id;
    source.kind = row.source;
    source.layer = row.layer;
    source.location = row.source_location;
    source.registry_date = row.source_date;
    return source;
}

}  // namespace

SourceSet::SourceSet(const db::Database& database, const SourceSelection& selection)
    : database_(database), selection_(selection) {
    if (selection_.source) {
        check_source_word(all(), *selection_.source);
    }
}

const std::vector<db::SourceInfo>& SourceSet::all() const {
    if (!all_) {
        all_ = database_.sources();
    }
    return *all_;
}

const std::vector<std::int64_t>& SourceSet::selected_ids() const {
    if (!selected_) {
        selected_.emplace();
        for (const auto& s : all()) {
            // Naming a source asks for it, history or not.
            const bool wanted = selection_.source ? matches(s, *selection_.source)
                                                  : selection_.history || s.layer != db::Layer::history;
            if (wanted) {
                selected_->push_back(s.id);
            }
        }
    }
    return *selected_;
}

bool SourceSet::selected(const db::StoredAssignment& row) const {
    if (selection_.protocol && row.assignment.protocol && *row.assignment.protocol != *selection_.protocol) {
        return false;
    }
    if (selection_.source) {
        return matches(source_of(row), *selection_.source);
    }
    return selection_.history || row.layer != db::Layer::history;
}

std::string SourceSet::name_of(const db::StoredAssignment& row) {
    return db::display_name(row.source, row.source_location, row.source_date);
}

std::pair<int, std::string> SourceSet::rank_of(const db::StoredAssignment& row) {
    // Dates compare as text; a newer one must come first, so rank its complement.
    std::string date = row.source_date.value_or("");
    for (char& c : date) {
        c = static_cast<char>('9' - (c >= '0' && c <= '9' ? c - '0' : 0));
    }
    return {db::layer_precedence(row.layer), date};
}

std::vector<AnswerRow> merge_rows(const std::vector<db::StoredAssignment>& rows, const SourceSet& sources) {
    using Key = std::tuple<std::string, int, int, std::string>;
    const auto key_of = [](const db::Assignment& a) {
        // fmt, not "[" + std::string: GCC 12 at -O2 warns (-Wrestrict) on the latter, wrongly.
        return Key{a.name ? db::ascii_lower(*a.name) : fmt::format("[{}]", db::to_string(a.status)),
                   a.ports ? a.ports->lo : -1, a.ports ? a.ports->hi : -1, a.protocol.value_or("")};
    };
    std::map<Key, std::size_t> index;
    std::vector<AnswerRow> merged;
    std::vector<std::vector<std::pair<std::pair<int, std::string>, std::string>>> seen;  // (rank, name) per answer
    for (const auto& row : rows) {
        if (!sources.selected(row)) {
            continue;
        }
        const auto rank = SourceSet::rank_of(row);
        const auto [it, fresh] = index.emplace(key_of(row.assignment), merged.size());
        if (fresh) {
            merged.push_back({row, {}});
            seen.emplace_back();
        } else {
            auto& kept = merged[it->second].row;
            const auto frequency = kept.assignment.frequency ? kept.assignment.frequency : row.assignment.frequency;
            if (rank < SourceSet::rank_of(kept)) {
                kept = row;  // the most authoritative copy speaks for the answer
            }
            kept.assignment.frequency = frequency;  // nmap's popularity survives the merge
        }
        seen[it->second].emplace_back(rank, SourceSet::name_of(row));
    }
    for (std::size_t i = 0; i < merged.size(); ++i) {
        std::stable_sort(seen[i].begin(), seen[i].end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [rank, name] : seen[i]) {
            if (std::find(merged[i].seen_in.begin(), merged[i].seen_in.end(), name) == merged[i].seen_in.end()) {
                merged[i].seen_in.push_back(std::move(name));
            }
        }
    }
    return merged;
}

}  // namespace portdb::query
