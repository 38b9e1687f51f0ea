#pragma once
// One row of a port registry, whatever format it came from.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::db {

/// What a record says about its port. Records with a name are `assigned`; the
/// others are statements about a port ("Unassigned", "Reserved", ...), and the
/// status is derived from their text, which is kept verbatim as the description.
enum class Status { assigned, reserved, unassigned, deregistered, removed, deprecated, decommissioned, other };

std::string_view to_string(Status status);
/// The inverse of to_string; nullopt for an unknown word.
std::optional<Status> status_from_string(std::string_view word);

/// An inclusive port interval; a single port has lo == hi. Registries keep
/// ranges as ranges (x11 is one record for 6000-6063), so do we.
struct PortRange {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;

    [[nodiscard]] bool contains(std::uint16_t port) const { return lo <= port && port <= hi; }
    [[nodiscard]] bool is_range() const { return hi > lo; }
    friend bool operator==(const PortRange&, const PortRange&) = default;
};

/// A registry date with month or day precision: IANA writes both "2011-05" and
/// "2011-05-23", and month precision must survive a round trip.
struct PartialDate {
    int year = 0;
    int month = 0;
    int day = 0;  ///< 0 when the registry gives the month only

    /// Parses "YYYY-MM" or "YYYY-MM-DD"; nullopt for anything else or an impossible date.
    static std::optional<PartialDate> parse(std::string_view text);
    [[nodiscard]] std::string to_string() const;
    friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

/// A citation: kind is "rfc", "draft", "uri", "text" or "note" (a registry footnote).
struct Reference {
    std::string kind;
    std::string value;
    friend bool operator==(const Reference&, const Reference&) = default;
};

enum class ContactRole { contact, assignee };
std::string_view to_string(ContactRole role);

/// A person or organisation named by a record, resolved from the registry's
/// people list where it has one (IANA XML), or read from a contact line (text).
struct Contact {
    ContactRole role = ContactRole::contact;
    std::string person_id;  ///< the registry's id ("Jon_Postel"); empty when it has none
    std::string name;
    std::string org;
    std::string email;
    /// False when a text registry's layout only suggests the link: the contact
    /// follows a run of entries and this entry is not the run's last keyword.
    bool direct = true;
    friend bool operator==(const Contact&, const Contact&) = default;
};

struct Assignment {
    std::optional<std::string> name;      ///< absent on status records
    std::optional<PortRange> ports;       ///< absent on name-only registrations
    std::optional<std::string> protocol;  ///< absent when the registry gives none (never guessed)
    std::string description;
    Status status = Status::assigned;
    std::vector<Contact> contacts;
    std::vector<Reference> references;
    std::optional<PartialDate> registered;
    std::optional<PartialDate> modified;
    std::string note;
    std::string unauthorized;                  ///< IANA's "unauthorized use reported"
    std::optional<std::int64_t> service_code;  ///< DCCP service code
    std::optional<double> frequency;           ///< nmap-services: fraction of hosts seen open
    std::vector<std::string> aliases;          ///< services(5) aliases
    std::optional<std::string> alias_of;       ///< a legacy name's canonical replacement
    /// False for history a registry keeps commented out; such rows are stored
    /// but never answer a lookup.
    bool active = true;
    /// Oddities the parser repaired, e.g. "inverted-range"; comma-separated.
    std::string flags;
    /// 1-based line (text formats) or record index (XML, CSV) in the source.
    std::uint32_t position = 0;

    /// An active row that assigns a name to ports of a protocol: what an
    /// import counts as an assignment and what a lookup answers with.
    [[nodiscard]] bool is_active_assignment() const { return active && name && protocol && ports; }
    friend bool operator==(const Assignment&, const Assignment&) = default;
};

/// How many rows of `rows` are active assignments.
std::size_t count_active_assignments(const std::vector<Assignment>& rows);

}  // namespace portdb::db
