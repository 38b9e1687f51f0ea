#pragma once
// The words of `portdb --help` and `portdb COMMAND --help` that are not
// options: the general examples, and (from the command table) each command's
// own examples and which global options it reads. Plain constants, looked up
// only when help is shown, so building the command line costs a lookup
// nothing more.

#include <string_view>

namespace portdb::cli {

/// The footer of `portdb --help`: general examples, targets, exit codes.
[[nodiscard]] std::string_view general_help_footer();

/// "Examples:" and two to four command lines that work, for `portdb COMMAND
/// --help`; empty for a name that is not a command.
[[nodiscard]] std::string_view command_examples(std::string_view command);

/// Whether `command` reads the global option `option` ("--db", "--json",
/// "--policy", "--site"), so its help lists it.
[[nodiscard]] bool global_option_applies(std::string_view option, std::string_view command);

}  // namespace portdb::cli
