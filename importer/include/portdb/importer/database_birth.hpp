#pragma once
// How a database is born, and kept whole: every new database starts as a copy
// of the shipped layers (the IANA registry, the software defaults) plus this
// machine's services file; a database that lacks one of those layers (made
// by an earlier portdb, or without shipped data) gains it at its next write.

#include "portdb/db/database.hpp"
#include "portdb/db/source.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/shipped_data.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace portdb::importer {

/// What a new database is made of, besides what the command itself adds.
struct BirthSources {
    std::optional<ShippedData> shipped;  ///< none: no registry or defaults to start from
    std::filesystem::path system_services = "/etc/services";
    /// nmap's list of ports and how often each is seen open (Debian's nmap-common).
    std::filesystem::path nmap_services = "/usr/share/nmap/nmap-services";
};

/// What a first use built.
struct FirstUse {
    std::optional<db::SourceInfo> registry;  ///< from the shipped data, when there is some
    std::optional<db::SourceInfo> defaults;  ///< the shipped software defaults, likewise
    std::optional<ImportSummary> services;   ///< this machine's services file, when it has one
    std::optional<ImportSummary> nmap;       ///< nmap's nmap-services, when nmap is installed
};

/// First use: when nothing exists at `database`, builds it from the shipped
/// data (a copy of its bytes: no parsing) and the services files that exist,
/// so portdb answers offline at once. The copy is staged beside the database
/// in a file created exclusively (never through a symlink) and linked into
/// place only when whole and still the file written; staging files left by a
/// killed first use are removed; folders it creates are 0700. Concurrent first
/// uses wait for one another: one builds, the others use its result.
/// Returns what it built, or nullopt when the database exists (or another
/// process built it meanwhile) or there is nothing to start from. Throws
/// DatabaseError naming the shipped data when that is damaged, and for a
/// dangling symlink at `database`. `on_wait` is called before waiting.
std::optional<FirstUse> create_on_first_use(const std::filesystem::path& database, const BirthSources& from,
                                            const std::function<void()>& on_wait = {});
/// The same, from a shipped database file (e.g. portdb_SHIPPED_DATABASE) and
/// the default services files.
std::optional<FirstUse> create_on_first_use(const std::filesystem::path& database,
                                            const std::optional<std::filesystem::path>& shipped);

/// A layer that a new database would have and `database` lacks.
struct MissingLayer {
    db::Layer layer = db::Layer::registry;
    std::string name;  ///< as a user recognises it: "IANA 2025-12-15", "software defaults", "/etc/services"
};

/// The shipped sources and the system services file that `database` lacks:
/// the registry when it has no registry at all, the software defaults when it
/// has none, this machine's services file when it has no services file in the
/// system layer (and the file exists).
[[nodiscard]] std::vector<MissingLayer> missing_layers(const db::Database& database, const BirthSources& from);

/// At a write: adds the missing layers to an existing database, each placed
/// by the usual rules, in one transaction under the writer lock (nothing is
/// changed on any error). Returns what it added; empty when nothing was missing.
std::vector<ImportSummary> complete_layers(const std::filesystem::path& database, const BirthSources& from,
                                           const std::function<void()>& on_wait = {});

}  // namespace portdb::importer
