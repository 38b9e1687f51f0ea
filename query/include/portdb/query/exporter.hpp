#pragma once
// Writing the database out: services(5), the IANA CSV layout, or JSON.

#include "portdb/db/database.hpp"
#include "portdb/query/layers.hpp"

#include <optional>
#include <ostream>
#include <string_view>

namespace portdb::query {

enum class ExportFormat { services, csv, json };

/// "services", "csv", "json"; nullopt for anything else.
std::optional<ExportFormat> export_format_from_string(std::string_view word);

/// Writes the rows of the selected sources (by default every layer but
/// history; layers.hpp) to `out`, row by row as they are
/// read: memory does not grow with the database (services keeps a key of a
/// few bytes per line written, to write each line once). Stops at the first
/// failed write, leaving `out` failed.
/// - services: one line per (name, port, protocol), ranges written port by port
///   (services(5) has no ranges), aliases kept; rows without a protocol or port,
///   or whose name has a blank, cannot be written in this format and are
///   counted in the closing comment, with the lines written;
/// - csv: the IANA CSV columns, every row (statuses and name-only rows too);
///   portdb imports it back;
/// - json: {"assignments": [ROW, ...], "sources": [...]}, one space per level
///   of indentation; invalid UTF-8 in the database is written as U+FFFD.
void export_database(const db::Database& database, ExportFormat format, const SourceSelection& selection,
                     std::ostream& out);

}  // namespace portdb::query
