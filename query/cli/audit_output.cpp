#include "audit_output.hpp"

#include "portdb/query/assignment_json.hpp"
#include "table.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>

namespace portdb::cli {
namespace {

using nlohmann::json;
using query::Verdict;
using query::audit::AuditReport;
using query::audit::Binding;
using query::audit::CheckedBinding;
using query::audit::Collision;

std::string ports_text(std::uint16_t lo, std::uint16_t hi) {
    return lo == hi ? fmt::format("{}", lo) : fmt::format("{}-{}", lo, hi);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string where(const Binding& b) { return fmt::format("{}:{}", b.file, b.line); }

std::string style_of(Verdict verdict, bool collides) {
    if (collides || verdict == Verdict::conflict) {
        return "\x1b[1;31m";
    }
    return verdict == Verdict::caution ? "\x1b[33m" : "";
}

/// The verdict column: "conflict", "collision", "-" for a port not weighed (container scope).
std::string verdict_text(const CheckedBinding& b, bool collides) {
    if (collides) {
        return b.checked && b.verdict != Verdict::ok ? fmt::format("collision, {}", query::to_string(b.verdict))
                                                     : "collision";
    }
    return b.checked ? std::string(query::to_string(b.verdict)) : "-";
}

std::string why_text(const CheckedBinding& b) {
    if (b.findings.empty()) {
        return "";
    }
    const auto& top = b.findings.front();
    return b.findings.size() == 1 ? top.summary : fmt::format("{} (+{} more)", top.summary, b.findings.size() - 1);
}

std::string collision_title(const Collision& c) {
    const auto place = c.domain == "host"               ? std::string("one host")
                       : c.domain == "kubernetes-nodes" ? std::string("the cluster's nodes")
                       : c.domain.starts_with("pod:")   ? "one pod (" + c.domain.substr(c.domain.find('#') + 1) + ")"
                                                        : c.domain;
    return fmt::format("{}/{} on {}", ports_text(c.lo, c.hi), c.protocol, place);
}

json binding_json(const CheckedBinding& checked) {
    const auto& b = checked.binding;
    json findings = json::array();
    for (const auto& finding : checked.findings) {
        findings.push_back(query::finding_json(finding, checked.targets));
    }
    json out{{"file", b.file},
             {"line", b.line},
             {"port", b.lo},
             {"protocol", b.protocol},
             {"scope", query::audit::to_string(b.scope)},
             {"kind", b.kind},
             {"owner", b.owner},
             {"verdict", checked.checked ? json(query::to_string(checked.verdict)) : json(nullptr)},
             {"findings", findings}};
    if (b.hi != b.lo) {
        out["port_high"] = b.hi;
    }
    if (!b.address.empty()) {
        out["address"] = b.address;
    }
    return out;
}

/// The rules a SARIF result can name, with their help text.
struct SarifRule {
    const char* id;
    const char* name;
    const char* help;
};
constexpr SarifRule rule_collision{"port-collision", "PortCollision",
                                   "Two bindings take the same port and protocol on one host, on the cluster's nodes "
                                   "or in one pod: only one of them can bind it. Move one of them to another port "
                                   "(portdb suggest offers ports the Muq policy allows)."};
constexpr SarifRule rule_conflict{"port-conflict", "PortConflict",
                                  "A host port portdb check calls a conflict on the targets it is deployed on: "
                                  "assigned to another service, inside an ephemeral range, reserved by the site, or "
                                  "refused by the platform. Run portdb check PORT --on TARGETS for every finding."};
constexpr SarifRule rule_caution{"port-caution", "PortCaution",
                                 "A host port portdb check calls usable with care: a privileged port, a common "
                                 "software default, registered on the other protocol. Run portdb check PORT."};
constexpr SarifRule rule_unresolved{"port-unresolved", "PortUnresolved",
                                    "A port written with a variable that has no value in the .env beside the file and "
                                    "no default: the audit could not check it."};
constexpr SarifRule rule_problem{"file-problem", "FileProblem",
                                 "A file of a format the audit reads that could not be read or parsed, or a port "
                                 "value in it that is no port: what it names was not checked."};

json sarif_rule(const SarifRule& rule) {
    return {{"id", rule.id},
            {"name", rule.name},
            {"shortDescription", {{"text", rule.help}}},
            {"help", {{"text", rule.help}}}};
}

json sarif_location(const std::string& file, std::size_t line) {
    json physical{{"artifactLocation", {{"uri", file}, {"uriBaseId", "%SRCROOT%"}}}};
    if (line > 0) {
        physical["region"] = {{"startLine", line}};
    }
    return {{"physicalLocation", physical}};
}

json sarif_result(const SarifRule& rule, const char* level, const std::string& message, json locations) {
    return {
        {"ruleId", rule.id}, {"level", level}, {"message", {{"text", message}}}, {"locations", std::move(locations)}};
}

}  // namespace

std::string audit_summary(const AuditReport& report) {
    std::string out = fmt::format("{} in {}: {}, {}, {}", plural(report.bindings.size(), "binding", "bindings"),
                                  plural(report.files_with_bindings(), "file", "files"),
                                  plural(report.collisions.size(), "collision", "collisions"),
                                  plural(report.count(Verdict::conflict), "conflict", "conflicts"),
                                  plural(report.count(Verdict::caution), "caution", "cautions"));
    if (!report.unresolved.empty()) {
        out += fmt::format(", {} unresolved", report.unresolved.size());
    }
    if (report.files_skipped > 0) {
        out += fmt::format("; {} skipped", plural(report.files_skipped, "file", "files"));
    }
    return out;
}

std::string format_audit(const AuditReport& report, bool color) {
    std::string out;
    const auto colliding = report.colliding();
    for (const auto& group : report.files_worst_first()) {
        out += terminal_text(group.file) + "\n";
        Table table({"LINE", "PORT", "PROTO", "SCOPE", "KIND", "OWNER", "VERDICT", "WHY"});
        for (const auto index : group.bindings) {
            const auto& checked = report.bindings[index];
            const auto& b = checked.binding;
            const bool collides = colliding[index];
            table.add_row({fmt::format("  {}", b.line), ports_text(b.lo, b.hi), b.protocol,
                           std::string(query::audit::to_string(b.scope)), b.kind, terminal_text(b.owner),
                           verdict_text(checked, collides), terminal_text(why_text(checked))},
                          {"", "", "", "", "", "", style_of(checked.verdict, collides)});
        }
        out += table.render(color) + "\n";
    }
    for (const auto& collision : report.collisions) {
        out += terminal_text("collision: " + collision_title(collision)) + "\n";
        for (const auto index : collision.bindings) {
            const auto& b = report.bindings[index].binding;
            out += terminal_text(fmt::format("  {} {} ({})", where(b), b.owner, b.kind)) + "\n";
        }
    }
    for (const auto& u : report.unresolved) {
        out += terminal_text(fmt::format("unresolved: {}:{} {} ({}): {} has no value in the .env beside it", u.file,
                                         u.line, u.owner, u.kind, u.text)) +
               "\n";
    }
    for (const auto& problem : report.problems) {
        out += terminal_text(problem.line > 0
                                 ? fmt::format("problem: {}:{}: {}", problem.file, problem.line, problem.message)
                                 : fmt::format("problem: {}: {}", problem.file, problem.message)) +
               "\n";
    }
    for (const auto& note : report.notes) {
        out += terminal_text("note: " + note) + "\n";
    }
    out += terminal_text(audit_summary(report)) + "\n";
    return out;
}

json to_json(const AuditReport& report) {
    json bindings = json::array();
    for (const auto& b : report.bindings) {
        bindings.push_back(binding_json(b));
    }
    json collisions = json::array();
    for (const auto& c : report.collisions) {
        json members = json::array();
        for (const auto index : c.bindings) {
            const auto& b = report.bindings[index].binding;
            members.push_back({{"file", b.file}, {"line", b.line}, {"owner", b.owner}, {"kind", b.kind}});
        }
        collisions.push_back({{"port", c.lo}, {"protocol", c.protocol}, {"domain", c.domain}, {"bindings", members}});
        if (c.hi != c.lo) {
            collisions.back()["port_high"] = c.hi;
        }
    }
    json unresolved = json::array();
    for (const auto& u : report.unresolved) {
        unresolved.push_back(
            {{"file", u.file}, {"line", u.line}, {"owner", u.owner}, {"kind", u.kind}, {"text", u.text}});
    }
    json problems = json::array();
    for (const auto& p : report.problems) {
        problems.push_back({{"file", p.file}, {"line", p.line}, {"message", p.message}});
    }
    return {{"verdict", query::to_string(report.verdict())},
            {"summary", audit_summary(report)},
            {"files_examined", report.files_examined},
            {"files_skipped", report.files_skipped},
            {"bindings", bindings},
            {"collisions", collisions},
            {"unresolved", unresolved},
            {"problems", problems},
            {"notes", report.notes}};
}

json to_sarif(const AuditReport& report, const std::string& version) {
    json results = json::array();
    for (const auto& c : report.collisions) {
        json locations = json::array();
        std::vector<std::string> places;
        for (const auto index : c.bindings) {
            const auto& b = report.bindings[index].binding;
            locations.push_back(sarif_location(b.file, b.line));
            places.push_back(fmt::format("{} {} ({})", where(b), b.owner, b.kind));
        }
        results.push_back(sarif_result(
            rule_collision, "error",
            fmt::format("{} is bound {} times: {}", collision_title(c), c.bindings.size(), fmt::join(places, ", ")),
            locations));
    }
    for (const auto& checked : report.bindings) {
        if (!checked.checked || checked.verdict == Verdict::ok) {
            continue;
        }
        const auto& b = checked.binding;
        const bool conflict = checked.verdict == Verdict::conflict;
        results.push_back(sarif_result(
            conflict ? rule_conflict : rule_caution, conflict ? "error" : "warning",
            fmt::format("{}/{} ({}, {}): {}", ports_text(b.lo, b.hi), b.protocol, b.kind, b.owner, why_text(checked)),
            json::array({sarif_location(b.file, b.line)})));
    }
    for (const auto& u : report.unresolved) {
        results.push_back(
            sarif_result(rule_unresolved, "warning",
                         fmt::format("{} ({}, {}) has no value in the .env beside it", u.text, u.kind, u.owner),
                         json::array({sarif_location(u.file, u.line)})));
    }
    for (const auto& p : report.problems) {
        results.push_back(
            sarif_result(rule_problem, "warning", p.message, json::array({sarif_location(p.file, p.line)})));
    }
    json rules = json::array();
    for (const auto* rule : {&rule_collision, &rule_conflict, &rule_caution, &rule_unresolved, &rule_problem}) {
        rules.push_back(sarif_rule(*rule));
    }
    return {{"version", "2.1.0"},
            {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
            {"runs", json::array({{{"tool", {{"driver", {{"name", "portdb"}, {"version", version}, {"rules", rules}}}}},
                                   {"results", results}}})}};
}

}  // namespace portdb::cli
