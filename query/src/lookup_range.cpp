#include "portdb/query/lookup_range.hpp"

#include "portdb/query/port_spec.hpp"

#include <algorithm>
#include <tuple>

namespace portdb::query {

std::optional<PortRangeQuery> parse_port_range_query(std::string_view text) {
    if (!looks_like_port_range(text)) {
        return std::nullopt;
    }
    const auto argument = parse_port_argument(text, "LOW-HIGH or LOW-HIGH/PROTOCOL, e.g. 6000-6010");
    return PortRangeQuery{static_cast<std::uint16_t>(argument.lo), static_cast<std::uint16_t>(argument.hi),
                          argument.protocol};
}

LookupResult lookup_range(const db::Database& database, const PortRangeQuery& query, const SourceSelection& selection) {
    const SourceSet sources(database, selection);
    const auto protocol = query.protocol ? std::optional<std::string_view>(*query.protocol) : std::nullopt;
    auto answers = merge_rows(database.find_overlapping(query.lo, query.hi, protocol), sources);
    // As lookup() orders a port's answers: port, then protocol, then the most authoritative layer.
    std::stable_sort(answers.begin(), answers.end(), [&](const AnswerRow& a, const AnswerRow& b) {
        const auto& x = a.row.assignment;
        const auto& y = b.row.assignment;
        const auto x_rank = SourceSet::rank_of(a.row);
        const auto y_rank = SourceSet::rank_of(b.row);
        return std::tie(x.ports->lo, x.protocol, x_rank) < std::tie(y.ports->lo, y.protocol, y_rank);
    });
    LookupResult result;
    for (auto& answer : answers) {
        (answer.row.assignment.name ? result.services : result.statuses).push_back(std::move(answer));
    }
    return result;
}

}  // namespace portdb::query
