#pragma once
// What portdb does with a database file it did not write (internal to db).

#include <filesystem>
#include <set>
#include <string>
#include <tuple>

namespace SQLite {
class Database;
}

namespace portdb::db::detail {

/// One row of sqlite_master: type, name and table.
using SchemaObject = std::tuple<std::string, std::string, std::string>;

/// Throws DatabaseError when the database holds an object portdb never
/// creates: any trigger or view (they would run their own SQL inside
/// portdb's reads and writes), and, once the file has the current schema,
/// any table or index that the migrations do not create. Column lists are
/// not compared.
void check_schema_objects(SQLite::Database& db, const std::filesystem::path& path, bool current_schema);

/// The objects the migrations create, read from an in-memory database built
/// by them: the authority (it takes milliseconds, so it is consulted only
/// for an object missing from listed_schema_objects()).
[[nodiscard]] std::set<SchemaObject> migration_schema_objects();

/// The objects of the current schema as listed in schema_check.cpp: the
/// fast path of the check. A test keeps it equal to migration_schema_objects().
[[nodiscard]] std::set<SchemaObject> listed_schema_objects();

}  // namespace portdb::db::detail
