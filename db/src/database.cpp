#include "portdb/db/database.hpp"

#include "image_memory.hpp"
#include "layer_precedence_sql.hpp"
#include "portdb/db/database_error.hpp"
#include "portdb/db/database_path.hpp"
#include "schema.hpp"
#include "schema_check.hpp"
#include "statement_budget.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <fmt/std.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstring>
#include <ctime>
#include <new>
#include <system_error>
#include <unordered_map>

#include <sys/statvfs.h>
#include <unistd.h>

namespace portdb::db {
namespace {

namespace fs = std::filesystem;

// Long enough for a concurrent import to finish; a lookup never waits this long
// in practice because writers hold the lock only while committing (WAL).
constexpr int busy_timeout_ms = 30'000;

std::string now_utc_iso8601() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

template <typename T>
void bind_optional(SQLite::Statement& statement, int index, const std::optional<T>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);  // NULL
    }
}

// Binds text that outlives the statement's next step, without a copy (an
// import binds some hundred thousand strings).
void bind_optional_text(SQLite::Statement& statement, int index, const std::optional<std::string>& value) {
    if (value) {
        statement.bindNoCopy(index, *value);
    } else {
        statement.bind(index);  // NULL
    }
}

void bind_date(SQLite::Statement& statement, int index, const std::optional<PartialDate>& date) {
    bind_optional(statement, index, date ? std::optional<std::string>(date->to_string()) : std::nullopt);
}

std::optional<std::string> optional_text(const SQLite::Column& column) {
    if (column.isNull()) {
        return std::nullopt;
    }
    return column.getString();
}

