#pragma once
// The site layer as a list: what a team has reserved, from `portdb reserve`
// and from its site file.

#include "portdb/db/database.hpp"
#include "portdb/query/layers.hpp"

#include <vector>

namespace portdb::query {

/// Every reservation, in port order, each naming where it was made.
[[nodiscard]] std::vector<AnswerRow> reservations(const db::Database& database);

}  // namespace portdb::query
