// How failures become messages and exit codes; colour and other small rules of the CLI.
#include "color_choice.hpp"
#include "error_report.hpp"
#include "exit_codes.hpp"
#include "portdb/db/database_error.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/http_fetch.hpp"
#include "portdb/query/usage_error.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <new>
#include <stdexcept>
#include <system_error>

using namespace portdb;
using cli::report_exception;

namespace {

template <typename Exception>
cli::ErrorReport report(const Exception& error) {
    return report_exception(std::make_exception_ptr(error));
}

}  // namespace

TEST_CASE("every portdb::Error is reported by its kind: a new error type needs no new catch clause") {
    // A type the CLI has never heard of, as a library user or a future module would add.
    class UnheardOf : public portdb::Error {
    public:
        UnheardOf(ErrorKind kind, const std::string& message) : Error(kind, message) {}
    };
    CHECK(report(UnheardOf(ErrorKind::usage, "bad word")).exit_code == cli::exit_usage);
    CHECK(report(UnheardOf(ErrorKind::data, "bad file")).exit_code == cli::exit_data);
    CHECK(report(UnheardOf(ErrorKind::refused, "taken")).exit_code == cli::exit_not_found);
    CHECK(report(UnheardOf(ErrorKind::refused, "taken")).message == "taken");
    CHECK(report(importer::ReplaceRefused("would lose rows")).exit_code == cli::exit_data);
}

TEST_CASE("the user's errors keep their message and code: anything else is an internal error, exit 4") {
    CHECK(report(query::UsageError("80/tpc: not a protocol")).exit_code == cli::exit_usage);
    CHECK(report(db::DatabaseError("database x: is a directory")).exit_code == cli::exit_data);
    CHECK(report(db::DatabaseError("database x: is a directory")).message == "database x: is a directory");
    CHECK(report(importer::ParseError("f.xml:3: bad")).exit_code == cli::exit_data);
    CHECK(report(importer::InputError("f: empty")).exit_code == cli::exit_data);
    CHECK(report(importer::FetchError("u: 404")).exit_code == cli::exit_data);
    CHECK(report(std::system_error(ENOSPC, std::generic_category(), "cannot write the output")).message ==
          "cannot write the output: No space left on device");
    CHECK(
        report(std::filesystem::filesystem_error("cannot stat", std::make_error_code(std::errc::io_error))).exit_code ==
        cli::exit_data);
    CHECK(report(std::bad_alloc()).exit_code == cli::exit_data);
    CHECK(report(std::bad_alloc()).message == "out of memory");

    // Bugs: a logic error, an exception no module throws on purpose.
    const auto bug = report(std::out_of_range("vector::_M_range_check: __n (which is 3) >= this->size() (which is 3)"));
    CHECK(bug.exit_code == cli::exit_internal);
    CHECK(bug.exit_code == 4);
    CHECK(bug.message ==
          "internal error: vector::_M_range_check: __n (which is 3) >= this->size() (which is 3) (a bug in portdb: "
          "please report it)");
    CHECK(report(std::runtime_error("[json.exception.type_error.316] invalid UTF-8 byte")).exit_code ==
          cli::exit_internal);
    CHECK(report_exception(std::make_exception_ptr(42)).exit_code == cli::exit_internal);
    CHECK(report_exception(std::make_exception_ptr(42)).message.rfind("internal error: ", 0) == 0);
}

TEST_CASE("colour: only on a terminal, without NO_COLOR, and with a TERM that is not dumb") {
    CHECK(cli::wants_color(true, nullptr, "xterm-256color"));
    CHECK(cli::wants_color(true, "", "screen"));  // an empty NO_COLOR does not count (no-color.org)
    CHECK_FALSE(cli::wants_color(false, nullptr, "xterm"));
    CHECK_FALSE(cli::wants_color(true, "1", "xterm"));
    CHECK_FALSE(cli::wants_color(true, "0", "xterm"));  // any value counts
    CHECK_FALSE(cli::wants_color(true, nullptr, "dumb"));
    CHECK_FALSE(cli::wants_color(true, nullptr, nullptr));
    CHECK_FALSE(cli::wants_color(true, nullptr, ""));
}
