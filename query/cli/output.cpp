#include "output.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/query/assignment_json.hpp"
#include "table.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
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

// "prometheus.io" for a software default documented at https://prometheus.io/docs/...
std::string documentation_site(const db::StoredAssignment& row) {
    if (row.source != db::SourceKind::defacto_list) {
        return {};
    }
    for (const auto& reference : row.assignment.references) {
        if (reference.kind == "uri" && reference.value.rfind("https://", 0) == 0) {
            auto host = reference.value.substr(8, reference.value.find('/', 8) - 8);
            return host.rfind("www.", 0) == 0 ? host.substr(4) : host;
        }
    }
    return {};
}

// nmap's open frequency as a person reads it: "0.31%", "<0.01%".
std::string percent(double fraction) { return fraction < 0.0001 ? "<0.01%" : fmt::format("{:.2f}%", fraction * 100); }

std::string human_size(std::uintmax_t bytes) {
    if (bytes >= (1U << 20U)) {
        return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1U << 20U));
    }
    return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
}

std::string age_text(const query::SourceReport& s) {
    if (!s.age_days) {
        return "";
    }
    return s.future_date ? " (a date in the future)" : fmt::format(" ({} days old)", *s.age_days);
}

json answer_json(const query::AnswerRow& answer) {
    auto row = query::assignment_json(answer.row);
    row["seen_in"] = answer.seen_in;
    return row;
}

json rows_json(const std::vector<query::AnswerRow>& rows) {
    json list = json::array();
    for (const auto& row : rows) {
        list.push_back(answer_json(row));
    }
    return list;
}

std::string assignment_rows(const std::vector<const query::AnswerRow*>& rows) {
    Table table({"PORT", "PROTO", "NAME", "SOURCE", "DESCRIPTION"});
    for (const auto* answer : rows) {
        const auto& a = answer->row.assignment;
        std::string description = first_line(a.description);
        if (a.alias_of) {
            description += fmt::format(" [alias of {}]", *a.alias_of);
        }
        if (const auto docs = documentation_site(answer->row); !docs.empty()) {
            description += fmt::format(" (default; {} docs)", docs);
        }
        if (a.frequency && *a.frequency > 0) {
            description += fmt::format(" (seen open on {} of hosts nmap scanned)", percent(*a.frequency));
        }
        table.add_row({format_ports(a.ports), a.protocol.value_or("-"),
                       a.name ? name_with_aliases(a) : fmt::format("[{}]", db::to_string(a.status)),
                       fmt::format("{}", fmt::join(answer->seen_in, ", ")), description});
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
        out += terminal_text(
                   fmt::format("  {}{}{}", record_label(records[i]), description.empty() ? "" : "  ", description)) +
               "\n";
    }
    if (records.size() > diff_rows_shown) {
        out += fmt::format("  ... and {} more (all with --json)\n", records.size() - diff_rows_shown);
    }
    return out;
}

std::string replaced_text(const std::vector<db::SourceInfo>& replaced) {
    std::string out;
    for (const auto& r : replaced) {
        out += fmt::format("{}{} ({} assignments, imported {})", out.empty() ? "" : ", ",
                           terminal_text(db::display_name(r)), r.assignment_count, r.imported_at.substr(0, 10));
    }
    return out;
}

json replaced_json(const std::vector<db::SourceInfo>& replaced) {
    json list = json::array();
    for (const auto& r : replaced) {
        list.push_back(query::source_json(r));
    }
    return list;
}

}  // namespace

std::string format_ports(const std::optional<db::PortRange>& ports) {
    if (!ports) {
        return "-";
    }
    return ports->is_range() ? fmt::format("{}-{}", ports->lo, ports->hi) : fmt::format("{}", ports->lo);
}

json to_json(std::string_view query, const query::LookupResult& result) {
    return {{"query", query},
            {"found", result.found()},
            {"services", rows_json(result.services)},
            {"statuses", rows_json(result.statuses)},
            {"suggestions", result.suggestions}};
}

