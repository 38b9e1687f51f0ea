#pragma once
// What a collision check reports, and the verdict it adds up to.

#include "portdb/query/target.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace portdb::query {

/// How much one finding weighs. conflict: do not use the port; caution:
/// usable with care; note: history, context and advice (never decides).
enum class Level { note, caution, conflict };

std::string_view to_string(Level level);
std::optional<Level> level_from_string(std::string_view word);

/// A check's answer for the targets it weighed: the worst level among the
/// findings for those targets (a note counts as ok).
enum class Verdict { ok, caution, conflict };

std::string_view to_string(Verdict verdict);
[[nodiscard]] Verdict verdict_of(Level level);

/// One reason a port is (or is not) a good choice.
struct Finding {
    Level level = Level::note;
    /// The platforms it concerns; `any` for findings that hold everywhere.
    TargetSet targets{Target::any};
    /// Stable: a policy rule id, or "registry-assignment" (a row naming a
    /// service, of any layer: the registry, a services file, the site's
    /// reservations...), "registry-status", "local-listening", ...
    std::string code;
    std::string protocol;   ///< the protocol it concerns; empty when it concerns the port in every protocol
    std::string title;      ///< what it is, in a few words: "Kubernetes NodePorts" (the "elsewhere:" line)
    std::string summary;    ///< why, in one line: "Kubernetes NodePorts (30000-32767)", "assigned to x11 (...)"
    std::string message;    ///< the whole story, with how to change it
    std::string origin;     ///< "policy", "registry:iana-xml", "local", "muq", "validity"
    std::string source;     ///< a URL, a file, or empty
    bool historic = false;  ///< about systems of the past: kept to explain the Muq manual's text
    /// For a row's finding ("registry-*"), the layer of its source:
    /// "registry", "system", "site"...; empty otherwise. A static word.
    std::string_view layer{};

    /// Whether a check for `weighed` counts it: it concerns one of those
    /// targets, or every platform.
    [[nodiscard]] bool weighed_for(TargetSet weighed) const { return targets.weighed_by(weighed); }
};

}  // namespace portdb::query
