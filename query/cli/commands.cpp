#include "commands.hpp"

#include "audit_output.hpp"
#include "color_choice.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "portdb/db/database.hpp"
#include "portdb/importer/database_birth.hpp"
#include "portdb/importer/database_opening.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/reservations.hpp"
#include "portdb/importer/site_layer.hpp"
#include "portdb/importer/update.hpp"
#include "portdb/query/audit/audit.hpp"
#include "portdb/query/checker.hpp"
#include "portdb/query/database_report.hpp"
#include "portdb/query/exporter.hpp"
#include "portdb/query/free_ports.hpp"
#include "portdb/query/lookup.hpp"
#include "portdb/query/lookup_range.hpp"
#include "portdb/query/policy.hpp"
#include "portdb/query/search.hpp"
#include "portdb/query/suggester.hpp"
#include "portdb/query/target_setting.hpp"
#include "settings.hpp"
#include "standard_streams.hpp"
#include "terminal_text.hpp"
#include "verdict_output.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <system_error>

namespace portdb::cli {
namespace {

// Enough to see what went wrong without burying the summary.
constexpr std::size_t max_warnings_shown = 20;

[[noreturn]] void output_failed() {
    throw std::system_error(errno != 0 ? errno : EIO, std::generic_category(), "cannot write the output");
}

void print(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
        output_failed();
    }
}

// Invalid UTF-8 (a damaged database) becomes U+FFFD rather than an exception;
// on a terminal every non-ASCII character is written as \uXXXX, so registry
// text cannot carry control sequences to it.
void print_json(const nlohmann::json& value) {
    print(value.dump(2, ' ', isatty(STDOUT_FILENO) != 0, nlohmann::json::error_handler_t::replace) + "\n");
}

void print_warnings(const std::vector<std::string>& warnings) {
    for (std::size_t i = 0; i < warnings.size() && i < max_warnings_shown; ++i) {
        print_stderr(fmt::format("portdb: warning: {}\n", terminal_text(warnings[i])));
    }
    if (warnings.size() > max_warnings_shown) {
        print_stderr(fmt::format("portdb: warning: ... and {} more warnings\n", warnings.size() - max_warnings_shown));
    }
}

void say_waiting(const Options& options);

void say_waiting_for_first_use(const Options& options) {
    print_stderr(
        fmt::format("portdb: waiting for another portdb to create {}\n", terminal_text(options.database.string())));
}

// A database born from the shipped data and this machine's services file,
// said in one line.
void say_created(const Options& options, const importer::FirstUse& created) {
    std::vector<std::string> parts;
    if (created.registry) {
        parts.push_back(fmt::format(
            "the shipped {} ({} assignments{})", db::display_name(*created.registry),
            created.registry->assignment_count,
            created.defaults ? fmt::format(", {} software defaults", created.defaults->assignment_count) : ""));
    }
    if (created.services) {
        parts.push_back(fmt::format("{} ({} entries)", created.services->file.string(), created.services->assignments));
    }
    if (created.nmap) {
        parts.push_back(fmt::format("{} ({} entries)", created.nmap->file.string(), created.nmap->assignments));
    }
    const char* advice = created.registry ? "portdb update refreshes the registry"
                                          : "no shipped registry found: portdb update or portdb import FILE adds one";
    print_stderr(fmt::format("portdb: no database yet: created {} from {}; {}\n",
                             terminal_text(options.database.string()),
                             terminal_text(fmt::format("{}", fmt::join(parts, " and "))), advice));
}

// With no database yet, start from the shipped data and this machine's
// services file, and say so.
void create_database_on_first_use(const Options& options) {
    const auto created = importer::create_on_first_use(options.database, birth_sources(options.settings),
                                                       [&] { say_waiting_for_first_use(options); });
    if (created) {
        say_created(options, *created);
    }
}

// After a write: a database that lacks a layer every new one has (made by an
// earlier portdb, or without shipped data) gains it, said in one line.
void complete_layers(const Options& options) {
    const auto added =
        importer::complete_layers(options.database, birth_sources(options.settings), [&] { say_waiting(options); });
    if (added.empty()) {
        return;
    }
    std::vector<std::string> parts;
    for (const auto& summary : added) {
        parts.push_back(
            fmt::format("{} ({} entries, {})", summary.name, summary.assignments, db::to_string(summary.layer)));
    }
    print_stderr(fmt::format("portdb: added what this database lacked: {}\n",
                             terminal_text(fmt::format("{}", fmt::join(parts, ", ")))));
}

// The writers read the site file themselves: reserve weighs its rows.
std::optional<importer::SiteFile> site_file_of(const Options& options) {
    return options.site_file ? std::optional(importer::read_site_file(*options.site_file)) : std::nullopt;
}

// What opening did to the site layer, in a line: a site file's rows never
// change silently.
void say_site_layer_update(const Options& options, const importer::SiteLayerUpdate& update) {
    if (update.in_memory) {
        print_stderr(fmt::format("portdb: cannot write {}: the site file's reservations hold for this run only\n",
                                 terminal_text(options.database.string())));
        return;
    }
    if (update.file_stored) {
        print_stderr(
            fmt::format("portdb: read the site's reservations from {}\n", terminal_text(options.site_file->string())));
    }
    for (const auto& file : update.files_forgotten) {
        print_stderr(
            fmt::format("portdb: dropped the reservations of {}, a site file no longer named\n", terminal_text(file)));
    }
}

db::Database open_for_reading(const Options& options) {
    auto opened = importer::open_for_reading(options.database, birth_sources(options.settings), options.site_file,
                                             {.waiting_for_first_use = [&] { say_waiting_for_first_use(options); },
                                              .created = [&](const auto& created) { say_created(options, created); },
                                              .waiting_for_writer = [&] { say_waiting(options); }});
    say_site_layer_update(options, opened.update);
    return std::move(opened.database);
}

// --on, else $PORTDB_ON, else the user's targets file, else this machine's OS.
query::ResolvedTargets targets_of(const Options& options) {
    const auto& settings = options.settings;
    return query::resolve_targets(options.on, settings.on ? settings.on->c_str() : nullptr,
                                  query::target_settings_path(settings.folders));
}

query::Policy policy_of(const Options& options) {
    return options.policy_file ? query::load_policy_file(*options.policy_file) : query::builtin_policy();
}

std::optional<query::LocalMachine> local_machine_of(const Options& options, const std::vector<std::string>& protocols) {
    if (options.no_local) {
        return std::nullopt;
    }
    return query::LocalMachine::read("/proc", protocols);
}

// When nothing was found in a database that lacks what a new one has, say
// so: the answer may be in the layers it is missing.
std::string lacking_hint(const Options& options, const db::Database& database) {
    std::vector<std::string> names;
    for (const auto& layer : importer::missing_layers(database, birth_sources(options.settings))) {
        names.push_back(layer.name);
    }
    if (names.empty()) {
        return {};
    }
    return terminal_text(
        fmt::format(" (this database lacks {}: its next write adds them, e.g. portdb update)", fmt::join(names, ", ")));
}

void say_waiting(const Options& options) {
    print_stderr(fmt::format("portdb: waiting for another portdb writing {} to finish\n",
                             terminal_text(options.database.string())));
}

int exit_code(query::Verdict verdict) {
    switch (verdict) {
        case query::Verdict::conflict:
            return exit_conflict;
        case query::Verdict::caution:
            return exit_caution;
        case query::Verdict::ok:
            break;
    }
    return exit_ok;
}

// "\rportdb: 1.2 MiB of 3.8 MiB (31%), 2.4 MiB/s" on a terminal, at most ten times a second.
class ProgressLine {
public:
    void operator()(std::uint64_t now, std::uint64_t total) {
        const auto t = std::chrono::steady_clock::now();
        if (t - last_ < std::chrono::milliseconds(100) || now == 0) {
            return;
        }
        last_ = t;
        const double seconds = std::chrono::duration<double>(t - start_).count();
        const double mib = 1024.0 * 1024.0;
        const std::string percent =
            total > 0 ? fmt::format(" ({:.0f}%)", 100.0 * static_cast<double>(now) / static_cast<double>(total)) : "";
        const std::string of = total > 0 ? fmt::format(" of {:.1f} MiB", static_cast<double>(total) / mib) : "";
        print_stderr(fmt::format("\rportdb: {:.1f} MiB{}{}, {:.1f} MiB/s   ", static_cast<double>(now) / mib, of,
                                 percent, seconds > 0 ? static_cast<double>(now) / mib / seconds : 0.0));
        shown_ = true;
    }
    ~ProgressLine() {
        if (shown_) {
            print_stderr("\n");
        }
    }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
    bool shown_ = false;
};

importer::ReservationRequest reservation_of(const Options& options) {
    const auto spec = query::parse_port_spec(options.query);  // usage errors before any file is touched
    return {spec.port, spec.protocol, options.name, options.note};
}

// reserve and release: the same request, one change of the site layer.
using ReservationChange = std::vector<db::Assignment> (*)(const std::filesystem::path&,
                                                          const importer::ReservationRequest&,
                                                          const std::optional<importer::SiteFile>&,
                                                          const std::function<void()>&);

int run_reservation_change(const Options& options, std::string_view verb, ReservationChange change,
                           const std::optional<query::CheckReport>& check = std::nullopt) {
    const auto request = reservation_of(options);
    create_database_on_first_use(options);
    const auto site = site_file_of(options);
    const auto changed = change(options.database, request, site, [&] { say_waiting(options); });
    complete_layers(options);
    if (options.json) {
        auto out = to_json(verb, request, changed);
        if (check) {
            out["check"] = to_json(*check);
        }
        print_json(out);
    } else {
        print((check ? terminal_text(verdict_line(*check)) + "\n" : std::string()) +
              format_reservation_change(verb, request, changed));
    }
    return exit_ok;
}

// What the port collides with on the targets, weighed before it is written
// down: a conflict is refused unless --force. A database that cannot be born
// yet (no shipped data, no services file) has nothing to weigh it against.
std::optional<query::CheckReport> reservation_check(const Options& options) {
    const auto request = reservation_of(options);
    (void)importer::checked(request);  // usage errors before any file is touched
    const auto targets = targets_of(options).targets;
    const auto policy = policy_of(options);
    create_database_on_first_use(options);
    std::error_code ec;
    if (!std::filesystem::exists(options.database, ec)) {
        return std::nullopt;
    }
    // Read as it is: the site layer is left to reserve, which brings it to the
    // site file once and judges its rows itself (check_reservation drops them).
    const db::Database database(options.database, db::Database::Access::read_only);
    const query::Checker checker(database, policy, nullptr, targets);  // reserved for every host, not this one
    auto report = checker.check_reservation({request.port, request.port, request.protocol});
    if (report.verdict() == query::Verdict::conflict && !options.force) {
        throw importer::ReservationRefused(
            fmt::format("{}: not reserved (--force reserves it anyway)", verdict_line(report)));
    }
    return report;
}
}  // namespace

