#pragma once
// The schema and its forward migrations (internal to db).

namespace SQLite {
class Database;
}

namespace portdb::db::detail {

/// Marks a file as portdb's (PRAGMA application_id): "port" in ASCII.
inline constexpr int application_id = 0x706f7274;
/// The schema this build writes; PRAGMA user_version holds the file's.
inline constexpr int current_schema_version = 3;

/// Brings the database up to the current schema, one step per version, in one
/// immediate transaction. The version is read inside it, so two processes that
/// open a new file at once cannot both create the schema.
void migrate(SQLite::Database& db);

}  // namespace portdb::db::detail
