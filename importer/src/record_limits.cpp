#include "record_limits.hpp"

#include "portdb/importer/errors.hpp"
#include "text_lines.hpp"

#include <fmt/format.h>

namespace portdb::importer::detail {
namespace {

constexpr std::size_t item_bytes = 32;

std::size_t text_bytes(const std::optional<std::string>& text) { return text ? text->size() : 0; }

}  // namespace

std::size_t record_bytes(const db::Assignment& a) {
    std::size_t bytes = text_bytes(a.name) + text_bytes(a.protocol) + text_bytes(a.alias_of) + a.description.size() +
                        a.note.size() + a.unauthorized.size() + a.flags.size();
    for (const auto& alias : a.aliases) {
        bytes += item_bytes + alias.size();
    }
    for (const auto& c : a.contacts) {
        bytes += item_bytes + c.person_id.size() + c.name.size() + c.org.size() + c.email.size();
    }
    for (const auto& r : a.references) {
        bytes += item_bytes + r.kind.size() + r.value.size();
    }
    return bytes;
}

void check_record_size(const db::Assignment& record, std::string_view source, std::size_t line) {
    if (const auto bytes = record_bytes(record); bytes > max_record_bytes) {
        throw ParseError(at_line(source, line,
                                 fmt::format("a record of {} KiB (its text, aliases, contacts and references); "
                                             "a record may hold at most {} KiB",
                                             bytes >> 10U, max_record_bytes >> 10U)));
    }
}

void add_record(std::vector<db::Assignment>& records, db::Assignment&& record, std::string_view source,
                std::size_t line) {
    if (records.size() >= max_records) {
        throw ParseError(at_line(
            source, line,
            fmt::format("more than {} records: a registry file may hold at most {}", max_records, max_records)));
    }
    check_record_size(record, source, line);
    records.push_back(std::move(record));
}

}  // namespace portdb::importer::detail
