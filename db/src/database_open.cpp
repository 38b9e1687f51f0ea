#include "database_impl.hpp"
#include "portdb/db/database_path.hpp"
#include "schema.hpp"
#include "schema_check.hpp"

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <cctype>
#include <cstring>
#include <system_error>

#include <sys/statvfs.h>
#include <unistd.h>

namespace portdb::db {
namespace {

namespace fs = std::filesystem;
using detail::busy_timeout_ms;

fs::path beside(const fs::path& database, const char* suffix) { return fs::path(database.string() + suffix); }

fs::path folder_of(const fs::path& database) {
    return database.has_parent_path() ? database.parent_path() : fs::path(".");
}

// SQLite reads a WAL database through a "-shm" file beside it, which it
// creates on first use. A reader that may not create it (a system-wide
// install owned by root, a read-only filesystem) reads the file as immutable
// instead, when every commit is in the main file (no -wal, or an empty one).
bool read_as_immutable(const fs::path& database) {
    std::error_code ec;
    if (fs::exists(beside(database, "-shm"), ec) || ::access(folder_of(database).c_str(), W_OK) == 0) {
        return false;
    }
    const auto wal_size = fs::file_size(beside(database, "-wal"), ec);
    return ec || wal_size == 0;
}

// "file:/path?mode=ro&immutable=1", the path percent-encoded.
std::string immutable_uri(const fs::path& database) {
    std::string uri = "file:";
    for (const char c : database.string()) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '/' || c == '.' || c == '-' || c == '_' || c == '~') {
            uri += c;
        } else {
            uri += fmt::format("%{:02X}", static_cast<unsigned>(byte));
        }
    }
    return uri + "?mode=ro&immutable=1";
}

bool disk_full(const fs::path& folder) {
    struct statvfs fs_info {};
    return ::statvfs(folder.c_str(), &fs_info) == 0 && (fs_info.f_bavail == 0 || fs_info.f_favail == 0);
}

