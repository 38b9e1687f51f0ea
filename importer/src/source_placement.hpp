#pragma once
// Where an imported source goes (internal to importer): its layer, what it
// replaces, and when a replacement is refused. One rule for every source
// portdb adds: import, update, reserve, the site file, a new database.

#include "portdb/db/source.hpp"

#include <string>
#include <vector>

namespace portdb::importer::detail {

/// What placing one source did, for the summary a user reads.
struct PlacementReport {
    db::Layer layer = db::Layer::system;
    std::vector<db::SourceInfo> replaced;
    std::string note;  ///< why it went where it went, when that is not obvious; empty otherwise
};

/// Decides the layer of `incoming` (and, for an IANA CSV that states no date,
/// dates it by its newest record) and which existing sources it replaces:
/// - an IANA registry (XML or CSV) newer than the current one replaces it; one
///   of the same date replaces it when of the same format or when it is XML
///   (the fuller format); an older one is kept as history, replacing only a
///   history copy of the same kind and date;
/// - port-numbers text (RFC 1700, IANA's 2005 file) is history, replacing the
///   copy of the same date;
/// - a services file replaces only the source read from the same path;
/// - a site file replaces the site file before it, whatever its path (the
///   site layer holds one), and the rows of `portdb reserve` the rows before
///   them: neither replaces the other;
/// - nmap-services replaces the previous nmap-services.
/// Throws ReplaceRefused, unless `force`, when `incoming` holds no record at
/// all or fewer than half the assignments of what it replaces.
db::Displacement place_source(db::SourceData& incoming, const std::vector<db::SourceInfo>& existing, bool force,
                              PlacementReport& report);

}  // namespace portdb::importer::detail
