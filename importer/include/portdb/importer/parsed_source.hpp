#pragma once

#include "portdb/db/assignment.hpp"
#include "portdb/db/source.hpp"

#include <optional>
#include <string>
#include <vector>

namespace portdb::importer {

/// What a parser makes of one file: records in file order, never touching the
/// database. Warnings are things the parser repaired or skipped on purpose
/// ("FILE:LINE: inverted range 24322-24248 swapped"); nothing is dropped silently.
struct ParsedSource {
    db::SourceKind kind = db::SourceKind::services;
    std::optional<std::string> registry_date;  ///< "YYYY-MM-DD" or "YYYY-MM" when the file states it
    std::vector<db::Assignment> assignments;
    std::vector<db::Person> people;
    std::vector<std::string> warnings;
};

}  // namespace portdb::importer
