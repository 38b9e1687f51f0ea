#pragma once
// The port-choosing policy as data: data/policy.toml, compiled into portdb,
// optionally extended or replaced by a user's file.

#include "portdb/db/assignment.hpp"
#include "portdb/db/error.hpp"
#include "portdb/query/finding.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query {

/// A policy file that cannot be used; the message names the file and line.
class PolicyError : public Error {
public:
    explicit PolicyError(const std::string& message) : Error(ErrorKind::data, message) {}
};

/// A named range with a level, the platforms it concerns and a message:
/// "inside Linux's ephemeral range".
struct PolicyRule {
    std::string id;
    std::string title;  ///< a few words for one-line answers: "Kubernetes NodePorts"
    std::vector<db::PortRange> ports;
    std::vector<std::string> protocols;
    Level level = Level::note;
    TargetSet targets{Target::any};
    bool historic = false;
    std::string platform;
    std::string message;
    std::string how_to_change;
    std::string source;

    [[nodiscard]] bool applies_to(std::uint16_t port, std::string_view protocol) const;
    [[nodiscard]] bool applies_to_protocol(std::string_view protocol) const;
    friend bool operator==(const PolicyRule&, const PolicyRule&) = default;
};

/// The Muq manual's blocks for the first server; the N-th server shifts each
/// by instance_shift * (N - 1).
struct MuqPolicy {
    db::PortRange daemon_block{30000, 30999};
    db::PortRange production{31000, 31999};
    db::PortRange test{32000, 32767};
    std::uint32_t instance_shift = 2000;
    std::uint32_t experimental_prefix = 2;
    std::string source;
    friend bool operator==(const MuqPolicy&, const MuqPolicy&) = default;
};

struct Policy {
    std::vector<PolicyRule> rules;
    MuqPolicy muq;
    friend bool operator==(const Policy&, const Policy&) = default;
};

/// The policy compiled into portdb: data/policy.toml, turned into C++ at
/// build time (tools/policy_codegen.cpp), so an installed portdb needs no data
/// file and a check spends no time parsing TOML.
const Policy& builtin_policy();

/// Parses a policy file's text. With `base`, the file extends it (rules with
/// a known id replace theirs, new ids are added, [muq] keys override) unless
/// it says mode = "replace". Throws PolicyError naming `source_name` and the line.
Policy parse_policy(std::string_view toml_text, std::string_view source_name, const Policy* base = nullptr);

/// Reads and parses a policy file over the built-in one.
Policy load_policy_file(const std::string& path);

}  // namespace portdb::query
