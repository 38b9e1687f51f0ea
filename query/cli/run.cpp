#include "run.hpp"

#include "command_table.hpp"
#include "error_report.hpp"
#include "exit_codes.hpp"
#include "json_error.hpp"
#include "options.hpp"
#include "standard_streams.hpp"
#include "terminal_text.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace portdb::cli {
namespace {

void print_error(std::string message) noexcept {
    try {
        std::replace(message.begin(), message.end(), '\n', ' ');  // one line, always
        print_stderr("portdb: " + terminal_text(message) + "\n");
    } catch (...) {
        print_stderr("portdb: out of memory\n");
    }
}

/// Whether everything written to stdout arrived; errno says why not.
bool flush_stdout() {
    errno = 0;
    return std::fflush(stdout) == 0 && std::ferror(stdout) == 0;
}

/// An error as --json asks: one JSON object on stdout and nothing on stderr.
/// When stdout cannot take it (closed, full), the line goes to stderr after
/// all: an error is never lost.
void report_error(const ErrorReport& report, bool json) noexcept {
    if (json) {
        try {
            const auto text = json_error(report, isatty(STDOUT_FILENO) != 0);
            if (std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && flush_stdout()) {
                return;
            }
        } catch (...) {  // out of memory: the line below says so
        }
    }
    print_error(report.message);
}

}  // namespace

int run(int argc, const char* const* argv) {
    bool json = json_requested(argc, argv);  // before parsing: a usage error is JSON too
    try {
        const auto parsed = parse_command_line(argc, argv);
        if (parsed.options) {
            json = parsed.options->json;
        }
        const int code = parsed.options ? parsed.options->command->run(*parsed.options) : parsed.exit_code;
        if (!parsed.options) {
            std::fwrite(parsed.output.data(), 1, parsed.output.size(), stdout);  // help, version
            if (!parsed.error.empty()) {
                report_error({code, parsed.error}, json);
                return code;  // said, on stdout or (when that failed) stderr
            }
        }
        if (!flush_stdout()) {
            print_error(std::string("cannot write the output: ") + std::strerror(errno != 0 ? errno : EIO));
            return exit_data;
        }
        return code;
    } catch (...) {
        const auto report = report_exception(std::current_exception());
        report_error(report, json);
        return report.exit_code;
    }
}

}  // namespace portdb::cli
