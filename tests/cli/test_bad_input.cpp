// Bad input of every kind: one clear line on stderr, the documented exit
// code, no crash, and no change to the database that was there.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include "portdb/db/database.hpp"

#include <sys/stat.h>

using namespace portdb;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

struct Case {
    std::vector<std::string> args;
    int exit_code;
};

struct BadInput : test::CliDatabase {
    std::string garbage = std::string(
        "\x7f"
        "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
        20);
    BadInput() {
        import({test::fixture("iana-xml/edge-cases.xml")});
        test::write_file(dir / "empty", "");
        test::write_file(dir / "garbage.bin", garbage + std::string(5000, '\xff'));
        test::write_file(dir / "text.txt", "Dear reader,\nthis is a letter, not a registry.\n");
        test::write_file(dir / "nul.txt", std::string("echo 7/tcp\n\0\0\0", 14));
        test::write_file(dir / "not-a-db.sqlite", "SQLite format 2\n" + std::string(100, 'x'));
        test::write_file(dir / "bad-policy.toml", "[[rule]\n");
        std::filesystem::create_directories(dir / "a-directory");
        {  // a database from a future schema
            { portdb::db::Database future(dir / "future.sqlite", portdb::db::Database::Access::read_write); }
            SQLite::Database raw((dir / "future.sqlite").string(), SQLite::OPEN_READWRITE);
            raw.exec("PRAGMA user_version = 42");
        }
    }
};

}  // namespace

TEST_CASE_METHOD(BadInput, "malformed invocations: one line, the documented code, nothing changed") {
    // The largest argument Linux passes to a program (MAX_ARG_STRLEN is 128 KiB).
    const std::string huge((128U << 10U) - 1, '7');
    const std::string d = dir.path().string();
    const std::vector<Case> cases{
        // usage errors (2)
        {{}, 2},
        {{"frobnicate"}, 2},
        {{"--frobnicate", "info"}, 2},
        {{"info", "--frobnicate"}, 2},
        {{"lookup"}, 2},
        {{"lookup", "a", "b"}, 2},
        {{"lookup", "-1"}, 2},
        {{"lookup", "65536"}, 2},
        {{"lookup", "80/tpc"}, 2},
        {{"lookup", "99999999999999999999999/tcp"}, 2},
        {{"lookup", huge}, 2},
        {{"check"}, 2},
        {{"check", "abc"}, 2},
        {{"check", ""}, 2},
        {{"check", "0x50"}, 2},
        {{"check", "-1"}, 2},
        {{"check", "80/tpc"}, 2},
        {{"check", "80/"}, 2},
        {{"check", "/tcp"}, 2},
        {{"check", "1e3"}, 2},
        {{"check", huge.substr(1) + "x"}, 2},
        {{"check", "79", "--instance", "0"}, 2},
        {{"check", "79", "--instance", "abc"}, 2},
        {{"lookup", "7000-6000"}, 2},
        {{"lookup", "6000-70000"}, 2},
        {{"check", "8010-8000"}, 2},
        {{"check", "60000-70000"}, 2},
        {{"check", "79", "80/tpc"}, 2},
        {{"check", "79", "--on", "linux,plan9"}, 2},
        {{"check", "79", "--on", ""}, 2},
        {{"search"}, 2},
        {{"search", "*"}, 2},
        {{"search", "\"()\""}, 2},
        {{"suggest"}, 2},
        {{"suggest", "finger", "--test"}, 2},
        {{"suggest", "--production", "--count", "-5"}, 2},
        {{"suggest", "--production", "--count", "0"}, 2},
        {{"suggest", "--test", "--instance", "99"}, 2},
        {{"suggest", "finger", "--instance", "19"}, 2},
        {{"suggest", "--experimental", "--phone", "12"}, 2},
        {{"suggest", "--experimental", "--phone", "CALL-ME-NOW"}, 2},
        {{"suggest", "--experimental"}, 2},
        {{"suggest", "finger", "--protocol", "tcp", "--protocol", "udp"}, 2},
        {{"suggest", "finger", "--on", "hurd"}, 2},
        // suggest takes exactly one mode, and the options of that mode
        {{"suggest", "finger", "--production"}, 2},
        {{"suggest", "--production", "--test"}, 2},
        {{"suggest", "--phone", "5551234"}, 2},
        {{"suggest", "--test", "--count", "0"}, 2},
        {{"suggest", "--production", "--protocol", "icmp"}, 2},
        {{"suggest", "finger", "--instance", "0"}, 2},
        {{"export"}, 2},
        {{"export", "--format", "xml"}, 2},
        {{"export", "--format", "csv", "--source", "nowhere"}, 2},
        {{"update", "--timeout", "0"}, 2},
        {{"update", "--cacert", d + "/missing.pem"}, 2},
        {{"diff", d + "/empty"}, 2},
        {{"--db"}, 2},
        {{"--policy"}, 2},
        {{"--site", d + "/site"}, 2},  // a global option, no command (--json alone: test_json_errors.cpp)
        // data, file and database errors (3)
        {{"import"}, 2},
        {{"import", d + "/missing"}, 3},
        {{"import", d + "/empty"}, 3},
        {{"import", d + "/garbage.bin"}, 3},
        {{"import", d + "/nul.txt"}, 3},
        {{"import", d + "/text.txt"}, 3},
        {{"import", d + "/a-directory"}, 3},
        {{"import", test::fixture("iana-xml/bad-port.xml").string()}, 3},
        {{"import", test::fixture("iana-xml/edge-cases.xml").string(),
          test::fixture("iana-xml/edge-cases.xml").string()},
         3},
        {{"--db", d + "/a-directory", "info"}, 3},
        {{"--db", d + "/not-a-db.sqlite", "lookup", "finger"}, 3},
        {{"--db", d + "/future.sqlite", "lookup", "finger"}, 3},
        {{"--db", "/proc/version", "import", test::fixture("services/etc-services").string()}, 3},
        {{"--db", "/proc/no/such/dir/ports.sqlite", "import", test::fixture("services/etc-services").string()}, 3},
        {{"--policy", d + "/missing.toml", "check", "79"}, 3},
        {{"--policy", d + "/a-directory", "check", "79"}, 3},
        {{"--policy", d + "/bad-policy.toml", "check", "79"}, 3},
        {{"--policy", d + "/garbage.bin", "suggest", "--production"}, 3},
        {{"update", "--source", "gopher://127.0.0.1/x"}, 3},
        {{"update", "--source", d + "/garbage.bin"}, 3},
        {{"update", "--source", "file://relative"}, 3},
        {{"diff", d + "/missing", d + "/empty"}, 3},
        {{"diff", d + "/text.txt", test::fixture("services/etc-services").string()}, 3},
    };
    const auto before = test::read_file(db);
    for (const auto& c : cases) {
        std::string shown;
        for (const auto& arg : c.args) {
            shown += (shown.empty() ? "" : " ") + arg.substr(0, 60);
        }
        CAPTURE(shown);
        const auto result = run(c.args);
        CHECK(result.exit_code == c.exit_code);
        CHECK_THAT(result.err, StartsWith("portdb: "));
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        CHECK(result.err.size() < 600);  // never echoes a megabyte back
        CHECK(result.out.empty());
    }
    CHECK(test::read_file(db) == before);
    std::printf("bad inputs tried: %zu\n", cases.size());
}

