#include "database_impl.hpp"
#include "layer_precedence_sql.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace portdb::db {
namespace {

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

using detail::alias_columns;
using detail::contact_columns;
using detail::ref_columns;

// Each query's result columns (detail::Columns): its SELECT lists them from
// here, and a value is read by its column's name, at the index the compiler
// found for it. Statement::getColumn(name) searches the statement's names for
// every value (reading a row took a third longer), and getColumnIndex builds
// a map of them for every statement (a lookup ran 1.5% more instructions).

/// A stored row: what every query that returns StoredAssignment selects.
constexpr detail::Columns row_columns{
    "a.id",           "s.kind",         "a.position",  "a.name",         "a.protocol", "a.lo",
    "a.hi",           "a.description",  "a.status",    "a.registered",   "a.modified", "a.note",
    "a.unauthorized", "a.service_code", "a.frequency", "a.alias_of",     "a.active",   "a.flags",
    "s.layer",        "a.source_id",    "s.location",  "s.registry_date"};
constexpr detail::Columns source_columns{
    "id",           "kind",          "location",      "sha256",       "registry_date",
    "imported_at",  "etag",          "last_modified", "record_count", "assignment_count",
    "people_count", "warning_count", "layer",         "checked_at"};
constexpr detail::Columns person_columns{"person_id", "name", "org", "uris", "updated"};
constexpr detail::Columns count_columns{"protocol", "count(*)"};
constexpr detail::Columns port_range_columns{"a.lo",     "a.hi",   "a.protocol", "s.kind", "a.name IS NOT NULL",
                                             "a.status", "s.layer"};

// Rows in a stable order: by source, then port, protocol-specific rows before
// protocol-less ones, then name.
constexpr const char* row_order =
    " ORDER BY s.kind, a.lo IS NULL, a.lo, a.protocol IS NULL, a.protocol, a.name IS NULL, a.name, a.position";

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

/// The values of the query's one column (a name), in its order.
std::vector<std::string> read_names(SQLite::Statement& query) {
    std::vector<std::string> names;
    while (query.executeStep()) {
        names.push_back(query.getColumn(0).getString());
    }
    return names;
}

}  // namespace

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
    impl_->guarded([&] {
        constexpr const auto& columns = person_columns;
        SQLite::Statement people(
            *impl_->sql,
            fmt::format("SELECT {} FROM people WHERE source_id = :source_id ORDER BY rowid", columns.list()));
        people.bind(":source_id", info.id);
        while (people.executeStep()) {
            Person person;
            person.id = people.getColumn(columns["person_id"]).getString();
            person.name = people.getColumn(columns["name"]).getString();
            person.org = people.getColumn(columns["org"]).getString();
            person.uris = split_lines(people.getColumn(columns["uris"]).getString());
            person.updated = optional_date(people.getColumn(columns["updated"]));
            source.people.push_back(std::move(person));
        }
    });
    return source;
}

std::vector<SourceInfo> Database::sources() const {
    return impl_->guarded([&] {
        constexpr const auto& columns = source_columns;
        SQLite::Statement query(*impl_->sql, fmt::format(R"sql(
            SELECT {} FROM sources ORDER BY {}, registry_date IS NULL, registry_date DESC, location)sql",
                                                         columns.list(), detail::layer_precedence_sql()));
        std::vector<SourceInfo> result;
        while (query.executeStep()) {
            SourceInfo info;
            info.id = query.getColumn(columns["id"]).getInt64();
            const auto kind = source_kind_from_string(query.getColumn(columns["kind"]).getString());
            if (!kind) {
                throw DatabaseError(fmt::format("database {}: unknown source kind '{}'", impl_->path.string(),
                                                query.getColumn(columns["kind"]).getString()));
            }
            info.kind = *kind;
            info.location = query.getColumn(columns["location"]).getString();
            info.sha256 = query.getColumn(columns["sha256"]).getString();
            info.registry_date = optional_text(query.getColumn(columns["registry_date"]));
            info.imported_at = query.getColumn(columns["imported_at"]).getString();
            info.etag = optional_text(query.getColumn(columns["etag"]));
            info.last_modified = optional_text(query.getColumn(columns["last_modified"]));
            info.record_count = query.getColumn(columns["record_count"]).getInt64();
            info.assignment_count = query.getColumn(columns["assignment_count"]).getInt64();
            info.people_count = query.getColumn(columns["people_count"]).getInt64();
            info.warning_count = query.getColumn(columns["warning_count"]).getInt64();
            info.layer =
                layer_from_string(query.getColumn(columns["layer"]).getString()).value_or(default_layer(info.kind));
            info.checked_at = optional_text(query.getColumn(columns["checked_at"]));
            result.push_back(std::move(info));
        }
        return result;
    });
}

