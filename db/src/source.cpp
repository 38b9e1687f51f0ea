#include "portdb/db/source.hpp"

#include "enum_words.hpp"

#include <array>
#include <utility>

namespace portdb::db {
namespace {

constexpr std::array<std::pair<SourceKind, std::string_view>, 5> kind_words{{
    {SourceKind::iana_xml, "iana-xml"},
    {SourceKind::iana_csv, "iana-csv"},
    {SourceKind::port_numbers_text, "port-numbers-text"},
    {SourceKind::services, "services"},
    {SourceKind::nmap_services, "nmap-services"},
}};

}  // namespace

std::string_view to_string(SourceKind kind) { return detail::word_of(kind_words, kind, "services"); }

std::optional<SourceKind> source_kind_from_string(std::string_view word) {
    return detail::value_of<SourceKind>(kind_words, word);
}

}  // namespace portdb::db
