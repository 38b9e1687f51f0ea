#include "portdb/query/checker.hpp"

#include "portdb/query/muq_blocks.hpp"
#include "portdb/query/usage_error.hpp"
#include "registry_severity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace portdb::query {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ",") + item;
    }
    return out;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string ordinal(std::uint32_t n) {
    const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return fmt::format("{}{}", n, suffix);
}

std::string registry_message(std::uint16_t port, const db::StoredAssignment& row) {
    const auto& a = row.assignment;
    const std::string where = a.protocol ? fmt::format("{}/{}", port, *a.protocol) : fmt::format("{} (any protocol)", port);
    const std::string range = a.ports && a.ports->is_range() ? fmt::format(" (range {}-{})", a.ports->lo, a.ports->hi) : "";
    if (!a.name) {
        return fmt::format("{} is {}{} in {}: {}", where, db::to_string(a.status), range, db::to_string(row.source),
                           first_line(a.description));
    }
    std::string message = fmt::format("{} is {}{} to {}{}", where,
                                      row.source == db::SourceKind::port_numbers_text ? "historically assigned" : "assigned",
                                      range, *a.name, a.description.empty() ? "" : " (" + first_line(a.description) + ")");
    if (a.alias_of) {
        message += fmt::format(", a legacy name of {}", *a.alias_of);
    }
    message += fmt::format(" in {}", db::to_string(row.source));
    if (a.frequency) {
        message += fmt::format("; nmap found it open on {:.2f}% of hosts", *a.frequency * 100);
    }
    return message;
}

}  // namespace

CheckTarget parse_check_target(std::string_view text) {
    const auto slash = text.find('/');
    const auto digits = text.substr(0, slash);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
        throw UsageError(fmt::format("\"{}\" is not a port: expected PORT or PORT/PROTOCOL, e.g. 30079 or 30079/tcp",
                                     text.substr(0, 40)));
    }
    CheckTarget target;
    for (const char c : digits) {
        target.port = std::min<std::uint64_t>(target.port * 10 + static_cast<std::uint64_t>(c - '0'), 1'000'000'000);
    }
    if (slash != std::string_view::npos) {
        // The protocol follows the same rules as everywhere else.
        target.protocol = parse_port_spec(fmt::format("0/{}", text.substr(slash + 1))).protocol;
    }
    return target;
}

bool CheckReport::clean() const {
    return std::none_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity >= Severity::warning; });
}

std::optional<Severity> CheckReport::worst() const {
    std::optional<Severity> worst;
    for (const auto& f : findings) {
        worst = worst ? std::max(*worst, f.severity) : f.severity;
    }
    return worst;
}

Checker::Checker(const db::Database& database, const Policy& policy, const LocalMachine* local)
    : database_(database), policy_(policy), local_(local) {}

CheckReport Checker::check(const CheckTarget& target, std::optional<std::uint32_t> instance) const {
    CheckReport report;
    report.port = target.port;
    report.protocols = target.protocol ? std::vector<std::string>{*target.protocol} : std::vector<std::string>{"tcp", "udp"};
    if (target.port == 0 || target.port > 65535) {
        // Not a port at all: nothing else applies.
        report.findings.push_back(
            {Severity::error, "invalid-port", "",
             target.port == 0 ? "port 0 is not a service port: bind() and connect() read it as \"any free port\""
                              : fmt::format("{} is not a port: ports are 1-65535", target.port > 99999999 ? std::string("the number") : std::to_string(target.port)),
             "validity", "https://www.rfc-editor.org/rfc/rfc6335#section-6"});
        return report;
    }
    const auto port = static_cast<std::uint16_t>(target.port);
    check_registry(port, report);
    check_policy(port, report);
    check_local(port, report);
    check_muq(port, instance, report);
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
    return report;
}

void Checker::check_registry(std::uint16_t port, CheckReport& report) const {
    std::set<std::int64_t> seen;  // a protocol-less row answers for every protocol: report it once
    for (const auto& protocol : report.protocols) {
        for (const auto& row : database_.find_by_port(port, std::string_view(protocol), db::RowDetail::row_only)) {
            if (!seen.insert(row.id).second) {
                continue;
            }
            const auto& a = row.assignment;
            const auto severity = detail::registry_severity(row.source, a.name.has_value(), a.status);
            report.findings.push_back({severity,
                                       a.name ? "registry-assignment" : "registry-status",
                                       a.protocol.value_or(""),
                                       registry_message(port, row),
                                       fmt::format("registry:{}", db::to_string(row.source)),
                                       ""});
        }
    }
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
        std::string message = rule.message;
        if (rule.historic) {
            message += " [historic]";
        }
        if (!rule.how_to_change.empty()) {
            message += " To change: " + rule.how_to_change;
        }
        report.findings.push_back({rule.severity, rule.id, matched.size() == report.protocols.size() ? "" : joined(matched),
                                   message, "policy", rule.source});
    }
}