TEST_CASE("a usage error is found before any database is opened: exit 2, and no database is made") {
    const test::TempDir dir;
    const auto result = test::run_portdb({"lookup", "70000"}, dir / "p.sqlite");  // no shipped data, no services
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, Equals("portdb: port 70000 is out of range: ports are 0-65535\n"));
    CHECK_FALSE(std::filesystem::exists(dir / "p.sqlite"));
}

TEST_CASE_METHOD(BadInput, "odd but valid input is answered, not rejected") {
    CHECK(run({"lookup", "0x50"}).exit_code == 1);  // a name, not found
    CHECK(run({"lookup", std::string("fin\x01ger")}).exit_code == 1);
    CHECK(run({"check", "0"}).exit_code == 11);  // a conflict, not a usage error
    CHECK(run({"check", "99999999999999999999", "--no-local"}).exit_code == 11);
    CHECK(run({"search", "'; DROP TABLE assignments; --"}).exit_code == 1);
    CHECK(run({"lookup", "finger"}).exit_code == 0);  // the table is still there
}

TEST_CASE(
    "files portdb creates follow the umask and are never world-writable: a planted lock symlink is not followed") {
    const test::TempDir dir;
    const auto old_mask = ::umask(077);
    const auto result =
        test::run_portdb({"import", test::fixture("services/etc-services").string()}, dir / "private.sqlite");
    ::umask(022);
    const auto shared =
        test::run_portdb({"import", test::fixture("services/etc-services").string()}, dir / "shared.sqlite");
    ::umask(old_mask);
    REQUIRE(result.exit_code == 0);
    REQUIRE(shared.exit_code == 0);
    const auto mode = [](const std::filesystem::path& p) {
        struct stat st {};
        ::stat(p.c_str(), &st);
        return st.st_mode & 0777U;
    };
    CHECK(mode(dir / "private.sqlite") == 0600);
    CHECK(mode(dir / "private.sqlite.lock") == 0600);
    CHECK(mode(dir / "shared.sqlite") == 0644);
    CHECK((mode(dir / "shared.sqlite.lock") & 0002U) == 0);

    test::write_file(dir / "victim", "do not touch\n");
    std::filesystem::create_symlink(dir / "victim", dir / "trap.sqlite.lock");
    const auto trapped =
        test::run_portdb({"import", test::fixture("services/etc-services").string()}, dir / "trap.sqlite");
    CHECK(trapped.exit_code == 3);
    CHECK_THAT(trapped.err, StartsWith("portdb: cannot open the lock file"));
    CHECK(test::read_file(dir / "victim") == "do not touch\n");
    CHECK_FALSE(std::filesystem::exists(dir / "trap.sqlite"));
}
