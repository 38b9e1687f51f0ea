#include "portdb/query/lookup.hpp"

#include "portdb/query/port_spec.hpp"
#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

namespace portdb::query {

LookupQuery parse_lookup_query(std::string_view text) {
    LookupQuery query;
    if (text.empty() || text.front() == '-') {  // no service name starts with '-': "-1" is a bad port
        throw UsageError(fmt::format("\"{}\" is neither a port nor a service name", text.substr(0, 40)));
    }
    if (looks_like_port_spec(text)) {
        query.port = parse_port_spec(text);
    } else {
        query.name = std::string(text);
    }
    return query;
}

LookupResult lookup(const db::Database& database, std::string_view query) {
    return lookup(database, parse_lookup_query(query));
}

LookupResult lookup(const db::Database& database, const LookupQuery& query) {
    const auto rows = query.port ? database.find_by_port(query.port->port, query.port->protocol)
                                 : database.find_by_name(query.name);
    LookupResult result;
    for (const auto& row : rows) {
        (row.assignment.name ? result.services : result.statuses).push_back(row);
    }
    return result;
}

}  // namespace portdb::query
