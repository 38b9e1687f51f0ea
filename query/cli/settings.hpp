#pragma once
// What portdb takes from its environment, read once by the program and
// handed to the libraries as settings (they read no environment variable
// themselves). Every variable portdb reads is here.

#include "portdb/db/database_path.hpp"
#include "portdb/importer/database_birth.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace portdb::cli {

struct Settings {
    /// $PORTDB_DATA_DIR: a folder whose ports.sqlite replaces the shipped data
    /// the program carries (even when it is missing there: then there is none).
    std::optional<std::filesystem::path> data_dir;
    std::filesystem::path system_services;          ///< $PORTDB_SYSTEM_SERVICES, else /etc/services
    std::filesystem::path nmap_services;            ///< $PORTDB_NMAP_SERVICES, else nmap's own list
    std::optional<std::filesystem::path> database;  ///< $PORTDB_DB: the database when --db is not given
    std::optional<std::filesystem::path> site;      ///< $PORTDB_SITE: the site file when --site is not given
    std::optional<std::string> on;                  ///< $PORTDB_ON: the targets when --on is not given
    db::UserFolders folders;                        ///< $XDG_DATA_HOME, $XDG_CONFIG_HOME, $HOME
    bool no_color = false;                          ///< $NO_COLOR set and not empty (no-color.org)
    std::optional<std::string> term;                ///< $TERM
};

/// The settings of the environment as it is now (an empty variable counts as unset).
[[nodiscard]] Settings read_settings();

/// What a new database is born from: the program's own shipped data, or that
/// of $PORTDB_DATA_DIR, and this machine's services files.
[[nodiscard]] importer::BirthSources birth_sources(const Settings& settings);

}  // namespace portdb::cli
