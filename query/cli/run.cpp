#include "run.hpp"

#include "commands.hpp"
#include "exit_codes.hpp"
#include "options.hpp"
#include "portdb/importer/reservations.hpp"
#include "portdb/query/usage_error.hpp"
#include "terminal_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <new>
#include <string>

namespace portdb::cli {
namespace {

void print_error(std::string message) {
    std::replace(message.begin(), message.end(), '\n', ' ');  // one line, always
    fmt::print(stderr, "portdb: {}\n", terminal_text(message));
}

}  // namespace

int run(int argc, const char* const* argv) {
    const auto parsed = parse_command_line(argc, argv);
    if (!parsed.options) {
        std::fwrite(parsed.output.data(), 1, parsed.output.size(), stdout);
        if (!parsed.error.empty()) {
            print_error(parsed.error);
        }
        return parsed.exit_code;
    }
    try {
        const int code = execute(*parsed.options);
        if (std::fflush(stdout) != 0) {
            print_error("cannot write the output");
            return exit_data;
        }
        return code;
    } catch (const importer::ReservationRefused& error) {
        print_error(error.what());
        return exit_not_found;  // refused, nothing changed: documented beside check's codes
    } catch (const query::UsageError& error) {
        print_error(error.what());
        return exit_usage;
    } catch (const std::bad_alloc&) {
        print_error("out of memory");
        return exit_data;
    } catch (const std::exception& error) {
        // Parse, input and database errors: their messages name the file and the place.
        print_error(error.what());
        return exit_data;
    }
}

}  // namespace portdb::cli
