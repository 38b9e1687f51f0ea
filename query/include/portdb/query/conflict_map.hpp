#pragma once
// The verdict of every port of one protocol, computed once: what makes
// scanning 65,535 ports cost one pass instead of 65,535 checks.

#include "portdb/db/database.hpp"
#include "portdb/query/finding.hpp"
#include "portdb/query/local_machine.hpp"
#include "portdb/query/policy.hpp"
#include "portdb/query/target.hpp"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace portdb::query {

class ConflictMap {
public:
    /// Built from what a check of `protocol` for `targets` weighs (registry
    /// rows, policy rules, this machine when `local` is given). Costs one pass
    /// over the ranges: no queries. verdict(p) is what Checker::check(p,
    /// {protocol}) calls it.
    ConflictMap(const std::vector<db::PortRangeRow>& registry, const Policy& policy, const LocalMachine* local,
                std::string_view protocol, TargetSet targets);

    [[nodiscard]] Verdict verdict(std::uint16_t port) const { return static_cast<Verdict>(verdicts_[port]); }
    [[nodiscard]] bool ok(std::uint16_t port) const { return verdicts_[port] == 0; }

private:
    std::array<std::uint8_t, 65536> verdicts_{};  ///< a Verdict per port
    void raise(std::uint32_t lo, std::uint32_t hi, Level level);
};

}  // namespace portdb::query
