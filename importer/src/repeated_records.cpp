#include "repeated_records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace portdb::importer::detail {
namespace {

// XML and CSV number their records, the de-facto list its entries; the text
// formats number lines.
bool positions_are_lines(db::SourceKind kind) {
    return kind != db::SourceKind::iana_xml && kind != db::SourceKind::iana_csv && kind != db::SourceKind::defacto_list;
}

void mix(std::size_t& combined, std::size_t value) {
    combined ^= value + 0x9e3779b97f4a7c15ULL + (combined << 6U) + (combined >> 2U);
}

// A hash of what a record says (not where it stands). Equal records hash
// equal whichever fields it leaves out; it only has to tell most others apart.
std::size_t content_hash(const db::Assignment& a) {
    const std::hash<std::string_view> text;
    std::size_t combined = 0;
    mix(combined, text(a.name.value_or("")));
    mix(combined, text(a.protocol.value_or("")));
    mix(combined, a.ports ? (std::size_t{a.ports->lo} << 16U | a.ports->hi) + 1 : 0);
    mix(combined, text(a.description));
    mix(combined, text(a.note));
    mix(combined, static_cast<std::size_t>(a.status));
    for (const auto& alias : a.aliases) {
        mix(combined, text(alias));
    }
    for (const auto& contact : a.contacts) {
        mix(combined, text(contact.name));
    }
    for (const auto& reference : a.references) {
        mix(combined, text(reference.value));
    }
    return combined;
}

// Every field but the position, which is where the record stands, not what it says.
bool same_record(db::Assignment& later, const db::Assignment& first) {
    const auto position = std::exchange(later.position, first.position);
    const bool same = later == first;
    later.position = position;
    return same;
}

std::string repetition_warning(std::string_view source, bool lines, std::uint32_t later, std::uint32_t first) {
    if (later == first) {  // one line that says it twice: "7/tcp/tcp"
        return lines ? fmt::format("{}:{}: the same record twice: counted once", source, later)
                     : fmt::format("{}: record {} says the same twice: counted once", source, later);
    }
    return lines ? fmt::format("{}:{}: the same record as line {}: counted once", source, later, first)
                 : fmt::format("{}: record {} is the same record as record {}: counted once", source, later, first);
}

// Records of one hash that differ are compared with at most this many kept
// ones: honest input has one or two, and a file built to collide hashes
// costs linear time (its further repetitions are then kept, not dropped).
constexpr std::size_t max_distinct_per_hash = 8;

}  // namespace

void drop_repeated_records(ParsedSource& parsed, std::string_view source_name) {
    auto& records = parsed.assignments;
    std::vector<std::pair<std::size_t, std::size_t>> order;  // (hash, index): file order within a hash
    order.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        order.emplace_back(content_hash(records[i]), i);
    }
    std::sort(order.begin(), order.end());

    std::vector<bool> repeated(records.size(), false);
    std::vector<std::pair<std::uint32_t, std::string>> warnings;  // by position, to report in file order
    const bool lines = positions_are_lines(parsed.kind);
    std::vector<std::size_t> kept;  // the distinct records of the current hash
    for (std::size_t at = 0; at < order.size(); ++at) {
        if (at == 0 || order[at].first != order[at - 1].first) {
            kept.clear();
        }
        auto& record = records[order[at].second];
        const auto first = std::find_if(kept.begin(), kept.end(),
                                        [&](std::size_t earlier) { return same_record(record, records[earlier]); });
        if (first != kept.end()) {
            repeated[order[at].second] = true;
            warnings.emplace_back(record.position,
                                  repetition_warning(source_name, lines, record.position, records[*first].position));
        } else if (kept.size() < max_distinct_per_hash) {
            kept.push_back(order[at].second);
        }
    }
    if (warnings.empty()) {
        return;
    }

    std::size_t next = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (!repeated[i]) {
            records[next++] = std::move(records[i]);
        }
    }
    records.erase(records.begin() + static_cast<std::ptrdiff_t>(next), records.end());
    std::stable_sort(warnings.begin(), warnings.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [position, warning] : warnings) {
        parsed.warnings.push_back(std::move(warning));
    }
}

}  // namespace portdb::importer::detail
