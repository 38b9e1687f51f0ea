#include "portdb/db/database_path.hpp"

#include "portdb/db/database_error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <sys/stat.h>

namespace portdb::db {
namespace {

namespace fs = std::filesystem;

const char* type_name(fs::file_type type) {
    switch (type) {
        case fs::file_type::directory:
            return "a directory";
        case fs::file_type::fifo:
            return "a FIFO (named pipe)";
        case fs::file_type::character:
            return "a character device";
        case fs::file_type::block:
            return "a block device";
        case fs::file_type::socket:
            return "a socket";
        default:
            break;
    }
    return "not a regular file";
}

}  // namespace

fs::path default_database_path(const UserFolders& folders) {
    // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (folders.data_home.is_absolute()) {
        return folders.data_home / "portdb" / "ports.sqlite";
    }
    if (folders.home.is_absolute()) {
        return folders.home / ".local" / "share" / "portdb" / "ports.sqlite";
    }
    throw DatabaseError(
        "no place for the database: HOME is not set (or not an absolute path); give --db PATH, or set PORTDB_DB, "
        "XDG_DATA_HOME or HOME");
}

void check_database_path(const fs::path& database) {
    std::error_code ec;
    const auto status = fs::status(database, ec);  // follows symlinks
    if (!fs::exists(status) && fs::is_symlink(fs::symlink_status(database, ec))) {
        // Opening it would create a file wherever the link points.
        throw DatabaseError(
            fmt::format("database {} is a symbolic link to {}, which does not exist; remove the link "
                        "or give another path with --db",
                        database.string(), fs::read_symlink(database, ec).string()));
    }
    if (ec || !fs::exists(status) || fs::is_regular_file(status)) {
        return;  // missing (created later), or unreadable: opening it says why
    }
    if (fs::is_directory(status)) {
        throw DatabaseError(fmt::format("database {} is a directory, not a file", database.string()));
    }
    throw DatabaseError(fmt::format("database {} is {}, not a regular file; give a file's path with --db",
                                    database.string(), type_name(status.type())));
}

void create_private_folders(const fs::path& folder) {
    if (folder.empty()) {
        return;
    }
    std::error_code ec;
    if (fs::is_directory(folder, ec)) {
        return;
    }
    create_private_folders(folder.parent_path() == folder ? fs::path() : folder.parent_path());
    if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
        throw DatabaseError(fmt::format("cannot create the folder {}: {}", folder.string(), std::strerror(errno)));
    }
}

}  // namespace portdb::db
