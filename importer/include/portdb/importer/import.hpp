#pragma once
// The import pipeline: read, detect, parse everything, then write once.

#include "portdb/db/source.hpp"
#include "portdb/importer/parsed_source.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::importer {

/// Detects the format of `bytes` and parses them with the matching parser.
ParsedSource parse_registry(std::string_view bytes, std::string_view source_name);
/// The same, parsing inside the given bytes (an XML registry is then parsed without a copy).
ParsedSource parse_registry_in_place(std::string bytes, std::string_view source_name);

/// Hashes and parses bytes read from `location` (a path or URL) into what an
/// import writes. Consumes the bytes.
db::SourceData source_from_bytes(std::string bytes, const std::string& location, std::vector<std::string>& warnings);

/// Reads a file whole (at most max_input_bytes); throws InputError.
std::string read_registry_file(const std::filesystem::path& file);

/// Reads a file whole (at most max_input_bytes), hashes and parses it.
/// Throws InputError or ParseError; never touches a database.
db::SourceData load_source_file(const std::filesystem::path& file, std::vector<std::string>& warnings);

/// Refuses inputs larger than this: no real registry comes near it.
inline constexpr std::size_t max_input_bytes = 256U << 20U;

struct ImportSummary {
    std::filesystem::path file;
    db::SourceKind kind = db::SourceKind::services;
    std::size_t records = 0;
    std::size_t assignments = 0;  ///< active rows with name, protocol and port
    std::size_t people = 0;
};

struct ImportResult {
    std::vector<ImportSummary> files;
    std::vector<std::string> warnings;
};

/// Parses every file first; only when all of them parsed does it open the
/// database at `database` (creating it if needed) and replace the sources of
/// their kinds in one transaction. On any error the database is untouched.
/// Two files of the same kind in one call are an InputError. The write holds
/// the database's writer lock; `on_wait` is called if another writer has it.
ImportResult import_files(const std::filesystem::path& database, const std::vector<std::filesystem::path>& files,
                          const std::function<void()>& on_wait = {});

/// The system's services(5) file: $PORTDB_SYSTEM_SERVICES, else /etc/services.
std::filesystem::path system_services_file();

/// First use: when no database exists at `database`, imports the system's
/// services file into a new one, so portdb answers offline at once. Returns
/// what it imported, or nullopt when the database exists or there is no
/// system services file (nothing is created then).
std::optional<ImportSummary> create_from_system_services(const std::filesystem::path& database);

}  // namespace portdb::importer
