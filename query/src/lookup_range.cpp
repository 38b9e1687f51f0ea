#include "portdb/query/lookup_range.hpp"

#include "portdb/query/port_spec.hpp"
#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

namespace portdb::query {

std::optional<PortRangeQuery> parse_port_range_query(std::string_view text) {
    const auto slash = text.find('/');
    const auto ports = text.substr(0, slash);
    const auto dash = ports.find('-');
    if (dash == std::string_view::npos || !looks_like_port_spec(ports.substr(0, dash)) ||
        !looks_like_port_spec(ports.substr(dash + 1)) || !looks_like_port_spec(fmt::format("0{}", text.substr(ports.size())))) {
        return std::nullopt;
    }
    // Each end is a port, and the protocol one portdb knows, by the rules of PORT/PROTO.
    const auto lo = parse_port_spec(ports.substr(0, dash)).port;
    const auto hi = parse_port_spec(ports.substr(dash + 1)).port;
    if (lo > hi) {
        throw UsageError(fmt::format("\"{}\" is not a port range: the first port must not be above the last", ports.substr(0, 40)));
    }
    PortRangeQuery query{lo, hi, std::nullopt};
    if (slash != std::string_view::npos) {
        query.protocol = parse_port_spec(fmt::format("0/{}", text.substr(slash + 1))).protocol;
    }
    return query;
}

LookupResult lookup_range(const db::Database& database, const PortRangeQuery& query) {
    LookupResult result;
    const auto protocol = query.protocol ? std::optional<std::string_view>(*query.protocol) : std::nullopt;
    for (auto& row : database.find_overlapping(query.lo, query.hi, protocol)) {
        (row.assignment.name ? result.services : result.statuses).push_back(std::move(row));
    }
    return result;
}

}  // namespace portdb::query