// Defence against a database file portdb did not write: no triggers or views
// run at all, schema objects may call only harmless functions, the file's
// schema cannot be edited through SQL, and no statement runs away.
void harden(SQLite::Database& db, detail::StatementBudget& budget) {
    sqlite3* handle = db.getHandle();
    sqlite3_db_config(handle, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(handle, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(handle, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    budget.install(handle);
}

}  // namespace

Database::Database(const fs::path& path, Access access) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->open(access);
}

Database::Database() = default;

Database Database::from_image(std::string_view image, const std::string& name, Access access,
                              std::size_t room_to_grow) {
    Database database;
    database.impl_ = std::make_unique<Impl>();
    database.impl_->path = name;
    database.impl_->open_image(image, access == Access::read_only ? std::nullopt : std::optional(room_to_grow));
    return database;
}

void Database::write_image(const std::function<void(std::string_view)>& write) const {
    if (!impl_->memory) {
        throw DatabaseError(fmt::format("database {}: not held in memory", impl_->path.string()));
    }
    impl_->guarded([&] {
        sqlite3_int64 size = 0;
        const auto* bytes = sqlite3_serialize(impl_->sql->getHandle(), "main", &size, SQLITE_SERIALIZE_NOCOPY);
        if (bytes == nullptr || size < 100) {
            throw DatabaseError(fmt::format("database {}: cannot be copied out of memory", impl_->path.string()));
        }
        // In memory the file is marked as a rollback-journal one (see open_image);
        // the file written is in WAL mode, as every database portdb opens becomes.
        std::array<char, 100> header{};
        std::memcpy(header.data(), bytes, header.size());
        header[18] = 2;
        header[19] = 2;
        write({header.data(), header.size()});
        write({reinterpret_cast<const char*>(bytes) + header.size(), static_cast<std::size_t>(size) - header.size()});
    });
}

Database Database::copy_in_memory() const {
    Database copy;
    copy.impl_ = std::make_unique<Impl>();
    copy.impl_->path = impl_->path;
    impl_->guarded([&] {
        copy.impl_->sql = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
        sqlite3_backup* backup =
            sqlite3_backup_init(copy.impl_->sql->getHandle(), "main", impl_->sql->getHandle(), "main");
        if (backup == nullptr) {
            throw DatabaseError(fmt::format("database {}: cannot be copied into memory: {}", impl_->path.string(),
                                            sqlite3_errmsg(copy.impl_->sql->getHandle())));
        }
        const int stepped = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
        if (stepped != SQLITE_DONE) {
            throw DatabaseError(fmt::format("database {}: cannot be copied into memory: {}", impl_->path.string(),
                                            sqlite3_errstr(stepped)));
        }
        harden(*copy.impl_->sql, copy.impl_->budget);
    });
    return copy;
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

const fs::path& Database::path() const { return impl_->path; }

int Database::schema_version() const {
    return impl_->guarded([&] { return impl_->sql->execAndGet("PRAGMA user_version").getInt(); });
}

std::string Database::Impl::explain(const std::exception& error) const {
    const auto* sqlite_error = dynamic_cast<const SQLite::Exception*>(&error);
    const int code = sqlite_error != nullptr ? (sqlite_error->getErrorCode() & 0xFF) : SQLITE_OK;  // the primary code
    if ((code == SQLITE_FULL || code == SQLITE_IOERR) && disk_full(folder_of(path))) {
        return fmt::format("the disk is full ({}); free some space and try again", error.what());
    }
    if (code == SQLITE_INTERRUPT) {
        return "a query ran far too long and was stopped: the file is damaged, or was not written by portdb";
    }
    return error.what();
}

// A new database whose creation failed (a full disk) is removed: a 0-byte
// file would otherwise stand in for a database on the next run.
void Database::Impl::remove_if_still_empty() noexcept {
    sql.reset();
    std::error_code ec;
    const auto wal_size = fs::file_size(beside(path, "-wal"), ec);
    if ((ec || wal_size == 0) && fs::file_size(path, ec) == 0 && !ec) {
        fs::remove(path, ec);
        fs::remove(beside(path, "-wal"), ec);
        fs::remove(beside(path, "-journal"), ec);
    }
}

void Database::Impl::open(Access access) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (fs::is_directory(status)) {
        throw DatabaseError(fmt::format("database {} is a directory, not a file", path.string()));
    }
    check_database_path(path);  // no FIFO (blocks), no device (/dev/null-journal)
    if (access == Access::read_only && !fs::exists(status)) {
        throw DatabaseError(
            fmt::format("no database at {}: import a registry first (portdb import FILE)", path.string()));
    }
    if (access == Access::read_write && path.has_parent_path()) {
        create_private_folders(path.parent_path());
    }
    const bool creating = access == Access::read_write && !fs::exists(status);
    try {
        guarded([&] {
            // NOMUTEX: a Database is used by one thread at a time, so SQLite's own
            // locking on every call is pure cost (a tenth of an import's time).
            const int flags =
                (access == Access::read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) |
                SQLite::OPEN_NOMUTEX;
            if (access == Access::read_only && read_as_immutable(path)) {
                sql =
                    std::make_unique<SQLite::Database>(immutable_uri(path), flags | SQLite::OPEN_URI, busy_timeout_ms);
            } else {
                sql = std::make_unique<SQLite::Database>(path.string(), flags, busy_timeout_ms);
            }
            harden(*sql, budget);
            check_identity_and_migrate(access);
            if (access == Access::read_only) {
                sql->exec("BEGIN");  // deferred: the first read takes the snapshot every later read shares
            }
        });
    } catch (const DatabaseError&) {  // its message named the cause (a full disk?) before the file goes
        if (creating) {
            remove_if_still_empty();
        }
        throw;
    }
}

void Database::Impl::open_image(std::string_view image, std::optional<std::size_t> room_to_grow) {
    try {
        sql = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
        // The pages are a copy of our own, with room to grow for a writable
        // one. A file written in WAL mode says so in bytes 18 and 19 of its
        // header; a database in memory has no WAL, so the copy is marked as a
        // rollback-journal file (1, 1): the same pages.
        memory = std::make_unique<detail::ImageMemory>(image, room_to_grow.value_or(0));
        auto* bytes = memory->data();
        if (image.size() >= 100) {
            bytes[18] = 1;
            bytes[19] = 1;
        }
        const unsigned mode = room_to_grow ? 0 : SQLITE_DESERIALIZE_READONLY;
        const int rc = sqlite3_deserialize(sql->getHandle(), "main", bytes, static_cast<sqlite3_int64>(memory->size()),
                                           static_cast<sqlite3_int64>(memory->capacity()), mode);
        if (rc != SQLITE_OK) {
            throw DatabaseError(fmt::format("{}: cannot be read ({})", path.string(), sqlite3_errstr(rc)));
        }
        // Pages read in place, not copied into SQLite's page cache (memdb
        // supports xFetch): a first use's inserts read 600 KB of pages.
        sql->exec(fmt::format("PRAGMA mmap_size = {}", memory->capacity()));
        if (room_to_grow) {
            // No rollback journal: it copied every page a first use changes
            // (6 of its 22 ms). A failed write leaves the copy unusable, and
            // its owner discards it (from_image says so). Before harden():
            // SQLITE_DBCONFIG_DEFENSIVE makes this pragma a silent no-op.
            sql->exec("PRAGMA journal_mode = OFF");
        }
        harden(*sql, budget);
        // An image is never migrated (nothing to write it to): it is of this schema or unusable.
        const int version = sql->execAndGet("PRAGMA user_version").getInt();
        if (version != detail::current_schema_version) {
            throw DatabaseError(fmt::format("{} has schema version {}, not this portdb's ({})", path.string(), version,
                                            detail::current_schema_version));
        }
        check_identity_and_migrate(Access::read_only);
        if (!room_to_grow) {
            sql->exec("BEGIN");
        }
    } catch (const SQLite::Exception& error) {
        throw DatabaseError(fmt::format("{}: {}", path.string(), explain(error)));
    }
}

void Database::Impl::check_identity_and_migrate(Access access) {
    // The first read of the header: a non-SQLite file fails here ("file is not a database").
    const int app_id = sql->execAndGet("PRAGMA application_id").getInt();
    const int version = sql->execAndGet("PRAGMA user_version").getInt();
    if (app_id != 0 && app_id != detail::application_id) {
        throw DatabaseError(fmt::format("database {} belongs to another program (application id {:#x})", path.string(),
                                        static_cast<unsigned>(app_id)));
    }
    if (app_id == 0) {
        const int objects = sql->execAndGet("SELECT count(*) FROM sqlite_master").getInt();
        if (objects > 0) {
            throw DatabaseError(
                fmt::format("{} is an SQLite database of another program, not portdb's; choose another path with --db",
                            path.string()));
        }
    }
    if (version > detail::current_schema_version) {
        throw DatabaseError(
            fmt::format("database {} has schema version {}, newer than this portdb knows ({}); "
                        "upgrade portdb",
                        path.string(), version, detail::current_schema_version));
    }
    detail::check_schema_objects(*sql, path, version == detail::current_schema_version);
    if (version == detail::current_schema_version) {
        return;
    }
    if (access == Access::read_only) {
        if (version == 0) {
            throw DatabaseError(
                fmt::format("database {} is empty: import a registry first (portdb import FILE)", path.string()));
        }
        // An older schema: migrate through a short-lived writable connection.
        try {
            Impl writer{path, nullptr,
                        std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE, busy_timeout_ms)};
            harden(*writer.sql, writer.budget);
            writer.check_identity_and_migrate(Access::read_write);
        } catch (const SQLite::Exception& error) {  // a shared install: its owner must run portdb once
            throw DatabaseError(
                fmt::format("database {} has schema version {}; upgrading it to {} needs a user who "
                            "may write to it ({})",
                            path.string(), version, detail::current_schema_version, explain(error)));
        }
        return;
    }
    if (version == 0) {
        // WAL: readers keep reading the last committed state while an import writes.
        sql->exec("PRAGMA journal_mode = WAL");
    }
    detail::migrate(*sql);
}

void Database::defer_syncing() {
    impl_->guarded([&] { impl_->sql->exec("PRAGMA synchronous = OFF"); });
}

}  // namespace portdb::db