int run_import(const Options& options) {
    create_database_on_first_use(options);
    const auto result = importer::import_files(options.database, options.files,
                                               {.force = options.force, .on_wait = [&] { say_waiting(options); }});
    complete_layers(options);
    print_warnings(result.warnings);
    if (options.json) {
        print_json(to_json(options.database, result));
    } else {
        print(format_import(options.database, result));
    }
    return exit_ok;
}

int run_info(const Options& options) {
    const auto database = open_for_reading(options);
    const auto report = query::describe(database);
    const auto missing = importer::missing_layers(database, birth_sources(options.settings));
    if (options.json) {
        print_json(to_json(report, missing));
    } else {
        print(format_info(report, missing));
    }
    return exit_ok;
}

int run_lookup(const Options& options) {
    const auto range = query::parse_port_range_query(options.query);  // "6000-6010": every row overlapping it
    const auto query = range ? query::LookupQuery{}
                             : query::parse_lookup_query(options.query);  // usage errors before any file is touched
    const auto database = open_for_reading(options);
    const auto result = range ? query::lookup_range(database, *range, options.selection)
                              : query::lookup(database, query, options.selection);
    if (options.json) {
        print_json(to_json(options.query, result));
    } else if (result.services.empty() && result.statuses.empty()) {
        const auto hint = result.suggestions.empty()
                              ? std::string()
                              : fmt::format("; did you mean {}?", fmt::join(result.suggestions, ", "));
        print_stderr(fmt::format("portdb: nothing found for \"{}\"{}{}\n", terminal_text(options.query.substr(0, 200)),
                                 terminal_text(hint), lacking_hint(options, database)));
    } else {
        print(format_lookup(result, options.long_format));
    }
    return result.found() ? exit_ok : exit_not_found;
}

