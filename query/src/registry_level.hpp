#pragma once
// How much a registry row on a port weighs (internal to query): the one rule
// for `check` and for the port scans of `suggest`, so that a port `suggest`
// offers as ok is one `check` calls ok.

#include "portdb/db/assignment.hpp"
#include "portdb/db/source.hpp"
#include "portdb/query/finding.hpp"

#include <string_view>

namespace portdb::query::detail {

/// A row on the checked port, for a check of one protocol, by the layer of
/// its source. `same_protocol`: the row is for that protocol, or names none
/// (then it holds for all).
///   registry: a service on the same protocol is a conflict; on another
///             protocol only, a caution; "Reserved" is a caution; other
///             statuses ("Unassigned") are notes;
///   site:     a team's reservation: like the registry;
///   system, defacto: a service on the same protocol is a caution (a
///             services file or a common default says someone uses it);
///   history:  notes (IANA has moved on since).
inline Level registry_level(db::Layer layer, bool named, db::Status status, bool same_protocol) {
    switch (layer) {
        case db::Layer::registry:
        case db::Layer::site:
            if (named) {
                return same_protocol ? Level::conflict : Level::caution;
            }
            return same_protocol && status == db::Status::reserved ? Level::caution : Level::note;
        case db::Layer::system:
        case db::Layer::defacto:
            return named && same_protocol ? Level::caution : Level::note;
        case db::Layer::history:
            break;
    }
    return Level::note;
}

/// "the IANA registry", "a services file": how a finding names where a row was seen.
inline std::string_view layer_label(db::Layer layer, db::SourceKind kind) {
    switch (layer) {
        case db::Layer::registry:
            return "the IANA registry";
        case db::Layer::history:
            return kind == db::SourceKind::port_numbers_text ? "the historic port-numbers list"
                                                             : "an older IANA registry";
        case db::Layer::defacto:
            return kind == db::SourceKind::nmap_services ? "nmap-services" : "the software defaults";
        case db::Layer::site:
            return "this site's reservations";
        case db::Layer::system:
            break;
    }
    return "a services file";
}

}  // namespace portdb::query::detail
