#include "command_table.hpp"

#include "commands.hpp"
#include "portdb/db/protocol.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>

namespace portdb::cli {
namespace {

std::vector<std::string> known_protocols() { return {db::known_protocols.begin(), db::known_protocols.end()}; }

std::string nothing_to_finish(CommandLine&) { return {}; }
void no_options(CLI::App&, CommandLine&) {}

// Which sources answer: every layer but history unless asked.
void add_selection(CLI::App& command, CommandLine& line) {
    command.add_flag("--history", line.options.selection.history,
                     "also answer from history: older IANA registries, RFC 1700, the 2005 port-numbers text");
    command
        .add_option("--source", line.selected_source,
                    "only this source: a layer (registry, history, system, defacto, site), a kind (iana-xml, "
                    "services, ...), a source's name (\"IANA 2025-12-15\") or its path")
        ->type_name("SOURCE");
    command.add_option("--protocol", line.selected_protocol, "only rows of this protocol (and those without one)")
        ->check(CLI::IsMember(known_protocols()))
        ->type_name("PROTO");
}

// Server numbers start at 1; how many servers fit is the policy's to say
// (check and suggest name the fitting ones), so only a number no block can
// fit is refused here.
const CLI::Validator instance_number(
    [](std::string& text) -> std::string {
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
            return "expected a server number: --instance 1 is the first server on an address";
        }
        if (text.size() > 7 || std::stoul(text) > 1000000) {
            return "no block of the Muq policy fits server " + text.substr(0, 20) + " below port 65536";
        }
        return std::stoul(text) == 0 ? "servers are numbered from 1: --instance 1 is the first server on an address"
                                     : std::string();
    },
    "N");

// Where the ports will be used: the targets weighed, and whether this machine is looked at.
void add_on_option(CLI::App& command, CommandLine& line) {
    command
        .add_option("--on", line.options.on,
                    "the targets you deploy on, e.g. linux,macos,kubernetes, or all (default: $PORTDB_ON, "
                    "~/.config/portdb/targets, else this machine's OS)")
        ->type_name("LIST");
}

void add_target_options(CLI::App& command, CommandLine& line) {
    command.add_flag("--no-local", line.options.no_local, "do not look at this machine's sockets and port ranges");
    add_on_option(command, line);
}

void add_verdict_options(CLI::App& command, CommandLine& line) {
    command
        .add_option("--instance", line.options.instance, "the N-th server on one address (blocks shift by 2000 each)")
        ->check(instance_number)
        ->type_name("N");
    add_target_options(command, line);
    command.add_flag("--all,-v", line.options.all,
                     "also show the findings for other targets, and the notes (history, advice)");
}

void add_import_options(CLI::App& command, CommandLine& line) {
    command
        .add_option("FILE", line.options.files,
                    "IANA XML or CSV, RFC 1700 / port-numbers text, services(5), nmap-services")
        ->required();
    command.add_flag("--force", line.options.force,
                     "import a file with no record, or one with fewer than half the assignments of what it replaces");
}

void add_lookup_options(CLI::App& command, CommandLine& line) {
    command.add_option("QUERY", line.options.query, "a name or alias (any case), or PORT[/PROTO] such as 79/tcp")
        ->required();
    command.add_flag("--long,-l", line.options.long_format,
                     "every field of each service: notes, contacts, references, dates, unauthorized use");
    add_selection(command, line);
}

void add_search_options(CLI::App& command, CommandLine& line) {
    command.add_option("WORDS", line.words, "words to find, e.g. mail or \"remote desktop\"")->required();
    add_selection(command, line);
    auto* limit = command.add_option("--limit", line.options.limit, "show at most N answers (default 25)")
                      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
                      ->type_name("N");
    command
        .add_flag_callback(
            "--all", [&line] { line.options.limit = 0; }, "show every answer (not with --limit)")
        ->excludes(limit);
}

std::string finish_search(CommandLine& line) {
    for (const auto& word : line.words) {
        line.options.query += (line.options.query.empty() ? "" : " ") + word;
    }
    return {};
}

void add_check_options(CLI::App& command, CommandLine& line) {
    command
        .add_option("PORT", line.options.ports, "PORT, PORT/PROTO or LOW-HIGH[/PROTO]; no protocol checks tcp and udp")
        ->required();
    add_verdict_options(command, line);
}

void add_free_options(CLI::App& command, CommandLine& line) {
    command.add_option("RANGE", line.options.query, "LOW-HIGH or LOW-HIGH/PROTO; no protocol: ok in tcp and udp")
        ->required();
    command
        .add_option_function<std::uint32_t>(
            "--count",
            [&line](std::uint32_t count) {
                line.options.count = count;
                line.options.count_given = true;
            },
            "only the first N ok ports (default: all)")
        ->check(CLI::Range(1, 65535))
        ->type_name("N");
    add_target_options(command, line);
}

void add_suggest_options(CLI::App& command, CommandLine& line) {
    command.add_option("NAME", line.options.query, "the Unix daemon to parallel (finger -> 30079)");
    auto* production =
        command.add_flag("--production", line.production, "ok ports in the production block (31000-31999)");
    auto* test = command.add_flag("--test", line.test, "ok ports in the test-script block (32000-32767)");
    auto* experimental = command.add_flag("--experimental", line.experimental,
                                          "'2' + the last four digits of a phone number (with --phone)");
    production->excludes(test)->excludes(experimental);
    test->excludes(experimental);
    command.add_option("--count", line.options.count, "with --production or --test: how many ports (default 5)")
        ->check(CLI::Range(1, 65535))
        ->type_name("N");
    command.add_option("--phone", line.options.phone, "with --experimental: a phone number, any punctuation")
        ->needs(experimental)
        ->type_name("NUMBER");
    command
        .add_option("--protocol", line.options.protocols,
                    "NAME: the service on this protocol (default: every protocol it is registered on); "
                    "otherwise the protocols a port must be ok in (default tcp udp)")
        ->check(CLI::IsMember(known_protocols()))
        ->type_name("PROTO");
    add_verdict_options(command, line);
}

std::string finish_suggest(CommandLine& line) {
    auto& options = line.options;
    const int modes =
        (options.query.empty() ? 0 : 1) + (line.production ? 1 : 0) + (line.test ? 1 : 0) + (line.experimental ? 1 : 0);
    if (modes != 1) {
        return "suggest takes exactly one of NAME, --production, --test or --experimental";
    }
    options.suggest_mode = line.production     ? SuggestMode::production
                           : line.test         ? SuggestMode::test
                           : line.experimental ? SuggestMode::experimental
                                               : SuggestMode::counterpart;
    if (line.experimental && options.phone.empty()) {
        return "suggest --experimental needs --phone NUMBER";
    }
    if (options.suggest_mode == SuggestMode::counterpart && options.protocols.size() > 1) {
        return "suggest NAME takes one --protocol: the protocol of the service to parallel";
    }
    if (options.protocols.empty() && options.suggest_mode != SuggestMode::counterpart) {
        options.protocols = db::protocols_or_default(std::nullopt);
    }
    return {};
}

void add_export_options(CLI::App& command, CommandLine& line) {
    command.add_option("--format", line.options.export_format, "services, csv or json (required)")
        ->required()
        ->check(CLI::IsMember({"services", "csv", "json"}))
        ->type_name("FORMAT");
    add_selection(command, line);
}

void add_update_options(CLI::App& command, CommandLine& line) {
    command
        .add_option("--source", line.options.update_source,
                    "iana (default), rfc1700, an http(s) URL, a file:// URL or a path")
        ->type_name("SOURCE");
    command.add_flag("--force", line.options.force,
                     "accept a registry less than half the size of the current one; download even if unchanged");
    command.add_option("--cacert", line.options.cacert, "extra trusted CA certificates (PEM) for a private CA")
        ->check(CLI::ExistingFile)
        ->type_name("FILE");
    command
        .add_option("--timeout", line.options.timeout,
                    "the whole download must finish within this many seconds (default 300); a transfer that "
                    "stalls stops sooner")
        ->check(CLI::Range(1, 3600))
        ->type_name("SECONDS");
}

void add_reservation_arguments(CLI::App& command, CommandLine& line) {
    command.add_option("PORT", line.reserved_port, "PORT or PORT/PROTO; no protocol means tcp and udp")->required();
    command.add_option("NAME", line.options.name, "the service it is for")->required();
}

void add_reserve_options(CLI::App& command, CommandLine& line) {
    add_reservation_arguments(command, line);
    command.add_option("--note", line.options.note, "why, who, where: shown with the reservation")->type_name("NOTE");
    command.add_flag("--force", line.options.force,
                     "reserve a port that check calls a conflict on your targets (it says which)");
    add_on_option(command, line);
}

std::string finish_reservation(CommandLine& line) {
    line.options.query = line.reserved_port;  // checked as PORT[/PROTO] by the command, before anything is opened
    return {};
}

void add_diff_options(CLI::App& command, CommandLine& line) {
    command.add_option("FILES", line.options.files, "the older registry file, then the newer one")
        ->required()
        ->expected(2)
        ->option_text("OLD NEW");  // the name help shows
}

void add_names_options(CLI::App& command, CommandLine& line) {
    command.add_option("PREFIX", line.options.query, "the start of a name, any case (default: every name)");
}

void add_audit_options(CLI::App& command, CommandLine& line) {
    command.add_option("PATH", line.options.paths, "the folders (or files) to audit (default: .)")
        ->check(CLI::ExistingPath);
    command.add_option("--format", line.options.audit_format, "text (default), json or sarif")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->type_name("FORMAT");
    command
        .add_option("--on", line.options.on,
                    "check every host port for these targets, e.g. linux,kubernetes, or all (default: what the "
                    "file says, a Kubernetes manifest kubernetes and linux; else $PORTDB_ON, "
                    "~/.config/portdb/targets, or this machine's OS)")
        ->type_name("LIST");
}

std::string finish_audit(CommandLine& line) {
    if (line.options.paths.empty()) {
        line.options.paths.emplace_back(".");
    }
    if (line.options.json) {
        line.options.audit_format = "json";
    }
    return {};
}

constexpr GlobalReads reads_database{.database = true};
constexpr GlobalReads reads_site{.database = true, .site = true};
constexpr GlobalReads reads_policy{.database = true, .site = true, .policy = true};

// Every example runs as shown on a database made from the shipped registry
// (update and import need the network or the file named); the help tests run
// those of the commands that read the database.
constexpr std::array table{
    CommandSpec{"import", "import registry files (format detected from the content)", R"(Examples:
  portdb import service-names-port-numbers.xml   the IANA registry (XML or CSV), into the registry layer
  portdb import /etc/services                    this machine's services(5) file, into the system layer
  portdb import --force services.new             accept a file much smaller than the one it replaces)",
                reads_database, add_import_options, nothing_to_finish, run_import},
    CommandSpec{"info", "the sources in the database, their dates and counts", R"(Examples:
  portdb info                      the sources, their layers, dates and counts
  portdb info --json               the same for scripts)",
                reads_site, no_options, nothing_to_finish, run_info},
    CommandSpec{"lookup", "look up a service name or PORT[/PROTO]", R"(Examples:
  portdb lookup finger             which port does finger use
  portdb lookup 6010/tcp           what is on port 6010/tcp
  portdb lookup 6000-6010          everything on a range of ports
  portdb lookup www --long         every field: notes, contacts, references, dates)",
                reads_site, add_lookup_options, nothing_to_finish, run_lookup},
    CommandSpec{"search", "ranked full-text search of names and descriptions (prefixes match)", R"(Examples:
  portdb search mail                      services about mail
  portdb search "remote desktop" --all    every answer, not only the first 25
  portdb search kerberos --protocol udp   only udp rows)",
                reads_site, add_search_options, finish_search, run_search},
    CommandSpec{"check", "a verdict for ports: ok, caution or conflict on the targets you deploy on", R"(Examples:
  portdb check 30079                                may I use port 30079 (on this machine's OS)
  portdb check 30079 8000-8010 --on linux,kubernetes
                                                    verdicts for the platforms you deploy on
  portdb check 30001/tcp --all                      also the findings for other targets, and the notes)",
                reads_policy, add_check_options, nothing_to_finish, run_check},
    CommandSpec{"free", "the ports of a range that are ok on the targets you deploy on, by check's rules", R"(Examples:
  portdb free 20000-20100                       every ok port of the range (on this machine's OS)
  portdb free 31000-31999/tcp --count 10        the first ten ok tcp ports of the Muq production block
  portdb free 8000-9000 --on linux,kubernetes   ok for every platform you deploy on)",
                reads_policy, add_free_options, nothing_to_finish, run_free},
    CommandSpec{"suggest", "ports by the Muq policy, checked: 30xyz counterparts, production or test ports",
                R"(Examples:
  portdb suggest finger --instance 2                  the second server's finger port
  portdb suggest --production --count 3               ok ports for a new daemon
  portdb suggest --experimental --phone "+1 (555) 867-5309"
                                                      '2' + the last four digits: 25309)",
                reads_policy, add_suggest_options, finish_suggest, run_suggest},
    CommandSpec{"export", "write the database out", R"(Examples:
  portdb export --format services > services                    services(5) lines
  portdb export --format services --source site > services.site your own reservations
  portdb export --format csv --history                           the IANA CSV columns, history too)",
                reads_site, add_export_options, nothing_to_finish, run_export},
    CommandSpec{"update", "refresh a source from the network (or a file), safely", R"(Examples:
  portdb update                                        the IANA registry (cheap when unchanged)
  portdb update --source rfc1700                       the RFC 1700 text, into history
  portdb update --source service-names-port-numbers.xml --force
                                                       from a file, even a much smaller one)",
                reads_database, add_update_options, nothing_to_finish, run_update},
    CommandSpec{"reserve", "reserve a port for one of your services (the site layer)", R"(Examples:
  portdb reserve 31007/tcp billing --note "payments team"   31007/tcp for billing
  portdb reserve 31008 reports                             31008 in tcp and udp
  portdb reserve 8080/tcp app --force                      even where check says conflict)",
                reads_policy, add_reserve_options, finish_reservation, run_reserve},
    CommandSpec{"release", "release a port reserved with portdb reserve", R"(Examples:
  portdb release 31007/tcp billing   remove that reservation
  portdb release 31008 reports       both protocols)",
                reads_site, add_reservation_arguments, finish_reservation, run_release},
    CommandSpec{"reservations", "list the site's reservations", R"(Examples:
  portdb reservations                           the site's reservations
  portdb --site ops/ports.site reservations     with a team's file from its repository)",
                reads_site, no_options, nothing_to_finish, run_reservations},
    CommandSpec{"diff", "what changed between two registry files", R"(Examples:
  portdb diff registry-2024.xml registry-2025.xml          what changed in a year
  portdb diff registry-2024.xml registry-2025.xml --json   every change, for scripts)",
                GlobalReads{.database = false}, add_diff_options, nothing_to_finish, run_diff},
    CommandSpec{"names", "the service names and aliases starting with PREFIX, one a line (for shell completion)",
                R"(Examples:
  portdb names fing                the service names starting with fing (shell completion)
  portdb names --json ssh          as a JSON array)",
                reads_site, add_names_options, nothing_to_finish, run_names},
    CommandSpec{"audit",
                "every port a tree of Compose, Kubernetes, systemd and server configs binds, checked and collided",
                R"(Examples:
  portdb audit                                  every port this repository binds, checked
  portdb audit deploy/ --on linux,kubernetes    check every host port for these targets
  portdb audit --format sarif > audit.sarif     for code-scanning UIs)",
                reads_policy, add_audit_options, finish_audit, run_audit},
};

}  // namespace

std::span<const CommandSpec> command_table() { return table; }

const CommandSpec* find_command(std::string_view name) {
    const auto* found =
        std::find_if(table.begin(), table.end(), [&](const CommandSpec& spec) { return spec.name == name; });
    return found == table.end() ? nullptr : found;
}

std::string command_names_listed() {
    std::string out;
    for (std::size_t i = 0; i < table.size(); ++i) {
        out.append(i == 0 ? "" : i + 1 == table.size() ? " or " : ", ").append(table[i].name);
    }
    return out;
}

}  // namespace portdb::cli
