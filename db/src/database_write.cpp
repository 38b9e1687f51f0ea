#include "database_impl.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace portdb::db {
namespace {

using detail::alias_columns;
using detail::contact_columns;
using detail::ref_columns;

// The columns each INSERT fills. The statement is written from the list
// (insert_sql) and a value is bound at its column's parameter, by name.
constexpr detail::Columns source_columns{
    "kind",         "location",         "sha256",       "registry_date", "imported_at",  "etag",  "last_modified",
    "record_count", "assignment_count", "people_count", "warning_count", "widest_range", "layer", "checked_at"};
constexpr detail::Columns assignment_columns{"source_id", "position",     "name",         "protocol",   "lo",
                                             "hi",        "description",  "status",       "registered", "modified",
                                             "note",      "unauthorized", "service_code", "frequency",  "alias_of",
                                             "active",    "flags"};
constexpr detail::Columns fts_columns{"rowid", "name", "description"};
constexpr detail::Columns person_columns{"source_id", "person_id", "name", "org", "uris", "updated"};

/// "INSERT INTO table (a, b) VALUES (?, ?)": parameter i + 1 fills column i.
template <std::size_t N>
std::string insert_sql(std::string_view table, const detail::Columns<N>& columns) {
    std::string markers = "?";
    for (std::size_t i = 1; i < N; ++i) {
        markers += ", ?";
    }
    return fmt::format("INSERT INTO {} ({}) VALUES ({})", table, columns.list(), markers);
}

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

std::int64_t insert_source_row(SQLite::Database& sql, const SourceData& source) {
    std::int64_t assignment_count = 0;
    int widest_range = 0;
    for (const auto& a : source.assignments) {
        assignment_count += a.is_active_assignment() ? 1 : 0;
        if (a.ports) {
            widest_range = std::max(widest_range, a.ports->hi - a.ports->lo);
        }
    }
    constexpr const auto& columns = source_columns;
    SQLite::Statement insert(sql, insert_sql("sources", columns));
    insert.bind(columns.parameter("kind"), std::string(to_string(source.kind)));
    insert.bind(columns.parameter("layer"), std::string(to_string(source.layer)));
    insert.bind(columns.parameter("location"), source.location);
    insert.bind(columns.parameter("sha256"), source.sha256);
    bind_optional(insert, columns.parameter("registry_date"), source.registry_date);
    const auto now = now_utc_iso8601();
    insert.bind(columns.parameter("imported_at"), now);
    bind_optional(insert, columns.parameter("checked_at"), source.checked ? std::optional(now) : std::nullopt);
    bind_optional(insert, columns.parameter("etag"), source.etag);
    bind_optional(insert, columns.parameter("last_modified"), source.last_modified);
    insert.bind(columns.parameter("record_count"), static_cast<std::int64_t>(source.assignments.size()));
    insert.bind(columns.parameter("assignment_count"), assignment_count);
    insert.bind(columns.parameter("people_count"), static_cast<std::int64_t>(source.people.size()));
    insert.bind(columns.parameter("warning_count"), static_cast<std::int64_t>(source.warning_count));
    insert.bind(columns.parameter("widest_range"), widest_range);
    insert.exec();
    return sql.getLastInsertRowid();
}

/// Writes an assignment, its full-text entry, aliases, contacts and
/// references: one prepared statement per table, reused for every row.
class AssignmentWriter {
public:
    AssignmentWriter(SQLite::Database& sql, std::int64_t source_id)
        : sql_(sql),
          source_id_(source_id),
          assignment_(sql, insert_sql("assignments", assignment_columns)),
          fts_(sql, insert_sql("assignments_fts", fts_columns)),
          alias_(sql, insert_sql("aliases", alias_columns)),
          contact_(sql, insert_sql("contacts", contact_columns)),
          ref_(sql, insert_sql("refs", ref_columns)) {}

