#pragma once
// Turning results into text for people (aligned tables, colour on a TTY) and
// JSON for machines (shapes documented in the README).

#include "portdb/db/database.hpp"
#include "portdb/importer/database_birth.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/reservations.hpp"
#include "portdb/importer/update.hpp"
#include "portdb/query/database_report.hpp"
#include "portdb/query/lookup.hpp"
#include "portdb/query/reservations.hpp"
#include "portdb/query/search.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace portdb::cli {

[[nodiscard]] nlohmann::json to_json(std::string_view query, const query::LookupResult& result);
[[nodiscard]] nlohmann::json to_json(const query::DatabaseReport& report,
                                     const std::vector<importer::MissingLayer>& missing);
[[nodiscard]] nlohmann::json to_json(const std::filesystem::path& database, const importer::ImportResult& result);
[[nodiscard]] nlohmann::json to_json(std::string_view query, const query::SearchResult& result);

[[nodiscard]] nlohmann::json to_json(const importer::RegistryDiff& diff, db::SourceKind kind);
[[nodiscard]] nlohmann::json to_json(const importer::UpdateResult& result);

[[nodiscard]] nlohmann::json to_json(std::string_view verb, const importer::ReservationRequest& request,
                                     const std::vector<db::Assignment>& changed);
[[nodiscard]] nlohmann::json to_json_reservations(const std::vector<query::AnswerRow>& rows);
[[nodiscard]] std::string format_reservation_change(std::string_view verb, const importer::ReservationRequest& request,
                                                    const std::vector<db::Assignment>& changed);
[[nodiscard]] std::string format_reservations(const std::vector<query::AnswerRow>& rows);

[[nodiscard]] std::string format_diff(const importer::RegistryDiff& diff);
[[nodiscard]] std::string format_update(const importer::UpdateResult& result);

/// A table of the services, or (`details`, lookup --long) each service with
/// every field it has; then the statuses.
[[nodiscard]] std::string format_lookup(const query::LookupResult& result, bool details = false);
[[nodiscard]] std::string format_search(const query::SearchResult& result);
[[nodiscard]] std::string format_info(const query::DatabaseReport& report,
                                      const std::vector<importer::MissingLayer>& missing);
[[nodiscard]] std::string format_import(const std::filesystem::path& database, const importer::ImportResult& result);

/// "79", "6000-6063".
[[nodiscard]] std::string format_ports(const std::optional<db::PortRange>& ports);

}  // namespace portdb::cli
