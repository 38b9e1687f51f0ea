// Where the database lives by default, and which paths may be one.
#include "portdb/db/database_error.hpp"
#include "portdb/db/database_path.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <cstdlib>

using namespace portdb::db;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

/// Sets (or, with nullptr, unsets) the variables the default path reads.
void environment(const char* portdb_db, const char* xdg_data_home, const char* home) {
    const auto set = [](const char* name, const char* value) {
        if (value != nullptr) {
            ::setenv(name, value, 1);
        } else {
            ::unsetenv(name);
        }
    };
    set("PORTDB_DB", portdb_db);
    set("XDG_DATA_HOME", xdg_data_home);
    set("HOME", home);
}

}  // namespace

TEST_CASE("the default database path: PORTDB_DB, an absolute XDG_DATA_HOME, an absolute HOME, or a refusal") {
    environment("/x/p.sqlite", "/data", "/home/u");
    CHECK(default_database_path() == "/x/p.sqlite");
    environment(nullptr, "/data", "/home/u");
    CHECK(default_database_path() == "/data/portdb/ports.sqlite");
    environment(nullptr, "relative/data", "/home/u");  // XDG: a relative value is ignored
    CHECK(default_database_path() == "/home/u/.local/share/portdb/ports.sqlite");
    environment("", "", "/home/u");
    CHECK(default_database_path() == "/home/u/.local/share/portdb/ports.sqlite");
    for (const char* home : {static_cast<const char*>(nullptr), "", "relative/home", "."}) {
        CAPTURE(home == nullptr ? "(unset)" : home);
        environment(nullptr, nullptr, home);
        CHECK_THROWS_AS(default_database_path(), DatabaseError);
        environment(nullptr, "relative", home);
        CHECK_THROWS_WITH(default_database_path(), Contains("HOME is not set") && Contains("--db PATH"));
    }
}

TEST_CASE("a database path is a regular file, a symlink to one, or nothing yet") {
    const portdb::test::TempDir dir;
    portdb::test::write_file(dir / "file", "");
    fs::create_symlink(dir / "file", dir / "link");
    fs::create_symlink("/dev/null", dir / "link-to-null");
    fs::create_directories(dir / "folder");
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    CHECK_NOTHROW(check_database_path(dir / "file"));
    CHECK_NOTHROW(check_database_path(dir / "link"));
    CHECK_NOTHROW(check_database_path(dir / "missing"));
    CHECK_NOTHROW(check_database_path(dir / "missing" / "deeper"));
    CHECK_THROWS_WITH(check_database_path(dir / "fifo"), Contains("is a FIFO (named pipe), not a regular file"));
    CHECK_THROWS_WITH(check_database_path("/dev/null"), Contains("/dev/null is a character device"));
    CHECK_THROWS_WITH(check_database_path(dir / "link-to-null"), Contains("is a character device"));
    CHECK_THROWS_WITH(check_database_path(dir / "folder"), Contains("is a directory, not a file"));
}
