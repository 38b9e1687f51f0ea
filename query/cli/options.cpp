#include "options.hpp"

#include "exit_codes.hpp"
#include "help_formatter.hpp"
#include "portdb/db/database_path.hpp"
#include "portdb/db/protocol.hpp"
#include "portdb/db/source.hpp"
#include "portdb/importer/reservations.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

namespace portdb::cli {
namespace {

std::vector<std::string> known_protocols() { return {db::known_protocols.begin(), db::known_protocols.end()}; }

constexpr std::array<std::string_view, 14> commands{"import",  "info",         "lookup", "search", "check",
                                                    "suggest", "export",       "update", "diff",   "reserve",
                                                    "release", "reservations", "names",  "audit"};

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text;
}

/// The first word of the command line that is not an option or an option's value.
std::optional<std::string> command_word(int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--db" || arg == "--policy" || arg == "--site") {
            ++i;  // their value
        } else if (!arg.empty() && arg.front() != '-') {
            return arg;
        }
    }
    return std::nullopt;
}

bool is_command(const std::optional<std::string>& word) {
    return word && std::find(commands.begin(), commands.end(), *word) != commands.end();
}

}  // namespace

bool json_requested(int argc, const char* const* argv) {
    for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
        if (std::strcmp(argv[i], "--json") == 0) {
            return true;
        }
    }
    return false;
}

