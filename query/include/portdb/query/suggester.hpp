#pragma once
// "Which port should my daemon use?": the seed policy's answers, each checked.

#include "portdb/db/database.hpp"
#include "portdb/query/checker.hpp"
#include "portdb/query/muq_blocks.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portdb::query {

/// Free ports of the production or test block of server `instance`.
struct RangeSuggestion {
    MuqBlock block = MuqBlock::production;
    std::uint32_t instance = 1;
    db::PortRange range;
    std::vector<std::string> protocols;
    /// Findings that hold for the whole block, most severe first. Warnings
    /// (Kubernetes NodePorts for 31000-31999) are said once here instead of
    /// excluding every port; an error (the dynamic range) leaves no port free.
    std::vector<Finding> caveats;
    /// The first free ports: no registry assignment and no other finding at
    /// warning level or above, in every protocol asked for.
    std::vector<std::uint16_t> ports;
};

/// The 30xyz counterpart of a Unix daemon, or why there is none.
struct CounterpartSuggestion {
    std::string name;
    std::optional<db::StoredAssignment> service;  ///< the row the name resolved to
    std::uint32_t instance = 1;
    std::optional<std::uint16_t> port;
    std::string reason;                     ///< when there is no port
    std::optional<RangeSuggestion> offer;   ///< the production range instead, for a daemon at 1000 or above
    std::optional<CheckReport> check;       ///< of the suggested port
};

struct ExperimentalSuggestion {
    std::string digits;  ///< the last four digits used
    std::uint16_t port = 0;
    CheckReport check;
};

class Suggester {
public:
    Suggester(const db::Database& database, const Policy& policy, const LocalMachine* local);

    /// `finger` -> 30079, instance 2 -> 32079; names resolve through aliases
    /// (mail -> smtp 25 -> 30025). Throws UsageError for an instance below 1
    /// or one that shifts past 65535 (the message gives the largest valid one).
    [[nodiscard]] CounterpartSuggestion counterpart(std::string_view name, std::uint32_t instance) const;

    /// The first `count` free ports of the block. Throws UsageError for a bad
    /// instance or count.
    [[nodiscard]] RangeSuggestion free_ports(MuqBlock block, std::uint32_t instance, std::uint32_t count,
                                             const std::vector<std::string>& protocols) const;

    /// '2' followed by the last four digits of a phone number (punctuation and
    /// blanks allowed). Throws UsageError for letters or fewer than four digits.
    [[nodiscard]] ExperimentalSuggestion experimental(std::string_view phone) const;

private:
    const db::Database& database_;
    const Policy& policy_;
    const LocalMachine* local_;
    Checker checker_;
};

}  // namespace portdb::query
