#pragma once
// "What is on port X", "which port does Y use".

#include "portdb/db/database.hpp"
#include "portdb/query/layers.hpp"
#include "portdb/query/port_spec.hpp"

#include <optional>
#include <string>

#include <string_view>
#include <vector>

namespace portdb::query {

/// Answers to a lookup from the selected sources, one per distinct row, in
/// port order. Services (named rows) and status statements ("Unassigned",
/// "Reserved") are kept apart, so that a stale Unassigned range never reads
/// as the answer for a port with a service.
struct LookupResult {
    std::vector<AnswerRow> services;
    std::vector<AnswerRow> statuses;
    /// For a name that found nothing: the closest names there are ("did you mean").
    std::vector<std::string> suggestions;

    [[nodiscard]] bool found() const { return !services.empty(); }
};

/// What the user asked for: a port (when the argument has the shape of
/// PORT[/PROTO]) or a service name or alias.
struct LookupQuery {
    std::optional<PortSpec> port;
    std::string name;
};

/// Parses a lookup argument; throws UsageError for a malformed port, so that
/// bad input is reported before any database is opened.
[[nodiscard]] LookupQuery parse_lookup_query(std::string_view text);

/// A name or alias matches in any case; a port matches every range containing it.
[[nodiscard]] LookupResult lookup(const db::Database& database, const LookupQuery& query,
                                  const SourceSelection& selection = {});
[[nodiscard]] LookupResult lookup(const db::Database& database, std::string_view query,
                                  const SourceSelection& selection = {});

}  // namespace portdb::query
