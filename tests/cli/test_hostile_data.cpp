// Hostile data, end to end: registries built to crash, exhaust memory or
// write to the terminal, and database files portdb did not write.
#include "cli_fixture.hpp"
#include "portdb/db/database.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <cstdlib>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

struct Imported : test::ImportedDatabase {
    void sql(const std::string& statements) const {
        SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
        raw.exec(statements);
    }
};

/// A services file of `lines` distinct entries.
std::string services_file(std::size_t lines) {
    std::string text;
    text.reserve(lines * 24);
    for (std::size_t i = 0; i < lines; ++i) {
        text += fmt::format("svc{} {}/{}\n", i, 1 + i % 65535, i % 2 == 0 ? "tcp" : "udp");
    }
    return text;
}

/// A database of `rows` services rows, each with an alias and a description.
void fill_database(const test::TempDir& dir, const std::string& name, std::size_t rows) {
    std::string text;
    text.reserve(rows * 80);
    for (std::size_t i = 0; i < rows; ++i) {
        text += fmt::format("service-{} {}/{} alias-{} # generated service number {} for the memory test\n", i,
                            1 + i % 60000, i % 2 == 0 ? "tcp" : "udp", i, i);
    }
    test::write_file(dir / (name + ".services"), text);
    REQUIRE(test::run_portdb({"import", (dir / (name + ".services")).string()}, dir / (name + ".sqlite")).exit_code ==
            0);
}

/// Options that measure the binary's peak memory. Under AddressSanitizer its
/// quarantine of freed memory (256 MiB) is turned off: it would count
/// memory long freed.
test::RunOptions measuring() {
    test::RunOptions options;
    options.measure_memory = true;
#if defined(__SANITIZE_ADDRESS__)
    const char* asan = std::getenv("ASAN_OPTIONS");
    options.environment = {std::string("ASAN_OPTIONS=") + (asan != nullptr ? asan : "") + ":quarantine_size_mb=0"};
#endif
    return options;
}

}  // namespace

TEST_CASE("<a> nested 50,000 deep in a description, or 30,000 in a note: refused with a message, no crash") {
    const test::TempDir dir;
    test::write_file(dir / "deep-description.xml", test::nested_registry("description", 50000));
    test::write_file(dir / "deep-note.xml", test::nested_registry("note", 30000));
    for (const char* file : {"deep-description.xml", "deep-note.xml"}) {
        CAPTURE(file);
        const auto imported = test::run_portdb({"import", (dir / file).string()}, dir / "p.sqlite");
        CHECK(imported.exit_code == 3);
        CHECK_THAT(imported.err,
                   StartsWith("portdb: " + (dir / file).string() + ":3: elements nested more than 32 deep"));
        const auto diffed = test::run_portdb(
            {"diff", test::fixture("iana-xml/edge-cases.xml").string(), (dir / file).string()}, dir / "p.sqlite");
        CHECK(diffed.exit_code == 3);
        CHECK_THAT(diffed.err, Contains("nested more than 32 deep"));
        const auto updated = test::run_portdb({"update", "--source", (dir / file).string()}, dir / "p.sqlite");
        CHECK(updated.exit_code == 3);
    }
    // The limit leaves room: 29 levels inside a description (32 in all) import.
    test::write_file(dir / "deep-enough.xml", test::nested_registry("description", 29));
    CHECK(test::run_portdb({"import", (dir / "deep-enough.xml").string()}, dir / "p.sqlite").exit_code == 0);
}