    void write(const Assignment& a) {
        constexpr const auto& columns = assignment_columns;
        assignment_.reset();
        assignment_.bind(columns.parameter("source_id"), source_id_);
        assignment_.bind(columns.parameter("position"), static_cast<std::int64_t>(a.position));
        bind_optional_text(assignment_, columns.parameter("name"), a.name);
        bind_optional_text(assignment_, columns.parameter("protocol"), a.protocol);
        if (a.ports) {
            assignment_.bind(columns.parameter("lo"), a.ports->lo);
            assignment_.bind(columns.parameter("hi"), a.ports->hi);
        } else {
            assignment_.bind(columns.parameter("lo"));
            assignment_.bind(columns.parameter("hi"));
        }
        assignment_.bindNoCopy(columns.parameter("description"), a.description);
        // a NUL-terminated literal (not the blob overload)
        assignment_.bindNoCopy(columns.parameter("status"), to_string(a.status).data());
        bind_date(assignment_, columns.parameter("registered"), a.registered);
        bind_date(assignment_, columns.parameter("modified"), a.modified);
        assignment_.bindNoCopy(columns.parameter("note"), a.note);
        assignment_.bindNoCopy(columns.parameter("unauthorized"), a.unauthorized);
        bind_optional(assignment_, columns.parameter("service_code"), a.service_code);
        bind_optional(assignment_, columns.parameter("frequency"), a.frequency);
        bind_optional(assignment_, columns.parameter("alias_of"), a.alias_of);
        assignment_.bind(columns.parameter("active"), a.active ? 1 : 0);
        assignment_.bindNoCopy(columns.parameter("flags"), a.flags);
        assignment_.exec();
        const std::int64_t id = sql_.getLastInsertRowid();

        fts_.reset();
        fts_.bind(fts_columns.parameter("rowid"), id);
        bind_optional_text(fts_, fts_columns.parameter("name"), a.name);
        fts_.bindNoCopy(fts_columns.parameter("description"), a.description);
        fts_.exec();

        for (const auto& alias : a.aliases) {
            alias_.reset();
            alias_.bind(alias_columns.parameter("assignment_id"), id);
            alias_.bindNoCopy(alias_columns.parameter("alias"), alias);
            alias_.exec();
        }
        for (const auto& contact : a.contacts) {
            contact_.reset();
            contact_.bind(contact_columns.parameter("assignment_id"), id);
            // a NUL-terminated literal
            contact_.bindNoCopy(contact_columns.parameter("role"), to_string(contact.role).data());
            contact_.bindNoCopy(contact_columns.parameter("person_id"), contact.person_id);
            contact_.bindNoCopy(contact_columns.parameter("name"), contact.name);
            contact_.bindNoCopy(contact_columns.parameter("org"), contact.org);
            contact_.bindNoCopy(contact_columns.parameter("email"), contact.email);
            contact_.bind(contact_columns.parameter("direct"), contact.direct ? 1 : 0);
            contact_.exec();
        }
        for (const auto& reference : a.references) {
            ref_.reset();
            ref_.bind(ref_columns.parameter("assignment_id"), id);
            ref_.bindNoCopy(ref_columns.parameter("kind"), reference.kind);
            ref_.bindNoCopy(ref_columns.parameter("value"), reference.value);
            ref_.exec();
        }
    }

private:
    SQLite::Database& sql_;
    std::int64_t source_id_;
    SQLite::Statement assignment_, fts_, alias_, contact_, ref_;
};

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

void insert_people(SQLite::Database& sql, std::int64_t source_id, const std::vector<Person>& people) {
    constexpr const auto& columns = person_columns;
    SQLite::Statement insert(sql, insert_sql("people", columns));
    for (const auto& person : people) {
        insert.reset();
        insert.bind(columns.parameter("source_id"), source_id);
        insert.bind(columns.parameter("person_id"), person.id);
        insert.bind(columns.parameter("name"), person.name);
        insert.bind(columns.parameter("org"), person.org);
        insert.bind(columns.parameter("uris"), join_lines(person.uris));
        bind_date(insert, columns.parameter("updated"), person.updated);
        insert.exec();
    }
}

}  // namespace

void Database::add_sources(std::vector<SourceData>& sources, const Placer& place) {
    impl_->guarded([&] {
        SQLite::Transaction transaction(*impl_->sql, SQLite::TransactionBehavior::IMMEDIATE);
        for (auto& source : sources) {
            const auto displacement = place(source, this->sources());  // reads this transaction's own changes
            for (const auto id : displacement.remove) {
                impl_->delete_source(id);
            }
            impl_->insert_source(source);
        }
        transaction.commit();
    });
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
        impl_->sql->setBusyTimeout(detail::busy_timeout_ms);
    } catch (const SQLite::Exception&) {
    }
}

void Database::remove_sources(const std::vector<std::int64_t>& ids) {
    impl_->guarded([&] {
        SQLite::Transaction transaction(*impl_->sql, SQLite::TransactionBehavior::IMMEDIATE);
        for (const auto id : ids) {
            impl_->delete_source(id);
        }
        transaction.commit();
    });
}

void Database::mark_checked(std::int64_t source_id) {
    impl_->guarded([&] {
        SQLite::Statement statement(*impl_->sql, "UPDATE sources SET checked_at = :checked_at WHERE id = :id");
        statement.bind(":checked_at", now_utc_iso8601());
        statement.bind(":id", source_id);
        statement.exec();
    });
}

void Database::Impl::delete_source(std::int64_t source_id) {
    const auto run = [&](const char* statement_text) {
        SQLite::Statement statement(*sql, statement_text);
        statement.bind(":source_id", source_id);
        statement.exec();
    };
    run("INSERT INTO assignments_fts(assignments_fts, rowid, name, description) "
        "SELECT 'delete', id, name, description FROM assignments WHERE source_id = :source_id");
    for (const char* child : {"aliases", "contacts", "refs"}) {
        run(fmt::format(
                "DELETE FROM {} WHERE assignment_id IN (SELECT id FROM assignments WHERE source_id = :source_id)",
                child)
                .c_str());
    }
    run("DELETE FROM assignments WHERE source_id = :source_id");
    run("DELETE FROM people WHERE source_id = :source_id");
    run("DELETE FROM sources WHERE id = :source_id");
}

void Database::Impl::insert_source(const SourceData& source) {
    const std::int64_t source_id = insert_source_row(*sql, source);
    AssignmentWriter writer(*sql, source_id);
    for (const auto& a : source.assignments) {
        writer.write(a);
    }
    insert_people(*sql, source_id, source.people);
}

}  // namespace portdb::db
