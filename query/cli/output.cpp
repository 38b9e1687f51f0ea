#include "output.hpp"

#include "table.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <system_error>

namespace portdb::cli {
namespace {

using nlohmann::json;

json optional_json(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

json optional_json(const std::optional<db::PartialDate>& value) {
    return value ? json(value->to_string()) : json(nullptr);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string name_with_aliases(const db::Assignment& a) {
    std::string name = a.name.value_or("");
    if (!a.aliases.empty()) {
        name += " (" + fmt::format("{}", fmt::join(a.aliases, " ")) + ")";
    }
    return name;
}

std::string human_size(std::uintmax_t bytes) {
    if (bytes >= (1U << 20U)) {
        return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1U << 20U));
    }
    return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
}

}  // namespace

std::string format_ports(const std::optional<db::PortRange>& ports) {
    if (!ports) {
        return "-";
    }
    return ports->is_range() ? fmt::format("{}-{}", ports->lo, ports->hi) : fmt::format("{}", ports->lo);
}

json to_json(const db::StoredAssignment& row) {
    const db::Assignment& a = row.assignment;
    json contacts = json::array();
    for (const auto& c : a.contacts) {
        contacts.push_back({{"role", db::to_string(c.role)},
                            {"person_id", c.person_id},
                            {"name", c.name},
                            {"org", c.org},
                            {"email", c.email},
                            {"direct", c.direct}});
    }
    json references = json::array();
    for (const auto& r : a.references) {
        references.push_back({{"kind", r.kind}, {"value", r.value}});
    }
    return {
        {"name", optional_json(a.name)},
        {"lo", a.ports ? json(a.ports->lo) : json(nullptr)},
        {"hi", a.ports ? json(a.ports->hi) : json(nullptr)},
        {"protocol", optional_json(a.protocol)},
        {"description", a.description},
        {"status", db::to_string(a.status)},
        {"source", db::to_string(row.source)},
        {"aliases", a.aliases},
        {"alias_of", optional_json(a.alias_of)},
        {"contacts", contacts},
        {"references", references},
        {"registered", optional_json(a.registered)},
        {"modified", optional_json(a.modified)},
        {"note", a.note},
        {"unauthorized", a.unauthorized},
        {"service_code", a.service_code ? json(*a.service_code) : json(nullptr)},
        {"frequency", a.frequency ? json(*a.frequency) : json(nullptr)},
    };
}

json to_json(std::string_view query, const query::LookupResult& result) {
    json services = json::array();
    for (const auto& row : result.services) {
        services.push_back(to_json(row));
    }
    json statuses = json::array();
    for (const auto& row : result.statuses) {
        statuses.push_back(to_json(row));
    }
    return {{"query", query}, {"found", result.found()}, {"services", services}, {"statuses", statuses}};
}

json to_json(const db::Database& database, const std::vector<db::SourceInfo>& sources) {
    json list = json::array();
    for (const auto& s : sources) {
        list.push_back({{"kind", db::to_string(s.kind)},
                        {"location", s.location},
                        {"sha256", s.sha256},
                        {"registry_date", optional_json(s.registry_date)},
                        {"imported_at", s.imported_at},
                        {"etag", optional_json(s.etag)},
                        {"last_modified", optional_json(s.last_modified)},
                        {"records", s.record_count},
                        {"assignments", s.assignment_count},
                        {"assignments_by_protocol", database.assignment_counts_by_protocol(s.id)},
                        {"people", s.people_count},
                        {"warnings", s.warning_count}});
    }
    return {{"database", database.path().string()}, {"schema_version", database.schema_version()}, {"sources", list}};
}

json to_json(const std::filesystem::path& database, const importer::ImportResult& result) {
    json files = json::array();
    for (const auto& f : result.files) {
        files.push_back({{"file", f.file.string()},
                         {"kind", db::to_string(f.kind)},
                         {"records", f.records},
                         {"assignments", f.assignments},
                         {"people", f.people}});
    }
    return {{"database", database.string()}, {"imported", files}, {"warnings", result.warnings}};
}

std::string format_lookup(const query::LookupResult& result) {
    std::string out;
    if (!result.services.empty()) {
        Table table({"PORT", "PROTO", "NAME", "SOURCE", "DESCRIPTION"});
        for (const auto& row : result.services) {
            const auto& a = row.assignment;
            std::string description = first_line(a.description);
            if (a.alias_of) {
                description += fmt::format(" [alias of {}]", *a.alias_of);
            }
            table.add_row({format_ports(a.ports), a.protocol.value_or("-"), name_with_aliases(a),
                           std::string(db::to_string(row.source)), description});
        }
        out += table.render();
    }
    for (const auto& row : result.statuses) {
        const auto& a = row.assignment;
        out += terminal_text(fmt::format("status: {}{} {} ({}: {})", format_ports(a.ports),
                                         a.protocol ? "/" + *a.protocol : "", db::to_string(a.status),
                                         db::to_string(row.source), first_line(a.description)));
        out += '\n';
    }
    return out;
}

std::string format_info(const db::Database& database, const std::vector<db::SourceInfo>& sources) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(database.path(), ec);
    std::string out = fmt::format("database: {} (schema {}, {})\n", database.path().string(),
                                  database.schema_version(), ec ? "size unknown" : human_size(size));
    if (sources.empty()) {
        out += "no sources: import one with portdb import FILE\n";
    }
    for (const auto& s : sources) {
        std::string by_protocol;
        for (const auto& [protocol, count] : database.assignment_counts_by_protocol(s.id)) {
            by_protocol += fmt::format("{}{} {}", by_protocol.empty() ? "" : ", ", protocol, count);
        }
        out += fmt::format("\n{}  {}\n", db::to_string(s.kind), terminal_text(s.location));
        out += fmt::format("  registry date  {}\n", s.registry_date.value_or("not stated"));
        out += fmt::format("  imported       {}\n", s.imported_at);
        out += fmt::format("  sha256         {}\n", s.sha256);
        out += fmt::format("  records        {}\n", s.record_count);
        out += fmt::format("  assignments    {}{}\n", s.assignment_count, by_protocol.empty() ? "" : " (" + by_protocol + ")");
        if (s.people_count > 0) {
            out += fmt::format("  people         {}\n", s.people_count);
        }
        if (s.warning_count > 0) {
            out += fmt::format("  warnings       {}\n", s.warning_count);
        }
    }
    return out;
}

std::string format_import(const std::filesystem::path& database, const importer::ImportResult& result) {
    std::string out;
    for (const auto& f : result.files) {
        out += fmt::format("imported {} as {}: {} records, {} assignments{}\n", terminal_text(f.file.string()), db::to_string(f.kind),
                           f.records, f.assignments, f.people > 0 ? fmt::format(", {} people", f.people) : "");
    }
    out += fmt::format("database: {}\n", database.string());
    return out;
}

}  // namespace portdb::cli
