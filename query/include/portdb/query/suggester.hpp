#pragma once
// "Which port should my daemon use?": the Muq policy's answers, each checked
// for the platforms the port will be used on. A port offered as ok is one
// `check` calls ok for the same targets and protocols.

#include "portdb/db/database.hpp"
#include "portdb/query/checker.hpp"
#include "portdb/query/muq_blocks.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portdb::query {

/// Ports of the production or test block of server `instance`.
struct RangeSuggestion {
    MuqBlock block = MuqBlock::production;
    std::uint32_t instance = 1;
    db::PortRange range;
    std::vector<std::string> protocols;
    TargetSet targets;
    /// The verdict of the ports offered: ok; caution when no port of the
    /// block is ok; conflict when every port conflicts (then none is offered).
    Verdict verdict = Verdict::conflict;
    /// The first ports of the block with that verdict, in every protocol asked for.
    std::vector<std::uint16_t> ports;
    /// Cautions and conflicts of the weighed targets that hold for the whole
    /// block, worst first: "server 2's production block is inside Linux's
    /// ephemeral range" is said once here, not port by port.
    std::vector<Finding> block_findings;
    /// The titles of other platforms' cautions and conflicts that hold for
    /// the whole block ("Kubernetes NodePorts").
    std::vector<std::string> elsewhere;
};

/// The 30xyz counterpart of a Unix daemon: the Muq policy's port when it is
/// ok, else the first ok port of the same server's production block, marked
/// as the fallback.
struct CounterpartSuggestion {
    std::string name;
    std::optional<db::StoredAssignment> service;  ///< the row the name resolved to; absent: unknown name
    std::string service_source;                   ///< where it was found, as users know it: "IANA 2025-12-15"
    std::vector<std::string> protocols;           ///< the service's protocols (or --protocol): what is checked
    std::uint32_t instance = 1;
    TargetSet targets;
    std::optional<std::uint16_t> muq_port;  ///< the Muq policy's 30xyz port; absent for port 0 and ports >= 1000
    std::optional<CheckReport> muq_check;   ///< its check
    std::string reason;                     ///< why the 30xyz port is not the answer; empty when it is
    std::vector<std::string> suggestions;   ///< an unknown name: the closest known names, best first
    std::optional<RangeSuggestion> fallback_block;  ///< the production block searched instead
    std::optional<std::uint16_t> port;              ///< the port offered
    std::optional<CheckReport> check;               ///< its check: the answer's verdict

    /// The offered port's verdict; conflict when no port is offered.
    [[nodiscard]] Verdict verdict() const { return check ? check->verdict() : Verdict::conflict; }
    [[nodiscard]] bool is_fallback() const { return port.has_value() && port != muq_port; }
};

struct ExperimentalSuggestion {
    std::string digits;  ///< the last four digits used
    std::uint16_t port = 0;
    CheckReport check;
};

class Suggester {
public:
    Suggester(const db::Database& database, const Policy& policy, const LocalMachine* local, TargetSet targets);

    /// `finger` -> 30079, instance 2 -> 32079; names resolve through aliases
    /// (mail -> smtp 25 -> 30025). `protocol` narrows the service to the one
    /// on that protocol (applix is 999/udp, garcon 999/tcp). Throws
    /// UsageError for an instance below 1 or one whose daemon block does not
    /// fit below 65536 (the message says which servers fit).
    [[nodiscard]] CounterpartSuggestion counterpart(std::string_view name, std::uint32_t instance,
                                                    const std::optional<std::string>& protocol = std::nullopt) const;

    /// The first `count` ok ports of the block (caution ones when none is ok).
    /// Throws UsageError for a bad count or an instance whose block does not fit.
    [[nodiscard]] RangeSuggestion free_ports(MuqBlock block, std::uint32_t instance, std::uint32_t count,
                                             const std::vector<std::string>& protocols) const;

    /// '2' followed by the last four digits of a phone number (punctuation and
    /// blanks allowed), checked for `protocols`. Throws UsageError for letters
    /// or fewer than four digits.
    [[nodiscard]] ExperimentalSuggestion experimental(std::string_view phone,
                                                      const std::vector<std::string>& protocols) const;

private:
    const db::Database& database_;
    const Policy& policy_;
    const LocalMachine* local_;
    TargetSet targets_;
    Checker checker_;

    void offer_fallback(CounterpartSuggestion& result) const;
};

}  // namespace portdb::query
