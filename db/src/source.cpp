#include "portdb/db/source.hpp"

#include "enum_words.hpp"
#include "layer_precedence_sql.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace portdb::db {
namespace {

constexpr std::array<std::pair<SourceKind, std::string_view>, 7> kind_words{{
    {SourceKind::iana_xml, "iana-xml"},
    {SourceKind::iana_csv, "iana-csv"},
    {SourceKind::port_numbers_text, "port-numbers-text"},
    {SourceKind::services, "services"},
    {SourceKind::nmap_services, "nmap-services"},
    {SourceKind::defacto_list, "defacto-list"},
    {SourceKind::site, "site"},
}};

constexpr std::array<std::pair<Layer, std::string_view>, 5> layer_words{{
    {Layer::registry, "registry"},
    {Layer::history, "history"},
    {Layer::system, "system"},
    {Layer::defacto, "defacto"},
    {Layer::site, "site"},
}};

// The precedence of the layers, most authoritative first.
constexpr std::array<Layer, 5> layers_by_precedence{Layer::registry, Layer::site, Layer::defacto, Layer::system,
                                                    Layer::history};

}  // namespace

int layer_precedence(Layer layer) {
    int rank = 0;
    while (layers_by_precedence.at(static_cast<std::size_t>(rank)) != layer) {
        ++rank;
    }
    return rank;
}

std::string detail::layer_precedence_sql() {
    std::string sql = "CASE layer";
    for (const auto layer : layers_by_precedence) {
        sql += fmt::format(" WHEN '{}' THEN {}", to_string(layer), layer_precedence(layer));
    }
    return sql + " END";
}

std::string_view to_string(SourceKind kind) { return detail::word_of(kind_words, kind, "services"); }

std::optional<SourceKind> source_kind_from_string(std::string_view word) {
    return detail::value_of<SourceKind>(kind_words, word);
}

std::string_view to_string(Layer layer) { return detail::word_of(layer_words, layer, "system"); }

std::optional<Layer> layer_from_string(std::string_view word) { return detail::value_of<Layer>(layer_words, word); }

Layer default_layer(SourceKind kind) {
    switch (kind) {
        case SourceKind::iana_xml:
        case SourceKind::iana_csv:
            return Layer::registry;
        case SourceKind::port_numbers_text:
            return Layer::history;
        case SourceKind::nmap_services:
        case SourceKind::defacto_list:
            return Layer::defacto;
        case SourceKind::site:
            return Layer::site;
        case SourceKind::services:
            break;
    }
    return Layer::system;
}

std::string display_name(SourceKind kind, const std::string& location,
                         const std::optional<std::string>& registry_date) {
    switch (kind) {
        case SourceKind::iana_xml:
        case SourceKind::iana_csv:
            return registry_date ? "IANA " + *registry_date : "IANA (undated)";
        case SourceKind::port_numbers_text:
            // RFC 1700 is dated October 1994; IANA's port-numbers text kept its layout (the last edition portdb
            // reads is of 2005-12-22, doc/formats.md §3).
            if (!registry_date || registry_date->compare(0, 4, "1994") <= 0) {
                return "RFC 1700 (1994)";
            }
            return "IANA port-numbers " + *registry_date;
        case SourceKind::nmap_services:
            return "nmap-services";
        case SourceKind::defacto_list:
            return "software defaults";
        case SourceKind::site:
            return location == reservations_location ? "site reservations" : "site file " + location;
        case SourceKind::services:
            break;
    }
    return location;
}

}  // namespace portdb::db
