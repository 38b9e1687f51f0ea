// Checker::check_registry: what the registry's rows on a port say, each
// weighed by the layer of its source (registry_level.hpp).
#include "portdb/query/checker.hpp"

#include "checker_text.hpp"
#include "registry_level.hpp"

#include <fmt/format.h>

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

/// The one-line reason of a row on the port of a checked protocol.
std::string same_protocol_summary(const db::StoredAssignment& row) {
    const auto& a = row.assignment;
    const auto label = detail::layer_label(row.layer, row.source);
    if (!a.name) {
        return fmt::format("{} in {}", db::to_string(a.status), label);
    }
    switch (row.layer) {
        case db::Layer::history:
            return fmt::format("historically assigned to {} in {}", *a.name, label);
        case db::Layer::system:
            return fmt::format("listed as {} in {}", service_text(a), label);
        case db::Layer::defacto:
            return fmt::format("{} in {}", service_text(a), label);
        case db::Layer::site:
            return fmt::format("reserved for {} in {}", service_text(a), label);
        case db::Layer::registry:
            break;
    }
    return fmt::format("assigned to {} in {}", service_text(a), label);
}

std::string registry_message(std::uint16_t port, const db::StoredAssignment& row, const std::string& checked) {
    const auto& a = row.assignment;
    const std::string where = a.protocol ? fmt::format("{}/{}", port, *a.protocol) : fmt::format("{} (any protocol)", port);
    const std::string range = a.ports && a.ports->is_range() ? fmt::format(" (range {}-{})", a.ports->lo, a.ports->hi) : "";
    const auto kind = db::to_string(row.source);
    if (!a.name) {
        return fmt::format("{} is {}{} in {} ({}): {}", where, db::to_string(a.status), range,
                           detail::layer_label(row.layer, row.source), kind, first_line(a.description));
    }
    std::string message = fmt::format(
        "{} is {}{} to {}", where,
        row.layer == db::Layer::history ? "historically assigned" : "assigned", range, service_text(a));
    if (a.alias_of) {
        message += fmt::format(", a legacy name of {}", *a.alias_of);
    }
    message += fmt::format(" in {} ({})", detail::layer_label(row.layer, row.source), kind);
    if (a.frequency) {
        message += fmt::format("; nmap found it open on {:.2f}% of hosts", *a.frequency * 100);
    }
    if (!checked.empty()) {
        message += fmt::format("; not on {}, but a service often takes both protocols", checked);
    }
    return message;
}

}  // namespace

void Checker::check_registry(std::uint16_t port, const std::vector<const db::StoredAssignment*>& rows,
                             CheckReport& report) const {
    // A service on another protocol matters only when the same layer does not
    // also have it on a checked one (that row says more, and weighs more).
    std::set<std::pair<db::Layer, std::string>> on_checked_protocols;
    for (const auto* row : rows) {
        const auto& a = row->assignment;
        if (a.name && (!a.protocol || contains(report.protocols, *a.protocol))) {
            on_checked_protocols.emplace(row->layer, lower(*a.name));
        }
    }
    std::set<std::int64_t> seen;
    for (const auto* row : rows) {
        const auto& a = row->assignment;
        const bool same = !a.protocol || contains(report.protocols, *a.protocol);
        if (!seen.insert(row->id).second || (!same && (!a.name || on_checked_protocols.contains({row->layer, lower(*a.name)})))) {
            continue;
        }
        auto& finding = report.findings.emplace_back();  // filled in place: a scan makes millions
        finding.level = detail::registry_level(row->layer, a.name.has_value(), a.status, same);
        finding.code = a.name ? "registry-assignment" : "registry-status";
        finding.protocol = same ? a.protocol.value_or("") : joined(report.protocols);
        finding.title = same ? same_protocol_summary(*row) : fmt::format("a service on {} only", *a.protocol);
        finding.summary = same ? finding.title
                               : fmt::format("assigned to {} on {} only, in {}", service_text(a), *a.protocol,
                                             detail::layer_label(row->layer, row->source));
        finding.message = registry_message(port, *row, same ? "" : joined(report.protocols, "+"));
        finding.origin = fmt::format("registry:{}", db::to_string(row->source));
    }
}

}  // namespace portdb::query
