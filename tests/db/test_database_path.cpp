// Where the database lives by default, and which paths may be one.
#include "portdb/db/database_error.hpp"
#include "portdb/db/database_path.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace portdb::db;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("the default database path: an absolute XDG_DATA_HOME, an absolute HOME, or a refusal") {
    CHECK(default_database_path({.data_home = "/data", .home = "/home/u"}) == "/data/portdb/ports.sqlite");
    // XDG: a relative value is ignored
    CHECK(default_database_path({.data_home = "relative/data", .home = "/home/u"}) ==
          "/home/u/.local/share/portdb/ports.sqlite");
    CHECK(default_database_path({.home = "/home/u"}) == "/home/u/.local/share/portdb/ports.sqlite");
    CHECK(default_database_path({.config_home = "/config", .home = "/home/u"}) ==
          "/home/u/.local/share/portdb/ports.sqlite");  // the config folder is not the data folder
    for (const char* home : {"", "relative/home", "."}) {
        CAPTURE(home);
        CHECK_THROWS_AS(default_database_path({.home = home}), DatabaseError);
        CHECK_THROWS_WITH(default_database_path({.data_home = "relative", .home = home}),
                          Contains("HOME is not set") && Contains("--db PATH"));
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
