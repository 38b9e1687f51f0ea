#include "portdb/query/lookup.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/query/did_you_mean.hpp"
#include "portdb/query/port_spec.hpp"
#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

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

LookupResult lookup(const db::Database& database, std::string_view query, const SourceSelection& selection) {
    return lookup(database, parse_lookup_query(query), selection);
}

namespace {

// The NOCASE index folds ASCII only: a name with other letters ("école") is
// looked for again as the name that folds alike ("École"), if any.
std::vector<db::StoredAssignment> find_by_name_folding_latin(const db::Database& database, const std::string& name) {
    auto rows = database.find_by_name(name);
    const bool ascii =
        std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!rows.empty() || ascii) {
        return rows;
    }
    const auto folded = db::latin_lower(name);
    for (const auto& other : database.all_names()) {
        if (other != name && db::latin_lower(other) == folded) {
            auto more = database.find_by_name(other);
            rows.insert(rows.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
        }
    }
    return rows;
}

}  // namespace

LookupResult lookup(const db::Database& database, const LookupQuery& query, const SourceSelection& selection) {
    const SourceSet sources(database, selection);
    const auto rows = query.port ? database.find_by_port(query.port->port, query.port->protocol)
                                 : find_by_name_folding_latin(database, query.name);
    auto answers = merge_rows(rows, sources);
    // Port order, then protocol; on one port the most authoritative layer first.
    std::stable_sort(answers.begin(), answers.end(), [&](const AnswerRow& a, const AnswerRow& b) {
        const auto& x = a.row.assignment;
        const auto& y = b.row.assignment;
        const int x_port = x.ports ? x.ports->lo : 70000;  // port-less registrations last
        const int y_port = y.ports ? y.ports->lo : 70000;
        const auto x_rank = SourceSet::rank_of(a.row);
        const auto y_rank = SourceSet::rank_of(b.row);
        return std::tie(x_port, x.protocol, x_rank) < std::tie(y_port, y.protocol, y_rank);
    });
    LookupResult result;
    for (auto& answer : answers) {
        (answer.row.assignment.name ? result.services : result.statuses).push_back(std::move(answer));
    }
    if (!query.port && result.services.empty()) {
        result.suggestions = closest_names(database.all_names(), query.name);
    }
    return result;
}

}  // namespace portdb::query
