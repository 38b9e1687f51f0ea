#include "portdb/query/layers.hpp"

#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace portdb::query {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool matches(const db::SourceInfo& source, std::string_view word) {
    const auto wanted = lower(word);
    return wanted == db::to_string(source.layer) || wanted == db::to_string(source.kind) ||
           wanted == lower(db::display_name(source)) || word == source.location;
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
    throw UsageError(fmt::format("no source \"{}\" in the database: give a layer (registry, history, system, defacto, "
                                 "site), a kind (iana-xml, services, ...) or one of {}",
                                 word.substr(0, 80), known.empty() ? "(none yet)" : known));
}

SourceSet::SourceSet(const db::Database& database, const SourceSelection& selection)
    : all_(database.sources()), protocol_(selection.protocol) {
    if (selection.source) {
        check_source_word(all_, *selection.source);
    }
    for (const auto& s : all_) {
        // Naming a source asks for it, history or not.
        const bool wanted = selection.source ? matches(s, *selection.source)
                                             : selection.history || s.layer != db::Layer::history;
        if (wanted) {
            selected_.push_back(s.id);
        }
    }
}

bool SourceSet::selected(const db::StoredAssignment& row) const {
    if (protocol_ && row.assignment.protocol && *row.assignment.protocol != *protocol_) {
        return false;
    }
    return std::find(selected_.begin(), selected_.end(), row.source_id) != selected_.end();
}

std::string SourceSet::name_of(std::int64_t source_id) const {
    for (const auto& s : all_) {
        if (s.id == source_id) {
            return db::display_name(s);
        }
    }
    return "?";
}

std::size_t SourceSet::rank_of(std::int64_t source_id) const {
    for (std::size_t i = 0; i < all_.size(); ++i) {
        if (all_[i].id == source_id) {
            return i;
        }
    }
    return all_.size();
}

std::vector<AnswerRow> merge_rows(const std::vector<db::StoredAssignment>& rows, const SourceSet& sources) {
    using Key = std::tuple<std::string, int, int, std::string>;
    const auto key_of = [](const db::Assignment& a) {
        return Key{a.name ? lower(*a.name) : "[" + std::string(db::to_string(a.status)) + "]",
                   a.ports ? a.ports->lo : -1, a.ports ? a.ports->hi : -1, a.protocol.value_or("")};
    };
    std::map<Key, std::size_t> index;
    std::vector<AnswerRow> merged;
    std::vector<std::vector<std::pair<std::size_t, std::string>>> seen;  // (rank, name) per answer
    for (const auto& row : rows) {
        if (!sources.selected(row)) {
            continue;
        }
        const auto rank = sources.rank_of(row.source_id);
        const auto [it, fresh] = index.emplace(key_of(row.assignment), merged.size());
        if (fresh) {
            merged.push_back({row, {}});
            seen.emplace_back();
        } else {
            auto& kept = merged[it->second].row;
            const auto frequency = kept.assignment.frequency ? kept.assignment.frequency : row.assignment.frequency;
            if (rank < sources.rank_of(kept.source_id)) {
                kept = row;  // the most authoritative copy speaks for the answer
            }
            kept.assignment.frequency = frequency;  // nmap's popularity survives the merge
        }
        seen[it->second].emplace_back(rank, sources.name_of(row.source_id));
    }
    for (std::size_t i = 0; i < merged.size(); ++i) {
        std::stable_sort(seen[i].begin(), seen[i].end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& [rank, name] : seen[i]) {
            if (std::find(merged[i].seen_in.begin(), merged[i].seen_in.end(), name) == merged[i].seen_in.end()) {
                merged[i].seen_in.push_back(std::move(name));
            }
        }
    }
    return merged;
}

}  // namespace portdb::query