int run_search(const Options& options) {
    (void)query::fts_expression(options.query);  // usage errors before any file is touched
    const auto database = open_for_reading(options);
    const auto result = query::search(database, options.query, options.limit, options.selection);
    if (options.json) {
        print_json(to_json(options.query, result));
    } else if (result.answers.empty()) {
        print_stderr(fmt::format("portdb: nothing found for \"{}\"{}\n", terminal_text(options.query.substr(0, 200)),
                                 lacking_hint(options, database)));
    } else {
        print(format_search(result));
    }
    return result.answers.empty() ? exit_not_found : exit_ok;
}

// One port: its verdict and what decided it. Several, or a range: a verdict
// line per port, a summary per range. The exit code is the worst verdict.
int run_check(const Options& options) {
    std::vector<query::CheckArgument> arguments;
    for (const auto& text : options.ports) {
        arguments.push_back(query::parse_check_argument(text));  // usage errors before any file is touched
    }
    const auto targets = targets_of(options).targets;
    const auto policy = policy_of(options);
    const auto database = open_for_reading(options);
    const auto local = local_machine_of(options, query::protocols_of(arguments));
    const query::Checker checker(database, policy, local ? &*local : nullptr, targets);
    const auto report = checker.check_all(arguments, options.instance);
    if (options.json) {
        print_json(to_json(report));
    } else {
        print(format_checks(report, {use_color(options.settings), options.all}));
    }
    return exit_code(report.verdict());
}