std::map<std::string, std::int64_t> Database::assignment_counts_by_protocol(std::int64_t source_id) const {
    return impl_->guarded([&] {
        constexpr const auto& columns = count_columns;
        SQLite::Statement query(*impl_->sql, fmt::format(R"sql(
            SELECT {} FROM assignments
            WHERE source_id = :source_id AND active AND name IS NOT NULL AND protocol IS NOT NULL AND lo IS NOT NULL
            GROUP BY protocol)sql",
                                                         columns.list()));
        query.bind(":source_id", source_id);
        std::map<std::string, std::int64_t> counts;
        while (query.executeStep()) {
            counts[query.getColumn(columns["protocol"]).getString()] = query.getColumn(columns["count(*)"]).getInt64();
        }
        return counts;
    });
}

std::vector<StoredAssignment> Database::find_by_name(std::string_view name) const {
    return impl_->guarded([&] {
        SQLite::Statement query(*impl_->sql,
                                fmt::format(R"sql(SELECT {} FROM assignments a JOIN sources s ON s.id = a.source_id
            WHERE a.active AND (a.name = :name COLLATE NOCASE
                 OR a.id IN (SELECT assignment_id FROM aliases WHERE alias = :name COLLATE NOCASE)) {})sql",
                                            row_columns.list(), row_order));
        query.bind(":name", std::string(name));
        return impl_->read_rows(query);
    });
}

std::vector<StoredAssignment> Database::find_by_port(std::uint16_t port, std::optional<std::string_view> protocol,
                                                     RowDetail detail) const {
    return find_overlapping(port, port, protocol, detail);
}