json to_json(const query::DatabaseReport& report, const std::vector<importer::MissingLayer>& missing) {
    json list = json::array();
    for (const auto& entry : report.sources) {
        auto source = query::source_json(entry.source);
        source["age_days"] = entry.age_days ? json(*entry.age_days) : json(nullptr);
        source["assignments_by_protocol"] = entry.assignments_by_protocol;
        list.push_back(std::move(source));
    }
    json lacking = json::array();
    for (const auto& layer : missing) {
        lacking.push_back({{"layer", db::to_string(layer.layer)}, {"name", layer.name}});
    }
    return {{"database", report.path.string()},
            {"schema_version", report.schema_version},
            {"sources", list},
            {"missing_layers", lacking}};
}

json to_json(const std::filesystem::path& database, const importer::ImportResult& result) {
    json files = json::array();
    for (const auto& f : result.files) {
        files.push_back({{"file", f.file.string()},
                         {"name", f.name},
                         {"layer", db::to_string(f.layer)},
                         {"registry_date", optional_json(f.registry_date)},
                         {"replaced", replaced_json(f.replaced)},
                         {"note", f.note.empty() ? json(nullptr) : json(f.note)},
                         {"kind", db::to_string(f.kind)},
                         {"records", f.records},
                         {"assignments", f.assignments},
                         {"people", f.people}});
    }
    return {{"database", database.string()}, {"imported", files}, {"warnings", result.warnings}};
}

json to_json(std::string_view query, const query::SearchResult& result) {
    json results = json::array();
    for (const auto& hit : result.answers) {
        auto row = answer_json(hit.answer);
        row["rank"] = hit.rank;
        results.push_back(std::move(row));
    }
    return {{"query", query}, {"found", !result.answers.empty()}, {"results", results}, {"more", result.more}};
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
    out["name"] = r.name;
    out["layer"] = db::to_string(r.layer);
    out["replaced"] = replaced_json(r.replaced);
    out["note"] = r.note.empty() ? json(nullptr) : json(r.note);
    out["assignments_before"] = r.assignments_before;
    out["assignments_after"] = r.assignments_after;
    out["attempts"] = r.attempts;
    out["warnings"] = r.warnings;
    return out;
}

std::string format_diff(const importer::RegistryDiff& diff) {
    std::string out =
        fmt::format("{} added, {} removed, {} changed\n", diff.added.size(), diff.removed.size(), diff.changed.size());
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
        return fmt::format("already up to date: {} ({}, {} assignments)\n", r.up_to_date_reason, terminal_text(r.name),
                           r.assignments_before);
    }
    if (r.replaced.empty()) {
        return fmt::format("added {} to the {} layer from {}: {} assignments\n", terminal_text(r.name),
                           db::to_string(r.layer), terminal_text(r.location), r.assignments_after) +
               (r.note.empty() ? "" : "  " + terminal_text(r.note) + "\n");
    }
    return fmt::format("updated {} from {}: {} -> {} assignments; replaced {}; ", terminal_text(r.name),
                       terminal_text(r.location), r.assignments_before, r.assignments_after,
                       replaced_text(r.replaced)) +
           format_diff(r.changes);
}

