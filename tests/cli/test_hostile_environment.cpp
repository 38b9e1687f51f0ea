// The environment portdb runs in, at its worst: closed or full output, a
// folder it may not write, a read-only or full filesystem, FIFOs and devices
// for a database, no HOME, a reader that never finishes.
#include "cli_fixture.hpp"
#include "portdb/db/database.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include <sys/stat.h>
#include <unistd.h>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

struct Imported : test::ImportedDatabase {
    [[nodiscard]] test::CommandResult run_with(const std::vector<std::string>& args,
                                               const test::RunOptions& options) const {
        return test::run_portdb(args, db, options);
    }
};

test::RunOptions with_output(std::optional<std::string> out, std::optional<std::string> err) {
    test::RunOptions options;
    options.stdout_path = std::move(out);
    options.stderr_path = std::move(err);
    return options;
}

/// Runs the binary as an unprivileged user: the tests run as root, for whom
/// no permission bit counts.
std::vector<std::string> as_nobody() {
    if (::geteuid() != 0) {
        return {};
    }
    return {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"};
}

/// Runs the binary in a mount namespace of its own (root is needed to mount,
/// or a user namespace when not root), after `script` has run there: a shell
/// script with the folder as $0 and the command line as "$@".
std::vector<std::string> in_mount_namespace(const std::string& script, const fs::path& folder) {
    return {"/usr/bin/unshare", ::geteuid() == 0 ? "-m" : "-Urm", "/bin/sh", "-c", script + " && exec \"$@\"",
            folder.string()};
}

void allow_all_to_enter(const fs::path& folder) {
    fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
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
        CHECK(run_with({"--db", dir.path().string(), "lookup", "finger"}, with_output(std::nullopt, err)).exit_code ==
              3);
        CHECK(run_with({"lookup", "80/tpc"}, with_output(std::nullopt, err)).exit_code == 2);
        // Warnings go to stderr too: the import still succeeds.
        CHECK(run_with({"import", test::fixture("iana-xml/edge-cases.xml").string()}, with_output(std::nullopt, err))
                  .exit_code == 0);
    }
    CHECK(run({"lookup", "finger"}).exit_code == 0);
}

