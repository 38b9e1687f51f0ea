#include "repeated_records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <tuple>
#include <utility>

namespace portdb::importer::detail {
namespace {

// XML and CSV number their records; the text formats number lines.
bool positions_are_lines(db::SourceKind kind) {
    return kind != db::SourceKind::iana_xml && kind != db::SourceKind::iana_csv;
}

// Orders records so that repetitions are neighbours: the fields most records
// differ in first, the file order last (the first of a run is the one kept).
auto order_key(const db::Assignment& a) {
    const auto lo = a.ports ? a.ports->lo : 0;
    const auto hi = a.ports ? a.ports->hi : 0;
    using Text = const std::optional<std::string>&;
    return std::tuple<std::uint16_t, std::uint16_t, bool, Text, Text, const std::string&, std::uint32_t>{
        lo, hi, a.ports.has_value(), a.name, a.protocol, a.description, a.position};
}

bool may_repeat(const db::Assignment& a, const db::Assignment& b) {
    return a.ports == b.ports && a.name == b.name && a.protocol == b.protocol && a.description == b.description;
}

// Every field but the position, which is where the record stands, not what it says.
bool same_record(db::Assignment& later, const db::Assignment& first) {
    const auto position = std::exchange(later.position, first.position);
    const bool same = later == first;
    later.position = position;
    return same;
}

std::string repetition_warning(std::string_view source, bool lines, std::uint32_t later, std::uint32_t first) {
    return lines ? fmt::format("{}:{}: the same record as line {}: counted once", source, later, first)
                 : fmt::format("{}: record {} is the same record as record {}: counted once", source, later, first);
}

}  // namespace

void drop_repeated_records(ParsedSource& parsed, std::string_view source_name) {
    auto& records = parsed.assignments;
    std::vector<std::size_t> order(records.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return order_key(records[a]) < order_key(records[b]); });

    std::vector<bool> repeated(records.size(), false);
    std::vector<std::pair<std::uint32_t, std::string>> warnings;  // by position, to report in file order
    const bool lines = positions_are_lines(parsed.kind);
    for (std::size_t run = 0; run < order.size();) {
        std::size_t end = run + 1;
        while (end < order.size() && may_repeat(records[order[run]], records[order[end]])) {
            ++end;
        }
        // A run shares name, ports, protocol and text: usually one record, rarely a few.
        for (std::size_t later = run + 1; later < end; ++later) {
            for (std::size_t first = run; first < later; ++first) {
                auto& record = records[order[later]];
                const auto& earlier = records[order[first]];
                if (!repeated[order[first]] && same_record(record, earlier)) {
                    repeated[order[later]] = true;
                    warnings.emplace_back(record.position,
                                          repetition_warning(source_name, lines, record.position, earlier.position));
                    break;
                }
            }
        }
        run = end;
    }
    if (warnings.empty()) {
        return;
    }

    std::size_t kept = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (!repeated[i]) {
            records[kept++] = std::move(records[i]);
        }
    }
    records.erase(records.begin() + static_cast<std::ptrdiff_t>(kept), records.end());
    std::sort(warnings.begin(), warnings.end());
    for (auto& [position, warning] : warnings) {
        parsed.warnings.push_back(std::move(warning));
    }
}

}  // namespace portdb::importer::detail