std::optional<PartialDate> optional_date(const SQLite::Column& column) {
    return column.isNull() ? std::nullopt : PartialDate::parse(column.getString());
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (!text.empty() && start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        items.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return items;
}

std::string join_lines(const std::vector<std::string>& items) {
    std::string joined;
    for (const auto& item : items) {
        if (!joined.empty()) {
            joined += '\n';
        }
        joined += item;
    }
    return joined;
}

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

struct Database::Impl {
    fs::path path;
    std::unique_ptr<detail::ImageMemory> memory;  ///< an in-memory database's pages: outlives `sql`
    std::unique_ptr<SQLite::Database> sql;
    detail::StatementBudget budget{detail::default_statement_budget};

    [[noreturn]] void fail(const std::exception& error) const {
        throw DatabaseError(fmt::format("database {}: {}", path.string(), explain(error)));
    }
    [[nodiscard]] std::string explain(const std::exception& error) const;

    void open(Access access);
    void open_image(std::string_view image, std::optional<std::size_t> room_to_grow);
    void remove_if_still_empty() noexcept;
    void check_identity_and_migrate(Access access);
    void delete_source(std::int64_t source_id);
    void insert_source(const SourceData& source);
    /// Reads rows of `row_columns`; a further last column (a rank) goes to `extra`.
    /// With `max_rows`, stops after that many (the statement then goes on from there).
    std::vector<StoredAssignment> read_rows(SQLite::Statement& query, std::vector<double>* extra = nullptr,
                                            RowDetail detail = RowDetail::full, std::size_t max_rows = 0) const;
    void read_details(std::vector<StoredAssignment>& rows) const;
};

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
    try {
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
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

Database Database::copy_in_memory() const {
    Database copy;
    copy.impl_ = std::make_unique<Impl>();
    copy.impl_->path = impl_->path;
    try {
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
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
    return copy;
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

const fs::path& Database::path() const { return impl_->path; }

int Database::schema_version() const {
    try {
        return impl_->sql->execAndGet("PRAGMA user_version").getInt();
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
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
        // NOMUTEX: a Database is used by one thread at a time, so SQLite's own
        // locking on every call is pure cost (a tenth of an import's time).
        const int flags =
            (access == Access::read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) |
            SQLite::OPEN_NOMUTEX;
        if (access == Access::read_only && read_as_immutable(path)) {
            sql = std::make_unique<SQLite::Database>(immutable_uri(path), flags | SQLite::OPEN_URI, busy_timeout_ms);
        } else {
            sql = std::make_unique<SQLite::Database>(path.string(), flags, busy_timeout_ms);
        }
        harden(*sql, budget);
        check_identity_and_migrate(access);
        if (access == Access::read_only) {
            sql->exec("BEGIN");  // deferred: the first read takes the snapshot every later read shares
        }
    } catch (const SQLite::Exception& error) {
        const auto message = fmt::format("database {}: {}", path.string(), explain(error));
        if (creating) {
            remove_if_still_empty();
        }
        throw DatabaseError(message);
    } catch (const DatabaseError&) {
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

void Database::add_sources(std::vector<SourceData>& sources, const Placer& place) {
    try {
        SQLite::Transaction transaction(*impl_->sql, SQLite::TransactionBehavior::IMMEDIATE);
        for (auto& source : sources) {
            const auto displacement = place(source, this->sources());  // reads this transaction's own changes
            for (const auto id : displacement.remove) {
                impl_->delete_source(id);
            }
            impl_->insert_source(source);
        }
        transaction.commit();
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
    // Fold the WAL back into the main file so the database stays one file at rest.
    // Busy readers may prevent it; the data is committed either way. Never wait
    // for them: a stalled reader (`portdb export | less`) would hold every
    // writer for the busy timeout. The next write folds in what is left.
    try {
        impl_->sql->setBusyTimeout(0);
        impl_->sql->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const SQLite::Exception&) {
    }
    try {
        impl_->sql->setBusyTimeout(busy_timeout_ms);
    } catch (const SQLite::Exception&) {
    }
}

void Database::defer_syncing() {
    try {
        impl_->sql->exec("PRAGMA synchronous = OFF");
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

void Database::remove_sources(const std::vector<std::int64_t>& ids) {
    try {
        SQLite::Transaction transaction(*impl_->sql, SQLite::TransactionBehavior::IMMEDIATE);
        for (const auto id : ids) {
            impl_->delete_source(id);
        }
        transaction.commit();
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

void Database::mark_checked(std::int64_t source_id) {
    try {
        SQLite::Statement statement(*impl_->sql, "UPDATE sources SET checked_at = ? WHERE id = ?");
        statement.bind(1, now_utc_iso8601());
        statement.bind(2, source_id);
        statement.exec();
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

void Database::Impl::delete_source(std::int64_t source_id) {
    const auto run = [&](const char* statement_text) {
        SQLite::Statement statement(*sql, statement_text);
        statement.bind(1, source_id);
        statement.exec();
    };
    run("INSERT INTO assignments_fts(assignments_fts, rowid, name, description) "
        "SELECT 'delete', id, name, description FROM assignments WHERE source_id = ?");
    for (const char* child : {"aliases", "contacts", "refs"}) {
        run(fmt::format("DELETE FROM {} WHERE assignment_id IN (SELECT id FROM assignments WHERE source_id = ?)", child)
                .c_str());
    }
    run("DELETE FROM assignments WHERE source_id = ?");
    run("DELETE FROM people WHERE source_id = ?");
    run("DELETE FROM sources WHERE id = ?");
}

void Database::Impl::insert_source(const SourceData& source) {
    std::int64_t assignment_count = 0;
    int widest_range = 0;
    for (const auto& a : source.assignments) {
        assignment_count += a.is_active_assignment() ? 1 : 0;
        if (a.ports) {
            widest_range = std::max(widest_range, a.ports->hi - a.ports->lo);
        }
    }

    SQLite::Statement insert_source(*sql, R"sql(
        INSERT INTO sources (kind, location, sha256, registry_date, imported_at, etag, last_modified,
                             record_count, assignment_count, people_count, warning_count, widest_range, layer,
                             checked_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    insert_source.bind(1, std::string(to_string(source.kind)));
    insert_source.bind(13, std::string(to_string(source.layer)));
    insert_source.bind(2, source.location);
    insert_source.bind(3, source.sha256);
    bind_optional(insert_source, 4, source.registry_date);
    const auto now = now_utc_iso8601();
    insert_source.bind(5, now);
    bind_optional(insert_source, 14, source.checked ? std::optional(now) : std::nullopt);
    bind_optional(insert_source, 6, source.etag);
    bind_optional(insert_source, 7, source.last_modified);
    insert_source.bind(8, static_cast<std::int64_t>(source.assignments.size()));
    insert_source.bind(9, assignment_count);
    insert_source.bind(10, static_cast<std::int64_t>(source.people.size()));
    insert_source.bind(11, static_cast<std::int64_t>(source.warning_count));
    insert_source.bind(12, widest_range);
    insert_source.exec();
    const std::int64_t source_id = sql->getLastInsertRowid();

    // One prepared statement per table, reused for every row.
    SQLite::Statement insert_assignment(*sql, R"sql(
        INSERT INTO assignments (source_id, position, name, protocol, lo, hi, description, status, registered,
                                 modified, note, unauthorized, service_code, frequency, alias_of, active, flags)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
    SQLite::Statement insert_fts(*sql, "INSERT INTO assignments_fts (rowid, name, description) VALUES (?, ?, ?)");
    SQLite::Statement insert_alias(*sql, "INSERT INTO aliases (assignment_id, alias) VALUES (?, ?)");
    SQLite::Statement insert_contact(*sql, R"sql(
        INSERT INTO contacts (assignment_id, role, person_id, name, org, email, direct)
        VALUES (?, ?, ?, ?, ?, ?, ?))sql");
    SQLite::Statement insert_ref(*sql, "INSERT INTO refs (assignment_id, kind, value) VALUES (?, ?, ?)");

    for (const auto& a : source.assignments) {
        insert_assignment.reset();
        insert_assignment.bind(1, source_id);
        insert_assignment.bind(2, static_cast<std::int64_t>(a.position));
        bind_optional_text(insert_assignment, 3, a.name);
        bind_optional_text(insert_assignment, 4, a.protocol);
        if (a.ports) {
            insert_assignment.bind(5, a.ports->lo);
            insert_assignment.bind(6, a.ports->hi);
        } else {
            insert_assignment.bind(5);
            insert_assignment.bind(6);
        }
        insert_assignment.bindNoCopy(7, a.description);
        insert_assignment.bindNoCopy(8,
                                     to_string(a.status).data());  // a NUL-terminated literal (not the blob overload)
        bind_date(insert_assignment, 9, a.registered);
        bind_date(insert_assignment, 10, a.modified);
        insert_assignment.bindNoCopy(11, a.note);
        insert_assignment.bindNoCopy(12, a.unauthorized);
        bind_optional(insert_assignment, 13, a.service_code);
        bind_optional(insert_assignment, 14, a.frequency);
        bind_optional(insert_assignment, 15, a.alias_of);
        insert_assignment.bind(16, a.active ? 1 : 0);
        insert_assignment.bindNoCopy(17, a.flags);
        insert_assignment.exec();
        const std::int64_t id = sql->getLastInsertRowid();

        insert_fts.reset();
        insert_fts.bind(1, id);
        bind_optional_text(insert_fts, 2, a.name);
        insert_fts.bindNoCopy(3, a.description);
        insert_fts.exec();

        for (const auto& alias : a.aliases) {
            insert_alias.reset();
            insert_alias.bind(1, id);
            insert_alias.bindNoCopy(2, alias);
            insert_alias.exec();
        }
        for (const auto& contact : a.contacts) {
            insert_contact.reset();
            insert_contact.bind(1, id);
            insert_contact.bindNoCopy(2, to_string(contact.role).data());  // a NUL-terminated literal
            insert_contact.bindNoCopy(3, contact.person_id);
            insert_contact.bindNoCopy(4, contact.name);
            insert_contact.bindNoCopy(5, contact.org);
            insert_contact.bindNoCopy(6, contact.email);
            insert_contact.bind(7, contact.direct ? 1 : 0);
            insert_contact.exec();
        }
        for (const auto& reference : a.references) {
            insert_ref.reset();
            insert_ref.bind(1, id);
            insert_ref.bindNoCopy(2, reference.kind);
            insert_ref.bindNoCopy(3, reference.value);
            insert_ref.exec();
        }
    }

    SQLite::Statement insert_person(*sql, R"sql(
        INSERT INTO people (source_id, person_id, name, org, uris, updated) VALUES (?, ?, ?, ?, ?, ?))sql");
    for (const auto& person : source.people) {
        insert_person.reset();
        insert_person.bind(1, source_id);
        insert_person.bind(2, person.id);
        insert_person.bind(3, person.name);
        insert_person.bind(4, person.org);
        insert_person.bind(5, join_lines(person.uris));
        bind_date(insert_person, 6, person.updated);
        insert_person.exec();
    }
}

SourceData Database::source_data(const SourceInfo& info) const {
    SourceData source;
    source.kind = info.kind;
    source.layer = info.layer;
    source.location = info.location;
    source.sha256 = info.sha256;
    source.registry_date = info.registry_date;
    source.etag = info.etag;
    source.last_modified = info.last_modified;
    source.warning_count = static_cast<std::size_t>(info.warning_count);
    for (auto& row : assignments_of_source(info.id)) {
        source.assignments.push_back(std::move(row.assignment));
    }
    try {
        SQLite::Statement people(*impl_->sql, R"sql(
            SELECT person_id, name, org, uris, updated FROM people WHERE source_id = ? ORDER BY rowid)sql");
        people.bind(1, info.id);
        while (people.executeStep()) {
            Person person;
            person.id = people.getColumn(0).getString();
            person.name = people.getColumn(1).getString();
            person.org = people.getColumn(2).getString();
            person.uris = split_lines(people.getColumn(3).getString());
            person.updated = optional_date(people.getColumn(4));
            source.people.push_back(std::move(person));
        }
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
    return source;
}

std::vector<SourceInfo> Database::sources() const {
    try {
        SQLite::Statement query(*impl_->sql, fmt::format(R"sql(
            SELECT id, kind, location, sha256, registry_date, imported_at, etag, last_modified,
                   record_count, assignment_count, people_count, warning_count, layer, checked_at
            FROM sources ORDER BY {}, registry_date IS NULL, registry_date DESC, location)sql",
                                                         detail::layer_precedence_sql()));
        std::vector<SourceInfo> result;
        while (query.executeStep()) {
            SourceInfo info;
            info.id = query.getColumn(0).getInt64();
            const auto kind = source_kind_from_string(query.getColumn(1).getString());
            if (!kind) {
                throw DatabaseError(fmt::format("database {}: unknown source kind '{}'", impl_->path.string(),
                                                query.getColumn(1).getString()));
            }
            info.kind = *kind;
            info.location = query.getColumn(2).getString();
            info.sha256 = query.getColumn(3).getString();
            info.registry_date = optional_text(query.getColumn(4));
            info.imported_at = query.getColumn(5).getString();
            info.etag = optional_text(query.getColumn(6));
            info.last_modified = optional_text(query.getColumn(7));
            info.record_count = query.getColumn(8).getInt64();
            info.assignment_count = query.getColumn(9).getInt64();
            info.people_count = query.getColumn(10).getInt64();
            info.warning_count = query.getColumn(11).getInt64();
            info.layer = layer_from_string(query.getColumn(12).getString()).value_or(default_layer(info.kind));
            info.checked_at = optional_text(query.getColumn(13));
            result.push_back(std::move(info));
        }
        return result;
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

std::map<std::string, std::int64_t> Database::assignment_counts_by_protocol(std::int64_t source_id) const {
    try {
        SQLite::Statement query(*impl_->sql, R"sql(
            SELECT protocol, count(*) FROM assignments
            WHERE source_id = ? AND active AND name IS NOT NULL AND protocol IS NOT NULL AND lo IS NOT NULL
            GROUP BY protocol)sql");
        query.bind(1, source_id);
        std::map<std::string, std::int64_t> counts;
        while (query.executeStep()) {
            counts[query.getColumn(0).getString()] = query.getColumn(1).getInt64();
        }
        return counts;
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

namespace {
constexpr const char* row_columns = R"sql(
    a.id, s.kind, a.position, a.name, a.protocol, a.lo, a.hi, a.description, a.status, a.registered,
    a.modified, a.note, a.unauthorized, a.service_code, a.frequency, a.alias_of, a.active, a.flags, s.layer, a.source_id, s.location, s.registry_date)sql";

// Rows in a stable order: by source, then port, protocol-specific rows before
// protocol-less ones, then name.
constexpr const char* row_order =
    " ORDER BY s.kind, a.lo IS NULL, a.lo, a.protocol IS NULL, a.protocol, a.name IS NULL, a.name, a.position";
}  // namespace

std::vector<StoredAssignment> Database::find_by_name(std::string_view name) const {
    try {
        SQLite::Statement query(*impl_->sql,
                                fmt::format(R"sql(SELECT {} FROM assignments a JOIN sources s ON s.id = a.source_id
            WHERE a.active AND (a.name = ?1 COLLATE NOCASE
                 OR a.id IN (SELECT assignment_id FROM aliases WHERE alias = ?1 COLLATE NOCASE)) {})sql",
                                            row_columns, row_order));
        query.bind(1, std::string(name));
        return impl_->read_rows(query);
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

std::vector<StoredAssignment> Database::find_by_port(std::uint16_t port, std::optional<std::string_view> protocol,
                                                     RowDetail detail) const {
    return find_overlapping(port, port, protocol, detail);
}

std::vector<StoredAssignment> Database::Impl::read_rows(SQLite::Statement& query, std::vector<double>* extra,
                                                        RowDetail detail, std::size_t max_rows) const {
    std::vector<StoredAssignment> rows;
    while ((max_rows == 0 || rows.size() < max_rows) && query.executeStep()) {
        StoredAssignment row;
        row.id = query.getColumn(0).getInt64();
        row.source = source_kind_from_string(query.getColumn(1).getString()).value_or(SourceKind::services);
        Assignment& a = row.assignment;
        a.position = static_cast<std::uint32_t>(query.getColumn(2).getInt64());
        a.name = optional_text(query.getColumn(3));
        a.protocol = optional_text(query.getColumn(4));
        if (!query.getColumn(5).isNull()) {
            a.ports = PortRange{static_cast<std::uint16_t>(query.getColumn(5).getInt()),
                                static_cast<std::uint16_t>(query.getColumn(6).getInt())};
        }
        a.description = query.getColumn(7).getString();
        a.status = status_from_string(query.getColumn(8).getString()).value_or(Status::other);
        a.registered = optional_date(query.getColumn(9));
        a.modified = optional_date(query.getColumn(10));
        a.note = query.getColumn(11).getString();
        a.unauthorized = query.getColumn(12).getString();
        if (!query.getColumn(13).isNull()) {
            a.service_code = query.getColumn(13).getInt64();
        }
        if (!query.getColumn(14).isNull()) {
            a.frequency = query.getColumn(14).getDouble();
        }
        a.alias_of = optional_text(query.getColumn(15));
        a.active = query.getColumn(16).getInt() != 0;
        a.flags = query.getColumn(17).getString();
        row.layer = layer_from_string(query.getColumn(18).getString()).value_or(Layer::system);
        row.source_id = query.getColumn(19).getInt64();
        row.source_location = query.getColumn(20).getString();
        row.source_date = optional_text(query.getColumn(21));
        if (extra != nullptr) {
            extra->push_back(query.getColumn(22).getDouble());
        }
        rows.push_back(std::move(row));
    }
    if (detail == RowDetail::full) {
        read_details(rows);
    }
    return rows;
}

void Database::Impl::read_details(std::vector<StoredAssignment>& rows) const {
    // One query per child table and batch of ids, "IN (?, ?, ...)" with every
    // id bound: the cheapest statements to prepare, which is what a lookup of
    // a few rows spends its time on.
    constexpr std::size_t batch = 500;
    std::unordered_map<std::int64_t, StoredAssignment*> by_id;
    for (auto& row : rows) {
        by_id.emplace(row.id, &row);
    }
    for (std::size_t first = 0; first < rows.size(); first += batch) {
        const std::size_t count = std::min(batch, rows.size() - first);
        std::string markers;  // "?,?,..." one per id
        for (std::size_t i = 0; i < count; ++i) {
            markers += i == 0 ? "?" : ",?";
        }
        const auto each = [&](const std::string& columns, const char* table, const auto& apply) {
            SQLite::Statement query(
                *sql, fmt::format("SELECT assignment_id, {} FROM {} WHERE assignment_id IN ({}) ORDER BY rowid",
                                  columns, table, markers));
            for (std::size_t i = 0; i < count; ++i) {
                query.bind(static_cast<int>(i + 1), rows[first + i].id);
            }
            while (query.executeStep()) {
                apply(by_id.at(query.getColumn(0).getInt64())->assignment, query);
            }
        };
        each("alias", "aliases",
             [](Assignment& a, SQLite::Statement& q) { a.aliases.push_back(q.getColumn(1).getString()); });
        each("role, person_id, name, org, email, direct", "contacts", [](Assignment& a, SQLite::Statement& q) {
            Contact contact;
            contact.role = q.getColumn(1).getString() == "assignee" ? ContactRole::assignee : ContactRole::contact;
            contact.person_id = q.getColumn(2).getString();
            contact.name = q.getColumn(3).getString();
            contact.org = q.getColumn(4).getString();
            contact.email = q.getColumn(5).getString();
            contact.direct = q.getColumn(6).getInt() != 0;
            a.contacts.push_back(std::move(contact));
        });
        each("kind, value", "refs", [](Assignment& a, SQLite::Statement& q) {
            a.references.push_back({q.getColumn(1).getString(), q.getColumn(2).getString()});
        });
    }
}

std::vector<StoredAssignment> Database::all_assignments(std::optional<SourceKind> source) const {
    std::vector<StoredAssignment> rows;
    for_each_assignment(source, [&](const StoredAssignment& row) { rows.push_back(row); });
    return rows;
}

std::vector<StoredAssignment> Database::assignments_of_source(std::int64_t source_id) const {
    try {
        SQLite::Statement query(*impl_->sql,
                                fmt::format("SELECT {} FROM assignments a JOIN sources s ON s.id = a.source_id "
                                            "WHERE a.source_id = ?1 ORDER BY a.position, a.id",
                                            row_columns));
        query.bind(1, source_id);
        return impl_->read_rows(query);
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

void Database::load_details(std::vector<StoredAssignment>& rows) const {
    try {
        impl_->read_details(rows);
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

std::vector<std::string> Database::all_names() const {
    try {
        SQLite::Statement query(*impl_->sql, R"sql(SELECT name FROM assignments WHERE active AND name IS NOT NULL
            UNION SELECT l.alias FROM aliases l JOIN assignments a ON a.id = l.assignment_id WHERE a.active)sql");
        std::vector<std::string> names;
        while (query.executeStep()) {
            names.push_back(query.getColumn(0).getString());
        }
        return names;
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

namespace {

/// A LIKE pattern matching the strings that start with `prefix`: its own % and
/// _ (and the escape character) match only themselves.
std::string like_prefix(std::string_view prefix) {
    std::string pattern;
    for (const char c : prefix) {
        if (c == '%' || c == '_' || c == '\\') {
            pattern += '\\';
        }
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

}  // namespace

std::vector<std::string> Database::names_starting_with(std::string_view prefix) const {
    try {
        // LIKE ignores ASCII case and, with a constant prefix, is answered from
        // the NOCASE indexes on names and aliases (SQLite's LIKE optimisation).
        SQLite::Statement query(*impl_->sql, R"sql(
            SELECT a.name FROM assignments a JOIN sources s ON s.id = a.source_id
            WHERE a.name LIKE ?1 ESCAPE '\' AND a.active AND s.layer <> 'history'
            UNION
            SELECT l.alias FROM aliases l JOIN assignments a ON a.id = l.assignment_id JOIN sources s ON s.id = a.source_id
            WHERE l.alias LIKE ?1 ESCAPE '\' AND a.active AND s.layer <> 'history'
            ORDER BY 1 COLLATE NOCASE, 1)sql");
        query.bind(1, like_prefix(prefix));
        std::vector<std::string> names;
        while (query.executeStep()) {
            names.push_back(query.getColumn(0).getString());
        }
        return names;
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

void Database::for_each_assignment(std::optional<SourceKind> source,
                                   const std::function<void(const StoredAssignment&)>& each) const {
    constexpr std::size_t batch = 256;  // rows in memory at once, with their aliases, contacts and references
    try {
        // The rows and order of all_assignments().
        SQLite::Statement query(*impl_->sql,
                                fmt::format("SELECT {} FROM assignments a JOIN sources s ON s.id = a.source_id "
                                            "WHERE ?1 IS NULL OR s.kind = ?1 ORDER BY s.kind, a.position, a.id",
                                            row_columns));
        if (source) {
            query.bind(1, std::string(to_string(*source)));
        } else {
            query.bind(1);
        }
        for (;;) {
            const auto rows = impl_->read_rows(query, nullptr, RowDetail::full, batch);
            for (const auto& row : rows) {
                each(row);
            }
            if (rows.size() < batch) {
                return;  // the statement is done: stepping it again would be an error
            }
        }
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

std::vector<SearchHit> Database::search(const std::string& fts_expression, int limit,
                                        const std::optional<std::vector<std::int64_t>>& sources,
                                        RowDetail detail) const {
    try {
        // bm25 weights: a word in the name counts ten times a word in the description.
        SQLite::Statement query(*impl_->sql, fmt::format(R"sql(SELECT {}, bm25(assignments_fts, 10.0, 1.0) AS score
            FROM assignments_fts JOIN assignments a ON a.id = assignments_fts.rowid JOIN sources s ON s.id = a.source_id
            WHERE assignments_fts MATCH ?1 AND a.active AND (?3 IS NULL OR instr(?3, ',' || a.source_id || ',') > 0)
            ORDER BY score, s.kind, a.lo, a.protocol LIMIT ?2)sql",
                                                         row_columns));
        query.bind(1, fts_expression);
        query.bind(2, limit);
        if (sources) {
            std::string ids = ",";  // ",3,7," : a membership test needs no temporary table
            for (const auto id : *sources) {
                ids += std::to_string(id) + ",";
            }
            query.bind(3, ids);
        } else {
            query.bind(3);
        }
        std::vector<double> ranks;
        auto rows = impl_->read_rows(query, &ranks, detail);
        std::vector<SearchHit> hits;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            hits.push_back({std::move(rows[i]), ranks[i]});
        }
        return hits;
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

std::vector<PortRangeRow> Database::port_ranges() const {
    try {
        SQLite::Statement query(*impl_->sql,
                                R"sql(SELECT a.lo, a.hi, a.protocol, s.kind, a.name IS NOT NULL, a.status, s.layer
            FROM assignments a JOIN sources s ON s.id = a.source_id WHERE a.active AND a.lo IS NOT NULL)sql");
        std::vector<PortRangeRow> rows;
        while (query.executeStep()) {
            PortRangeRow row;
            row.ports = PortRange{static_cast<std::uint16_t>(query.getColumn(0).getInt()),
                                  static_cast<std::uint16_t>(query.getColumn(1).getInt())};
            row.protocol = optional_text(query.getColumn(2));
            row.source = source_kind_from_string(query.getColumn(3).getString()).value_or(SourceKind::services);
            row.named = query.getColumn(4).getInt() != 0;
            row.status = status_from_string(query.getColumn(5).getString()).value_or(Status::other);
            row.layer = layer_from_string(query.getColumn(6).getString()).value_or(Layer::system);
            rows.push_back(std::move(row));
        }
        return rows;
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

std::vector<StoredAssignment> Database::find_overlapping(std::uint16_t lo, std::uint16_t hi,
                                                         std::optional<std::string_view> protocol,
                                                         RowDetail detail) const {
    try {
        // lo >= LOW - widest keeps the index scan short even for ranges.
        SQLite::Statement query(*impl_->sql,
                                fmt::format(R"sql(SELECT {} FROM assignments a JOIN sources s ON s.id = a.source_id
            WHERE a.lo BETWEEN ?1 - (SELECT coalesce(max(widest_range), 0) FROM sources) AND ?2
              AND a.hi >= ?1 AND a.active
              AND (?3 IS NULL OR a.protocol = ?3 OR a.protocol IS NULL) {})sql",
                                            row_columns, row_order));
        query.bind(1, lo);
        query.bind(2, hi);
        if (protocol) {
            query.bind(3, std::string(*protocol));
        } else {
            query.bind(3);
        }
        return impl_->read_rows(query, nullptr, detail);
    } catch (const SQLite::Exception& error) {
        impl_->fail(error);
    }
}

}  // namespace portdb::db
