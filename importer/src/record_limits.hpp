#pragma once
// How much one registry file may make an import hold in memory (internal to
// importer; the README states the limits).

#include "portdb/db/assignment.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

namespace portdb::importer::detail {

/// Records one file may hold. IANA's registry has about 15,000 and
/// nmap-services about 27,000; a file past this is not a port registry.
inline constexpr std::size_t max_records = 250'000;
/// What one record may hold: its text, aliases, contacts and references,
/// counted as bytes plus 32 for each item. IANA's largest is under 4 KiB.
inline constexpr std::size_t max_record_bytes = 64U << 10U;

/// The memory a record's contents take, as max_record_bytes counts it.
[[nodiscard]] std::size_t record_bytes(const db::Assignment& record);

/// Throws ParseError "SOURCE:LINE: ..." when `record` is larger than
/// max_record_bytes.
void check_record_size(const db::Assignment& record, std::string_view source, std::size_t line);

/// Appends `record` to `records`, or throws ParseError "SOURCE:LINE: ..."
/// when `records` already holds max_records or `record` is too large.
void add_record(std::vector<db::Assignment>& records, db::Assignment&& record, std::string_view source,
                std::size_t line);

}  // namespace portdb::importer::detail
