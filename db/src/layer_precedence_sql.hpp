#pragma once

#include <string>

namespace portdb::db::detail {

/// layer_precedence() as an SQL sort key over sources.layer ("CASE layer WHEN ... END").
std::string layer_precedence_sql();

}  // namespace portdb::db::detail
