#include "portdb/importer/site_file.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/db/input_file.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/services_parser.hpp"
#include "sha256.hpp"
#include "text_lines.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace portdb::importer {
namespace {

namespace fs = std::filesystem;

bool is_name_character(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'; }

std::string port_text(const db::Assignment& row) {
    const auto& ports = *row.ports;
    return ports.lo == ports.hi ? fmt::format("{}/{}", ports.lo, *row.protocol)
                                : fmt::format("{}-{}/{}", ports.lo, ports.hi, *row.protocol);
}

/// One owner per port and protocol: of two lines that give overlapping ports
/// of one protocol to two names, the later is the mistake (the earlier owner
/// stands). A sweep in port order, so a file of many lines costs n log n.
void refuse_second_owners(const std::vector<db::Assignment>& rows, const std::string& file) {
    std::vector<const db::Assignment*> order;
    order.reserve(rows.size());
    for (const auto& row : rows) {
        order.push_back(&row);
    }
    std::sort(order.begin(), order.end(), [](const db::Assignment* a, const db::Assignment* b) {
        return std::tie(*a->protocol, a->ports->lo, a->position) < std::tie(*b->protocol, b->ports->lo, b->position);
    });
    const db::Assignment* reaching = nullptr;  // of the rows so far on this protocol, the one reaching highest
    for (const auto* row : order) {
        if (reaching != nullptr && reaching->protocol == row->protocol && row->ports->lo <= reaching->ports->hi &&
            !db::equals_ignoring_ascii_case(*reaching->name, *row->name)) {
            const auto* later = reaching->position > row->position ? reaching : row;
            const auto* earlier = later == row ? reaching : row;
            throw ParseError(detail::at_line(file, later->position,
                                             fmt::format("{} is {}'s already (line {}): one name per port",
                                                         port_text(*later), *earlier->name, earlier->position)));
        }
        if (reaching == nullptr || reaching->protocol != row->protocol || row->ports->hi > reaching->ports->hi) {
            reaching = row;
        }
    }
}

}  // namespace

std::optional<std::string> service_name_problem(std::string_view name) {
    if (name.empty() || name.size() > 15) {
        return fmt::format("a service name has 1 to 15 characters, not {}", name.size());
    }
    if (!std::all_of(name.begin(), name.end(), is_name_character)) {
        return std::string("a service name has only letters, digits and hyphens");
    }
    if (std::none_of(name.begin(), name.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
        return std::string("a service name has at least one letter");
    }
    if (name.front() == '-' || name.back() == '-' || name.find("--") != std::string_view::npos) {
        return std::string("a service name neither starts nor ends with a hyphen, nor has two in a row");
    }
    return std::nullopt;
}

std::string canonical_service_name(std::string_view name) { return db::ascii_lower(name); }

std::vector<db::Assignment> parse_site_file(std::string_view bytes, std::string_view name) {
    const std::string file(name);
    // services(5) lines (RFC 6335 §5.1 names, doc/formats.md §5); an empty or
    // comment-only file is a site with nothing given out yet.
    auto parsed = parse_services(bytes, file);
    for (auto& row : parsed.assignments) {
        if (const auto problem = service_name_problem(*row.name)) {
            throw ParseError(detail::at_line(file, row.position,
                                             fmt::format("\"{}\" is not a service name: {}", *row.name, *problem)));
        }
        if (row.ports->lo == 0) {
            throw ParseError(detail::at_line(file, row.position, "port 0 cannot be reserved (ports are 1-65535)"));
        }
        row.name = canonical_service_name(*row.name);
    }
    refuse_second_owners(parsed.assignments, file);
    return std::move(parsed.assignments);
}

SiteFile read_site_file(const fs::path& file) {
    // A configuration file: regular, whole, bounded (db/input_file.hpp).
    const auto bytes = db::read_configuration_file(file, "site file", max_input_bytes);
    SiteFile site;
    site.sha256 = detail::sha256_hex(bytes);
    std::error_code ec;
    const auto absolute = fs::absolute(file, ec);
    site.location = ec ? file.string() : absolute.lexically_normal().string();
    site.rows = parse_site_file(bytes, file.string());
    return site;
}

}  // namespace portdb::importer
