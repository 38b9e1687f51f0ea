#include "schema_check.hpp"

#include "portdb/db/database_error.hpp"
#include "schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

namespace portdb::db::detail {
namespace {

std::set<SchemaObject> objects_of(SQLite::Database& db) {
    SQLite::Statement query(db, "SELECT type, name, tbl_name FROM sqlite_master");
    std::set<SchemaObject> objects;
    while (query.executeStep()) {
        objects.emplace(query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString());
    }
    return objects;
}

bool created_by_migrations(const SchemaObject& object) {
    static const std::set<SchemaObject> listed = listed_schema_objects();
    if (listed.count(object) != 0) {
        return true;
    }
    static const std::set<SchemaObject> created = migration_schema_objects();
    return created.count(object) != 0;
}

}  // namespace

std::set<SchemaObject> listed_schema_objects() {
    std::set<SchemaObject> objects;
    const auto table = [&](const char* name) { objects.emplace("table", name, name); };
    const auto index = [&](const char* name, const char* on) { objects.emplace("index", name, on); };
    for (const char* name :
         {"sources", "assignments", "aliases", "contacts", "refs", "people", "assignments_fts", "assignments_fts_data",
          "assignments_fts_idx", "assignments_fts_docsize", "assignments_fts_config"}) {
        table(name);
    }
    index("sources_by_layer", "sources");  // schema 2 rebuilt sources without the UNIQUE (and its autoindex)
    for (const char* name :
         {"assignments_by_protocol_port", "assignments_by_port", "assignments_by_name", "assignments_by_source"}) {
        index(name, "assignments");
    }
    index("aliases_by_alias", "aliases");
    index("aliases_by_assignment", "aliases");
    index("contacts_by_assignment", "contacts");
    index("refs_by_assignment", "refs");
    return objects;
}

std::set<SchemaObject> migration_schema_objects() {
    SQLite::Database scratch(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    migrate(scratch);
    return objects_of(scratch);
}

void check_schema_objects(SQLite::Database& db, const std::filesystem::path& path, bool current_schema) {
    for (const auto& object : objects_of(db)) {
        const auto& [type, name, table] = object;
        const bool foreign = type == "trigger" || type == "view" || (current_schema && !created_by_migrations(object));
        if (foreign) {
            throw DatabaseError(fmt::format(
                "database {} holds {} {} \"{}\" that portdb does not create: it was changed by another program, "
                "and portdb will not use it; import into a new database (--db PATH)",
                path.string(), type == "index" ? "an" : "a", type, name.substr(0, 80)));
        }
    }
}

}  // namespace portdb::db::detail
