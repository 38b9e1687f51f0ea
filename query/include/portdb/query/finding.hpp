#pragma once
// What a collision check reports.

#include <optional>
#include <string>
#include <string_view>

namespace portdb::query {

/// error: not usable as a fixed service port; warning: a real collision or a
/// range where one is likely; info: context and advice.
enum class Severity { info, warning, error };

std::string_view to_string(Severity severity);
std::optional<Severity> severity_from_string(std::string_view word);

/// One reason a port is (or is not) a good choice.
struct Finding {
    Severity severity = Severity::info;
    std::string code;      ///< stable: a policy rule id, or "registry-assignment", "local-listening", ...
    std::string protocol;  ///< the protocol it concerns; empty when it concerns the port in every protocol
    std::string message;
    std::string origin;  ///< "policy", "registry:iana-xml", "local", "muq", "validity"
    std::string source;  ///< a URL, a file, or empty
};

}  // namespace portdb::query
