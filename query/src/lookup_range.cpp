#include "portdb/query/lookup_range.hpp"

#include "portdb/query/port_spec.hpp"
#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace portdb::query {

std::optional<PortRangeQuery> parse_port_range_query(std::string_view text) {
    const auto slash = text.find('/');
    const auto ports = text.substr(0, slash);
    const auto dash = ports.find('-');
    if (dash == std::string_view::npos || !looks_like_port_spec(ports.substr(0, dash)) ||
        !looks_like_port_spec(ports.substr(dash + 1)) ||
        !looks_like_port_spec(fmt::format("0{}", text.substr(ports.size())))) {
        return std::nullopt;
    }
    // Each end is a port, and the protocol one portdb knows, by the rules of PORT/PROTO.
    const auto lo = parse_port_spec(ports.substr(0, dash)).port;
    const auto hi = parse_port_spec(ports.substr(dash + 1)).port;
    if (lo > hi) {
        throw UsageError(
            fmt::format("\"{}\" is not a port range: the first port must not be above the last", ports.substr(0, 40)));
    }
    PortRangeQuery query{lo, hi, std::nullopt};
    if (slash != std::string_view::npos) {
        query.protocol = parse_port_spec(fmt::format("0/{}", text.substr(slash + 1))).protocol;
    }
    return query;
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