ParsedCommandLine parse_command_line(int argc, const char* const* argv) {
    CLI::App app{"portdb: a well-known-port database. Look ports up, check and choose ports.", "portdb"};
    app.formatter(std::make_shared<HelpFormatter>());           // before the commands: they inherit it
    app.set_help_flag("-h,--help", "show this help and exit");  // before the commands: they inherit it
    app.set_version_flag("--version", std::string("portdb ") + PORTDB_VERSION, "show the version and exit");
    app.require_subcommand(1);

    // Only the command in use gets its options: building every option of every
    // command costs a lookup a noticeable share of its time (./bench.sh).
    // Help and errors without a known command still see them all.
    const auto word = command_word(argc, argv);
    const auto wants = [&](std::string_view name) { return !is_command(word) || *word == name; };

    Options options;
    std::string database;
    std::string policy;
    app.add_option("--db", database, "database file (default: $PORTDB_DB or ~/.local/share/portdb/ports.sqlite)")
        ->type_name("PATH");
    app.add_flag("--json", options.json,
                 "machine-readable output on stdout, errors too (shapes in the README and portdb(1))");
    app.add_option("--policy", policy, "a policy file extending (or replacing) the built-in port policy")
        ->type_name("FILE");
    std::string site;
    app.add_option("--site", site, "your team's reservations, services(5) lines (default: $PORTDB_SITE)")
        ->type_name("FILE");

    auto* import = app.add_subcommand("import", "import registry files (format detected from the content)");
    if (wants("import")) {
        import
            ->add_option("FILE", options.files,
                         "IANA XML or CSV, RFC 1700 / port-numbers text, services(5), nmap-services")
            ->required();
        import->add_flag(
            "--force", options.force,
            "import a file with no record, or one with fewer than half the assignments of what it replaces");
    }

    // Which sources answer: every layer but history unless asked.
    std::string selected_source;
    std::string selected_protocol;
    const auto add_selection = [&](CLI::App* sub) {
        sub->add_flag("--history", options.selection.history,
                      "also answer from history: older IANA registries, RFC 1700, the 2005 port-numbers text");
        sub->add_option("--source", selected_source,
                        "only this source: a layer (registry, history, system, defacto, site), a kind (iana-xml, "
                        "services, ...), a source's name (\"IANA 2025-12-15\") or its path")
            ->type_name("SOURCE");
        sub->add_option("--protocol", selected_protocol, "only rows of this protocol (and those without one)")
            ->check(CLI::IsMember(known_protocols()))
            ->type_name("PROTO");
    };

    auto* info = app.add_subcommand("info", "the sources in the database, their dates and counts");

    auto* lookup = app.add_subcommand("lookup", "look up a service name or PORT[/PROTO]");
    if (wants("lookup")) {
        lookup->add_option("QUERY", options.query, "a name or alias (any case), or PORT[/PROTO] such as 79/tcp")
            ->required();
        add_selection(lookup);
    }

    std::vector<std::string> words;
    auto* search = app.add_subcommand("search", "ranked full-text search of names and descriptions (prefixes match)");
    if (wants("search")) {
        search->add_option("WORDS", words, "words to find, e.g. mail or \"remote desktop\"")->required();
        add_selection(search);
        auto* limit = search->add_option("--limit", options.limit, "show at most N answers (default 25)")
                          ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
                          ->type_name("N");
        search
            ->add_flag_callback(
                "--all", [&] { options.limit = 0; }, "show every answer (not with --limit)")
            ->excludes(limit);
    }

    const auto add_verdict_options = [&](CLI::App* sub) {
        sub->add_option("--instance", options.instance, "the N-th server on one address (blocks shift by 2000 each)")
            ->check(CLI::Range(1U, 1000000U))
            ->type_name("N");
        sub->add_flag("--no-local", options.no_local, "do not look at this machine's sockets and port ranges");
        sub->add_option("--on", options.on,
                        "the targets you deploy on, e.g. linux,macos,kubernetes, or all (default: $PORTDB_ON, "
                        "~/.config/portdb/targets, else this machine's OS)")
            ->type_name("LIST");
        sub->add_flag("--all,-v", options.all,
                      "also show the findings for other targets, and the notes (history, advice)");
    };
    auto* check =
        app.add_subcommand("check", "a verdict for ports: ok, caution or conflict on the targets you deploy on");
    if (wants("check")) {
        check->add_option("PORT", options.ports, "PORT, PORT/PROTO or LOW-HIGH[/PROTO]; no protocol checks tcp and udp")
            ->required();
        add_verdict_options(check);
    }

    auto* suggest =
        app.add_subcommand("suggest", "ports by the Muq policy, checked: 30xyz counterparts, production or test ports");
    bool production = false;
    bool test = false;
    bool experimental = false;
    if (wants("suggest")) {
        suggest->add_option("NAME", options.query, "the Unix daemon to parallel (finger -> 30079)");
        auto* production_flag =
            suggest->add_flag("--production", production, "ok ports in the production block (31000-31999)");
        auto* test_flag = suggest->add_flag("--test", test, "ok ports in the test-script block (32000-32767)");
        auto* experimental_flag = suggest->add_flag("--experimental", experimental,
                                                    "'2' + the last four digits of a phone number (with --phone)");
        production_flag->excludes(test_flag)->excludes(experimental_flag);
        test_flag->excludes(experimental_flag);
        suggest->add_option("--count", options.count, "with --production or --test: how many ports (default 5)")
            ->check(CLI::Range(1, 65535))
            ->type_name("N");
        suggest->add_option("--phone", options.phone, "with --experimental: a phone number, any punctuation")
            ->needs(experimental_flag)
            ->type_name("NUMBER");
        suggest
            ->add_option("--protocol", options.protocols,
                         "NAME: the service on this protocol (default: every protocol it is registered on); "
                         "otherwise the protocols a port must be ok in (default tcp udp)")
            ->check(CLI::IsMember(known_protocols()))
            ->type_name("PROTO");
        add_verdict_options(suggest);
    }

    auto* export_data = app.add_subcommand("export", "write the database out");
    if (wants("export")) {
        export_data->add_option("--format", options.export_format, "services, csv or json (required)")
            ->required()
            ->check(CLI::IsMember({"services", "csv", "json"}))
            ->type_name("FORMAT");
        add_selection(export_data);
    }

    auto* update = app.add_subcommand("update", "refresh a source from the network (or a file), safely");
    if (wants("update")) {
        update
            ->add_option("--source", options.update_source,
                         "iana (default), rfc1700, an http(s) URL, a file:// URL or a path")
            ->type_name("SOURCE");
        update->add_flag("--force", options.force,
                         "accept a registry less than half the size of the current one; download even if unchanged");
        update->add_option("--cacert", options.cacert, "extra trusted CA certificates (PEM) for a private CA")
            ->check(CLI::ExistingFile)
            ->type_name("FILE");
        update
            ->add_option("--timeout", options.timeout,
                         "the whole download must finish within this many seconds (default 300); a transfer that "
                         "stalls stops sooner")
            ->check(CLI::Range(1, 3600))
            ->type_name("SECONDS");
    }

    std::string reserved_port;
    auto* reserve = app.add_subcommand("reserve", "reserve a port for one of your services (the site layer)");
    auto* release = app.add_subcommand("release", "release a port reserved with portdb reserve");
    for (auto* sub : {reserve, release}) {
        if (wants(sub->get_name())) {
            sub->add_option("PORT", reserved_port, "PORT or PORT/PROTO; no protocol means tcp and udp")->required();
            sub->add_option("NAME", options.name, "the service it is for")->required();
        }
    }
    if (wants("reserve")) {
        reserve->add_option("--note", options.note, "why, who, where: shown with the reservation")->type_name("NOTE");
    }
    auto* reservations = app.add_subcommand("reservations", "list the site's reservations");

    auto* diff = app.add_subcommand("diff", "what changed between two registry files");
    if (wants("diff")) {
        diff->add_option("FILES", options.files, "the older registry file, then the newer one")
            ->required()
            ->expected(2)
            ->option_text("OLD NEW");  // the name help shows
    }

    auto* names = app.add_subcommand(
        "names", "the service names and aliases starting with PREFIX, one a line (for shell completion)");
    if (wants("names")) {
        names->add_option("PREFIX", options.query, "the start of a name, any case (default: every name)");
    }

    auto* audit = app.add_subcommand(
        "audit", "every port a tree of Compose, Kubernetes, systemd and server configs binds, checked and collided");
    if (wants("audit")) {
        audit->add_option("PATH", options.paths, "the folders (or files) to audit (default: .)")
            ->check(CLI::ExistingPath);
        audit->add_option("--format", options.audit_format, "text (default), json or sarif")
            ->check(CLI::IsMember({"text", "json", "sarif"}))
            ->type_name("FORMAT");
        audit
            ->add_option("--on", options.on,
                         "weigh every host port for these targets, e.g. linux,kubernetes, or all (default: what the "
                         "file says, a Kubernetes manifest kubernetes and linux; else $PORTDB_ON, "
                         "~/.config/portdb/targets, or this machine's OS)")
            ->type_name("LIST");
    }

    for (auto* sub : {import, info, lookup, search, check, suggest, export_data, update, diff, reserve, release,
                      reservations, names, audit}) {
        sub->fallthrough();  // global options may follow the command
    }

    ParsedCommandLine parsed;
    const auto usage_error = [&](std::string message) {
        parsed.exit_code = exit_usage;
        parsed.error = one_line(std::move(message));
        // The help that shows the command's own options and examples.
        parsed.error.append(" (see portdb ").append(is_command(word) ? *word + " " : std::string()).append("--help)");
        return parsed;
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        parsed.output = app.help();
        return parsed;
    } catch (const CLI::CallForVersion&) {
        parsed.output = app.version() + "\n";
        return parsed;
    } catch (const CLI::ParseError& error) {
        if (word && !is_command(word)) {  // CLI11 would call it a missing subcommand
            return usage_error("unknown command \"" + word->substr(0, 40) +
                               "\": expected import, update, info, lookup, search, check, suggest, export, diff, "
                               "reserve, release, reservations, names or audit");
        }
        return usage_error(error.what());
    }

    const std::array<std::pair<CLI::App*, Command>, 14> dispatch{{{import, Command::import},
                                                                  {audit, Command::audit},
                                                                  {reserve, Command::reserve},
                                                                  {release, Command::release},
                                                                  {reservations, Command::reservations},
                                                                  {update, Command::update},
                                                                  {diff, Command::diff},
                                                                  {info, Command::info},
                                                                  {lookup, Command::lookup},
                                                                  {search, Command::search},
                                                                  {check, Command::check},
                                                                  {suggest, Command::suggest},
                                                                  {export_data, Command::export_data},
                                                                  {names, Command::names}}};
    for (const auto& [sub, command] : dispatch) {
        if (sub->parsed()) {
            options.command = command;
        }
    }
    for (const auto& search_word : words) {
        options.query += (options.query.empty() ? "" : " ") + search_word;
    }
    if (options.command == Command::suggest) {
        const int modes =
            (options.query.empty() ? 0 : 1) + (production ? 1 : 0) + (test ? 1 : 0) + (experimental ? 1 : 0);
        if (modes != 1) {
            return usage_error("suggest takes exactly one of NAME, --production, --test or --experimental");
        }
        options.suggest_mode = production     ? SuggestMode::production
                               : test         ? SuggestMode::test
                               : experimental ? SuggestMode::experimental
                                              : SuggestMode::counterpart;
        if (experimental && options.phone.empty()) {
            return usage_error("suggest --experimental needs --phone NUMBER");
        }
        if (options.suggest_mode == SuggestMode::counterpart && options.protocols.size() > 1) {
            return usage_error("suggest NAME takes one --protocol: the protocol of the service to parallel");
        }
        if (options.protocols.empty() && options.suggest_mode != SuggestMode::counterpart) {
            options.protocols = db::protocols_or_default(std::nullopt);
        }
    }
    if (options.command == Command::audit) {
        if (options.paths.empty()) {
            options.paths.emplace_back(".");
        }
        if (options.json) {
            options.audit_format = "json";
        }
    }
    if (!reserved_port.empty()) {
        options.query = reserved_port;  // checked as PORT[/PROTO] by the command, before anything is opened
    }
    options.site_file = site.empty() ? importer::default_site_file() : std::optional<std::filesystem::path>(site);
    if (!selected_source.empty()) {
        options.selection.source = selected_source;
    }
    if (!selected_protocol.empty()) {
        options.selection.protocol = selected_protocol;
    }
    options.database = database.empty() ? db::default_database_path() : std::filesystem::path(database);
    if (!policy.empty()) {
        options.policy_file = policy;
    }
    parsed.options = std::move(options);
    return parsed;
}

}  // namespace portdb::cli
