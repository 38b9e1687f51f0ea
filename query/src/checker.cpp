#include "portdb/query/checker.hpp"

#include "checker_text.hpp"
#include "portdb/db/protocol.hpp"
#include "portdb/query/muq_blocks.hpp"
#include "portdb/query/port_spec.hpp"
#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace portdb::query {
namespace {

using detail::contains;
using detail::joined;

std::string ordinal(std::uint32_t n) {
    const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                         : n % 10 == 1                    ? "st"
                         : n % 10 == 2                    ? "nd"
                         : n % 10 == 3                    ? "rd"
                                                          : "th";
    return fmt::format("{}{}", n, suffix);
}

/// "Kubernetes NodePorts (30000-32767)": the rule's title and the range of it that holds the port.
std::string rule_summary(const PolicyRule& rule, std::uint16_t port) {
    for (const auto& range : rule.ports) {
        if (range.contains(port) && range.is_range()) {
            return fmt::format("{} ({}-{})", rule.title, range.lo, range.hi);
        }
    }
    return rule.title;
}

Finding invalid_port(std::uint64_t port) {
    Finding finding;
    finding.level = Level::conflict;
    finding.code = "invalid-port";
    finding.title = "not a port";
    finding.summary = port == 0 ? "port 0 is not a service port" : "not a port: ports are 1-65535";
    finding.message = port == 0 ? "port 0 is not a service port: bind() and connect() read it as \"any free port\""
                                : fmt::format("{} is not a port: ports are 1-65535",
                                              port > 99999999 ? std::string("the number") : std::to_string(port));
    finding.origin = "validity";
    finding.source = "https://www.rfc-editor.org/rfc/rfc6335#section-6";
    return finding;
}

/// A stable sort by level: three levels, so one pass per level moves each finding once.
void sort_worst_first(std::vector<Finding>& findings) {
    std::vector<Finding> sorted;
    sorted.reserve(findings.size());
    for (const auto level : {Level::conflict, Level::caution, Level::note}) {
        for (auto& finding : findings) {
            if (finding.level == level) {
                sorted.push_back(std::move(finding));
            }
        }
    }
    findings = std::move(sorted);
}

}  // namespace

std::vector<std::string> CheckArgument::protocols() const { return db::protocols_or_default(protocol); }

CheckArgument parse_check_argument(std::string_view text) {
    auto argument = parse_port_argument(text, "PORT, PORT/PROTOCOL or LOW-HIGH, e.g. 30079, 30079/tcp or 8000-8010");
    return {argument.lo, argument.hi, std::move(argument.protocol)};
}

Verdict CheckReport::verdict() const {
    Verdict worst = Verdict::ok;
    for (const auto& f : findings) {
        if (weighs(f)) {
            worst = std::max(worst, verdict_of(f.level));
        }
    }
    return worst;
}

std::vector<const Finding*> CheckReport::deciding() const {
    std::vector<const Finding*> out;
    for (const auto& f : findings) {
        if (f.level >= Level::caution && weighs(f)) {
            out.push_back(&f);
        }
    }
    return out;
}

std::vector<std::string> CheckReport::elsewhere() const {
    std::vector<std::string> titles;
    for (const auto& f : findings) {
        if (f.level >= Level::caution && !weighs(f) && !contains(titles, f.title)) {
            titles.push_back(f.title);
        }
    }
    return titles;
}

Checker::Checker(const db::Database& database, const Policy& policy, const LocalMachine* local, TargetSet targets)
    : database_(database), policy_(policy), local_(local), targets_(targets.united(TargetSet{Target::any})) {}

CheckReport Checker::check(const CheckArgument& argument, std::optional<std::uint32_t> instance) const {
    return check(argument.lo, argument.protocols(), instance);
}

CheckReport Checker::check(std::uint64_t port, const std::vector<std::string>& protocols,
                           std::optional<std::uint32_t> instance) const {
    if (port == 0 || port > 65535) {
        // Not a port at all: nothing else applies.
        CheckReport report;
        report.port = port;
        report.protocols = protocols;
        report.targets = targets_;
        report.findings.push_back(invalid_port(port));
        return report;
    }
    const auto p = static_cast<std::uint16_t>(port);
    const auto rows = database_.find_by_port(p, std::nullopt, db::RowDetail::row_only);
    std::vector<const db::StoredAssignment*> pointers;
    for (const auto& row : rows) {
        pointers.push_back(&row);
    }
    auto report = evaluate(p, protocols, pointers);
    check_muq(p, instance, report);  // notes only: they belong after the rest, worst first as it is
    return report;
}

