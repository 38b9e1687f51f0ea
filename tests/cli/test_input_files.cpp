// The files a user names, at their worst: FIFOs nothing writes to, pipes,
// /proc files, folders, unreadable or oversized files. Configuration files
// (targets, site, policy) must be regular files; registry inputs (import,
// diff, update --source) may be streams. Nothing may hang: every run here is
// under a timeout (exit 124 if it ever blocks again).
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

using namespace portdb;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

/// The binary under a timeout, with `environment` added.
test::RunOptions guarded(std::vector<std::string> environment = {}) {
    test::RunOptions options;
    options.prefix = {"/usr/bin/timeout", "20"};
    options.environment = std::move(environment);
    return options;
}

/// The same, through /bin/sh running `script` first: "$0" "$@" are the binary and its arguments.
test::RunOptions through_shell(const std::string& script) {
    test::RunOptions options;
    options.prefix = {"/usr/bin/timeout", "20", "/bin/sh", "-c", script};
    return options;
}

/// Runs as an unprivileged user: the tests run as root, for whom no permission bit counts.
std::vector<std::string> as_nobody() {
    if (::geteuid() != 0) {
        return {};
    }
    return {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
}

void allow_all_to_enter(const fs::path& folder) {
    fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
}

std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE_METHOD(test::ImportedDatabase,
                 "a FIFO as a targets, site or policy file is refused at once, in one line naming it") {
    const auto config = dir / "config";
    fs::create_directories(config / "portdb");
    const auto targets = config / "portdb" / "targets";
    REQUIRE(::mkfifo(targets.c_str(), 0600) == 0);
    const auto fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);

    const auto started = std::chrono::steady_clock::now();
    const auto check =
        test::run_portdb({"check", "30079/tcp", "--no-local"}, db, guarded({"XDG_CONFIG_HOME=" + config.string()}));
    CHECK(check.exit_code == 3);
    CHECK(check.err == "portdb: targets file " + targets.string() + ": is a FIFO (pipe), not a regular file\n");

    const auto site = test::run_portdb({"--site", fifo.string(), "lookup", "finger"}, db, guarded());
    CHECK(site.exit_code == 3);
    CHECK(site.err == "portdb: site file " + fifo.string() + ": is a FIFO (pipe), not a regular file\n");

    // Shell completion runs `names`, which reads the site file PORTDB_SITE names.
    const auto names = test::run_portdb({"names", "fing"}, db, guarded({"PORTDB_SITE=" + fifo.string()}));
    CHECK(names.exit_code == 3);
    CHECK(names.err == "portdb: site file " + fifo.string() + ": is a FIFO (pipe), not a regular file\n");

    const auto policy =
        test::run_portdb({"--policy", fifo.string(), "check", "30079/tcp", "--no-local"}, db, guarded());
    CHECK(policy.exit_code == 3);
    CHECK(policy.err == "portdb: policy file " + fifo.string() + ": is a FIFO (pipe), not a regular file\n");
    // Refused at once: no wait for a writer at all.
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
}

TEST_CASE_METHOD(test::ImportedDatabase,
                 "a FIFO nothing writes to, given to import, diff or update --source, is refused promptly") {
    const auto fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto expected =
        "portdb: " + fifo.string() + ": a FIFO (pipe) that nothing writes to: start the program that writes it first\n";
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"import", fifo.string()},
                                               {"diff", fifo.string(), test::fixture("services/etc-services").string()},
                                               {"update", "--source", fifo.string()}}) {
        CAPTURE(args);
        const auto started = std::chrono::steady_clock::now();
        const auto result = test::run_portdb(args, db, guarded());
        CHECK(result.exit_code == 3);
        CHECK(result.err == expected);
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    }
}

