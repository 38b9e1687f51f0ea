#pragma once
// The worst finding of every port of one protocol, computed once: what makes
// scanning 65,535 ports cost one pass instead of 65,535 checks.

#include "portdb/db/database.hpp"
#include "portdb/query/finding.hpp"
#include "portdb/query/local_machine.hpp"
#include "portdb/query/policy.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query {

class ConflictMap {
public:
    /// Built from what a check of `protocol` looks at (registry rows, policy
    /// rules, this machine when `local` is given), minus the findings whose
    /// codes are `ignored`. Costs one pass over the ranges: no queries.
    ConflictMap(const std::vector<db::PortRangeRow>& registry, const Policy& policy, const LocalMachine* local,
                std::string_view protocol, const std::set<std::string, std::less<>>& ignored = {});

    [[nodiscard]] std::optional<Severity> worst(std::uint16_t port) const;
    /// No finding at warning level or above.
    [[nodiscard]] bool clean(std::uint16_t port) const;

private:
    std::array<std::uint8_t, 65536> worst_{};  ///< 0: no finding; else 1 + Severity
    void raise(std::uint32_t lo, std::uint32_t hi, Severity severity);
};

}  // namespace portdb::query