std::vector<StoredAssignment> Database::Impl::read_rows(SQLite::Statement& query, std::vector<double>* extra,
                                                        RowDetail detail, std::size_t max_rows) const {
    constexpr const auto& columns = row_columns;
    constexpr int rank = static_cast<int>(row_columns.names.size());  // search's bm25, after the row
    std::vector<StoredAssignment> rows;
    while ((max_rows == 0 || rows.size() < max_rows) && query.executeStep()) {
        StoredAssignment row;
        row.id = query.getColumn(columns["a.id"]).getInt64();
        row.source =
            source_kind_from_string(query.getColumn(columns["s.kind"]).getString()).value_or(SourceKind::services);
        Assignment& a = row.assignment;
        a.position = static_cast<std::uint32_t>(query.getColumn(columns["a.position"]).getInt64());
        a.name = optional_text(query.getColumn(columns["a.name"]));
        a.protocol = optional_text(query.getColumn(columns["a.protocol"]));
        if (!query.getColumn(columns["a.lo"]).isNull()) {
            a.ports = PortRange{static_cast<std::uint16_t>(query.getColumn(columns["a.lo"]).getInt()),
                                static_cast<std::uint16_t>(query.getColumn(columns["a.hi"]).getInt())};
        }
        a.description = query.getColumn(columns["a.description"]).getString();
        a.status = status_from_string(query.getColumn(columns["a.status"]).getString()).value_or(Status::other);
        a.registered = optional_date(query.getColumn(columns["a.registered"]));
        a.modified = optional_date(query.getColumn(columns["a.modified"]));
        a.note = query.getColumn(columns["a.note"]).getString();
        a.unauthorized = query.getColumn(columns["a.unauthorized"]).getString();
        if (!query.getColumn(columns["a.service_code"]).isNull()) {
            a.service_code = query.getColumn(columns["a.service_code"]).getInt64();
        }
        if (!query.getColumn(columns["a.frequency"]).isNull()) {
            a.frequency = query.getColumn(columns["a.frequency"]).getDouble();
        }
        a.alias_of = optional_text(query.getColumn(columns["a.alias_of"]));
        a.active = query.getColumn(columns["a.active"]).getInt() != 0;
        a.flags = query.getColumn(columns["a.flags"]).getString();
        row.layer = layer_from_string(query.getColumn(columns["s.layer"]).getString()).value_or(Layer::system);
        row.source_id = query.getColumn(columns["a.source_id"]).getInt64();
        row.source_location = query.getColumn(columns["s.location"]).getString();
        row.source_date = optional_text(query.getColumn(columns["s.registry_date"]));
        if (extra != nullptr) {
            extra->push_back(query.getColumn(rank).getDouble());
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
        const auto each = [&](const auto& columns, const char* table, const auto& apply) {
            SQLite::Statement query(*sql, fmt::format("SELECT {} FROM {} WHERE assignment_id IN ({}) ORDER BY rowid",
                                                      columns.list(), table, markers));
            for (std::size_t i = 0; i < count; ++i) {
                query.bind(static_cast<int>(i + 1), rows[first + i].id);
            }
            const int owner = columns.index_of("assignment_id");
            while (query.executeStep()) {
                apply(by_id.at(query.getColumn(owner).getInt64())->assignment, query);
            }
        };
        each(alias_columns, "aliases", [](Assignment& a, SQLite::Statement& q) {
            a.aliases.push_back(q.getColumn(alias_columns["alias"]).getString());
        });
        each(contact_columns, "contacts", [](Assignment& a, SQLite::Statement& q) {
            constexpr const auto& columns = contact_columns;
            Contact contact;
            contact.role =
                q.getColumn(columns["role"]).getString() == "assignee" ? ContactRole::assignee : ContactRole::contact;
            contact.person_id = q.getColumn(columns["person_id"]).getString();
            contact.name = q.getColumn(columns["name"]).getString();
            contact.org = q.getColumn(columns["org"]).getString();
            contact.email = q.getColumn(columns["email"]).getString();
            contact.direct = q.getColumn(columns["direct"]).getInt() != 0;
            a.contacts.push_back(std::move(contact));
        });
        each(ref_columns, "refs", [](Assignment& a, SQLite::Statement& q) {
            a.references.push_back(
                {q.getColumn(ref_columns["kind"]).getString(), q.getColumn(ref_columns["value"]).getString()});
        });
    }
}

std::vector<StoredAssignment> Database::all_assignments(std::optional<SourceKind> source) const {
    std::vector<StoredAssignment> rows;
    for_each_assignment(source, [&](const StoredAssignment& row) { rows.push_back(row); });
    return rows;
}

std::vector<StoredAssignment> Database::assignments_of_source(std::int64_t source_id) const {
    return impl_->guarded([&] {
        SQLite::Statement query(*impl_->sql,
                                fmt::format("SELECT {} FROM assignments a JOIN sources s ON s.id = a.source_id "
                                            "WHERE a.source_id = :source_id ORDER BY a.position, a.id",
                                            row_columns.list()));
        query.bind(":source_id", source_id);
        return impl_->read_rows(query);
    });
}

void Database::load_details(std::vector<StoredAssignment>& rows) const {
    impl_->guarded([&] { impl_->read_details(rows); });
}

std::vector<std::string> Database::all_names() const {
    return impl_->guarded([&] {
        SQLite::Statement query(*impl_->sql, R"sql(SELECT name FROM assignments WHERE active AND name IS NOT NULL
            UNION SELECT l.alias FROM aliases l JOIN assignments a ON a.id = l.assignment_id WHERE a.active)sql");
        return read_names(query);
    });
}

std::vector<std::string> Database::names_starting_with(std::string_view prefix) const {
    return impl_->guarded([&] {
        // LIKE ignores ASCII case and, with a constant prefix, is answered from
        // the NOCASE indexes on names and aliases (SQLite's LIKE optimisation).
        SQLite::Statement query(*impl_->sql, R"sql(
            SELECT a.name FROM assignments a JOIN sources s ON s.id = a.source_id
            WHERE a.name LIKE :pattern ESCAPE '\' AND a.active AND s.layer <> 'history'
            UNION
            SELECT l.alias FROM aliases l JOIN assignments a ON a.id = l.assignment_id JOIN sources s ON s.id = a.source_id
            WHERE l.alias LIKE :pattern ESCAPE '\' AND a.active AND s.layer <> 'history'
            ORDER BY 1 COLLATE NOCASE, 1)sql");
        query.bind(":pattern", like_prefix(prefix));
        return read_names(query);
    });
}

void Database::for_each_assignment(std::optional<SourceKind> source,
                                   const std::function<void(const StoredAssignment&)>& each) const {
    constexpr std::size_t batch = 256;  // rows in memory at once, with their aliases, contacts and references
    impl_->guarded([&] {
        // The rows and order of all_assignments().
        SQLite::Statement query(*impl_->sql,
                                fmt::format("SELECT {} FROM assignments a JOIN sources s ON s.id = a.source_id "
                                            "WHERE :kind IS NULL OR s.kind = :kind ORDER BY s.kind, a.position, a.id",
                                            row_columns.list()));
        if (source) {
            query.bind(":kind", std::string(to_string(*source)));
        } else {
            query.bind(":kind");
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
    });
}

std::vector<SearchHit> Database::search(const std::string& fts_expression, int limit,
                                        const std::optional<std::vector<std::int64_t>>& sources,
                                        RowDetail detail) const {
    return impl_->guarded([&] {
        // bm25 weights: a word in the name counts ten times a word in the description.
        SQLite::Statement query(*impl_->sql, fmt::format(R"sql(SELECT {}, bm25(assignments_fts, 10.0, 1.0) AS score
            FROM assignments_fts JOIN assignments a ON a.id = assignments_fts.rowid JOIN sources s ON s.id = a.source_id
            WHERE assignments_fts MATCH :match AND a.active
              AND (:sources IS NULL OR instr(:sources, ',' || a.source_id || ',') > 0)
            ORDER BY score, s.kind, a.lo, a.protocol LIMIT :limit)sql",
                                                         row_columns.list()));
        query.bind(":match", fts_expression);
        query.bind(":limit", limit);
        if (sources) {
            std::string ids = ",";  // ",3,7," : a membership test needs no temporary table
            for (const auto id : *sources) {
                ids += std::to_string(id) + ",";
            }
            query.bind(":sources", ids);
        } else {
            query.bind(":sources");
        }
        std::vector<double> ranks;
        auto rows = impl_->read_rows(query, &ranks, detail);
        std::vector<SearchHit> hits;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            hits.push_back({std::move(rows[i]), ranks[i]});
        }
        return hits;
    });
}

