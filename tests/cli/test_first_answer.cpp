// The first answer is the right one: the program carries its shipped data,
// every new database starts from it, a database without it gains it at its
// next write, and a first use is safe against what others left in its folder.
#include "test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {

// As a user runs it: no PORTDB_DATA_DIR, so the data comes from the program itself.
test::RunOptions own_data(const fs::path& services = "/nonexistent/services") {
    test::RunOptions options;
    options.unset = {"PORTDB_DATA_DIR"};
    options.system_services = services;
    return options;
}

bool names_prometheus(const fs::path& db) {
    const auto result = test::run_portdb({"lookup", "9090"}, db, own_data());
    return result.exit_code == 0 && result.out.find("prometheus") != std::string::npos &&
           result.out.find("IANA 2025-12-15") != std::string::npos;
}

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    ::stat(path.c_str(), &info);
    return info.st_mode & 07777U;
}

}  // namespace

TEST_CASE("the program carries its shipped data: a first use answers from IANA and the software defaults") {
    const test::TempDir dir;
    const auto db = dir / "home" / ".local" / "share" / "portdb" / "ports.sqlite";
    const auto first = test::run_portdb({"lookup", "tacacss"}, db, own_data(test::fixture("services/etc-services")));
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.err, StartsWith("portdb: no database yet: created " + db.string() +
                                     " from the shipped IANA 2025-12-15 (11707 assignments, 216 software defaults)"));
    CHECK_THAT(first.out, Contains("300   tcp    tacacss  IANA 2025-12-15"));
    const auto check = test::run_portdb({"check", "9090", "--all", "--no-local"}, db, own_data());
    CHECK_THAT(check.out, Contains("prometheus"));
    // Folders portdb creates are the user's alone (XDG).
    CHECK(mode_of(dir / "home") == 0700U);
    CHECK(mode_of(db.parent_path()) == 0700U);
}

TEST_CASE("every new database starts from the shipped layers, whichever command makes it") {
    const test::TempDir dir;
    SECTION("import into a new --db") {
        const auto result =
            test::run_portdb({"import", test::fixture("services/etc-services").string()}, dir / "a.sqlite", own_data());
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.err, Contains("no database yet: created"));
        CHECK(names_prometheus(dir / "a.sqlite"));
    }
    SECTION("reserve first") {
        const auto result = test::run_portdb({"reserve", "31007/tcp", "billing"}, dir / "b.sqlite", own_data());
        CHECK(result.exit_code == 0);
        CHECK(names_prometheus(dir / "b.sqlite"));
    }
    SECTION("an import of an older registry into a new database leaves the shipped one current") {
        auto older = test::read_file(test::fixture("iana-xml/edge-cases.xml"));
        older.replace(older.find("<updated>2025-12-15"), 19, "<updated>2024-01-02");
        test::write_file(dir / "older.xml", older);
        const auto result = test::run_portdb({"import", (dir / "older.xml").string()}, dir / "c.sqlite", own_data());
        CHECK(result.exit_code == 0);
        const auto info = nlohmann::json::parse(test::run_portdb({"--json", "info"}, dir / "c.sqlite", own_data()).out);
        CHECK(info["sources"][0]["name"] == "IANA 2025-12-15");
        CHECK(info["sources"][0]["layer"] == "registry");
        CHECK(info["missing_layers"].empty());
    }
}

TEST_CASE("a database made without the shipped data gains its layers at the next write, said in one line") {
    const test::TempDir dir;
    const auto db = dir / "old.sqlite";
    std::string missing;
    std::string added;
    SECTION("a database of schema 1, written by portdb 0.1: it has a registry, not the software defaults") {
        fs::copy_file(test::fixture("db/schema-v1.sqlite"), db);
        missing = "software defaults (defacto layer)";
        added = "software defaults (216 entries, defacto)";
    }
    SECTION("a database whose first command ran without shipped data") {
        REQUIRE(test::run_portdb({"reserve", "31007/tcp", "billing"}, db).exit_code == 0);  // PORTDB_DATA_DIR: none
        missing = "IANA 2025-12-15 (registry layer), software defaults (defacto layer)";
        added = "IANA 2025-12-15 (11707 entries, registry), software defaults (216 entries, defacto)";
        CHECK_FALSE(names_prometheus(db));  // reading adds nothing
    }
    const auto unanswered = test::run_portdb({"lookup", "tacacss"}, db, own_data());
    CHECK(unanswered.exit_code == 1);
    CHECK_THAT(unanswered.err, Contains(" (this database lacks ") && Contains("software defaults: its next write adds "
                                                                              "them, e.g. portdb update)\n"));
    const auto info = test::run_portdb({"info"}, db, own_data());
    CHECK_THAT(info.out, Contains("missing: " + missing + "; a new database has them"));
    const auto write = test::run_portdb({"reserve", "31008/tcp", "reports"}, db, own_data());
    CHECK(write.exit_code == 0);
    CHECK_THAT(write.err, Contains("portdb: added what this database lacked: " + added + "\n"));
    CHECK(std::count(write.err.begin(), write.err.end(), '\n') == 1);
    const auto lookup = test::run_portdb({"lookup", "9090"}, db, own_data());
    CHECK_THAT(lookup.out, Contains("prometheus"));
    const auto after = nlohmann::json::parse(test::run_portdb({"--json", "info"}, db, own_data()).out);
    CHECK(after["missing_layers"].empty());
    // Once whole, a write adds nothing more and says nothing of it.
    CHECK(test::run_portdb({"reserve", "31009/tcp", "more"}, db, own_data()).err.find("lacked") == std::string::npos);
}

