#pragma once
// One port a file in an audited tree binds, where it is written, and what it
// can collide with: what every audit reader returns.

#include "portdb/query/target.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query::audit {

/// Where a port is bound. Only the scope (and the domain below) decides what
/// can collide with what: a host port is taken on a host, a container port
/// only inside its container or pod.
enum class Scope { host, container };
std::string_view to_string(Scope scope);

/// A port binding as a file writes it.
struct Binding {
    std::string file;      ///< relative to the audited root, '/'-separated
    std::size_t line = 0;  ///< 1-based: the line of the port itself
    std::string owner;     ///< the service, container or unit it belongs to
    std::uint16_t lo = 0;  ///< the port, or the first of a range
    std::uint16_t hi = 0;  ///< == lo for a single port
    std::string protocol;  ///< tcp, udp or sctp
    Scope scope = Scope::host;
    std::string kind;     ///< "compose-published", "k8s-nodeport", "systemd-socket", ...
    std::string address;  ///< the address it binds; empty for every address
    /// What it can collide with: bindings of the same domain, port and
    /// protocol and of another `identity` collide ("host", "kubernetes-nodes",
    /// "pod:FILE#Deployment/web"). Empty: it collides with nothing.
    std::string domain;
    std::string identity;              ///< who binds it, for collisions (a Compose project's service, a unit)
    std::optional<TargetSet> targets;  ///< the platforms the file itself says it deploys on
};

/// A port a file writes that the audit could not decide: "${WEB_PORT}" with
/// no .env value and no default.
struct Unresolved {
    std::string file;
    std::size_t line = 0;
    std::string owner;
    std::string kind;
    std::string text;  ///< as written
};

/// A file that could not be read or parsed: the audit goes on without it.
struct FileProblem {
    std::string file;
    std::size_t line = 0;  ///< 0 when it concerns the whole file
    std::string message;
};

/// What the readers of one file found.
struct ReadResult {
    std::vector<Binding> bindings;
    std::vector<Unresolved> unresolved;
    std::vector<FileProblem> problems;
    bool skipped = false;  ///< the file could not be parsed: nothing of it was read
};

}  // namespace portdb::query::audit
