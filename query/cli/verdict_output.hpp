#pragma once
// The answers of `check` and `suggest`: a verdict line a person can act on,
// the findings that decided it, and JSON with every finding (shapes in the README).

#include "portdb/query/checker.hpp"
#include "portdb/query/free_ports.hpp"
#include "portdb/query/suggester.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace portdb::cli {

/// How much of a check to show: the verdict and what decided it, or (--all)
/// also the findings for other targets and the notes.
struct Detail {
    bool color = false;
    bool all = false;
};

/// "30079/tcp: ok on linux — elsewhere: FreeBSD ephemeral range, Kubernetes NodePorts (--on all to count them too)",
/// "30001/tcp: conflict — assigned to pago-services1 (Pago Services 1) in the IANA registry".
[[nodiscard]] std::string verdict_line(const query::CheckReport& report);

[[nodiscard]] std::string format_check(const query::CheckReport& report, Detail detail);
/// "8000-8010/tcp+udp: 8 conflict, 1 caution, 2 ok on linux", then the ports by verdict and reason.
[[nodiscard]] std::string format_range(const query::RangeReport& report, Detail detail);
/// One port in detail; several, or a range: a verdict line per port, a summary per range.
[[nodiscard]] std::string format_checks(const query::ChecksReport& report, Detail detail);
/// "20000-20100/tcp+udp: 95 ports ok on linux", then the runs: "20000-20006, 20008, 20010-20100".
/// Empty when no port is ok (the command says so on stderr).
[[nodiscard]] std::string format_free(const query::FreePorts& free);
/// "20000-20100/tcp+udp".
[[nodiscard]] std::string range_text(const query::FreePorts& free);
[[nodiscard]] std::string format_suggestion(const query::RangeSuggestion& suggestion, Detail detail);
[[nodiscard]] std::string format_suggestion(const query::CounterpartSuggestion& suggestion, Detail detail);
[[nodiscard]] std::string format_suggestion(const query::ExperimentalSuggestion& suggestion, Detail detail);

[[nodiscard]] nlohmann::json to_json(const query::CheckReport& report);
[[nodiscard]] nlohmann::json to_json(const query::RangeReport& report);
/// One port: its report's JSON; several: {"targets", "verdict", "results"}.
[[nodiscard]] nlohmann::json to_json(const query::ChecksReport& report);
[[nodiscard]] nlohmann::json to_json(const query::FreePorts& free);
[[nodiscard]] nlohmann::json to_json(const query::RangeSuggestion& suggestion);
[[nodiscard]] nlohmann::json to_json(const query::CounterpartSuggestion& suggestion);
[[nodiscard]] nlohmann::json to_json(const query::ExperimentalSuggestion& suggestion);
/// The targets weighed, as words: ["linux", "any"].
[[nodiscard]] nlohmann::json targets_json(query::TargetSet targets);

}  // namespace portdb::cli
