#include "portdb/query/exporter.hpp"

#include "portdb/query/assignment_json.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <set>
#include <tuple>

namespace portdb::query {
namespace {

std::string one_line(std::string_view text) {
    std::string out;
    for (const char c : text) {
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    return out;
}

void write_services(const std::vector<db::StoredAssignment>& rows, std::ostream& out) {
    std::set<std::tuple<std::uint16_t, std::string, std::string>> written;
    std::size_t skipped = 0;
    std::string body;
    for (const auto& row : rows) {
        const auto& a = row.assignment;
        if (!a.active || !a.name) {
            continue;  // history and status statements are not services
        }
        // services(5) has no field for these: no protocol or port, or a name
        // with a blank (the 2005 list's "intuitive edge") or a leading '#'.
        if (!a.protocol || !a.ports || a.name->find_first_of(" \t") != std::string::npos || a.name->front() == '#') {
            ++skipped;
            continue;
        }
        for (std::uint32_t port = a.ports->lo; port <= a.ports->hi; ++port) {
            if (!written.emplace(static_cast<std::uint16_t>(port), *a.protocol, *a.name).second) {
                continue;
            }
            body += fmt::format("{}\t{}/{}", *a.name, port, *a.protocol);
            for (const auto& alias : a.aliases) {
                body += " " + alias;
            }
            const auto description = one_line(a.description.substr(0, a.description.find('\n')));
            if (!description.empty()) {
                body += "\t# " + description;
            }
            body += '\n';
        }
    }
    fmt::print(out, "# services(5) written by portdb: {} lines", written.size());
    if (skipped > 0) {
        fmt::print(out, "; {} named rows without a protocol or port, or whose name has a blank, cannot be written "
                        "in this format", skipped);
    }
    out << '\n' << body;
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
        return std::string(text);
    }
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c == '"' ? "\"\"" : std::string(1, c);
    }
    return quoted + "\"";
}

std::string people_field(const db::Assignment& a, db::ContactRole role) {
    std::string field;
    for (const auto& c : a.contacts) {
        if (c.role == role) {
            field += "[" + (c.person_id.empty() ? (c.name.empty() ? c.email : c.name) : c.person_id) + "]";
        }
    }
    return field;
}

std::string reference_field(const db::Assignment& a) {
    std::string field;
    for (const auto& r : a.references) {
        field += "[" + (r.kind == "rfc" && r.value.rfind("rfc", 0) == 0 ? "RFC" + r.value.substr(3) : r.value) + "]";
    }
    return field;
}

void write_csv(const std::vector<db::StoredAssignment>& rows, std::ostream& out) {
    out << "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
           "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n";
    for (const auto& row : rows) {
        const auto& a = row.assignment;
        if (!a.active) {
            continue;
        }
        const std::string ports =
            !a.ports ? "" : a.ports->is_range() ? fmt::format("{}-{}", a.ports->lo, a.ports->hi) : fmt::format("{}", a.ports->lo);
        const std::string contact = people_field(a, db::ContactRole::contact);
        const std::string assignee = people_field(a, db::ContactRole::assignee);
        fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(a.name.value_or("")), ports,
                   csv_field(a.protocol.value_or("")), csv_field(a.description),
                   csv_field(assignee.empty() ? contact : assignee), csv_field(contact),
                   a.registered ? a.registered->to_string() : "", a.modified ? a.modified->to_string() : "",
                   csv_field(reference_field(a)), a.service_code ? std::to_string(*a.service_code) : "",
                   csv_field(a.unauthorized), csv_field(a.note));
    }
}

void write_json(const db::Database& database, const std::vector<db::StoredAssignment>& rows,
                std::optional<db::SourceKind> source, std::ostream& out) {
    nlohmann::json sources = nlohmann::json::array();
    for (const auto& s : database.sources()) {
        if (!source || s.kind == *source) {
            sources.push_back({{"kind", db::to_string(s.kind)},
                               {"location", s.location},
                               {"sha256", s.sha256},
                               {"registry_date", s.registry_date ? nlohmann::json(*s.registry_date) : nlohmann::json(nullptr)},
                               {"imported_at", s.imported_at}});
        }
    }
    nlohmann::json assignments = nlohmann::json::array();
    for (const auto& row : rows) {
        assignments.push_back(assignment_json(row));
    }
    out << nlohmann::json{{"sources", sources}, {"assignments", assignments}}.dump(1) << '\n';
}

}  // namespace

std::optional<ExportFormat> export_format_from_string(std::string_view word) {
    if (word == "services") {
        return ExportFormat::services;
    }
    if (word == "csv") {
        return ExportFormat::csv;
    }
    if (word == "json") {
        return ExportFormat::json;
    }
    return std::nullopt;
}

void export_database(const db::Database& database, ExportFormat format, std::optional<db::SourceKind> source,
                     std::ostream& out) {
    const auto rows = database.all_assignments(source);
    switch (format) {
        case ExportFormat::services:
            write_services(rows, out);
            return;
        case ExportFormat::csv:
            write_csv(rows, out);
            return;
        case ExportFormat::json:
            break;
    }
    write_json(database, rows, source, out);
}

}  // namespace portdb::query
