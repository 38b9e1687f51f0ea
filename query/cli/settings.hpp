#pragma once
// What portdb takes from its environment, read once and handed to the
// libraries as settings (they read no environment variable themselves).

#include "portdb/importer/database_birth.hpp"

#include <filesystem>
#include <optional>

namespace portdb::cli {

struct Settings {
    /// $PORTDB_DATA_DIR: a folder whose ports.sqlite replaces the shipped data
    /// the program carries (even when it is missing there: then there is none).
    std::optional<std::filesystem::path> data_dir;
    std::filesystem::path system_services;  ///< $PORTDB_SYSTEM_SERVICES, else /etc/services
    std::filesystem::path nmap_services;    ///< $PORTDB_NMAP_SERVICES, else nmap's own list
};

/// The settings of this run, read from the environment at the first call.
[[nodiscard]] const Settings& settings();

/// What a new database is born from: the program's own shipped data, or that
/// of $PORTDB_DATA_DIR, and this machine's services files.
[[nodiscard]] importer::BirthSources birth_sources(const Settings& settings);

}  // namespace portdb::cli
