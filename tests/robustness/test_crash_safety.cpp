// kill -9 at random moments of an import and of an update: afterwards the
// database opens, passes its integrity checks, and holds exactly the
// previous data or exactly the new data.
#include "test_server.hpp"
#include "test_support.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <random>
#include <thread>

using namespace portdb;

namespace {

constexpr int trials = 50;

/// An IANA-XML registry of `records` services: large enough that an import
/// takes a while, when ../shared/data is not there to lend the real one.
struct Expected {
    std::string sha256;
    std::int64_t records = 0;
};

/// What the database says about its iana-xml source, after checking its integrity.
Expected inspect(const std::filesystem::path& db) {
    SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);  // read-write: recovers a WAL left by the killed writer
    REQUIRE(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
    raw.exec("INSERT INTO assignments_fts(assignments_fts) VALUES('integrity-check')");  // throws when corrupt
    SQLite::Statement source(raw, "SELECT id, sha256, record_count FROM sources WHERE kind = 'iana-xml'");
    REQUIRE(source.executeStep());
    Expected seen{source.getColumn(1).getString(), source.getColumn(2).getInt64()};
    SQLite::Statement rows(raw, "SELECT count(*) FROM assignments WHERE source_id = ?");
    rows.bind(1, source.getColumn(0).getInt64());
    REQUIRE(rows.executeStep());
    REQUIRE(rows.getColumn(0).getInt64() == seen.records);  // never half an import
    return seen;
}

/// Runs `args` to the end once, and returns how long it took.
std::chrono::microseconds full_run(const std::vector<std::string>& args, const std::filesystem::path& db) {
    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    waitpid(test::start_portdb(args, db), &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
}

void restore(const std::filesystem::path& pristine, const std::filesystem::path& db) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(db.string() + suffix);
    }
    std::filesystem::copy_file(pristine, db);
}

struct Outcomes {
    int old_data = 0;
    int new_data = 0;
};

/// Kills `args` at random moments within its running time, `trials` times.
Outcomes kill_at_random(const std::vector<std::string>& args, const std::filesystem::path& pristine,
                        const std::filesystem::path& db, const Expected& before, const Expected& after) {
    restore(pristine, db);
    const auto duration = full_run(args, db);
    REQUIRE(inspect(db).sha256 == after.sha256);
    std::mt19937 random(20261126);
    std::uniform_int_distribution<long> moment(0, duration.count() * 5 / 4);  // past the end too: some runs finish
    Outcomes outcomes;
    for (int trial = 0; trial < trials; ++trial) {
        CAPTURE(trial);
        restore(pristine, db);
        const pid_t pid = test::start_portdb(args, db);
        std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        const auto seen = inspect(db);
        const bool is_old = seen.sha256 == before.sha256 && seen.records == before.records;
        const bool is_new = seen.sha256 == after.sha256 && seen.records == after.records;
        REQUIRE((is_old || is_new));
        (is_old ? outcomes.old_data : outcomes.new_data) += 1;
    }
    return outcomes;
}

struct Fixture {
    test::TempDir dir;
    std::filesystem::path db = dir / "ports.sqlite";
    std::filesystem::path pristine = dir / "pristine.sqlite";
    std::filesystem::path large;
    Expected before;
    Expected after;
    Fixture() {
        // The previous data: the small fixture registry.
        REQUIRE(test::run_portdb({"import", test::fixture("iana-xml/edge-cases.xml").string()}, pristine).exit_code ==
                0);
        before = inspect(pristine);
        // The new data: the real registry portdb ships (newer than the fixture's? the same date: XML replaces XML).
        large = test::shipped_registry();
        REQUIRE(test::run_portdb({"import", large.string()}, dir / "reference.sqlite").exit_code == 0);
        after = inspect(dir / "reference.sqlite");
    }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "kill -9 during import, 50 times: the previous data or the new, never anything else") {
    const auto outcomes = kill_at_random({"import", large.string()}, pristine, db, before, after);
    std::printf("import killed %d times: %d left the previous data, %d the new\n", trials, outcomes.old_data,
                outcomes.new_data);
    CHECK(outcomes.old_data + outcomes.new_data == trials);
}

TEST_CASE_METHOD(Fixture, "kill -9 during update from the loopback server, 50 times: the previous data or the new") {
    for (const char* variable : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
        ::unsetenv(variable);
    }
    const test::TestServer server(dir.path(), {{"/r.xml", {{{"file", large.string()}}}}});
    const auto outcomes = kill_at_random({"update", "--source", server.url("/r.xml")}, pristine, db, before, after);
    std::printf("update killed %d times: %d left the previous data, %d the new\n", trials, outcomes.old_data,
                outcomes.new_data);
    CHECK(outcomes.old_data + outcomes.new_data == trials);
}
