#include "portdb/query/free_ports.hpp"

#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

namespace portdb::query {

FreePorts free_ports(const Checker& checker, const CheckArgument& range, std::size_t limit) {
    if (range.hi > 65535) {
        throw UsageError(fmt::format("{} is no port: ports are 0-65535", range.hi));
    }
    FreePorts free;
    free.lo = static_cast<std::uint16_t>(range.lo);
    free.hi = static_cast<std::uint16_t>(range.hi);
    free.protocols = range.protocols();
    free.targets = checker.targets();
    // One scan, as check of a range makes: the same verdict for every port.
    checker.scan(free.lo, free.hi, free.protocols, [&](std::uint16_t port, const CheckReport& report) {
        if (port == free.lo) {
            free.notes = report.notes;
        }
        if (report.verdict() != Verdict::ok) {
            return true;
        }
        if (limit > 0 && free.count == limit) {
            free.more = true;  // one more ok port is enough to say so
            return false;
        }
        if (!free.runs.empty() && free.runs.back().hi + 1 == port) {
            free.runs.back().hi = port;
        } else {
            free.runs.push_back({port, port});
        }
        ++free.count;
        return true;
    });
    return free;
}

}  // namespace portdb::query
