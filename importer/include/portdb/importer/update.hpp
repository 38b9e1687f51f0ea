#pragma once
// Refreshing a source from the network (or a file), safely: nothing changes
// unless the whole new registry arrived, parsed and looks sane.

#include "portdb/db/source.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/http_fetch.hpp"
#include "portdb/importer/registry_diff.hpp"

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace portdb::importer {

inline constexpr const char* iana_registry_url =
    "https://www.iana.org/assignments/service-names-port-numbers/service-names-port-numbers.xml";
inline constexpr const char* rfc1700_url = "https://www.rfc-editor.org/rfc/rfc1700.txt";

struct UpdateOptions {
    /// "iana", "rfc1700", an http(s) URL, a file:// URL or a path.
    std::string source = "iana";
    /// Accept a drastic shrink, and download even when the validators say unchanged.
    bool force = false;
    FetchOptions fetch;
    /// Called when another import or update holds the database: we wait for it.
    std::function<void()> on_wait;
};

struct UpdateResult {
    bool updated = false;           ///< false: already up to date, nothing written
    std::string up_to_date_reason;  ///< "304 Not Modified", "unchanged content"
    std::string location;
    db::SourceKind kind = db::SourceKind::iana_xml;
    std::string name;  ///< as a user recognises it: "IANA 2025-12-15"
    db::Layer layer = db::Layer::registry;
    std::vector<db::SourceInfo> replaced;  ///< the sources it replaced
    std::string note;                      ///< e.g. an older registry kept as history
    std::size_t assignments_before = 0;
    std::size_t assignments_after = 0;
    RegistryDiff changes;
    std::vector<std::string> warnings;
    int attempts = 0;  ///< HTTP tries it took
};

/// Holds the writer lock throughout; downloads (conditionally, with the stored
/// ETag / Last-Modified), parses the whole body as the expected format,
/// refuses a drastic shrink unless forced, then replaces the source in one
/// transaction and stores the new validators. Throws FetchError, ParseError,
/// InputError, ReplaceRefused (a refresh that would lose more than half
/// of the current source: accepted only with force) or DatabaseError; the database is then unchanged.
UpdateResult update(const std::filesystem::path& database, const UpdateOptions& options);

struct FileDiff {
    db::SourceKind before_kind = db::SourceKind::iana_xml;
    db::SourceKind after_kind = db::SourceKind::iana_xml;
    RegistryDiff changes;
};

/// What changed between two registry files (portdb diff OLD NEW), of any formats.
FileDiff diff_files(const std::filesystem::path& before, const std::filesystem::path& after,
                    std::vector<std::string>& warnings);

}  // namespace portdb::importer
