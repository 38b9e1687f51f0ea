#pragma once
// "What is on ports 6000-6010": every row overlapping a range of ports.

#include "portdb/db/database.hpp"
#include "portdb/query/lookup.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portdb::query {

/// "6000-6010" or "6000-6010/tcp".
struct PortRangeQuery {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;
    std::optional<std::string> protocol;  ///< lower case; absent means every protocol
};

/// nullopt when `text` does not have the shape of a range (digits, '-',
/// digits, optionally "/letters": no service name has it). Throws UsageError
/// for a range of that shape that is not one (7000-6000, 6000-70000, 6000-6010/tpc).
[[nodiscard]] std::optional<PortRangeQuery> parse_port_range_query(std::string_view text);

/// Every row overlapping the range from the selected sources, merged,
/// ordered and split into services and statuses as lookup() does.
[[nodiscard]] LookupResult lookup_range(const db::Database& database, const PortRangeQuery& query,
                                        const SourceSelection& selection = {});

}  // namespace portdb::query