TEST_CASE_METHOD(Imported, "registry text cannot reach the terminal raw: C1 controls, bidi overrides, invalid UTF-8") {
    sql("UPDATE assignments SET description = 'Finger' || char(0x9b) || '31m red' || char(0x202e) || 'txt.exe' "
        "|| char(0x200b) || ' OSC ' || char(0x9d) || '52;c;ZXZpbA==' || char(0x9c) WHERE name = 'finger';"
        "UPDATE assignments SET description = CAST(X'4563686FC3' AS TEXT) || char(27) || '[2J' WHERE name = 'echo'");
    const auto finger = run({"lookup", "finger"});
    CHECK(finger.exit_code == 0);
    CHECK_THAT(finger.out, Contains("Finger?31m red?txt.exe? OSC ?52;c;ZXZpbA==?"));
    const auto echo = run({"lookup", "echo"});
    CHECK_THAT(echo.out, Contains("Echo??[2J"));
    for (const auto* text : {&finger.out, &echo.out}) {
        CHECK(text->find('\x1b') == std::string::npos);
        CHECK(text->find("\xc2\x9b") == std::string::npos);
        CHECK(text->find("\xe2\x80\xae") == std::string::npos);
    }
}

TEST_CASE_METHOD(Imported,
                 "flipped bytes in the database: JSON output and export replace them, never a raw exception") {
    sql("UPDATE assignments SET description = CAST(X'46E96E676572FF' AS TEXT) WHERE name = 'finger'");
    const auto lookup = run({"--json", "lookup", "finger"});
    CHECK(lookup.exit_code == 0);
    CHECK(lookup.err.empty());
    const auto parsed = nlohmann::json::parse(lookup.out);
    CHECK(parsed["services"][0]["description"] == "F\xef\xbf\xbdnger\xef\xbf\xbd");  // U+FFFD for each bad byte
    const auto exported = run({"export", "--format", "json"});
    CHECK(exported.exit_code == 0);
    CHECK_NOTHROW(nlohmann::json::parse(exported.out));
    CHECK_THAT(run({"lookup", "finger"}).out, Contains("F?nger?"));
}

TEST_CASE_METHOD(Imported, "a planted trigger never runs: the database is refused") {
    sql("CREATE TRIGGER planted AFTER INSERT ON assignments BEGIN "
        "UPDATE assignments SET description = 'changed by the trigger' WHERE id = new.id; END");
    const auto before = test::read_file(db);
    const auto imported = run({"import", test::fixture("services/etc-services").string()});
    CHECK(imported.exit_code == 3);
    CHECK_THAT(imported.err, StartsWith("portdb: database " + db.string() +
                                        " holds a trigger \"planted\" that portdb does not create"));
    CHECK(test::read_file(db) == before);
    const auto lookup = run({"lookup", "finger"});
    CHECK(lookup.exit_code == 3);
    CHECK_THAT(lookup.err, Contains("holds a trigger"));
}

TEST_CASE_METHOD(Imported, "a view standing in for a table, with an endless recursive CTE, is refused at once") {
    sql("ALTER TABLE sources RENAME TO real_sources;"
        "CREATE VIEW sources AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
        "SELECT i AS id, 'iana-xml' AS kind, '' AS location, '' AS sha256, NULL AS registry_date, '' AS imported_at, "
        "NULL AS etag, NULL AS last_modified, 0 AS record_count, 0 AS assignment_count, 0 AS people_count, "
        "0 AS warning_count, i AS widest_range FROM n");
    const auto start = std::chrono::steady_clock::now();
    const auto lookup = run({"lookup", "79/tcp"});
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK(lookup.exit_code == 3);
    CHECK_THAT(lookup.err, Contains("that portdb does not create"));
}

TEST_CASE_METHOD(Imported, "tables and indexes portdb does not create are refused: its own objects are all accepted") {
    CHECK(run({"lookup", "finger"}).exit_code == 0);
    sql("CREATE INDEX planted_index ON assignments(description)");
    CHECK_THAT(run({"lookup", "finger"}).err, Contains("holds an index \"planted_index\""));
    sql("DROP INDEX planted_index; CREATE TABLE planted_table (x)");
    const auto table = run({"info"});
    CHECK(table.exit_code == 3);
    CHECK_THAT(table.err, Contains("holds a table \"planted_table\""));
    sql("DROP TABLE planted_table");
    CHECK(run({"lookup", "finger"}).exit_code == 0);
}

