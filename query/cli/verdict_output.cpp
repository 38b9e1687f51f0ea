#include "verdict_output.hpp"

#include "portdb/query/assignment_json.hpp"
#include "table.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>

#include <variant>

namespace portdb::cli {
namespace {

using nlohmann::json;
using query::Finding;
using query::Level;
using query::Target;
using query::TargetSet;
using query::Verdict;

constexpr const char* em_dash = " \xe2\x80\x94 ";
// A range's groups shown before "... and N more": the rest is in --json.
constexpr std::size_t range_groups_shown = 40;

std::string protocols_text(const std::vector<std::string>& protocols) {
    return fmt::format("{}", fmt::join(protocols, "+"));
}

std::string level_style(Level level) {
    switch (level) {
        case Level::conflict:
            return "\x1b[1;31m";
        case Level::caution:
            return "\x1b[33m";
        case Level::note:
            break;
    }
    return "\x1b[36m";
}

std::string verdict_style(Verdict verdict) {
    switch (verdict) {
        case Verdict::conflict:
            return "\x1b[1;31m";
        case Verdict::caution:
            return "\x1b[33m";
        case Verdict::ok:
            break;
    }
    return "\x1b[32m";
}

/// The targets a finding is shown with: "any", those it was weighed for, or
/// (not weighed) all of its own.
std::string targets_text(const Finding& finding, TargetSet weighed) {
    if (finding.targets.contains(Target::any)) {
        return "any";
    }
    const auto shown = finding.weighed_for(weighed) ? finding.targets.intersected(weighed) : finding.targets;
    std::vector<std::string_view> words;
    for (const auto target : shown.list()) {
        words.push_back(query::to_string(target));
    }
    return fmt::format("{}", fmt::join(words, ","));
}

/// " on kubernetes" for a finding of some targets only; nothing for one that holds everywhere.
std::string on_text(const Finding& finding, TargetSet weighed) {
    return finding.targets.contains(Target::any) ? std::string()
                                                 : fmt::format(" on {}", targets_text(finding, weighed));
}

std::string elsewhere_text(const std::vector<std::string>& titles) {
    return fmt::format("elsewhere: {} (--on all to count them too)", fmt::join(titles, ", "));
}

std::string findings_table(const std::vector<const Finding*>& findings, TargetSet weighed, bool color) {
    Table table({"LEVEL", "PROTO", "ON", "CODE", "MESSAGE"});
    for (const auto* f : findings) {
        table.add_row({std::string(query::to_string(f->level)), f->protocol.empty() ? "-" : f->protocol,
                       targets_text(*f, weighed), f->code, f->message},
                      {level_style(f->level)});
    }
    return table.render(color);
}

std::string notes_text(const std::vector<std::string>& notes) {
    std::string out;
    for (const auto& note : notes) {
        out += terminal_text("note: " + note) + "\n";
    }
    return out;
}

std::string server_text(std::uint32_t instance) { return instance == 1 ? "" : fmt::format(" of server {}", instance); }

std::string block_name(const query::RangeSuggestion& s) {
    return fmt::format("{} block {}-{}{}", query::to_string(s.block), s.range.lo, s.range.hi, server_text(s.instance));
}

/// "the whole block: conflict on linux — Linux ephemeral range (32768-60999)", one line each.
std::string block_findings_text(const query::RangeSuggestion& s, Detail detail) {
    std::string out;
    for (const auto& f : s.block_findings) {
        out += terminal_text(fmt::format("the whole {}: {}{}{}{}", block_name(s), query::to_string(f.level),
                                         on_text(f, s.targets), em_dash, detail.all ? f.message : f.summary)) +
               "\n";
    }
    return out;
}

json findings_json(const std::vector<Finding>& findings, TargetSet weighed) {
    json list = json::array();
    for (const auto& finding : findings) {
        list.push_back(query::finding_json(finding, weighed));
    }
    return list;
}

json optional_port(const std::optional<std::uint16_t>& port) { return port ? json(*port) : json(nullptr); }

}  // namespace

std::string verdict_line(const query::CheckReport& report) {
    const auto head = fmt::format("{}/{}", report.port, protocols_text(report.protocols));
    const auto verdict = report.verdict();
    if (verdict == Verdict::ok) {
        const auto elsewhere = report.elsewhere();
        return fmt::format("{}: ok on {}{}{}", head, query::describe(report.targets), elsewhere.empty() ? "" : em_dash,
                           elsewhere.empty() ? "" : elsewhere_text(elsewhere));
    }
    const auto* top = report.deciding().front();
    const bool one_protocol = report.protocols.size() > 1 && !top->protocol.empty();
    return fmt::format("{}: {}{}{}{}{}", head, query::to_string(verdict), on_text(*top, report.targets), em_dash,
                       top->summary, one_protocol ? fmt::format(" ({})", top->protocol) : "");
}

std::string format_check(const query::CheckReport& report, Detail detail) {
    std::string out = terminal_text(verdict_line(report)) + "\n";
    const auto deciding = report.deciding();
    if (!deciding.empty()) {
        out += findings_table(deciding, report.targets, detail.color);
        if (const auto elsewhere = report.elsewhere(); !elsewhere.empty()) {
            out += terminal_text(elsewhere_text(elsewhere)) + "\n";
        }
    }
    if (detail.all) {
        std::vector<const Finding*> others;
        std::vector<const Finding*> notes;
        for (const auto& f : report.findings) {
            if (!report.weighs(f)) {
                others.push_back(&f);
            } else if (f.level == Level::note) {
                notes.push_back(&f);
            }
        }
        if (!others.empty()) {
            out += "for other targets (not counted):\n" + findings_table(others, report.targets, detail.color);
        }
        if (!notes.empty()) {
            out += "notes (history and advice):\n" + findings_table(notes, report.targets, detail.color);
        }
    }
    return out + notes_text(report.notes);
}

std::string format_range(const query::RangeReport& report, Detail detail) {
    std::string out =
        fmt::format("{}-{}/{}: {} ok, {} caution, {} conflict on {}\n", report.lo, report.hi,
                    protocols_text(report.protocols), report.count(Verdict::ok), report.count(Verdict::caution),
                    report.count(Verdict::conflict), query::describe(report.targets));
    Table table({"PORTS", "VERDICT", "REASON"});
    for (std::size_t i = 0; i < report.groups.size() && (detail.all || i < range_groups_shown); ++i) {
        const auto& g = report.groups[i];
        table.add_row({g.lo == g.hi ? std::to_string(g.lo) : fmt::format("{}-{}", g.lo, g.hi),
                       std::string(query::to_string(g.verdict)), g.reason},
                      {"", verdict_style(g.verdict)});
    }
    out += table.render(detail.color);
    if (!detail.all && report.groups.size() > range_groups_shown) {
        out += fmt::format("... and {} more groups of ports (--all or --json for all)\n",
                           report.groups.size() - range_groups_shown);
    }
    return out + notes_text(report.notes);
}

std::string format_checks(const query::ChecksReport& report, Detail detail) {
    std::string text;
    for (const auto& result : report.results) {
        if (const auto* range = std::get_if<query::RangeReport>(&result)) {
            text += format_range(*range, detail);
        } else if (report.single_port()) {
            text += format_check(std::get<query::CheckReport>(result), detail);
        } else {
            text += terminal_text(verdict_line(std::get<query::CheckReport>(result))) + "\n";
        }
    }
    return text;
}

std::string range_text(const query::FreePorts& free) {
    return fmt::format("{}/{}", free.lo == free.hi ? std::to_string(free.lo) : fmt::format("{}-{}", free.lo, free.hi),
                       protocols_text(free.protocols));
}

std::string format_free(const query::FreePorts& free) {
    if (free.count == 0) {
        return {};
    }
    const auto how_many = free.more ? fmt::format("the first {} ok ports", free.count)
                                    : fmt::format("{} {} ok", free.count, free.count == 1 ? "port" : "ports");
    std::string out = fmt::format("{}: {} on {}{}\n", range_text(free), how_many, query::describe(free.targets),
                                  free.more ? " (more with a larger --count)" : "");
    std::vector<std::string> runs;
    for (const auto& run : free.runs) {
        runs.push_back(run.lo == run.hi ? std::to_string(run.lo) : fmt::format("{}-{}", run.lo, run.hi));
    }
    // Wrapped to a terminal's width, a comma after every run but the last.
    std::string line;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto word = runs[i] + (i + 1 < runs.size() ? "," : "");
        if (!line.empty() && line.size() + 1 + word.size() > 79) {
            out += line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    return out + line + "\n" + notes_text(free.notes);
}

std::string format_suggestion(const query::RangeSuggestion& s, Detail detail) {
    const auto where = fmt::format("on {} in {}", query::describe(s.targets), protocols_text(s.protocols));
    std::string out = block_name(s);
    switch (s.verdict) {
        case Verdict::ok:
            out += fmt::format(", ok {}: {}\n", where, fmt::join(s.ports, " "));
            break;
        case Verdict::caution:
            out += fmt::format(", no port ok {}; with caution: {}\n", where, fmt::join(s.ports, " "));
            break;
        case Verdict::conflict:
            out += fmt::format(": every port is a conflict {}\n", where);
            break;
    }
    out += block_findings_text(s, detail);
    if (!s.elsewhere.empty()) {
        out += terminal_text(elsewhere_text(s.elsewhere)) + "\n";
    }
    return out;
}

std::string format_suggestion(const query::CounterpartSuggestion& s, Detail detail) {
    if (!s.service) {
        return terminal_text(s.reason) + "\n";
    }
    const auto& a = s.service->assignment;
    std::string out = terminal_text(
        fmt::format("{} ({}/{}, {})", *a.name, a.ports->lo, protocols_text(s.protocols), s.service_source));
    const auto& block = s.fallback_block;
    if (!s.port) {
        out += fmt::format(": no port{} that is ok or a caution on {}\n", server_text(s.instance),
                           query::describe(s.targets));
    } else if (s.is_fallback()) {
        out += fmt::format(" -> {}, the first {} port of the {} (fallback)\n", *s.port, query::to_string(s.verdict()),
                           block_name(*block));
    } else {
        out += fmt::format(" -> {}{}{}\n", *s.port, s.instance == 1 ? "" : fmt::format(" for server {}", s.instance),
                           s.verdict() == Verdict::ok ? "" : " (no port is ok)");
    }
    if (!s.reason.empty()) {
        out += terminal_text(s.reason) + "\n";
    }
    if (s.verdict() != Verdict::ok) {
        if (block) {
            out += block_findings_text(*block, detail);
        } else if (s.muq_port) {
            out += fmt::format("server {} has no production block below 65536\n", s.instance);
        }
    }
    if (s.check) {
        out += format_check(*s.check, detail);
    } else if (s.muq_check && detail.all) {
        out += format_check(*s.muq_check, detail);
    }
    return out;
}

std::string format_suggestion(const query::ExperimentalSuggestion& s, Detail detail) {
    return fmt::format("'{}' + last four digits {} -> {}\n", s.port / 10000, s.digits, s.port) +
           format_check(s.check, detail);
}

json targets_json(TargetSet targets) {
    json list = json::array();
    for (const auto target : targets.list()) {
        list.push_back(query::to_string(target));
    }
    return list;
}

json to_json(const query::CheckReport& report) {
    return {{"port", report.port},
            {"protocols", report.protocols},
            {"targets", targets_json(report.targets)},
            {"verdict", query::to_string(report.verdict())},
            {"line", verdict_line(report)},
            {"elsewhere", report.elsewhere()},
            {"findings", findings_json(report.findings, report.targets)},
            {"notes", report.notes}};
}

json to_json(const query::RangeReport& report) {
    json groups = json::array();
    for (const auto& g : report.groups) {
        groups.push_back({{"lo", g.lo},
                          {"hi", g.hi},
                          {"verdict", query::to_string(g.verdict)},
                          {"reason", g.reason.empty() ? json(nullptr) : json(g.reason)}});
    }
    return {{"lo", report.lo},
            {"hi", report.hi},
            {"protocols", report.protocols},
            {"targets", targets_json(report.targets)},
            {"verdict", query::to_string(report.verdict())},
            {"counts",
             {{"ok", report.count(Verdict::ok)},
              {"caution", report.count(Verdict::caution)},
              {"conflict", report.count(Verdict::conflict)}}},
            {"groups", groups},
            {"notes", report.notes}};
}

json to_json(const query::ChecksReport& report) {
    json results = json::array();
    for (const auto& result : report.results) {
        results.push_back(std::visit([](const auto& r) { return to_json(r); }, result));
    }
    if (report.single_port()) {
        return results.front();
    }
    return {{"targets", targets_json(report.targets)},
            {"verdict", query::to_string(report.verdict())},
            {"results", results}};
}

json to_json(const query::FreePorts& free) {
    json runs = json::array();
    for (const auto& run : free.runs) {
        runs.push_back({{"lo", run.lo}, {"hi", run.hi}});
    }
    return {{"lo", free.lo},
            {"hi", free.hi},
            {"protocols", free.protocols},
            {"targets", targets_json(free.targets)},
            {"count", free.count},
            {"more", free.more},
            {"runs", runs},
            {"notes", free.notes}};
}

json to_json(const query::RangeSuggestion& s) {
    return {{"kind", query::to_string(s.block)},
            {"instance", s.instance},
            {"range", {{"lo", s.range.lo}, {"hi", s.range.hi}}},
            {"protocols", s.protocols},
            {"targets", targets_json(s.targets)},
            {"verdict", query::to_string(s.verdict)},
            {"ports", s.ports},
            {"block_findings", findings_json(s.block_findings, s.targets)},
            {"elsewhere", s.elsewhere}};
}

json to_json(const query::CounterpartSuggestion& s) {
    return {{"kind", "counterpart"},
            {"name", s.name},
            {"service", s.service ? query::assignment_json(*s.service) : json(nullptr)},
            {"service_source", s.service ? json(s.service_source) : json(nullptr)},
            {"protocols", s.protocols},
            {"instance", s.instance},
            {"targets", targets_json(s.targets)},
            {"muq_port", optional_port(s.muq_port)},
            {"muq_check", s.muq_check ? to_json(*s.muq_check) : json(nullptr)},
            {"reason", s.reason.empty() ? json(nullptr) : json(s.reason)},
            {"port", optional_port(s.port)},
            {"fallback", s.is_fallback()},
            {"verdict", query::to_string(s.verdict())},
            {"check", s.check ? to_json(*s.check) : json(nullptr)},
            {"fallback_block", s.fallback_block ? to_json(*s.fallback_block) : json(nullptr)},
            {"suggestions", s.suggestions}};
}

json to_json(const query::ExperimentalSuggestion& s) {
    return {{"kind", "experimental"},
            {"digits", s.digits},
            {"port", s.port},
            {"verdict", query::to_string(s.check.verdict())},
            {"check", to_json(s.check)}};
}

}  // namespace portdb::cli
