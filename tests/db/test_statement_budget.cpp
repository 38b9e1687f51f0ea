// The bound on one statement's work, the last defence against a database
// crafted to loop: tested on a budget small enough to reach in a test.
#include "statement_budget.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <chrono>

using portdb::db::detail::StatementBudget;

TEST_CASE("a statement that runs past its budget without a row is interrupted") {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
    StatementBudget budget(10'000'000);
    budget.install(db.getHandle());
    const auto start = std::chrono::steady_clock::now();
    try {
        db.execAndGet("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n");
        FAIL("the endless query returned");
    } catch (const SQLite::Exception& error) {
        CHECK(error.getErrorCode() == SQLITE_INTERRUPT);
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    // The connection is usable afterwards, and the next statement gets a fresh budget.
    CHECK(db.execAndGet("SELECT 41 + 1").getInt() == 42);
}

TEST_CASE("the budget counts the work between rows, not the rows: a long result is not interrupted") {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
    StatementBudget budget(1'000'000);
    budget.install(db.getHandle());
    // Far more than a million instructions in all, a few dozen per row.
    SQLite::Statement rows(
        db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 500000) SELECT i FROM n");
    std::int64_t count = 0;
    while (rows.executeStep()) {
        ++count;
    }
    CHECK(count == 500000);
    // The same work without a row in between is over the budget.
    CHECK_THROWS_AS(db.execAndGet("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 500000) "
                                  "SELECT count(*) FROM n"),
                    SQLite::Exception);
}
