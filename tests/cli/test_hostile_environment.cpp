// The environment portdb runs in, at its worst: closed or full output.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

struct Imported : test::CliDatabase {
    Imported() { import({test::fixture("iana-xml/edge-cases.xml"), test::fixture("services/etc-services")}); }
    [[nodiscard]] test::CommandResult run_with(const std::vector<std::string>& args, const test::RunOptions& options) const {
        return test::run_portdb(args, db, options);
    }
};

test::RunOptions with_output(std::optional<std::string> out, std::optional<std::string> err) {
    test::RunOptions options;
    options.stdout_path = std::move(out);
    options.stderr_path = std::move(err);
    return options;
}

}  // namespace

TEST_CASE_METHOD(Imported, "a closed or full stderr never turns an error into an abort") {
    const auto closed = run_with({"lookup", "nosuchname"}, with_output(std::nullopt, ""));
    CHECK(closed.exit_code == 1);
    const auto full = run_with({"lookup", "nosuchname"}, with_output(std::nullopt, "/dev/full"));
    CHECK(full.exit_code == 1);
    CHECK(full.out.empty());
    // An error on the way out, with stderr closed or full.
    for (const std::string err : {"", "/dev/full"}) {
        CAPTURE(err);
        CHECK(run_with({"--db", dir.path().string(), "lookup", "finger"}, with_output(std::nullopt, err)).exit_code == 3);
        CHECK(run_with({"lookup", "80/tpc"}, with_output(std::nullopt, err)).exit_code == 2);
        // Warnings go to stderr too: the import still succeeds.
        CHECK(run_with({"import", test::fixture("iana-xml/edge-cases.xml").string()}, with_output(std::nullopt, err))
                  .exit_code == 0);
    }
    CHECK(run({"lookup", "finger"}).exit_code == 0);
}

TEST_CASE_METHOD(Imported, "output that cannot be written is an error with a message: a full disk, a closed stdout") {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"export", "--format", "json"}, {"export", "--format", "csv"}, {"export", "--format", "services"},
             {"lookup", "finger"}, {"info"}}) {
        CAPTURE(args);
        const auto full = run_with(args, with_output("/dev/full", std::nullopt));
        CHECK(full.exit_code == 3);
        CHECK(full.err == "portdb: cannot write the output: No space left on device\n");
        const auto closed = run_with(args, with_output("", std::nullopt));
        CHECK(closed.exit_code == 3);
        CHECK(closed.err == "portdb: cannot write the output: Bad file descriptor\n");
    }
    CHECK(run_with({"--help"}, with_output("/dev/full", std::nullopt)).exit_code == 3);
}