std::vector<PortRangeRow> Database::port_ranges() const {
    return impl_->guarded([&] {
        constexpr const auto& columns = port_range_columns;
        SQLite::Statement query(*impl_->sql, fmt::format(R"sql(SELECT {}
            FROM assignments a JOIN sources s ON s.id = a.source_id WHERE a.active AND a.lo IS NOT NULL)sql",
                                                         columns.list()));
        std::vector<PortRangeRow> rows;
        while (query.executeStep()) {
            PortRangeRow row;
            row.ports = PortRange{static_cast<std::uint16_t>(query.getColumn(columns["a.lo"]).getInt()),
                                  static_cast<std::uint16_t>(query.getColumn(columns["a.hi"]).getInt())};
            row.protocol = optional_text(query.getColumn(columns["a.protocol"]));
            row.source =
                source_kind_from_string(query.getColumn(columns["s.kind"]).getString()).value_or(SourceKind::services);
            row.named = query.getColumn(columns["a.name IS NOT NULL"]).getInt() != 0;
            row.status = status_from_string(query.getColumn(columns["a.status"]).getString()).value_or(Status::other);
            row.layer = layer_from_string(query.getColumn(columns["s.layer"]).getString()).value_or(Layer::system);
            rows.push_back(std::move(row));
        }
        return rows;
    });
}

std::vector<StoredAssignment> Database::find_overlapping(std::uint16_t lo, std::uint16_t hi,
                                                         std::optional<std::string_view> protocol,
                                                         RowDetail detail) const {
    return impl_->guarded([&] {
        // lo >= LOW - widest keeps the index scan short even for ranges.
        SQLite::Statement query(*impl_->sql,
                                fmt::format(R"sql(SELECT {} FROM assignments a JOIN sources s ON s.id = a.source_id
            WHERE a.lo BETWEEN :lo - (SELECT coalesce(max(widest_range), 0) FROM sources) AND :hi
              AND a.hi >= :lo AND a.active
              AND (:protocol IS NULL OR a.protocol = :protocol OR a.protocol IS NULL) {})sql",
                                            row_columns.list(), row_order));
        query.bind(":lo", lo);
        query.bind(":hi", hi);
        if (protocol) {
            query.bind(":protocol", std::string(*protocol));
        } else {
            query.bind(":protocol");
        }
        return impl_->read_rows(query, nullptr, detail);
    });
}

}  // namespace portdb::db
