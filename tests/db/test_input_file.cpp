// Reading configuration files (regular, whole, bounded) and registry inputs
// (regular or a stream, bounded). FIFOs nothing writes to are tested through
// the binary under a timeout (tests/cli/test_input_files.cpp): a regression
// there must fail, not hang the test run.
#include "portdb/db/input_file.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
namespace fs = std::filesystem;

TEST_CASE("a configuration file is read whole: a missing one is no setting") {
    const test::TempDir dir;
    test::write_file(dir / "targets", "linux\nfreebsd\n");
    CHECK(db::read_configuration_file(dir / "targets", "targets file", 1024) == "linux\nfreebsd\n");
    CHECK(db::read_configuration_file_if_present(dir / "targets", "targets file", 1024) == "linux\nfreebsd\n");
    CHECK_FALSE(db::read_configuration_file_if_present(dir / "none", "targets file", 1024).has_value());
    // A folder that is a file: the setting cannot exist either.
    CHECK_FALSE(db::read_configuration_file_if_present(dir / "targets" / "x", "targets file", 1024).has_value());
    CHECK_THROWS_WITH(db::read_configuration_file(dir / "none", "policy file", 1024),
                      Equals("policy file " + (dir / "none").string() + ": cannot be read: No such file or directory"));
}

TEST_CASE("a configuration file that exists but cannot be read whole is an error naming it") {
    const test::TempDir dir;
    const auto read = [](const fs::path& file) {
        return db::read_configuration_file_if_present(file, "targets file", 64U << 10U);
    };
    CHECK_THROWS_AS(read(dir.path()), db::InputFileError);
    CHECK_THROWS_WITH(read(dir.path()),
                      Equals("targets file " + dir.path().string() + ": is a directory, not a regular file"));
    CHECK_THROWS_WITH(read("/dev/null"), Equals("targets file /dev/null: is a character device, not a regular file"));

    // Over the limit is refused, not cut: 64 KiB exactly is still read.
    test::write_file(dir / "big", std::string((64U << 10U) + 1, 'x'));
    CHECK_THROWS_WITH(read(dir / "big"),
                      Equals("targets file " + (dir / "big").string() + ": larger than the 64 KiB limit"));
    test::write_file(dir / "limit", std::string(64U << 10U, 'x'));
    CHECK(read(dir / "limit")->size() == 64U << 10U);

    // Permissions do not stop root: this part asserts only for another user.
    test::write_file(dir / "locked", "kubernetes\n");
    fs::permissions(dir / "locked", fs::perms::none);
    if (::geteuid() == 0) {
        WARN("running as root: a chmod 000 file is readable; the CLI test runs it as nobody");
        CHECK(read(dir / "locked") == "kubernetes\n");
    } else {
        CHECK_THROWS_WITH(read(dir / "locked"),
                          Equals("targets file " + (dir / "locked").string() + ": cannot be read: Permission denied"));
    }
}

TEST_CASE("a registry input may be a stream: its reported size of 0 does not make it empty") {
    // /proc files say they are 0 bytes long.
    const auto status = db::read_registry_input("/proc/self/status", 1U << 20U);
    CHECK_THAT(status, Contains("Name:"));

    // A pipe is read to its end, and bounded.
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    REQUIRE(::write(fds[1], "finger 79/tcp\n", 14) == 14);
    ::close(fds[1]);
    CHECK(db::read_registry_input(fds[0], "standard input (-)", 1024) == "finger 79/tcp\n");
    ::close(fds[0]);

    REQUIRE(::pipe(fds) == 0);
    REQUIRE(::write(fds[1], "finger 79/tcp\n", 14) == 14);
    ::close(fds[1]);
    CHECK_THROWS_WITH(db::read_registry_input(fds[0], "standard input (-)", 10),
                      Equals("standard input (-): larger than the 10 byte limit"));
    ::close(fds[0]);

    // A pipe that ends with nothing is not an empty file.
    REQUIRE(::pipe(fds) == 0);
    ::close(fds[1]);
    CHECK_THROWS_WITH(db::read_registry_input(fds[0], "standard input (-)", 1024),
                      Equals("standard input (-): the pipe ended without any data"));
    ::close(fds[0]);
}

TEST_CASE("a registry input that is neither a file nor a stream is refused at once") {
    const test::TempDir dir;
    CHECK_THROWS_WITH(db::read_registry_input(dir.path(), 1024),
                      Equals(dir.path().string() + ": is a directory, not a regular file or a pipe"));
    CHECK_THROWS_WITH(db::read_registry_input("/dev/null", 1024),
                      Equals("/dev/null: is a character device, not a regular file or a pipe"));
    CHECK_THROWS_WITH(db::read_registry_input(dir / "none", 1024),
                      Equals((dir / "none").string() + ": cannot be read: No such file or directory"));
    test::write_file(dir / "big", std::string(2048, 'x'));
    CHECK_THROWS_WITH(db::read_registry_input(dir / "big", 1024),
                      Equals((dir / "big").string() + ": larger than the 1 KiB limit"));
}
