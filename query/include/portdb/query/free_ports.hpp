#pragma once
// "Which ports of this range may I use?": the ports a check calls ok, by the
// same verdict rules as `check`, in runs of consecutive ports.

#include "portdb/query/checker.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace portdb::query {

/// Consecutive ports, lo-hi.
struct PortRun {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;
};

struct FreePorts {
    std::uint16_t lo = 0;  ///< the range asked
    std::uint16_t hi = 0;
    std::vector<std::string> protocols;  ///< a port is ok in every one of them
    TargetSet targets;
    std::vector<PortRun> runs;  ///< the ok ports, in port order
    std::size_t count = 0;      ///< how many ports the runs hold
    bool more = false;          ///< the limit was reached and the range holds more ok ports
    std::vector<std::string> notes;
};

/// The ports of `range` (one port or LOW-HIGH, with its protocols) that
/// `checker` calls ok; with `limit` > 0, the first `limit` of them. Throws
/// UsageError for a port past 65535.
[[nodiscard]] FreePorts free_ports(const Checker& checker, const CheckArgument& range, std::size_t limit = 0);

}  // namespace portdb::query