CheckReport Checker::evaluate(std::uint16_t port, const std::vector<std::string>& protocols,
                              const std::vector<const db::StoredAssignment*>& rows) const {
    CheckReport report;
    report.port = port;
    report.protocols = protocols;
    report.targets = targets_;
    report.findings.reserve(16);  // a port rarely has more: no reallocation on the way
    if (port == 0) {
        report.findings.push_back(invalid_port(0));
        return report;
    }
    check_registry(port, rows, report);
    check_policy(port, report);
    check_local(port, report);
    sort_worst_first(report.findings);
    return report;
}

void Checker::check_policy(std::uint16_t port, CheckReport& report) const {
    for (const auto& rule : policy_.rules) {
        std::vector<std::string> matched;
        for (const auto& protocol : report.protocols) {
            if (rule.applies_to(port, protocol)) {
                matched.push_back(protocol);
            }
        }
        if (matched.empty()) {
            continue;
        }
        auto& finding = report.findings.emplace_back();  // filled in place: a scan makes millions
        finding.level = rule.level;
        finding.targets = rule.targets;
        finding.code = rule.id;
        finding.protocol = matched.size() == report.protocols.size() ? "" : joined(matched);
        finding.title = rule.title;
        finding.summary = rule_summary(rule, port);
        finding.message = rule.message + (rule.historic ? " [historic]" : "") +
                          (rule.how_to_change.empty() ? "" : " To change: " + rule.how_to_change);
        finding.origin = "policy";
        finding.source = rule.source;
        finding.historic = rule.historic;
    }
}

void Checker::check_muq(std::uint16_t port, std::optional<std::uint32_t> instance, CheckReport& report) const {
    const auto& muq = policy_.muq;
    for (const auto& place : muq_places(port, muq, instance)) {
        const std::string server =
            place.instance == 1 ? "" : fmt::format(" for the {} server", ordinal(place.instance));
        Finding finding;
        finding.origin = "muq";
        finding.source = muq.source;
        if (place.block == MuqBlock::daemon) {
            // The daemon on each checked protocol: 999 is garcon on tcp and applix on udp.
            const auto xyz = static_cast<std::uint16_t>(place.offset);
            std::vector<std::string> daemons;
            for (const auto& row : database_.find_by_port(xyz, std::nullopt, db::RowDetail::row_only)) {
                const auto& a = row.assignment;
                if (!a.name || row.layer == db::Layer::history ||
                    (a.protocol && !contains(report.protocols, *a.protocol))) {
                    continue;
                }
                const auto daemon = fmt::format("{} ({}/{})", *a.name, xyz, a.protocol.value_or("any"));
                if (!contains(daemons, daemon)) {
                    daemons.push_back(daemon);
                }
            }
            const auto who =
                daemons.empty() ? fmt::format("port {} (no service registered there)", xyz) : joined(daemons, " and ");
            finding.code = "muq-daemon-counterpart";
            finding.title = "the Muq policy's 30xyz port";
            finding.summary = fmt::format("the Muq policy's 30xyz port for {}{}", who, server);
            finding.message = fmt::format("{} is the Muq policy's 30xyz counterpart of {}{}", port, who, server);
        } else {
            const auto block = shifted(muq, place.block, place.instance);
            const bool production = place.block == MuqBlock::production;
            finding.code = production ? "muq-production-range" : "muq-test-range";
            finding.title = production ? "the Muq policy's production block" : "the Muq policy's test block";
            finding.summary = fmt::format("{} ({}-{}){}", finding.title, block.lo, block.hi, server);
            finding.message =
                production ? fmt::format(
                                 "inside the Muq policy's production block {}-{}{} (daemons with no "
                                 "Unix counterpart)",
                                 block.lo, block.hi, server)
                           : fmt::format("inside the Muq policy's test block {}-{}{}: for local test scripts only",
                                         block.lo, block.hi, server);
        }
        report.findings.push_back(std::move(finding));
    }
}

}  // namespace portdb::query
