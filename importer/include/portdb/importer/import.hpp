#pragma once
// The import pipeline: read, detect, parse everything, then write once.

#include "portdb/db/database.hpp"
#include "portdb/db/source.hpp"
#include "portdb/importer/parsed_source.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::importer {

/// Detects the format of `bytes` and parses them with the matching parser. A
/// record the file repeats exactly is kept once, with a warning naming both.
ParsedSource parse_registry(std::string_view bytes, std::string_view source_name);
/// The same, parsing inside the given bytes (an XML registry is then parsed without a copy).
ParsedSource parse_registry_in_place(std::string bytes, std::string_view source_name);

/// Hashes and parses bytes read from `location` (a path or URL) into what an
/// import writes. Consumes the bytes.
db::SourceData source_from_bytes(std::string bytes, const std::string& location, std::vector<std::string>& warnings);

/// The path that means standard input to import and diff.
inline const std::filesystem::path standard_input = "-";

/// Reads a registry input whole (at most max_input_bytes): a regular file, a
/// pipe or FIFO read to its end, or standard input for "-" (see
/// db/input_file.hpp: never blocks on a FIFO nothing writes to, never calls a
/// stream empty). Throws db::InputFileError naming the file.
std::string read_registry_file(const std::filesystem::path& file);

/// Reads a registry input whole (at most max_input_bytes), hashes and
/// parses it. Its source's location is its absolute path ("standard input"
/// for "-"). Throws db::InputFileError, InputError or ParseError; never
/// touches a database.
db::SourceData load_source_file(const std::filesystem::path& file, std::vector<std::string>& warnings);

/// Refuses inputs larger than this: no real registry comes near it.
inline constexpr std::size_t max_input_bytes = 256U << 20U;

struct ImportSummary {
    std::filesystem::path file;
    db::SourceKind kind = db::SourceKind::services;
    std::string name;  ///< as a user recognises it: "IANA 2025-12-15", "/etc/services"
    std::optional<std::string> registry_date;
    db::Layer layer = db::Layer::system;
    std::size_t records = 0;
    std::size_t assignments = 0;  ///< active rows with name, protocol and port
    std::size_t people = 0;
    std::vector<db::SourceInfo> replaced;  ///< the sources it replaced
    std::string note;                      ///< why it went where it went, when not obvious
};

struct ImportResult {
    std::vector<ImportSummary> files;
    std::vector<std::string> warnings;
};

struct ImportOptions {
    /// Accept a file with no record, or one with fewer than half the
    /// assignments of what it replaces.
    bool force = false;
    /// Called when another import or update holds the database: we wait for it.
    std::function<void()> on_wait;
};

/// Parses every file first; only when all of them parsed does it open the
/// database at `database` (creating it if needed) and add them in one
/// transaction, each in its layer, replacing what it supersedes (see
/// source_placement.hpp: an older IANA registry never replaces a newer one, a
/// services file replaces only the one from its path). On any error, or a
/// refusal (ReplaceRefused), the database is untouched. The same file twice
/// in one call is an InputError. The write holds the database's writer lock.
ImportResult import_files(const std::filesystem::path& database, const std::vector<std::filesystem::path>& files,
                          const ImportOptions& options = {});

/// What an import of `file` holding `source` reports before placement fills in the rest.
[[nodiscard]] ImportSummary summary_of(const std::filesystem::path& file, const db::SourceData& source);

/// Adds sources already read, each placed by the rules of source_placement,
/// in one transaction under the writer lock; fills in their summaries (one
/// per source, in order). On any error or refusal the database is untouched.
void add_parsed_sources(const std::filesystem::path& database, std::vector<db::SourceData>& sources,
                        std::vector<ImportSummary>& summaries, const ImportOptions& options = {});
/// The same, into a database the caller opened for writing (and holds the writer lock of).
void add_parsed_sources(db::Database& writer, std::vector<db::SourceData>& sources,
                        std::vector<ImportSummary>& summaries, bool force);

}  // namespace portdb::importer