void Checker::check_local(std::uint16_t port, CheckReport& report) const {
    if (local_ == nullptr) {
        report.notes.emplace_back("this machine was not checked (--no-local)");
        return;
    }
    if (!local_->unavailable.empty()) {
        report.notes.push_back("this machine was not checked: " + local_->unavailable);
        return;
    }
    std::set<std::string> reported;
    for (const auto& socket : local_->sockets) {
        const bool wanted = std::find(report.protocols.begin(), report.protocols.end(), socket.protocol) != report.protocols.end();
        if (socket.port != port || !wanted || !reported.insert(socket.protocol + socket.address + (socket.listening ? "L" : "C")).second) {
            continue;
        }
        if (socket.listening) {
            report.findings.push_back({Severity::warning, socket.protocol == "tcp" ? "local-listening" : "local-bound",
                                       socket.protocol,
                                       fmt::format("{} port {} is {} on this machine now ({})", socket.protocol, port,
                                                   socket.protocol == "tcp" ? "listening" : "bound", socket.address),
                                       "local", "/proc/net/" + socket.protocol});
        } else {
            report.findings.push_back({Severity::info, "local-in-use", socket.protocol,
                                       fmt::format("tcp port {} is held by a connection on this machine now ({})", port,
                                                   socket.address),
                                       "local", "/proc/net/tcp"});
        }
    }
    const auto& range = local_->ephemeral_range;
    if (range && range->contains(port)) {
        if (local_->is_reserved(port)) {
            report.findings.push_back({Severity::info, "local-reserved-port", "",
                                       fmt::format("inside this machine's ephemeral range {}-{}, but listed in "
                                                   "net.ipv4.ip_local_reserved_ports: outgoing sockets will not take it",
                                                   range->lo, range->hi),
                                       "local", "/proc/sys/net/ipv4/ip_local_reserved_ports"});
        } else {
            report.findings.push_back({Severity::warning, "local-ephemeral-range", "",
                                       fmt::format("inside this machine's ephemeral range {}-{} "
                                                   "(net.ipv4.ip_local_port_range): an outgoing connection may hold the "
                                                   "port when the service starts. To keep it free: sysctl "
                                                   "net.ipv4.ip_local_reserved_ports={}",
                                                   range->lo, range->hi, port),
                                       "local", "/proc/sys/net/ipv4/ip_local_port_range"});
        }
    }
}

void Checker::check_muq(std::uint16_t port, std::optional<std::uint32_t> instance, CheckReport& report) const {
    const auto& muq = policy_.muq;
    for (const auto& place : muq_places(port, muq, instance)) {
        const std::string server = place.instance == 1 ? "" : fmt::format(" for the {} server", ordinal(place.instance));
        std::string message;
        std::string code;
        if (place.block == MuqBlock::daemon) {
            code = "muq-daemon-counterpart";
            const auto xyz = static_cast<std::uint16_t>(place.offset);
            std::string daemon;
            for (const auto& protocol : report.protocols) {
                for (const auto& row : database_.find_by_port(xyz, std::string_view(protocol), db::RowDetail::row_only)) {
                    if (row.assignment.name && row.source != db::SourceKind::port_numbers_text && daemon.empty()) {
                        daemon = fmt::format("{} ({}/{})", *row.assignment.name, xyz, row.assignment.protocol.value_or(protocol));
                    }
                }
            }
            message = fmt::format("{} is the seed policy's 30xyz counterpart of {}{}", port,
                                  daemon.empty() ? fmt::format("port {} (no service registered there)", xyz) : daemon, server);
        } else {
            const auto block = shifted(muq, place.block, place.instance);
            code = place.block == MuqBlock::production ? "muq-production-range" : "muq-test-range";
            message = place.block == MuqBlock::production
                          ? fmt::format("inside the seed policy's production range {}-{}{} (daemons with no Unix counterpart)",
                                        block.lo, block.hi, server)
                          : fmt::format("inside the seed policy's test range {}-{}{}: for local test scripts only",
                                        block.lo, block.hi, server);
        }
        report.findings.push_back({Severity::info, code, "", message, "muq", muq.source});
    }
}

}  // namespace portdb::query
