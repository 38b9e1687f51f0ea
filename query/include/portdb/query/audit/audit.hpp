#pragma once
// `portdb audit`: every port the files of a tree bind, each host port weighed
// by the same Checker as `portdb check`, and the collisions between them.

#include "portdb/query/audit/binding.hpp"
#include "portdb/query/checker.hpp"
#include "portdb/query/finding.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace portdb::query::audit {

/// A binding and, for a host port, its verdict for the targets it was weighed on.
struct CheckedBinding {
    Binding binding;
    bool checked = false;           ///< host scope: weighed by the Checker
    TargetSet targets;              ///< weighed for (with `any`)
    Verdict verdict = Verdict::ok;  ///< ok when not checked
    std::vector<Finding> findings;  ///< the weighed cautions and conflicts, worst first
};

/// Bindings that take the same port and protocol in one domain, from different owners.
struct Collision {
    std::uint16_t lo = 0;  ///< the ports they share
    std::uint16_t hi = 0;
    std::string protocol;
    std::string domain;
    std::vector<std::size_t> bindings;  ///< indices into AuditReport::bindings, in file order
};

struct AuditReport {
    std::vector<CheckedBinding> bindings;  ///< in file and line order
    std::vector<Collision> collisions;
    std::vector<Unresolved> unresolved;
    std::vector<FileProblem> problems;  ///< files skipped: unreadable or unparsable
    std::vector<std::string> notes;     ///< what the walk left out
    std::size_t files_examined = 0;     ///< files of a format the audit reads
    std::size_t files_skipped = 0;      ///< of those, how many could not be read or parsed

    /// A file's bindings, and the worst of their verdicts and collisions.
    struct FileGroup {
        std::string file;
        Verdict worst = Verdict::ok;
        std::vector<std::size_t> bindings;  ///< indices into `bindings`, in line order
    };
    /// The files with bindings, worst first (then by name).
    [[nodiscard]] std::vector<FileGroup> files_worst_first() const;
    /// For each of `bindings`, whether it is in a collision.
    [[nodiscard]] std::vector<bool> colliding() const;

    [[nodiscard]] std::size_t files_with_bindings() const;
    [[nodiscard]] std::size_t count(Verdict verdict) const;
    /// conflict: a conflict or a collision; caution: a caution or an unresolved port.
    [[nodiscard]] Verdict verdict() const;
};

struct AuditOptions {
    /// --on: weigh every host port for these targets, whatever the files say.
    std::optional<TargetSet> targets;
};

/// Reads every file under `roots` once, parses each once, and weighs every
/// host-scope binding with `checker` (one database snapshot). Without
/// `options.targets`, a binding is weighed for the targets its file says (a
/// Kubernetes manifest: kubernetes and linux), else for the checker's. A
/// Kubernetes nodePort is expected inside the policy's NodePort range
/// (rule k8s-nodeport of `policy`) and a conflict outside it.
[[nodiscard]] AuditReport run_audit(const std::vector<std::filesystem::path>& roots, const Checker& checker,
                                    const Policy& policy, const AuditOptions& options = {});

/// The collisions among `bindings` (exposed for tests and library users).
[[nodiscard]] std::vector<Collision> find_collisions(const std::vector<CheckedBinding>& bindings);

}  // namespace portdb::query::audit