namespace {

std::string contact_text(const db::Contact& c) {
    std::string who = !c.name.empty() ? c.name : !c.org.empty() ? c.org : c.person_id;
    if (!c.name.empty() && !c.org.empty()) {
        who += " (" + c.org + ")";
    }
    if (!c.email.empty()) {
        who += (who.empty() ? "<" : " <") + c.email + ">";
    }
    return who;
}

// "RFC 9110" for the registry's "rfc9110"; other kinds as given.
std::string reference_text(const db::Reference& r) {
    if (r.kind == "rfc" && r.value.size() > 3 && db::ascii_lower(r.value.substr(0, 3)) == "rfc") {
        return "RFC " + r.value.substr(3);
    }
    return r.value;
}

/// One service in full: every field the registry gives, one a line.
std::string service_details(const query::AnswerRow& answer) {
    const auto& a = answer.row.assignment;
    std::vector<std::pair<std::string, std::string>> fields;
    const auto add = [&](std::string label, std::string value) {
        if (!value.empty()) {
            fields.emplace_back(std::move(label), std::move(value));
        }
    };
    const auto& seen = answer.seen_in;
    add("source", seen.empty() ? "" : fmt::format("{} ({})", seen.front(), db::to_string(answer.row.layer)));
    add("also in", seen.size() > 1 ? fmt::format("{}", fmt::join(seen.begin() + 1, seen.end(), ", ")) : "");
    add("aliases", fmt::format("{}", fmt::join(a.aliases, " ")));
    add("alias of", a.alias_of.value_or(""));
    add("note", a.note);
    add("unauthorized use", a.unauthorized);
    for (const auto& c : a.contacts) {
        add(std::string(db::to_string(c.role)), contact_text(c));
    }
    std::vector<std::string> references;
    for (const auto& r : a.references) {
        if (r.kind == "note") {
            add("footnote", r.value);  // the registry's footnote, resolved to its text
        } else {
            references.push_back(reference_text(r));
        }
    }
    add("references", fmt::format("{}", fmt::join(references, ", ")));
    add("registered", a.registered ? a.registered->to_string() : "");
    add("modified", a.modified ? a.modified->to_string() : "");
    add("service code", a.service_code ? std::to_string(*a.service_code) : "");
    add("seen open", a.frequency ? fmt::format("on {} of hosts nmap scanned", percent(*a.frequency)) : "");
    std::string out = terminal_text(fmt::format("{} {}{}  {}", a.name.value_or("-"), format_ports(a.ports),
                                                a.protocol ? "/" + *a.protocol : "", first_line(a.description))) +
                      "\n";
    for (const auto& [label, value] : fields) {
        out += fmt::format("  {:<18}{}\n", label + ":", terminal_text(value));  // a note may span lines: one here
    }
    return out;
}

}  // namespace

std::string format_lookup(const query::LookupResult& result, bool details) {
    std::string out;
    if (details) {
        for (const auto& row : result.services) {
            out += (out.empty() ? "" : "\n") + service_details(row);
        }
    } else if (!result.services.empty()) {
        std::vector<const query::AnswerRow*> rows;
        for (const auto& row : result.services) {
            rows.push_back(&row);
        }
        out += assignment_rows(rows);
    }
    for (const auto& answer : result.statuses) {
        const auto& a = answer.row.assignment;
        const auto description = first_line(a.description);
        out += terminal_text(fmt::format(
            "status: {}{} {} ({}{}{})", format_ports(a.ports), a.protocol ? "/" + *a.protocol : "",
            db::to_string(a.status), fmt::join(answer.seen_in, ", "), description.empty() ? "" : ": ", description));
        out += '\n';
    }
    return out;
}

std::string format_search(const query::SearchResult& result) {
    std::vector<const query::AnswerRow*> rows;
    for (const auto& hit : result.answers) {
        rows.push_back(&hit.answer);
    }
    auto out = assignment_rows(rows);
    if (result.more > 0) {
        out += fmt::format("... and {} more: --limit N shows more, --all shows every one\n", result.more);
    }
    return out;
}

