#include "output.hpp"

#include "portdb/query/assignment_json.hpp"
#include "table.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>

#include <system_error>

namespace portdb::cli {
namespace {

using nlohmann::json;

json optional_json(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

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

json rows_json(const std::vector<db::StoredAssignment>& rows) {
    json list = json::array();
    for (const auto& row : rows) {
        list.push_back(query::assignment_json(row));
    }
    return list;
}

std::string assignment_rows(const std::vector<const db::StoredAssignment*>& rows) {
    Table table({"PORT", "PROTO", "NAME", "SOURCE", "DESCRIPTION"});
    for (const auto* row : rows) {
        const auto& a = row->assignment;
        std::string description = first_line(a.description);
        if (a.alias_of) {
            description += fmt::format(" [alias of {}]", *a.alias_of);
        }
        table.add_row({format_ports(a.ports), a.protocol.value_or("-"),
                       a.name ? name_with_aliases(a) : fmt::format("[{}]", db::to_string(a.status)),
                       std::string(db::to_string(row->source)), description});
    }
    return table.render();
}

// The first few of a long list: the rest is in --json.
constexpr std::size_t diff_rows_shown = 10;

std::string record_label(const db::Assignment& a) {
    const auto name = a.name.value_or(fmt::format("[{}]", db::to_string(a.status)));
    if (!a.ports) {
        return fmt::format("{} (no port{})", name, a.protocol ? ", " + *a.protocol : "");
    }
    return fmt::format("{} {}{}", name, format_ports(a.ports), a.protocol ? "/" + *a.protocol : "");
}

std::string field_value(const db::Assignment& a, const std::string& field) {
    if (field == "name") {
        return a.name.value_or("(none)");
    }
    if (field == "ports") {
        return format_ports(a.ports);
    }
    if (field == "protocol") {
        return a.protocol.value_or("(none)");
    }
    if (field == "status") {
        return std::string(db::to_string(a.status));
    }
    return fmt::format("\"{}\"", first_line(a.description));
}

std::string diff_section(const char* title, const std::vector<db::Assignment>& records) {
    if (records.empty()) {
        return {};
    }
    std::string out = fmt::format("{}:\n", title);
    for (std::size_t i = 0; i < records.size() && i < diff_rows_shown; ++i) {
        const auto description = first_line(records[i].description);
        out += terminal_text(fmt::format("  {}{}{}", record_label(records[i]), description.empty() ? "" : "  ", description)) + "\n";
    }
    if (records.size() > diff_rows_shown) {
        out += fmt::format("  ... and {} more (all with --json)\n", records.size() - diff_rows_shown);
    }
    return out;
}

}  // namespace

std::string format_ports(const std::optional<db::PortRange>& ports) {
    if (!ports) {
        return "-";
    }
    return ports->is_range() ? fmt::format("{}-{}", ports->lo, ports->hi) : fmt::format("{}", ports->lo);
}

json to_json(std::string_view query, const query::LookupResult& result) {
    return {{"query", query}, {"found", result.found()}, {"services", rows_json(result.services)},
            {"statuses", rows_json(result.statuses)}};
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

json to_json(std::string_view query, const std::vector<db::SearchHit>& hits) {
    json results = json::array();
    for (const auto& hit : hits) {
        auto row = query::assignment_json(hit.row);
        row["rank"] = hit.rank;
        results.push_back(std::move(row));
    }
    return {{"query", query}, {"found", !hits.empty()}, {"results", results}};
}

json to_json(const importer::RegistryDiff& diff, db::SourceKind kind) {
    const auto rows = [&](const std::vector<db::Assignment>& records) {
        json list = json::array();
        for (const auto& a : records) {
            list.push_back(query::assignment_json({0, kind, a}));
        }
        return list;
    };
    json changed = json::array();
    for (const auto& c : diff.changed) {
        changed.push_back({{"before", query::assignment_json({0, kind, c.before})},
                           {"after", query::assignment_json({0, kind, c.after})},
                           {"fields", c.fields}});
    }
    return {{"added", rows(diff.added)}, {"removed", rows(diff.removed)}, {"changed", changed}};
}

json to_json(const importer::UpdateResult& r) {
    auto out = to_json(r.changes, r.kind);
    out["updated"] = r.updated;
    out["reason"] = r.up_to_date_reason.empty() ? json(nullptr) : json(r.up_to_date_reason);
    out["location"] = r.location;
    out["kind"] = db::to_string(r.kind);
    out["assignments_before"] = r.assignments_before;
    out["assignments_after"] = r.assignments_after;
    out["attempts"] = r.attempts;
    out["warnings"] = r.warnings;
    return out;
}

std::string format_diff(const importer::RegistryDiff& diff) {
    std::string out = fmt::format("{} added, {} removed, {} changed\n", diff.added.size(), diff.removed.size(),
                                  diff.changed.size());
    out += diff_section("added", diff.added);
    out += diff_section("removed", diff.removed);
    if (!diff.changed.empty()) {
        out += "changed:\n";
        for (std::size_t i = 0; i < diff.changed.size() && i < diff_rows_shown; ++i) {
            const auto& c = diff.changed[i];
            std::string what;
            for (const auto& field : c.fields) {
                what += fmt::format("{}{} {} -> {}", what.empty() ? "" : "; ", field, field_value(c.before, field),
                                    field_value(c.after, field));
            }
            out += terminal_text(fmt::format("  {}: {}", record_label(c.before), what)) + "\n";
        }
        if (diff.changed.size() > diff_rows_shown) {
            out += fmt::format("  ... and {} more (all with --json)\n", diff.changed.size() - diff_rows_shown);
        }
    }
    return out;
}

std::string format_update(const importer::UpdateResult& r) {
    if (!r.updated) {
        return fmt::format("already up to date: {} ({}, {} assignments)\n", r.up_to_date_reason, db::to_string(r.kind),
                           r.assignments_before);
    }
    return fmt::format("updated {} from {}: {} -> {} assignments; ", db::to_string(r.kind), terminal_text(r.location),
                       r.assignments_before, r.assignments_after) +
           format_diff(r.changes);
}

std::string format_lookup(const query::LookupResult& result) {
    std::string out;
    if (!result.services.empty()) {
        std::vector<const db::StoredAssignment*> rows;
        for (const auto& row : result.services) {
            rows.push_back(&row);
        }
        out += assignment_rows(rows);
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

std::string format_search(const std::vector<db::SearchHit>& hits) {
    std::vector<const db::StoredAssignment*> rows;
    for (const auto& hit : hits) {
        rows.push_back(&hit.row);
    }
    return assignment_rows(rows);
}

std::string format_info(const db::Database& database, const std::vector<db::SourceInfo>& sources) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(database.path(), ec);
    std::string out = fmt::format("database: {} (schema {}, {})\n", terminal_text(database.path().string()),
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
        out += fmt::format("imported {} as {}: {} records, {} assignments{}\n", terminal_text(f.file.string()),
                           db::to_string(f.kind), f.records, f.assignments,
                           f.people > 0 ? fmt::format(", {} people", f.people) : "");
    }
    out += fmt::format("database: {}\n", terminal_text(database.string()));
    return out;
}

}  // namespace portdb::cli
