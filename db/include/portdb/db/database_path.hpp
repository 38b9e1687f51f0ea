#pragma once

#include <filesystem>

namespace portdb::db {

/// Where portdb keeps its database when no path is given:
/// $PORTDB_DB, else $XDG_DATA_HOME/portdb/ports.sqlite, else
/// ~/.local/share/portdb/ports.sqlite.
std::filesystem::path default_database_path();

}  // namespace portdb::db
