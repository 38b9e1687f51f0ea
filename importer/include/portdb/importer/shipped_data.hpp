#pragma once
// The data portdb ships: the IANA registry, built into a ready database at
// build time and installed under share/portdb/.

#include <filesystem>
#include <optional>

namespace portdb::importer {

/// The shipped registry database, found in this order:
/// 1. $PORTDB_DATA_DIR/ports.sqlite, when the variable is set (even if missing there);
/// 2. ../share/portdb/ports.sqlite beside the running executable (an installed portdb);
/// 3. the build tree's data folder (a portdb run from where it was built).
/// nullopt when none exists.
std::optional<std::filesystem::path> shipped_database();

}  // namespace portdb::importer