// Every port a tree binds. Host ports are weighed by one Checker (one
// snapshot of the database) for what each file says it deploys on, or --on;
// this machine's sockets are not looked at: the tree is deployed elsewhere.
// The exit code is the worst verdict, a collision counting as a conflict.
// The ok ports of a range, by check's rules; exit 1 when none is ok.
int run_free(const Options& options) {
    const auto range = query::parse_check_argument(options.query);  // usage errors before any file is touched
    const auto targets = targets_of(options).targets;
    const auto policy = policy_of(options);
    const auto database = open_for_reading(options);
    const auto local = local_machine_of(options, range.protocols());
    const query::Checker checker(database, policy, local ? &*local : nullptr, targets);
    const auto free = query::free_ports(checker, range, options.count_given ? options.count : 0);
    if (options.json) {
        print_json(to_json(free));
    } else if (free.count == 0) {
        print_stderr(fmt::format("portdb: no port of {} is ok on {} (portdb check {} says why)\n", range_text(free),
                                 query::describe(free.targets), options.query.substr(0, 40)));
    } else {
        print(format_free(free));
    }
    return free.count == 0 ? exit_not_found : exit_ok;
}

int run_audit(const Options& options) {
    const auto resolved = targets_of(options).targets;  // usage errors before any file is touched
    const auto policy = policy_of(options);
    const auto database = open_for_reading(options);
    const query::Checker checker(database, policy, nullptr, resolved);
    query::audit::AuditOptions audit_options;
    if (options.on) {
        audit_options.targets = resolved;
    }
    const auto report = query::audit::run_audit(options.paths, checker, policy, audit_options);
    if (options.audit_format == "json") {
        print_json(to_json(report));
    } else if (options.audit_format == "sarif") {
        print_json(to_sarif(report, PORTDB_VERSION));
    } else {
        print(format_audit(report, use_color(options.settings)));
    }
    return exit_code(report.verdict());
}

