#include "command_help.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace portdb::cli {
namespace {

constexpr std::string_view general_footer = R"(Examples:
  portdb lookup finger                           which port does finger use
  portdb lookup 6010/tcp                         what is on port 6010/tcp
  portdb lookup 6000-6010                        everything on a range of ports
  portdb search mail                             services about mail
  portdb check 30079                             may I use port 30079 (on this machine's OS)
  portdb check 30079 8000-8010 --on linux,kubernetes
                                                 verdicts for the platforms you deploy on
  portdb suggest finger --instance 2             the second server's finger port
  portdb suggest --production --count 3          ok ports for a new daemon
  portdb audit                                   every port this repository binds, checked
  portdb reserve 31007/tcp mydaemon              write down your own port
  portdb update                                  refresh the IANA registry (cheap when unchanged)
  portdb import service-names-port-numbers.xml   import a registry file

portdb COMMAND --help shows a command's options and examples; man portdb has it all.

Targets: --on LIST (linux, freebsd, openbsd, netbsd, macos, windows, solaris, aix,
kubernetes, browsers, or all); default $PORTDB_ON, else ~/.config/portdb/targets,
else this machine's OS. Rules for "any" platform always count.

Exit codes: 0 found / ok, 1 not found (or a refused reservation), 2 usage error,
3 data or I/O error, 4 internal error, 10 caution (check, suggest, audit),
11 conflict (check, suggest; audit: a conflict or a collision).
With --json, errors too are JSON on stdout: {"error": {"message", "exit_code", "kind"}}.)";

// Every example here runs as shown on a database made from the shipped registry
// (update and import need the network or the file named).
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> examples{{
    {"import", R"(Examples:
  portdb import service-names-port-numbers.xml   the IANA registry (XML or CSV), into the registry layer
  portdb import /etc/services                    this machine's services(5) file, into the system layer
  portdb import --force services.new             accept a file much smaller than the one it replaces)"},
    {"info", R"(Examples:
  portdb info                      the sources, their layers, dates and counts
  portdb info --json               the same for scripts)"},
    {"lookup", R"(Examples:
  portdb lookup finger             which port does finger use
  portdb lookup 6010/tcp           what is on port 6010/tcp
  portdb lookup 6000-6010          everything on a range of ports
  portdb lookup 512 --history      with what the older registries said)"},
    {"search", R"(Examples:
  portdb search mail                      services about mail
  portdb search "remote desktop" --all    every answer, not only the first 25
  portdb search kerberos --protocol udp   only udp rows)"},
    {"check", R"(Examples:
  portdb check 30079                                may I use port 30079 (on this machine's OS)
  portdb check 30079 8000-8010 --on linux,kubernetes
                                                    verdicts for the platforms you deploy on
  portdb check 30001/tcp --all                      also the findings for other targets, and the notes)"},
    {"suggest", R"(Examples:
  portdb suggest finger --instance 2                  the second server's finger port
  portdb suggest --production --count 3               ok ports for a new daemon
  portdb suggest --experimental --phone "+1 (555) 867-5309"
                                                      '2' + the last four digits: 25309)"},
    {"export", R"(Examples:
  portdb export --format services > services                    services(5) lines
  portdb export --format services --source site > services.site your own reservations
  portdb export --format csv --history                           the IANA CSV columns, history too)"},
    {"update", R"(Examples:
  portdb update                                        the IANA registry (cheap when unchanged)
  portdb update --source rfc1700                       the RFC 1700 text, into history
  portdb update --source service-names-port-numbers.xml --force
                                                       from a file, even a much smaller one)"},
    {"diff", R"(Examples:
  portdb diff registry-2024.xml registry-2025.xml          what changed in a year
  portdb diff registry-2024.xml registry-2025.xml --json   every change, for scripts)"},
    {"reserve", R"(Examples:
  portdb reserve 31007/tcp billing --note "payments team"   31007/tcp for billing
  portdb reserve 31008 reports                             31008 in tcp and udp)"},
    {"release", R"(Examples:
  portdb release 31007/tcp billing   remove that reservation
  portdb release 31008 reports       both protocols)"},
    {"reservations", R"(Examples:
  portdb reservations                           the site's reservations
  portdb --site ops/ports.site reservations     with a team's file from its repository)"},
    {"audit", R"(Examples:
  portdb audit                                  every port this repository binds, checked
  portdb audit deploy/ --on linux,kubernetes    weigh every host port for these targets
  portdb audit --format sarif > audit.sarif     for code-scanning UIs)"},
    {"names", R"(Examples:
  portdb names fing                the service names starting with fing (shell completion)
  portdb names --json ssh          as a JSON array)"},
}};

// The commands that open the database to read it also read the site file;
// only check and suggest weigh the policy; diff reads two files, no database.
constexpr std::array<std::string_view, 9> site_readers{"info",   "lookup",       "search", "check", "suggest",
                                                       "export", "reservations", "names",  "audit"};
constexpr std::array<std::string_view, 3> policy_readers{"check", "suggest", "audit"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace

std::string_view general_help_footer() { return general_footer; }

std::string_view command_examples(std::string_view command) {
    for (const auto& [name, text] : examples) {
        if (name == command) {
            return text;
        }
    }
    return {};
}

bool global_option_applies(std::string_view option, std::string_view command) {
    if (option == "--db") {
        return command != "diff";
    }
    if (option == "--policy") {
        return contains(policy_readers, command);
    }
    if (option == "--site") {
        return contains(site_readers, command);
    }
    return true;  // --json: output, and errors, as JSON everywhere
}

}  // namespace portdb::cli
