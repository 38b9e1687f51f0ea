#pragma once
// A source is one imported registry file: its identity and everything it held.

#include "portdb/db/assignment.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::db {

/// The registry formats portdb reads. A database holds at most one source of
/// each kind; importing a kind again replaces that source whole.
enum class SourceKind { iana_xml, iana_csv, port_numbers_text, services, nmap_services, defacto_list, site };

/// Where `portdb reserve` keeps its reservations: the location of that site source.
inline constexpr std::string_view reservations_location = "portdb reserve";

std::string_view to_string(SourceKind kind);
std::optional<SourceKind> source_kind_from_string(std::string_view word);

/// The layers a user thinks in, from the most authoritative down:
/// - registry: the current IANA registry (the newest registry date wins);
/// - history: older IANA snapshots, RFC 1700, the 2005 port-numbers text;
/// - system: services(5) files, each keyed by its own path;
/// - defacto: default ports of widely used software, nmap-services popularity;
/// - site: a team's own reservations.
/// Answers come from every layer but history unless history is asked for.
enum class Layer { registry, history, system, defacto, site };

std::string_view to_string(Layer layer);
std::optional<Layer> layer_from_string(std::string_view word);

/// Which layer speaks first when several say the same: registry, site,
/// de-facto, system, then history. 0 is the most authoritative.
[[nodiscard]] int layer_precedence(Layer layer);

/// An entry of the IANA registry's people list.
struct Person {
    std::string id;
    std::string name;
    std::string org;
    std::vector<std::string> uris;  ///< as written, e.g. "mailto:koethe&88solutions.com"
    std::optional<PartialDate> updated;
};

/// Everything an import writes for one source.
struct SourceData {
    SourceKind kind = SourceKind::services;
    Layer layer = Layer::system;               ///< where it answers (the importer decides: see source_placement)
    std::string location;                      ///< path or URL it was read from
    std::string sha256;                        ///< of the bytes read, lower-case hex
    std::optional<std::string> registry_date;  ///< the registry's own date, when it states one
    std::optional<std::string> etag;           ///< HTTP validators, for conditional refresh
    std::optional<std::string> last_modified;
    /// Fetched just now by an update: the source records that its server was asked.
    bool checked = false;
    std::vector<Assignment> assignments;
    std::vector<Person> people;
    std::size_t warning_count = 0;
};

/// What the database remembers about an imported source.
struct SourceInfo {
    std::int64_t id = 0;
    SourceKind kind = SourceKind::services;
    Layer layer = Layer::system;
    std::string location;
    std::string sha256;
    std::optional<std::string> registry_date;
    std::string imported_at;                ///< UTC, ISO 8601
    std::optional<std::string> checked_at;  ///< when an update last asked its server (UTC); none: never
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    std::int64_t record_count = 0;      ///< every row, status and history included
    std::int64_t assignment_count = 0;  ///< active rows with name, protocol and port
    std::int64_t people_count = 0;
    std::int64_t warning_count = 0;
};

/// The layer a source of this kind goes to unless placement decides otherwise:
/// IANA registries the registry (an older one than the current registry is
/// placed in history instead), the text lists history, services files system,
/// nmap-services and the software defaults de-facto, reservations site.
Layer default_layer(SourceKind kind);

/// How a user recognises a source: "IANA 2025-12-15", "RFC 1700 (1994)",
/// "IANA port-numbers 2005-12-22", "/etc/services", "nmap-services".
std::string display_name(SourceKind kind, const std::string& location, const std::optional<std::string>& registry_date);
inline std::string display_name(const SourceInfo& source) {
    return display_name(source.kind, source.location, source.registry_date);
}

/// What adding a source does to the sources already there.
struct Displacement {
    std::vector<std::int64_t> remove;  ///< ids of sources the new one replaces
};

}  // namespace portdb::db
