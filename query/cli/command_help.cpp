#include "command_help.hpp"

#include "command_table.hpp"

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
  portdb free 20000-20100                        the ports of a range that are ok
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

}  // namespace

std::string_view general_help_footer() { return general_footer; }

std::string_view command_examples(std::string_view command) {
    const auto* spec = find_command(command);
    return spec != nullptr ? spec->examples : std::string_view();
}

bool global_option_applies(std::string_view option, std::string_view command) {
    const auto* spec = find_command(command);
    if (spec == nullptr) {
        return true;
    }
    if (option == "--db") {
        return spec->reads.database;
    }
    if (option == "--policy") {
        return spec->reads.policy;
    }
    if (option == "--site") {
        return spec->reads.site;
    }
    return true;  // --json: output, and errors, as JSON everywhere
}

}  // namespace portdb::cli
