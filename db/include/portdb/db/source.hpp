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
enum class SourceKind { iana_xml, iana_csv, port_numbers_text, services, nmap_services };

std::string_view to_string(SourceKind kind);
std::optional<SourceKind> source_kind_from_string(std::string_view word);

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
    std::string location;                     ///< path or URL it was read from
    std::string sha256;                       ///< of the bytes read, lower-case hex
    std::optional<std::string> registry_date; ///< the registry's own date, when it states one
    std::optional<std::string> etag;          ///< HTTP validators, for conditional refresh
    std::optional<std::string> last_modified;
    std::vector<Assignment> assignments;
    std::vector<Person> people;
    std::size_t warning_count = 0;
};

/// What the database remembers about an imported source.
struct SourceInfo {
    std::int64_t id = 0;
    SourceKind kind = SourceKind::services;
    std::string location;
    std::string sha256;
    std::optional<std::string> registry_date;
    std::string imported_at;  ///< UTC, ISO 8601
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    std::int64_t record_count = 0;      ///< every row, status and history included
    std::int64_t assignment_count = 0;  ///< active rows with name, protocol and port
    std::int64_t people_count = 0;
    std::int64_t warning_count = 0;
};

}  // namespace portdb::db
