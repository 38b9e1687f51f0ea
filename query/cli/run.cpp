#include "run.hpp"

#include "commands.hpp"
#include "error_report.hpp"
#include "exit_codes.hpp"
#include "options.hpp"
#include "standard_streams.hpp"
#include "terminal_text.hpp"

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

}  // namespace

int run(int argc, const char* const* argv) {
    try {
        const auto parsed = parse_command_line(argc, argv);
        const int code = parsed.options ? execute(*parsed.options) : parsed.exit_code;
        if (!parsed.options) {
            std::fwrite(parsed.output.data(), 1, parsed.output.size(), stdout);  // help, version
            if (!parsed.error.empty()) {
                print_error(parsed.error);
            }
        }
        if (!flush_stdout()) {
            print_error(std::string("cannot write the output: ") + std::strerror(errno != 0 ? errno : EIO));
            return exit_data;
        }
        return code;
    } catch (...) {
        const auto report = report_exception(std::current_exception());
        print_error(report.message);
        return report.exit_code;
    }
}

}  // namespace portdb::cli