TEST_CASE("an import's records are capped, and so is what one record may hold") {
    const test::TempDir dir;
    test::write_file(dir / "too-many", services_file(250001));
    const auto many = test::run_portdb({"import", (dir / "too-many").string()}, dir / "p.sqlite");
    CHECK(many.exit_code == 3);
    CHECK(many.err == "portdb: " + (dir / "too-many").string() +
                          ":250001: more than 250000 records: a registry file may hold at most 250000\n");
    CHECK_FALSE(std::filesystem::exists(dir / "p.sqlite"));

    std::string aliases = "big 1/tcp";
    for (int i = 0; i < 5000; ++i) {
        aliases += fmt::format(" alias{}", i);
    }
    test::write_file(dir / "big-record", "echo 7/tcp\n" + aliases + "\n");
    const auto big = test::run_portdb({"import", (dir / "big-record").string()}, dir / "p.sqlite");
    CHECK(big.exit_code == 3);
    CHECK_THAT(big.err, Contains("big-record:2: a record of") && Contains("a record may hold at most 64 KiB"));

    // The 2005 text attaches each '#' line to every entry of its group: 2,000
    // entries and 2,000 contact lines would be four million contacts.
    std::string text =
        "WELL KNOWN PORT NUMBERS\n\nKeyword         Decimal    Description                     References\n"
        "-------         -------    -----------                     ----------\n";
    for (int i = 0; i < 2000; ++i) {
        text += fmt::format("{:<16}{:>5}/tcp    Service {}\n", fmt::format("svc{}", i), 1 + i, i);
    }
    for (int i = 0; i < 2000; ++i) {
        text += fmt::format("#                          Person {} <person{}@example.org>\n", i, i);
    }
    test::write_file(dir / "group.txt", text);
    const auto group = test::run_portdb({"import", (dir / "group.txt").string()}, dir / "p.sqlite");
    CHECK(group.exit_code == 3);
    CHECK_THAT(group.err, Contains("a record may hold at most 64 KiB"));
}

TEST_CASE("import memory is bounded per record") {
    const test::TempDir dir;
    test::write_file(dir / "small", services_file(20000));
    test::write_file(dir / "large", services_file(200000));
    const auto measured = measuring();
    const auto small = test::run_portdb({"import", (dir / "small").string()}, dir / "small.sqlite", measured);
    const auto large = test::run_portdb({"import", (dir / "large").string()}, dir / "large.sqlite", measured);
    REQUIRE(small.exit_code == 0);
    REQUIRE(large.exit_code == 0);
    const double per_record = static_cast<double>(large.peak_rss_kib - small.peak_rss_kib) * 1024.0 / 180000.0;
    std::printf("import peak RSS: %ld KiB for 20,000 records, %ld KiB for 200,000: %.0f bytes per record\n",
                small.peak_rss_kib, large.peak_rss_kib, per_record);
    CHECK(per_record < 1024.0);  // about 600 bytes
}

TEST_CASE("export memory does not grow with the database: JSON is the same document as before streaming") {
    const test::TempDir dir;
    fill_database(dir, "small", 20000);
    fill_database(dir, "large", 200000);
    for (const std::string format : {"json", "csv", "services"}) {
        auto options = measuring();
        options.stdout_path = "/dev/null";
        const auto small = test::run_portdb({"export", "--format", format}, dir / "small.sqlite", options);
        const auto large = test::run_portdb({"export", "--format", format}, dir / "large.sqlite", options);
        REQUIRE(small.exit_code == 0);
        REQUIRE(large.exit_code == 0);
        const long growth = large.peak_rss_kib - small.peak_rss_kib;
        std::printf("export --format %s peak RSS: %ld KiB for 20,000 rows, %ld KiB for 200,000\n", format.c_str(),
                    small.peak_rss_kib, large.peak_rss_kib);
        CAPTURE(format, small.peak_rss_kib, large.peak_rss_kib);
        // services remembers a key of a few bytes per line written, to write each once.
        CHECK(growth < (format == "services" ? 32 * 1024 : 8 * 1024));
    }
}