int run_suggest(const Options& options) {
    const auto targets = targets_of(options).targets;
    const auto policy = policy_of(options);
    const auto database = open_for_reading(options);
    const auto local = local_machine_of(options, {"tcp", "udp"});  // a suggestion's check covers both
    const query::Suggester suggester(database, policy, local ? &*local : nullptr, targets);
    const auto instance = options.instance.value_or(1);
    const Detail detail{use_color(options.settings), options.all};
    const auto emit = [&](const auto& suggestion) {
        if (options.json) {
            print_json(to_json(suggestion));
        } else {
            print(format_suggestion(suggestion, detail));
        }
    };
    switch (options.suggest_mode) {
        case SuggestMode::counterpart: {
            const auto protocol =
                options.protocols.empty() ? std::nullopt : std::optional<std::string>(options.protocols.front());
            const auto suggestion = suggester.counterpart(options.query, instance, protocol);
            if (!suggestion.service && !options.json) {  // as lookup says it: on stderr, with the closest names
                const auto hint = suggestion.suggestions.empty()
                                      ? std::string()
                                      : fmt::format("; did you mean {}?", fmt::join(suggestion.suggestions, ", "));
                print_stderr(fmt::format("portdb: {}{}\n", terminal_text(suggestion.reason), terminal_text(hint)));
                return exit_not_found;
            }
            emit(suggestion);
            return suggestion.service ? exit_code(suggestion.verdict()) : exit_not_found;
        }
        case SuggestMode::production:
        case SuggestMode::test: {
            const auto block =
                options.suggest_mode == SuggestMode::test ? query::MuqBlock::test : query::MuqBlock::production;
            const auto suggestion = suggester.free_ports(block, instance, options.count, options.protocols);
            emit(suggestion);
            return exit_code(suggestion.verdict);
        }
        case SuggestMode::experimental:
            break;
    }
    const auto suggestion = suggester.experimental(options.phone, options.protocols);
    emit(suggestion);
    return exit_code(suggestion.check.verdict());
}

int run_update(const Options& options) {
    importer::UpdateOptions update;
    update.source = options.update_source;
    update.force = options.force;
    if (options.cacert) {
        update.fetch.cacert = *options.cacert;
    }
    update.fetch.total_timeout = std::chrono::seconds(options.timeout);
    update.fetch.low_speed_time = std::chrono::seconds(std::min<std::uint32_t>(options.timeout, 30));
    update.fetch.connect_timeout = std::chrono::seconds(std::min<std::uint32_t>(options.timeout, 20));
    ProgressLine progress;
    if (isatty(STDERR_FILENO) != 0) {
        update.fetch.progress = [&](std::uint64_t now, std::uint64_t total) { progress(now, total); };
    }
    update.fetch.on_retry = [](int attempt, const std::string& reason) {
        print_stderr(fmt::format("portdb: try {} failed ({}); trying again\n", attempt, terminal_text(reason)));
    };
    update.on_wait = [&] { say_waiting(options); };
    create_database_on_first_use(options);
    const auto result = importer::update(options.database, update);
    complete_layers(options);
    print_warnings(result.warnings);
    if (options.json) {
        print_json(to_json(result));
    } else {
        print(format_update(result));
    }
    return exit_ok;
}

int run_reservations(const Options& options) {
    const auto database = open_for_reading(options);
    const auto rows = query::reservations(database);
    if (options.json) {
        print_json(to_json_reservations(rows));
    } else if (rows.empty()) {
        print_stderr(fmt::format("portdb: no reservations yet: portdb reserve PORT NAME writes one down\n"));
    } else {
        print(format_reservations(rows));
    }
    return rows.empty() ? exit_not_found : exit_ok;
}

int run_diff(const Options& options) {
    std::vector<std::string> warnings;
    const auto diff = importer::diff_files(options.files.at(0), options.files.at(1), warnings);
    print_warnings(warnings);
    if (options.json) {
        print_json(to_json(diff.changes, diff.after_kind));
    } else {
        print(format_diff(diff.changes));
    }
    return diff.changes.empty() ? exit_ok : exit_not_found;
}

// Shell completion runs this on every TAB: one indexed query, nothing else.
int run_names(const Options& options) {
    const auto database = open_for_reading(options);
    const auto names = database.names_starting_with(options.query);
    if (options.json) {
        print_json(names);
    } else {
        std::string text;
        for (const auto& name : names) {
            text += terminal_text(name);
            text += '\n';
        }
        print(text);
    }
    return names.empty() ? exit_not_found : exit_ok;
}

int run_export(const Options& options) {
    const auto format = query::export_format_from_string(options.export_format).value_or(query::ExportFormat::json);
    const auto database = open_for_reading(options);
    std::ios::sync_with_stdio(false);
    errno = 0;
    query::export_database(database, format, options.selection, std::cout);
    std::cout.flush();
    if (!std::cout) {
        output_failed();  // a full disk, a closed stdout: say so, never exit quietly
    }
    return exit_ok;
}

int run_reserve(const Options& options) {
    const auto check = reservation_check(options);
    return run_reservation_change(options, "reserved", importer::reserve, check);
}

int run_release(const Options& options) { return run_reservation_change(options, "released", importer::release); }

}  // namespace portdb::cli
