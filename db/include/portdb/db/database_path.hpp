#pragma once

#include <filesystem>

namespace portdb::db {

/// Where portdb keeps its database when no path is given:
/// $PORTDB_DB, else $XDG_DATA_HOME/portdb/ports.sqlite (an absolute
/// XDG_DATA_HOME), else $HOME/.local/share/portdb/ports.sqlite. Throws
/// DatabaseError when none applies (HOME unset, empty or relative): portdb
/// never falls back to the current directory, where anyone might have put a
/// file of that name.
std::filesystem::path default_database_path();

/// Throws DatabaseError unless `database` is a regular file (or a symlink to
/// one) or does not exist yet: a FIFO would block every open, a device
/// (/dev/null) would get "-journal" and ".lock" files created beside it.
/// A dangling symlink is refused too: opening it would create its target.
void check_database_path(const std::filesystem::path& database);

/// Creates `folder` and any missing parent with mode 0700 (the XDG base
/// directory rule: a user's data is the user's alone); existing folders are
/// left as they are. Throws DatabaseError naming the folder.
void create_private_folders(const std::filesystem::path& folder);

}  // namespace portdb::db
