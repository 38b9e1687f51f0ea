// Checker::check_registry: what the registry's rows on a port say, each
// weighed by the layer of its source (registry_level.hpp).
#include "portdb/query/checker.hpp"

#include "checker_text.hpp"
#include "registry_level.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace portdb::query {
namespace {

using detail::contains;
using detail::first_line;
using detail::joined;
using detail::lower;

/// "x11 (X Window System)".
std::string service_text(const db::Assignment& a) {
    const auto description = first_line(a.description);
    return description.empty() ? *a.name : fmt::format("{} ({})", *a.name, description);
}

/// What a named row says of its service, by layer: "assigned to", "listed as", ...
std::string relation(const db::StoredAssignment& row) {
    switch (row.layer) {
        case db::Layer::history:
            return "historically assigned to";
        case db::Layer::system:
            return "listed as";
        case db::Layer::defacto:
            return row.source == db::SourceKind::nmap_services ? "listed as" : "the default port of";
        case db::Layer::site:
            return "reserved for";
        case db::Layer::registry:
            break;
    }
    return "assigned to";
}

/// The one-line reason of a row on the port of a checked protocol.
std::string same_protocol_summary(const db::StoredAssignment& row) {
    const auto& a = row.assignment;
    const auto label = detail::layer_label(row.layer, row.source);
    if (!a.name) {
        return fmt::format("{} in {}", db::to_string(a.status), label);
    }
    return fmt::format("{} {} in {}", relation(row), row.layer == db::Layer::history ? *a.name : service_text(a),
                       label);
}

std::string registry_message(std::uint16_t port, const db::StoredAssignment& row, const std::string& checked) {
    const auto& a = row.assignment;
    const std::string where =
        a.protocol ? fmt::format("{}/{}", port, *a.protocol) : fmt::format("{} (any protocol)", port);
    // "6010/tcp is in 6000-6063, assigned to x11 (...)": the range before what holds it.
    const std::string is =
        a.ports && a.ports->is_range() ? fmt::format("is in {}-{},", a.ports->lo, a.ports->hi) : std::string("is");
    const auto label = detail::layer_label(row.layer, row.source);
    const auto kind = db::to_string(row.source);
    if (!a.name) {
        return fmt::format("{} {} {} in {} ({}): {}", where, is, db::to_string(a.status), label, kind,
                           first_line(a.description));
    }
    std::string message = fmt::format("{} {} {} {}", where, is, relation(row), service_text(a));
    if (a.alias_of) {
        message += fmt::format(", a legacy name of {}", *a.alias_of);
    }
    message += fmt::format(" in {} ({})", label, kind);
    if (a.frequency) {
        message += fmt::format("; nmap found it open on {:.2f}% of hosts", *a.frequency * 100);
    }
    if (!checked.empty()) {
        message += fmt::format("; not on {}, but a service often takes both protocols", checked);
    }
    return message;
}

/// The rows worth a finding: each once; a service on another protocol only when
/// the same layer does not also have it on a checked one (that row says more,
/// and weighs more).
std::vector<const db::StoredAssignment*> relevant_rows(const std::vector<const db::StoredAssignment*>& rows,
                                                       const std::vector<std::string>& protocols) {
    std::set<std::pair<db::Layer, std::string>> on_checked_protocols;
    for (const auto* row : rows) {
        const auto& a = row->assignment;
        if (a.name && (!a.protocol || contains(protocols, *a.protocol))) {
            on_checked_protocols.emplace(row->layer, lower(*a.name));
        }
    }
    std::set<std::int64_t> seen;
    std::vector<const db::StoredAssignment*> out;
    for (const auto* row : rows) {
        const auto& a = row->assignment;
        const bool same = !a.protocol || contains(protocols, *a.protocol);
        if (seen.insert(row->id).second &&
            (same || (a.name && !on_checked_protocols.contains({row->layer, lower(*a.name)})))) {
            out.push_back(row);
        }
    }
    return out;
}

}  // namespace

void Checker::check_registry(std::uint16_t port, const std::vector<const db::StoredAssignment*>& rows,
                             CheckReport& report) const {
    struct Candidate {
        const db::StoredAssignment* row;
        bool same;
        Level level;
        std::string key;  ///< one service on one protocol, whoever lists it; empty for a status row
    };
    std::vector<Candidate> candidates;
    for (const auto* row : relevant_rows(rows, report.protocols)) {
        const auto& a = row->assignment;
        const bool same = !a.protocol || contains(report.protocols, *a.protocol);
        candidates.push_back({row, same, detail::registry_level(row->layer, a.name.has_value(), a.status, same),
                              a.name ? lower(*a.name) + "/" + a.protocol.value_or("") : std::string()});
    }
    // A service several layers list is said once: by the row that weighs most
    // (the most authoritative layer on a tie), naming where else it was seen.
    std::map<std::string, std::size_t> speaker;
    std::map<std::string, std::vector<std::string>> also;
    const auto better = [&](const Candidate& a, const Candidate& b) {
        return a.level != b.level ? a.level > b.level
                                  : db::layer_precedence(a.row->layer) < db::layer_precedence(b.row->layer);
    };
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& key = candidates[i].key;
        if (!key.empty() && (!speaker.contains(key) || better(candidates[i], candidates[speaker[key]]))) {
            speaker[key] = i;
        }
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& c = candidates[i];
        const auto label = std::string(detail::layer_label(c.row->layer, c.row->source));
        if (!c.key.empty() && speaker[c.key] != i && !contains(also[c.key], label)) {
            also[c.key].push_back(label);
        }
    }
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& [row, same, level, key] = candidates[i];
        if (!key.empty() && speaker[key] != i) {
            continue;
        }
        const auto& a = row->assignment;
        auto& finding = report.findings.emplace_back();  // filled in place: a scan makes millions
        finding.level = level;
        finding.code = a.name ? "registry-assignment" : "registry-status";
        finding.protocol = same ? a.protocol.value_or("") : joined(report.protocols);
        finding.title = same ? same_protocol_summary(*row) : fmt::format("a service on {} only", *a.protocol);
        finding.summary = same ? finding.title
                               : fmt::format("{} {} on {} only, in {}", relation(*row), service_text(a), *a.protocol,
                                             detail::layer_label(row->layer, row->source));
        finding.message = registry_message(port, *row, same ? "" : joined(report.protocols, "+"));
        if (!key.empty() && !also[key].empty()) {
            finding.message += fmt::format("; also in {}", joined(also[key], ", "));
        }
        finding.origin = fmt::format("registry:{}", db::to_string(row->source));
        finding.layer = db::to_string(row->layer);
    }
}

}  // namespace portdb::query
