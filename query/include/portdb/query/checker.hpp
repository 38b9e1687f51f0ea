#pragma once
// "May I use port Z?": every finding about a port, from the registry, the
// policy, this machine and the seed's blocks.

#include "portdb/db/database.hpp"
#include "portdb/query/finding.hpp"
#include "portdb/query/local_machine.hpp"
#include "portdb/query/policy.hpp"
#include "portdb/query/port_spec.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portdb::query {

/// "30079", "30079/tcp", or a number past 65535 (which checks as an error,
/// not as a usage error). Throws UsageError for anything that is not a number.
struct CheckTarget {
    std::uint64_t port = 0;  ///< saturates far above 65535
    std::optional<std::string> protocol;
};
[[nodiscard]] CheckTarget parse_check_target(std::string_view text);

struct CheckReport {
    std::uint64_t port = 0;
    std::vector<std::string> protocols;  ///< checked separately: TCP and UDP are separate spaces
    std::vector<Finding> findings;       ///< most severe first
    std::vector<std::string> notes;      ///< what was not checked, and why

    /// No finding at warning level or above.
    [[nodiscard]] bool clean() const;
    [[nodiscard]] std::optional<Severity> worst() const;
};

class Checker {
public:
    /// `local` may be null: this machine is then not checked (--no-local).
    Checker(const db::Database& database, const Policy& policy, const LocalMachine* local);

    /// Checks `target` for its protocol, or for tcp and udp when it names none.
    /// `instance` limits the seed's block arithmetic to the N-th server.
    [[nodiscard]] CheckReport check(const CheckTarget& target, std::optional<std::uint32_t> instance = std::nullopt) const;

private:
    const db::Database& database_;
    const Policy& policy_;
    const LocalMachine* local_;

    void check_registry(std::uint16_t port, CheckReport& report) const;
    void check_policy(std::uint16_t port, CheckReport& report) const;
    void check_local(std::uint16_t port, CheckReport& report) const;
    void check_muq(std::uint16_t port, std::optional<std::uint32_t> instance, CheckReport& report) const;
};

}  // namespace portdb::query
