#include "source_placement.hpp"

#include "portdb/importer/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <optional>

namespace portdb::importer::detail {
namespace {

bool is_iana_registry(db::SourceKind kind) {
    return kind == db::SourceKind::iana_xml || kind == db::SourceKind::iana_csv;
}

// IANA's CSV states no date of its own; its newest registration or
// modification date is the best lower bound of when it was published.
std::optional<std::string> newest_record_date(const std::vector<db::Assignment>& records) {
    std::optional<std::string> newest;
    for (const auto& a : records) {
        for (const auto& date : {a.registered, a.modified}) {
            if (date && (!newest || date->to_string() > *newest)) {
                newest = date->to_string();
            }
        }
    }
    return newest;
}

// Dates compare as text ("2025-12" < "2025-12-15" < "2026"); an undated
// registry is older than any dated one.
int compare_dates(const std::optional<std::string>& a, const std::optional<std::string>& b) {
    if (!a || !b) {
        return (a ? 1 : 0) - (b ? 1 : 0);
    }
    return a->compare(*b) < 0 ? -1 : a->compare(*b) > 0 ? 1 : 0;
}

// Two sources of one kind are copies of the same thing: the same date, or,
// undated, the same location.
bool same_copy(const db::SourceInfo& old, const db::SourceData& incoming) {
    if (old.kind != incoming.kind) {
        return false;
    }
    if (old.registry_date || incoming.registry_date) {
        return old.registry_date == incoming.registry_date;
    }
    return old.location == incoming.location;
}

// The last day a registry published today can carry anywhere on Earth: a
// date after it is a typo or a forgery, and as the newest registry it would
// send every real update to history ever after.
std::string latest_credible_date() {
    const auto tomorrow =
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) + std::chrono::days(1);
    const std::chrono::year_month_day date{tomorrow};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

bool is_future(const std::optional<std::string>& date) { return date && *date > latest_credible_date(); }

// How the incoming registry ranks against the current one: by date, except
// that a current registry dated in the future holds no rank (any real one replaces it).
int rank_against(const db::SourceData& incoming, const db::SourceInfo* current) {
    if (current == nullptr || (is_future(current->registry_date) && !is_future(incoming.registry_date))) {
        return 1;
    }
    return compare_dates(incoming.registry_date, current->registry_date);
}

db::Layer place_iana(db::SourceData& incoming, const std::vector<db::SourceInfo>& existing, bool force,
                     std::vector<const db::SourceInfo*>& replaced, std::string& note) {
    if (is_future(incoming.registry_date) && !force) {
        throw ReplaceRefused(
            fmt::format("{}: dated {}, which is later than today: a mistyped date? "
                        "Run again with --force to import it anyway",
                        incoming.location, *incoming.registry_date));
    }
    const db::SourceInfo* current = nullptr;
    for (const auto& old : existing) {
        if (old.layer == db::Layer::registry && is_iana_registry(old.kind)) {
            current = &old;
        }
    }
    const int order = rank_against(incoming, current);
    const bool wins =
        order > 0 || (order == 0 && (incoming.kind == current->kind || incoming.kind == db::SourceKind::iana_xml));
    if (!wins) {
        note = fmt::format("{} is {} the current registry ({}): kept as history; portdb lookup --history shows it",
                           db::display_name(incoming.kind, incoming.location, incoming.registry_date),
                           order < 0 ? "older than" : "the same date as, and less complete than,",
                           db::display_name(*current));
    } else if (current) {
        replaced.push_back(current);
    }
    for (const auto& old : existing) {
        if (old.layer == db::Layer::history && same_copy(old, incoming)) {
            replaced.push_back(&old);
        }
    }
    return wins ? db::Layer::registry : db::Layer::history;
}

// Whether `incoming`, not an IANA registry, replaces `old` (the list in
// source_placement.hpp). The site layer holds one site file, whatever its
// path, beside the rows of `portdb reserve`: a changed file, or another file
// named instead, replaces the file stored before; reserve's rows only theirs.
bool replaces(const db::SourceInfo& old, const db::SourceData& incoming) {
    if (incoming.kind == db::SourceKind::services) {
        return old.kind == incoming.kind && old.location == incoming.location;
    }
    if (incoming.kind == db::SourceKind::site) {
        const auto reserved = [](std::string_view location) { return location == db::reservations_location; };
        return old.kind == incoming.kind && reserved(old.location) == reserved(incoming.location);
    }
    if (incoming.kind == db::SourceKind::port_numbers_text) {
        return same_copy(old, incoming);
    }
    return old.kind == incoming.kind;
}

db::Layer place_other(const db::SourceData& incoming, const std::vector<db::SourceInfo>& existing,
                      std::vector<const db::SourceInfo*>& replaced) {
    for (const auto& old : existing) {
        if (replaces(old, incoming)) {
            replaced.push_back(&old);
        }
    }
    return db::default_layer(incoming.kind);
}

void refuse_drastic_shrink(const db::SourceData& incoming, const std::vector<const db::SourceInfo*>& replaced) {
    const auto name = db::display_name(incoming.kind, incoming.location, incoming.registry_date);
    if (incoming.assignments.empty()) {
        throw ReplaceRefused(
            fmt::format("{}: holds no record at all: an empty or wrong file? "
                        "Run again with --force to import it anyway",
                        incoming.location));
    }
    std::int64_t before = 0;
    for (const auto* old : replaced) {
        before += old->assignment_count;
    }
    const auto after = static_cast<std::int64_t>(db::count_active_assignments(incoming.assignments));
    if (after * 2 < before) {
        throw ReplaceRefused(fmt::format(
            "{}: refusing to replace {} assignments with {} (fewer than half): "
            "a truncated or wrong file? Run again with --force to accept it",
            name == incoming.location ? name : fmt::format("{} ({})", incoming.location, name), before, after));
    }
}

}  // namespace

db::Displacement place_source(db::SourceData& incoming, const std::vector<db::SourceInfo>& existing, bool force,
                              PlacementReport& report) {
    if (incoming.kind == db::SourceKind::iana_csv && !incoming.registry_date) {
        incoming.registry_date = newest_record_date(incoming.assignments);
    }
    std::vector<const db::SourceInfo*> replaced;
    incoming.layer = is_iana_registry(incoming.kind) ? place_iana(incoming, existing, force, replaced, report.note)
                                                     : place_other(incoming, existing, replaced);
    if (!force) {
        refuse_drastic_shrink(incoming, replaced);
    }
    report.layer = incoming.layer;
    db::Displacement displacement;
    for (const auto* old : replaced) {
        report.replaced.push_back(*old);
        displacement.remove.push_back(old->id);
    }
    return displacement;
}

}  // namespace portdb::importer::detail
