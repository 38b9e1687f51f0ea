#pragma once
// How much a registry row on a port matters (internal to query): one rule for
// `check` and for the port scans of `suggest`, so a suggested port always checks clean.

#include "portdb/db/assignment.hpp"
#include "portdb/db/source.hpp"
#include "portdb/query/finding.hpp"

namespace portdb::query::detail {

/// A named row is a collision (warning), except in the historic 1994/2005
/// port-numbers lists (info: IANA has moved on since). "Reserved" is a
/// warning (IANA keeps the port back); other statuses are info.
inline Severity registry_severity(db::SourceKind source, bool named, db::Status status) {
    if (named) {
        return source == db::SourceKind::port_numbers_text ? Severity::info : Severity::warning;
    }
    return status == db::Status::reserved && source != db::SourceKind::port_numbers_text ? Severity::warning
                                                                                          : Severity::info;
}

}  // namespace portdb::query::detail
