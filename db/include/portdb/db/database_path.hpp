#pragma once

#include <filesystem>

namespace portdb::db {

/// What the environment says about where a user's files go, as the program
/// read it (an empty path: the variable is unset or empty). The libraries
/// read no environment variable: the program reads them once and passes
/// them down.
struct UserFolders {
    std::filesystem::path data_home{};    ///< $XDG_DATA_HOME
    std::filesystem::path config_home{};  ///< $XDG_CONFIG_HOME
    std::filesystem::path home{};         ///< $HOME
};

/// Where portdb keeps its database when no path is given (neither --db nor
/// $PORTDB_DB): data_home/portdb/ports.sqlite (an absolute data_home only,
/// as XDG says), else home/.local/share/portdb/ports.sqlite. Throws
/// DatabaseError when none applies (HOME unset, empty or relative): portdb
/// never falls back to the current directory, where anyone might have put a
/// file of that name.
std::filesystem::path default_database_path(const UserFolders& folders);

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
