#pragma once
// "May I use port Z?": a verdict for the platforms the port will be used on,
// from the registry, the policy, this machine and the Muq policy's blocks.

#include "portdb/db/database.hpp"
#include "portdb/query/finding.hpp"
#include "portdb/query/local_machine.hpp"
#include "portdb/query/policy.hpp"
#include "portdb/query/target.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace portdb::query {

/// One argument of `check`: "30079", "30079/tcp", "8000-8010" or
/// "8000-8010/udp". A single number past 65535 checks as a conflict (it is
/// no port), not as a usage error.
struct CheckArgument {
    std::uint64_t lo = 0;  ///< saturates far above 65535
    std::uint64_t hi = 0;  ///< == lo for a single port
    std::optional<std::string> protocol;

    [[nodiscard]] bool is_range() const { return hi != lo; }
    /// The protocols it asks about: its own, or tcp and udp (separate spaces).
    [[nodiscard]] std::vector<std::string> protocols() const;
};
/// Throws UsageError for anything that is not a number, a range within
/// 0-65535, or an unknown protocol.
[[nodiscard]] CheckArgument parse_check_argument(std::string_view text);

struct CheckReport {
    std::uint64_t port = 0;
    std::vector<std::string> protocols;  ///< checked separately: TCP and UDP are separate spaces
    TargetSet targets;                   ///< the platforms weighed (always with `any`)
    std::vector<Finding> findings;       ///< every finding, for every platform, worst first
    std::vector<std::string> notes;      ///< what was not checked, and why

    [[nodiscard]] bool weighs(const Finding& finding) const { return finding.weighed_for(targets); }
    /// The worst level among the findings weighed.
    [[nodiscard]] Verdict verdict() const;
    /// The weighed findings at caution or conflict, worst first: what decided the verdict.
    [[nodiscard]] std::vector<const Finding*> deciding() const;
    /// The titles of the cautions and conflicts of platforms not weighed,
    /// worst first, each once: "FreeBSD ephemeral range", "Kubernetes NodePorts".
    [[nodiscard]] std::vector<std::string> elsewhere() const;
};

/// Consecutive ports of a range check with the same verdict for the same reason.
struct PortGroup {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;
    Verdict verdict = Verdict::ok;
    std::string reason;  ///< the summary of the worst finding weighed; empty when ok
};

/// A range check, summed up: every port decided as a single check would, then grouped.
struct RangeReport {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;
    std::vector<std::string> protocols;
    TargetSet targets;
    std::vector<PortGroup> groups;  ///< in port order, covering lo-hi
    std::vector<std::string> notes;

    [[nodiscard]] Verdict verdict() const;
    [[nodiscard]] std::size_t count(Verdict verdict) const;
};

/// What one `check` of several arguments answers: each argument's report, in
/// order (a port in detail, a range summed up), and the worst verdict.
struct ChecksReport {
    std::vector<std::variant<CheckReport, RangeReport>> results;
    TargetSet targets;

    [[nodiscard]] Verdict verdict() const;
    /// Whether it answers one port (not a range): then in detail, not as a line of a list.
    [[nodiscard]] bool single_port() const;
};

/// The protocols `arguments` ask about, each once, in their order: what a
/// LocalMachine must read to check them.
[[nodiscard]] std::vector<std::string> protocols_of(const std::vector<CheckArgument>& arguments);

class Checker {
public:
    /// `local` may be null: this machine is then not checked (--no-local).
    /// Its findings concern this machine's OS (Linux: /proc), so they are
    /// weighed when that OS is among `targets`.
    Checker(const db::Database& database, const Policy& policy, const LocalMachine* local, TargetSet targets);

    /// Checks one port for `argument`'s protocols. `instance` limits the Muq
    /// policy's block arithmetic (notes) to the N-th server.
    [[nodiscard]] CheckReport check(const CheckArgument& argument,
                                    std::optional<std::uint32_t> instance = std::nullopt) const;
    [[nodiscard]] CheckReport check(std::uint64_t port, const std::vector<std::string>& protocols,
                                    std::optional<std::uint32_t> instance = std::nullopt) const;

    /// Every port of a range, with one query for the registry rows of all of them.
    [[nodiscard]] RangeReport check_range(const CheckArgument& argument) const;

    /// What reserving `argument` for one of your services collides with:
    /// check()'s report without the findings of the site's own reservations,
    /// which reserve judges itself (the same name again is no collision;
    /// another name's port is refused there).
    [[nodiscard]] CheckReport check_reservation(const CheckArgument& argument) const;

    /// Each argument as check() or check_range() answers it.
    [[nodiscard]] ChecksReport check_all(const std::vector<CheckArgument>& arguments,
                                         std::optional<std::uint32_t> instance = std::nullopt) const;

    /// Calls `visit` for each port of `lo`-`hi` in order, with the report
    /// check() gives for it (less the Muq policy's notes), until `visit`
    /// returns false: one query for the registry rows of all of them.
    void scan(std::uint16_t lo, std::uint16_t hi, const std::vector<std::string>& protocols,
              const std::function<bool(std::uint16_t port, const CheckReport& report)>& visit) const;

    [[nodiscard]] TargetSet targets() const { return targets_; }

private:
    const db::Database& database_;
    const Policy& policy_;
    const LocalMachine* local_;
    TargetSet targets_;

    /// Registry, policy and this machine: everything that can decide a verdict.
    /// `rows` are the registry rows on `port` (any protocol).
    [[nodiscard]] CheckReport evaluate(std::uint16_t port, const std::vector<std::string>& protocols,
                                       const std::vector<const db::StoredAssignment*>& rows) const;
    void check_registry(std::uint16_t port, const std::vector<const db::StoredAssignment*>& rows,
                        CheckReport& report) const;
    void check_policy(std::uint16_t port, CheckReport& report) const;
    void check_local(std::uint16_t port, CheckReport& report) const;
    void check_muq(std::uint16_t port, std::optional<std::uint32_t> instance, CheckReport& report) const;
};

}  // namespace portdb::query
