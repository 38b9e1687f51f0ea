// Checker::scan, Checker::check_range and RangeReport: a range check decides
// every port the way a single check does, from one query for the registry
// rows of all of them.
#include "portdb/query/checker.hpp"

#include <algorithm>

namespace portdb::query {

Verdict RangeReport::verdict() const {
    Verdict worst = Verdict::ok;
    for (const auto& group : groups) {
        worst = std::max(worst, group.verdict);
    }
    return worst;
}

std::size_t RangeReport::count(Verdict verdict) const {
    std::size_t ports = 0;
    for (const auto& group : groups) {
        ports += group.verdict == verdict ? static_cast<std::size_t>(group.hi - group.lo + 1) : 0;
    }
    return ports;
}

void Checker::scan(std::uint16_t lo, std::uint16_t hi, const std::vector<std::string>& protocols,
                   const std::function<bool(std::uint16_t port, const CheckReport& report)>& visit) const {
    const auto rows = database_.find_overlapping(lo, hi, std::nullopt, db::RowDetail::row_only);
    // The rows on each port, found once: rows overlap, so a sweep keeps those
    // whose range has begun and not ended.
    std::vector<const db::StoredAssignment*> by_start;
    for (const auto& row : rows) {
        by_start.push_back(&row);
    }
    std::sort(by_start.begin(), by_start.end(),
              [](const auto* a, const auto* b) { return a->assignment.ports->lo < b->assignment.ports->lo; });
    std::vector<const db::StoredAssignment*> active;
    std::size_t next = 0;
    for (std::uint32_t port = lo; port <= hi; ++port) {
        while (next < by_start.size() && by_start[next]->assignment.ports->lo <= port) {
            active.push_back(by_start[next++]);
        }
        std::erase_if(active, [&](const auto* row) { return row->assignment.ports->hi < port; });
        // The query's order (that of find_by_port): a port's findings, and so
        // the reason given for it, are those of a single check.
        std::sort(active.begin(), active.end(), std::less<>());
        if (!visit(static_cast<std::uint16_t>(port), evaluate(static_cast<std::uint16_t>(port), protocols, active))) {
            return;
        }
    }
}

RangeReport Checker::check_range(const CheckArgument& argument) const {
    RangeReport report;
    report.lo = static_cast<std::uint16_t>(argument.lo);
    report.hi = static_cast<std::uint16_t>(argument.hi);
    report.protocols = argument.protocols();
    report.targets = targets_;
    scan(report.lo, report.hi, report.protocols, [&](std::uint16_t port, const CheckReport& single) {
        const auto verdict = single.verdict();
        const auto deciding = single.deciding();
        std::string reason = deciding.empty() ? "" : deciding.front()->summary;
        if (port == report.lo) {
            report.notes = single.notes;
        }
        auto& groups = report.groups;
        if (!groups.empty() && groups.back().verdict == verdict && groups.back().reason == reason) {
            groups.back().hi = port;
        } else {
            groups.push_back({port, port, verdict, std::move(reason)});
        }
        return true;
    });
    return report;
}

}  // namespace portdb::query