TEST_CASE_METHOD(Imported, "output that cannot be written is an error with a message: a full disk, a closed stdout") {
    for (const auto& args : std::vector<std::vector<std::string>>{{"export", "--format", "json"},
                                                                  {"export", "--format", "csv"},
                                                                  {"export", "--format", "services"},
                                                                  {"lookup", "finger"},
                                                                  {"info"}}) {
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

TEST_CASE("a database in a folder the reader may not write is read as it is: a system-wide install") {
    const test::TempDir dir;
    const auto share = dir / "share";
    const auto db = share / "ports.sqlite";
    fs::create_directories(share);
    REQUIRE(test::run_portdb({"import", test::fixture("iana-xml/edge-cases.xml").string()}, db).exit_code == 0);
    allow_all_to_enter(dir.path());
    allow_all_to_enter(share);
    fs::permissions(db,
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
    const auto before = test::read_file(db);

    test::RunOptions reader;
    reader.prefix = as_nobody();
    if (reader.prefix.empty()) {  // not root: a folder without write permission says the same
        fs::permissions(share, fs::perms::owner_write, fs::perm_options::remove);
    }
    const auto lookup = test::run_portdb({"lookup", "finger"}, db, reader);
    CHECK(lookup.err.empty());
    CHECK(lookup.exit_code == 0);
    CHECK_THAT(lookup.out, Contains("79    tcp    finger"));
    CHECK(test::run_portdb({"info"}, db, reader).exit_code == 0);
    CHECK(test::run_portdb({"check", "79/tcp", "--no-local"}, db, reader).exit_code == 11);  // finger's: a conflict
    CHECK(test::run_portdb({"export", "--format", "csv"}, db, reader).exit_code == 0);
    CHECK_FALSE(fs::exists(share / "ports.sqlite-shm"));
    CHECK_FALSE(fs::exists(share / "ports.sqlite-wal"));
    CHECK(test::read_file(db) == before);

    // Writing stays the owner's: a clear message, the file untouched.
    const auto import = test::run_portdb({"import", test::fixture("services/etc-services").string()}, db, reader);
    CHECK(import.exit_code == 3);
    CHECK_THAT(import.err, StartsWith("portdb: "));
    CHECK(test::read_file(db) == before);
}

TEST_CASE("a site file on a shared database the reader cannot write holds for that run, said once") {
    const test::TempDir dir;
    const auto share = dir / "share";
    const auto db = share / "ports.sqlite";
    fs::create_directories(share);
    REQUIRE(test::run_portdb({"import", test::fixture("iana-xml/edge-cases.xml").string()}, db).exit_code == 0);
    const auto site = dir / "ports.site";
    test::write_file(site, "billing 31007/tcp # payments\n");
    allow_all_to_enter(dir.path());
    allow_all_to_enter(share);
    fs::permissions(site, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
    const auto before = test::read_file(db);

    test::RunOptions reader;
    reader.prefix = as_nobody();
    if (reader.prefix.empty()) {
        fs::permissions(share, fs::perms::owner_write, fs::perm_options::remove);
    }
    const auto check = test::run_portdb({"--site", site.string(), "check", "31007/tcp", "--no-local"}, db, reader);
    CHECK(check.exit_code == 11);  // the site's reservation: a conflict for everyone else
    CHECK_THAT(check.out, Contains("billing"));
    CHECK_THAT(check.err, Equals("portdb: cannot write " + db.string() +
                                 ": the site file's reservations hold for this run only\n"));
    CHECK_THAT(test::run_portdb({"--site", site.string(), "reservations"}, db, reader).out,
               Contains("31007  tcp    billing"));
    CHECK(test::read_file(db) == before);
    CHECK_FALSE(fs::exists(share / "ports.sqlite-wal"));
}

TEST_CASE("a database on a read-only filesystem is read as it is") {
    const test::TempDir dir;
    const auto ro = dir / "ro";
    fs::create_directories(ro);
    REQUIRE(test::run_portdb({"import", test::fixture("iana-xml/edge-cases.xml").string()}, ro / "ports.sqlite")
                .exit_code == 0);
    test::RunOptions options;
    options.prefix = in_mount_namespace("mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\"", ro);
    const auto lookup = test::run_portdb({"lookup", "finger"}, ro / "ports.sqlite", options);
    CHECK(lookup.err.empty());
    CHECK(lookup.exit_code == 0);
    CHECK_THAT(lookup.out, Contains("79    tcp    finger"));
    const auto import =
        test::run_portdb({"import", test::fixture("services/etc-services").string()}, ro / "ports.sqlite", options);
    CHECK(import.exit_code == 3);
    CHECK_THAT(import.err, Contains("Read-only file system"));
}

TEST_CASE("a full disk is called a full disk, and a first use on it leaves no empty database behind") {
    const test::TempDir dir;
    const auto disk = dir / "disk";
    fs::create_directories(disk);
    test::write_file(dir / "services", test::read_file(test::fixture("services/etc-services")));
    // A 256 KiB tmpfs, filled up: the commands below run with no space left.
    const std::string mount_and_fill =
        "mount -t tmpfs -o size=256k portdb-test \"$0\" && "
        "{ dd if=/dev/zero of=\"$0/filler\" bs=4096 2>/dev/null; true; }";
    test::RunOptions options;
    options.system_services = dir / "services";
    options.prefix = in_mount_namespace(mount_and_fill, disk);
    const auto first = test::run_portdb({"lookup", "finger"}, disk / "ports.sqlite", options);
    CHECK(first.exit_code == 3);
    CHECK_THAT(first.err, StartsWith("portdb: database " + (disk / "ports.sqlite").string() + ": the disk is full"));

    // Inside one namespace: a first use, then what the next run sees.
    options.prefix = in_mount_namespace(mount_and_fill + " && { \"$@\" >/dev/null 2>&1; ls \"$0\" >&2; true; }", disk);
    const auto listing = test::run_portdb({"lookup", "finger"}, disk / "ports.sqlite", options);
    CHECK(listing.exit_code == 3);
    CHECK_THAT(listing.err, Contains("filler\n") && !Contains("ports.sqlite\n"));  // no 0-byte database left
    CHECK_THAT(listing.err, Contains("portdb: database ") && Contains("the disk is full") && !Contains("is empty"));

    // A read needs room for the -shm file beside the database.
    options.prefix = in_mount_namespace(
        "mount -t tmpfs -o size=512k portdb-test \"$0\" && \"$1\" import \"$PORTDB_SYSTEM_SERVICES\" >/dev/null 2>&1 "
        "&& "
        "{ dd if=/dev/zero of=\"$0/filler\" bs=4096 2>/dev/null; true; }",
        disk);
    const auto read = test::run_portdb({"lookup", "finger"}, disk / "ports.sqlite", options);
    CHECK(read.exit_code == 3);
    CHECK_THAT(read.err, StartsWith("portdb: database ") && Contains("the disk is full"));
}

TEST_CASE("a FIFO or a device is not a database: refused at once, nothing created beside it") {
    const test::TempDir dir;
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    test::RunOptions guarded;
    guarded.prefix = {"/usr/bin/timeout", "20"};  // 124 if it ever blocks again
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"lookup", "finger"}, {"import", test::fixture("services/etc-services").string()}, {"info"}}) {
        CAPTURE(args);
        const auto fifo = test::run_portdb(args, dir / "fifo", guarded);
        CHECK(fifo.exit_code == 3);
        CHECK(fifo.err == "portdb: database " + (dir / "fifo").string() +
                              " is a FIFO (named pipe), not a regular file; give a file's path with --db\n");
    }
    CHECK_FALSE(fs::exists(dir / "fifo.lock"));
    CHECK_FALSE(fs::exists(dir / "fifo-journal"));

    const bool had_lock = fs::exists("/dev/null.lock");
    const bool had_journal = fs::exists("/dev/null-journal");
    const auto null =
        test::run_portdb({"import", test::fixture("services/etc-services").string()}, "/dev/null", guarded);
    CHECK(null.exit_code == 3);
    CHECK_THAT(null.err, Contains("is a character device, not a regular file"));
    CHECK(fs::exists("/dev/null.lock") == had_lock);
    CHECK(fs::exists("/dev/null-journal") == had_journal);
    CHECK(test::run_portdb({"lookup", "finger"}, "/dev/null", guarded).exit_code == 3);

    // A FIFO planted where the lock file goes is not waited on either.
    REQUIRE(::mkfifo((dir / "p.sqlite.lock").c_str(), 0600) == 0);
    const auto lock =
        test::run_portdb({"import", test::fixture("services/etc-services").string()}, dir / "p.sqlite", guarded);
    CHECK(lock.exit_code == 3);
    CHECK_THAT(lock.err, Contains("p.sqlite.lock: not a regular file"));
}

TEST_CASE("without HOME portdb refuses to guess, and never uses the current directory") {
    const test::TempDir dir;
    test::write_file(dir / "ports.sqlite", "planted by someone else\n");
    test::RunOptions options;
    options.unset = {"PORTDB_DB", "HOME", "XDG_DATA_HOME"};
    options.working_directory = dir.path();
    options.system_services = test::fixture("services/etc-services");
    const auto lookup = test::run_portdb({"lookup", "finger"}, {}, options);
    CHECK(lookup.exit_code == 3);
    CHECK(lookup.err ==
          "portdb: no place for the database: HOME is not set (or not an absolute path); give --db PATH, or set "
          "PORTDB_DB, XDG_DATA_HOME or HOME\n");
    options.environment = {"HOME=relative/home"};
    CHECK(test::run_portdb({"info"}, {}, options).exit_code == 3);
    CHECK(test::read_file(dir / "ports.sqlite") == "planted by someone else\n");
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
    // --db still works without HOME.
    CHECK(test::run_portdb({"--db", (dir / "mine.sqlite").string(), "lookup", "finger"}, {}, options).exit_code == 0);
}

TEST_CASE_METHOD(Imported, "a reader that never finishes does not hold up an import") {
    const db::Database stalled(db, db::Database::Access::read_only);
    REQUIRE(stalled.sources().size() == 2);  // its snapshot is taken, and held
    const auto start = std::chrono::steady_clock::now();
    const auto imported = run({"import", test::fixture("iana-xml/prefixed-namespace.xml").string()});
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(imported.exit_code == 0);
    CHECK(took < std::chrono::seconds(10));             // it waited out the 30 s busy timeout before
    CHECK(stalled.find_by_name("finger").size() == 3);  // the reader still sees its snapshot
    const auto after = run({"lookup", "finger"});
    CHECK(after.exit_code == 0);
}