TEST_CASE_METHOD(test::ImportedDatabase,
                 "a pipe, standard input and a /proc file are read to their end, never as empty") {
    const auto services = test::fixture("services/etc-services").string();
    // `-` is standard input; /dev/stdin and a FIFO with a writer are pipes too.
    const auto from_stdin = test::run_portdb({"import", "-"}, db, through_shell("exec \"$0\" \"$@\" < " + services));
    CHECK(from_stdin.err.empty());
    CHECK(from_stdin.exit_code == 0);
    CHECK_THAT(from_stdin.out, Contains("standard input"));
    const auto piped =
        test::run_portdb({"import", "/dev/stdin"}, db, through_shell("cat " + services + " | exec \"$0\" \"$@\""));
    CHECK(piped.err.empty());
    CHECK(piped.exit_code == 0);
    const auto fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto written =
        test::run_portdb({"diff", fifo.string(), services}, db,
                         through_shell("cat " + services + " > " + fifo.string() + " & exec \"$0\" \"$@\""));
    CHECK(written.err.empty());
    CHECK(written.exit_code == 0);
    CHECK(run({"lookup", "finger"}).exit_code == 0);

    // A pipe that ends with nothing says so; it is not "the file is empty".
    const auto nothing = test::run_portdb({"import", "-"}, db, through_shell("true | exec \"$0\" \"$@\""));
    CHECK(nothing.exit_code == 3);
    CHECK(nothing.err == "portdb: standard input (-): the pipe ended without any data\n");
    // /proc files report a size of 0: read whole, this one is simply not a registry.
    const auto proc = test::run_portdb({"import", "/proc/self/status"}, db, guarded());
    CHECK(proc.exit_code == 3);
    CHECK(lines(proc.err) == 1);
    CHECK_THAT(proc.err, !Contains("empty"));
    // Standard input that is not a pipe or file (the tests give /dev/null), and
    // a refresh from standard input, are refused in one line.
    const auto device = test::run_portdb({"import", "-"}, db, guarded());
    CHECK(device.exit_code == 3);
    CHECK(device.err == "portdb: standard input (-): is a character device, not a regular file or a pipe\n");
    const auto update = test::run_portdb({"update", "--source", "-"}, db, guarded());
    CHECK(update.exit_code == 3);
    CHECK_THAT(update.err, Contains("use portdb import -"));
}

TEST_CASE_METHOD(test::ImportedDatabase,
                 "a targets file that exists but cannot be read is exit 3 naming it, never ok on linux") {
    const auto config = dir / "config";
    const auto targets = config / "portdb" / "targets";
    fs::create_directories(config / "portdb");
    const auto check = [&](const std::vector<std::string>& prefix = {}) {
        auto options = guarded({"XDG_CONFIG_HOME=" + config.string()});
        options.prefix.insert(options.prefix.end(), prefix.begin(), prefix.end());
        return test::run_portdb({"check", "30079/tcp", "--no-local"}, db, options);
    };

    fs::create_directories(targets);  // a folder there
    const auto folder = check();
    CHECK(folder.exit_code == 3);
    CHECK(folder.err == "portdb: targets file " + targets.string() + ": is a directory, not a regular file\n");
    fs::remove(targets);

    std::string big;  // past 64 KiB: refused, not cut into `unknown target "linu"`
    while (big.size() <= 64U << 10U) {
        big += "linux\n";
    }
    test::write_file(targets, big);
    const auto oversize = check();
    CHECK(oversize.exit_code == 3);
    CHECK(oversize.err == "portdb: targets file " + targets.string() + ": larger than the 64 KiB limit\n");

    // chmod 000, naming kubernetes: run as nobody when root (root reads anything).
    test::write_file(targets, "kubernetes\n");
    fs::permissions(targets, fs::perms::none);
    for (const auto& folder_on_the_way : {dir.path(), config, config / "portdb"}) {
        allow_all_to_enter(folder_on_the_way);
    }
    fs::permissions(db,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
    const auto locked = check(as_nobody());
    CHECK(locked.exit_code == 3);
    CHECK(locked.err == "portdb: targets file " + targets.string() + ": cannot be read: Permission denied\n");
    CHECK(locked.out.empty());
}