std::string format_info(const query::DatabaseReport& report, const std::vector<importer::MissingLayer>& missing) {
    std::string out =
        fmt::format("database: {} (schema {}, {})\n", terminal_text(report.path.string()), report.schema_version,
                    report.size_bytes ? human_size(*report.size_bytes) : "size unknown");
    if (report.sources.empty()) {
        out += "no sources: import one with portdb import FILE\n";
    }
    for (const auto& entry : report.sources) {
        const auto& s = entry.source;
        std::string by_protocol;
        for (const auto& [protocol, count] : entry.assignments_by_protocol) {
            by_protocol += fmt::format("{}{} {}", by_protocol.empty() ? "" : ", ", protocol, count);
        }
        out += fmt::format("\n{}  ({} layer)\n", terminal_text(db::display_name(s)), db::to_string(s.layer));
        out += fmt::format("  {:<13}  {}\n", db::to_string(s.kind), terminal_text(s.location));
        out += fmt::format("  registry date  {}{}\n", terminal_text(s.registry_date.value_or("not stated")),
                           age_text(entry));
        out += fmt::format("  imported       {}\n", s.imported_at);
        out += fmt::format("  sha256         {}\n", s.sha256);
        out += fmt::format("  records        {}\n", s.record_count);
        out += fmt::format("  assignments    {}{}\n", s.assignment_count,
                           by_protocol.empty() ? "" : " (" + by_protocol + ")");
        if (s.people_count > 0) {
            out += fmt::format("  people         {}\n", s.people_count);
        }
        if (s.warning_count > 0) {
            out += fmt::format("  warnings       {}\n", s.warning_count);
        }
    }
    if (!missing.empty()) {
        std::vector<std::string> names;
        for (const auto& layer : missing) {
            names.push_back(fmt::format("{} ({} layer)", layer.name, db::to_string(layer.layer)));
        }
        out += fmt::format(
            "\nmissing: {}; a new database has them, and this one gains them at its next write "
            "(portdb update, import, reserve)\n",
            terminal_text(fmt::format("{}", fmt::join(names, ", "))));
    }
    if (!report.has_registry) {
        out += "\nno IANA registry: portdb update downloads it, or portdb import FILE reads one\n";
    } else if (report.registry_stale) {
        const auto registry = std::find_if(report.sources.begin(), report.sources.end(),
                                           [](const auto& e) { return e.source.layer == db::Layer::registry; });
        out += fmt::format("\nthe registry is {} days old (IANA changes it every few weeks): run portdb update\n",
                           registry->age_days.value_or(0));
    }
    return out;
}

std::string format_import(const std::filesystem::path& database, const importer::ImportResult& result) {
    std::string out;
    for (const auto& f : result.files) {
        out += fmt::format("imported {} as {} into the {} layer: {} records, {} assignments{}\n",
                           terminal_text(f.file.string()), terminal_text(f.name), db::to_string(f.layer), f.records,
                           f.assignments, f.people > 0 ? fmt::format(", {} people", f.people) : "");
        if (!f.replaced.empty()) {
            out += fmt::format("  replaced {}\n", replaced_text(f.replaced));
        }
        if (!f.note.empty()) {
            out += fmt::format("  {}\n", terminal_text(f.note));
        }
    }
    out += fmt::format("database: {}\n", terminal_text(database.string()));
    return out;
}

}  // namespace portdb::cli

namespace portdb::cli {

json to_json(std::string_view verb, const importer::ReservationRequest& request,
             const std::vector<db::Assignment>& changed) {
    json list = json::array();
    for (const auto& a : changed) {
        list.push_back({{"port", a.ports ? json(a.ports->lo) : json(nullptr)},
                        {"protocol", optional_json(a.protocol)},
                        {"name", optional_json(a.name)},
                        {"note", a.description}});
    }
    return {{"action", verb}, {"port", request.port}, {"name", request.name}, {"changed", list}};
}

json to_json_reservations(const std::vector<query::AnswerRow>& rows) { return {{"reservations", rows_json(rows)}}; }

std::string format_reservation_change(std::string_view verb, const importer::ReservationRequest& request,
                                      const std::vector<db::Assignment>& changed) {
    if (changed.empty()) {
        return terminal_text(fmt::format("{}{} was reserved for {} already", request.port,
                                         request.protocol ? fmt::format("/{}", *request.protocol) : std::string(),
                                         request.name)) +
               "\n";
    }
    std::vector<std::string> ports;
    for (const auto& a : changed) {
        ports.push_back(fmt::format("{}/{}", format_ports(a.ports), a.protocol.value_or("-")));
    }
    return terminal_text(fmt::format("{} {} for {}", verb, fmt::join(ports, " and "), request.name)) + "\n";
}

std::string format_reservations(const std::vector<query::AnswerRow>& rows) {
    Table table({"PORT", "PROTO", "NAME", "SOURCE", "SINCE", "NOTE"});
    for (const auto& answer : rows) {
        const auto& a = answer.row.assignment;
        table.add_row({format_ports(a.ports), a.protocol.value_or("-"), a.name.value_or("-"),
                       fmt::format("{}", fmt::join(answer.seen_in, ", ")),
                       a.registered ? a.registered->to_string() : "-", first_line(a.description)});
    }
    return table.render();
}

}  // namespace portdb::cli