TEST_CASE("a failed import into a database that lacks layers changes nothing, the missing layers included") {
    const test::TempDir dir;
    const auto db = dir / "old.sqlite";
    REQUIRE(test::run_portdb({"reserve", "31007/tcp", "billing"}, db).exit_code == 0);
    const auto before = test::read_file(db);
    const auto result =
        test::run_portdb({"import", test::fixture("port-numbers/port-out-of-range.txt").string()}, db, own_data());
    CHECK(result.exit_code == 3);
    CHECK(test::read_file(db) == before);
}

TEST_CASE("a dangling symlink at the database path is refused with one message: nothing is created") {
    const test::TempDir dir;
    const auto db = dir / "ports.sqlite";
    fs::create_symlink(dir / "elsewhere" / "target.sqlite", db);
    const auto result = test::run_portdb({"lookup", "finger"}, db, own_data());
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, Equals("portdb: database " + db.string() + " is a symbolic link to " +
                                  (dir / "elsewhere" / "target.sqlite").string() +
                                  ", which does not exist; remove the link or give another path with --db\n"));
    CHECK_FALSE(fs::exists(dir / "elsewhere"));
}

TEST_CASE("a first use writes through no planted symlink and removes what a killed first use left") {
    const test::TempDir dir;
    const auto db = dir / "ports.sqlite";
    test::write_file(dir / "victim", "precious\n");
    // Staging names of processes that are gone (pid 2^22 + 1 is above Linux's pid_max).
    fs::create_symlink(dir / "victim", dir / "ports.sqlite.new-4194305");
    fs::create_symlink(dir / "victim", dir / "ports.sqlite.new-4194305-0badf00d");
    test::write_file(dir / "ports.sqlite.new-4194306-12345678", "half a database");
    test::write_file(dir / "ports.sqlite.new-4194306-12345678-wal", "");
    const auto result = test::run_portdb({"lookup", "finger"}, db, own_data());
    CHECK(result.exit_code == 0);
    CHECK(test::read_file(dir / "victim") == "precious\n");
    CHECK(fs::is_regular_file(fs::symlink_status(db)));
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        left.push_back(entry.path().filename().string());
    }
    std::sort(left.begin(), left.end());
    CHECK(std::none_of(left.begin(), left.end(),
                       [](const std::string& name) { return name.find(".new-") != std::string::npos; }));
}

TEST_CASE("twenty first uses at once: one creates the database, the others use it") {
    const test::TempDir dir;
    const auto db = dir / "shared" / "ports.sqlite";
    std::vector<test::CommandResult> results(20);
    std::vector<std::thread> runs;
    for (auto& result : results) {
        runs.emplace_back([&result, &db] { result = test::run_portdb({"lookup", "finger"}, db, own_data()); });
    }
    for (auto& run : runs) {
        run.join();
    }
    int created = 0;
    for (const auto& result : results) {
        CHECK(result.exit_code == 0);
        CHECK_THAT(result.out, Contains("79    tcp    finger"));
        created += result.err.find("created") != std::string::npos ? 1 : 0;
    }
    CHECK(created == 1);
}

TEST_CASE("damaged shipped data is reported as the shipped data's, and no database is made from it") {
    const test::TempDir dir;
    fs::create_directories(dir / "data");
    test::write_file(dir / "data" / "ports.sqlite", std::string(8192, 'x'));
    test::RunOptions options;
    options.data_dir = dir / "data";
    const auto result = test::run_portdb({"lookup", "finger"}, dir / "ports.sqlite", options);
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, StartsWith("portdb: the shipped data (" + (dir / "data" / "ports.sqlite").string() + ")"));
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(dir / "ports.sqlite"));
}

namespace {

// A first use with `services` as this machine's services file answers `name`
// from it, and the database holds the shipped layers too.
fs::path check_first_use_with(const test::TempDir& dir, const std::string& services, const std::string& name,
                              std::size_t entries) {
    test::write_file(dir / "services", services);
    const auto db = dir / "ports.sqlite";
    const auto first = test::run_portdb({"lookup", name}, db, own_data(dir / "services"));
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.err, Contains("(" + std::to_string(entries) + " entries)"));
    CHECK_THAT(first.out, Contains(name));
    CHECK(names_prometheus(db));
    return db;
}

}  // namespace

TEST_CASE("a first use with a large services file builds the database whole: 60,000 lines fit") {
    const test::TempDir dir;
    std::string services;
    for (int i = 0; i < 60000; ++i) {
        services += "svc" + std::to_string(i) + "\t" + std::to_string(1 + i % 65000) + (i % 2 ? "/tcp" : "/udp") +
                    "\talias" + std::to_string(i) + "\t# a service of this machine\n";
    }
    const auto db = check_first_use_with(dir, services, "svc59999", 60000);
    const auto info = test::run_portdb({"info", "--json"}, db, own_data(dir / "services"));
    CHECK(nlohmann::json::parse(info.out).at("sources").size() == 3);
}

TEST_CASE("a first use whose services file outgrows the copy in memory is built in the file instead") {
    const test::TempDir dir;
    // 100 lines of 500 protocols and 20 aliases each: 50,000 rows from 270 KB.
    std::string services;
    for (int line = 0; line < 100; ++line) {
        services += "wide" + std::to_string(line) + "\t" + std::to_string(20000 + line);
        for (int p = 0; p < 500; ++p) {
            services += "/p" + std::to_string(p);
        }
        for (int alias = 0; alias < 20; ++alias) {
            services += " wide" + std::to_string(line) + "-alias" + std::to_string(alias);
        }
        services += "\n";
    }
    check_first_use_with(dir, services, "wide99", 50000);
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        CHECK(entry.path().filename().string().find(".new-") == std::string::npos);  // no staging file left
    }
}
