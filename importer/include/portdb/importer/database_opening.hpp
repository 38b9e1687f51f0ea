#pragma once
// Opening a database to read it, as every reading command does: a database
// that does not exist yet is first born from the shipped data
// (database_birth.hpp), and its site layer is brought to the team's current
// site file (site_layer.hpp). A library user who reads gets the same answers
// as the program.

#include "portdb/importer/database_birth.hpp"
#include "portdb/importer/site_layer.hpp"

#include <filesystem>
#include <functional>
#include <optional>

namespace portdb::importer {

/// What happens on the way, for a program to say (each may be empty).
struct OpeningEvents {
    std::function<void()> waiting_for_first_use;   ///< another process is creating the database
    std::function<void(const FirstUse&)> created;  ///< this call created it (before the site layer is read)
    std::function<void()> waiting_for_writer;      ///< another process is writing the database
};

/// Opens `database` for reading: created from `from` when it does not exist,
/// then with its site layer brought to the site file `site_file` (nullopt:
/// none), read here. The result says what that did to the site layer.
/// Throws as create_on_first_use, read_site_file and open_with_site_layer do.
[[nodiscard]] OpenedDatabase open_for_reading(const std::filesystem::path& database, const BirthSources& from,
                                              const std::optional<std::filesystem::path>& site_file,
                                              const OpeningEvents& events = {});

}  // namespace portdb::importer
