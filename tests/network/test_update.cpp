// portdb update against a real server on 127.0.0.1: the database afterwards,
// byte-identical wherever the update must not change it.
#include "network_fixture.hpp"
#include "portdb/db/database.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/update.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <thread>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;
using json = nlohmann::json;

namespace {

/// edge-cases.xml with one service renamed, one described anew, one removed and one added.
std::string changed_registry() {
    std::string xml = test::read_file(test::fixture("iana-xml/edge-cases.xml"));
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = xml.find(from);
        REQUIRE(at != std::string::npos);
        xml.replace(at, from.size(), to);
    };
    replace("<name>inetfs</name>", "<name>inetfs2</name>");
    replace("<description>X Window System</description>", "<description>X11 display server</description>");
    const auto ident = xml.find("<name>ident</name>");
    const auto start = xml.rfind("<record>", ident);
    const auto end = xml.find("</record>", ident) + 9;
    xml.erase(start, end - start);
    replace("<footnote",
            "<record><name>newcomer</name><protocol>tcp</protocol><description>New</description>"
            "<number>40404</number></record>\n  <footnote");
    return xml;
}

std::size_t query_names(const db::Database& reader, const std::string& name) {
    return reader.find_by_name(name).size();
}

}  // namespace

TEST_CASE_METHOD(test::UpdateFixture, "update: 200, then 304 with the stored ETag changes nothing") {
    const test::TestServer server(
        dir.path(), {{"/r.xml", {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"etag", "\"v1\""}}}}});
    const auto first = importer::update(db, options(server.url("/r.xml")));
    CHECK(first.updated);
    CHECK(first.kind == db::SourceKind::iana_xml);
    CHECK(first.assignments_before == 0);
    CHECK(first.assignments_after == 14);
    CHECK(first.changes.added.size() == 25);
    {
        const db::Database reader(db, db::Database::Access::read_only);
        REQUIRE(reader.sources().size() == 1);
        CHECK(reader.sources()[0].etag == "\"v1\"");
        CHECK(reader.sources()[0].location == server.url("/r.xml"));
    }
    // What the database holds, less when the server was last asked (a 304
    // records that, to the second: the file's bytes may change with it).
    const auto held = [&] {
        const db::Database reader(db, db::Database::Access::read_only);
        auto sources = reader.sources();
        for (auto& source : sources) {
            CHECK(source.checked_at);
            source.checked_at.reset();
        }
        std::vector<std::string> rows;
        for (const auto& row : reader.all_assignments(std::nullopt)) {
            rows.push_back(fmt::format("{} {} {}", row.assignment.name.value_or("-"), row.assignment.position,
                                       row.assignment.description));
        }
        return std::pair(sources.size() == 1 ? sources[0].sha256 + sources[0].imported_at : "", rows);
    };
    const auto before = held();
    const auto second = importer::update(db, options(server.url("/r.xml")));
    CHECK_FALSE(second.updated);
    CHECK_THAT(second.up_to_date_reason, Contains("HTTP 304"));
    CHECK(second.assignments_before == 14);
    CHECK(held() == before);
    CHECK(server.requests().back()["headers"]["If-None-Match"] == "\"v1\"");

    // --force downloads again (no validators) and accepts the same content.
    auto forced = options(server.url("/r.xml"));
    forced.force = true;
    CHECK(importer::update(db, forced).updated);
    CHECK_FALSE(server.requests().back()["headers"].contains("If-None-Match"));
}

TEST_CASE_METHOD(test::UpdateFixture, "update: a changed registry, and a summary of what changed") {
    test::write_file(dir / "changed.xml", changed_registry());
    const test::TestServer server(dir.path(), {{"/r.xml",
                                                {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}},
                                                 {{"file", (dir / "changed.xml").string()}}}}});
    REQUIRE(importer::update(db, options(server.url("/r.xml"))).updated);
    const auto result = importer::update(db, options(server.url("/r.xml")));
    CHECK(result.updated);
    CHECK(result.assignments_before == 14);
    CHECK(result.assignments_after == 14);
    REQUIRE(result.changes.added.size() == 1);
    CHECK(result.changes.added[0].name == "newcomer");
    REQUIRE(result.changes.removed.size() == 1);
    CHECK(result.changes.removed[0].name == "ident");
    REQUIRE(result.changes.changed.size() == 2);
    CHECK(result.changes.changed[0].after.name == "x11");
    CHECK(result.changes.changed[0].fields == std::vector<std::string>{"description"});
    CHECK(result.changes.changed[1].before.name == "inetfs");
    CHECK(result.changes.changed[1].after.name == "inetfs2");
    CHECK(result.changes.changed[1].fields == std::vector<std::string>{"name"});

    const db::Database reader(db, db::Database::Access::read_only);
    CHECK(reader.find_by_name("newcomer").size() == 1);
    CHECK(reader.find_by_name("ident").empty());
}

TEST_CASE_METHOD(test::UpdateFixture, "update: retried 5xx succeeds: 404, truncation and an HTML page change nothing") {
    importer::import_files(db, {test::fixture("iana-xml/edge-cases.xml")});
    const auto before = test::read_file(db);
    test::write_file(dir / "page.html", "<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>\n");
    const test::TestServer server(
        dir.path(),
        {{"/flaky", {{{"status", 500}}, {{"status", 500}}, {{"file", (dir / "page.html").string()}}}},
         {"/gone", {{{"status", 404}}}},
         {"/short", {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"truncate", 2000}}}},
         {"/html", {{{"file", (dir / "page.html").string()}}}},
         {"/good",
          {{{"status", 500}}, {{"status", 500}}, {{"file", test::fixture("iana-xml/edge-cases.xml").string()}}}}});
    CHECK_THROWS_WITH(importer::update(db, options(server.url("/gone"))), Contains("HTTP 404"));
    CHECK_THROWS_WITH(importer::update(db, options(server.url("/short"))), Contains("truncated"));
    CHECK_THROWS_WITH(importer::update(db, options(server.url("/html"))),
                      Contains("not the IANA port-number registry: the root element is <html>"));
    CHECK_THROWS_AS(importer::update(db, options(server.url("/flaky"))),
                    importer::ParseError);  // 3rd try: the HTML page
    CHECK(test::read_file(db) == before);

    const auto good = importer::update(db, options(server.url("/good")));
    CHECK(good.attempts == 3);
    CHECK_FALSE(good.updated);  // same bytes as the imported file
    CHECK_THAT(good.up_to_date_reason, Contains("same SHA-256"));
    std::vector<std::string> warnings;
    const db::Database reader(db, db::Database::Access::read_only);  // the same rows; only when it was asked is new
    REQUIRE(reader.sources().size() == 1);
    CHECK(reader.sources()[0].checked_at.has_value());
    CHECK(static_cast<std::size_t>(reader.sources()[0].assignment_count) ==
          db::count_active_assignments(
              importer::load_source_file(test::fixture("iana-xml/edge-cases.xml"), warnings).assignments));
}

TEST_CASE_METHOD(test::UpdateFixture,
                 "update: oversized, stalled and redirect-looping downloads change nothing: gzip works") {
    importer::import_files(db, {test::fixture("iana-xml/prefixed-namespace.xml")});
    const auto before = test::read_file(db);
    const auto registry = test::fixture("iana-xml/edge-cases.xml").string();
    const test::TestServer server(dir.path(), {{"/big", {{{"file", registry}}}},
                                               {"/stall", {{{"file", registry}, {"stall", 30}}}},
                                               {"/loop", {{{"status", 302}, {"location", "/loop"}}}},
                                               {"/to-file", {{{"status", 302}, {"location", "file://" + registry}}}},
                                               {"/gz", {{{"file", registry}, {"gzip", true}}}}});
    auto capped = options(server.url("/big"));
    capped.fetch.max_bytes = 4096;
    CHECK_THROWS_WITH(importer::update(db, capped), Contains("larger than the 4096 byte limit"));
    auto stalled = options(server.url("/stall"));
    stalled.fetch.low_speed_time = std::chrono::seconds(1);
    stalled.fetch.attempts = 1;
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH(importer::update(db, stalled), Contains("stalled"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(15));
    CHECK_THROWS_WITH(importer::update(db, options(server.url("/loop"))), Contains("too many redirects"));
    CHECK_THROWS_WITH(importer::update(db, options(server.url("/to-file"))), Contains("refused"));
    CHECK(test::read_file(db) == before);

    const auto gzipped = importer::update(db, options(server.url("/gz")));
    CHECK(gzipped.updated);
    CHECK(gzipped.assignments_after == 14);
}

TEST_CASE_METHOD(test::UpdateFixture, "update: a registry less than half the size is refused unless forced") {
    importer::import_files(db, {test::fixture("iana-xml/edge-cases.xml")});
    const auto before = test::read_file(db);
    // A one-service registry dated after the current one: it would replace it.
    std::string small = test::read_file(test::fixture("iana-xml/prefixed-namespace.xml"));
    small.replace(small.find("2024-12-20"), 10, "2026-01-01");
    test::write_file(dir / "small.xml", small);
    const test::TestServer server(dir.path(), {{"/small.xml", {{{"file", (dir / "small.xml").string()}}}}});
    CHECK_THROWS_WITH(importer::update(db, options(server.url("/small.xml"))),
                      Contains("refusing to replace 14 assignments with 1 (fewer than half)") && Contains("--force"));
    CHECK(test::read_file(db) == before);
    auto forced = options(server.url("/small.xml"));
    forced.force = true;
    const auto result = importer::update(db, forced);
    CHECK(result.updated);
    CHECK(result.assignments_after == 1);
}

TEST_CASE_METHOD(test::UpdateFixture, "update: the expected format is enforced for the named sources") {
    // "rfc1700" and "iana" name their format; a path or file:// URL is detected.
    test::write_file(dir / "services", "echo 7/tcp\n");
    const auto from_path = importer::update(db, options((dir / "services").string()));
    CHECK(from_path.updated);
    CHECK(from_path.kind == db::SourceKind::services);
    const auto from_url = importer::update(db, options("file://" + (dir / "services").string()));
    CHECK_FALSE(from_url.updated);  // same content
    CHECK_THROWS_WITH(importer::update(db, options("file://relative/path")), Contains("absolute path"));
    CHECK_THROWS_WITH(importer::update(db, options("gopher://127.0.0.1/x")), Contains("only iana, rfc1700"));
}

TEST_CASE_METHOD(test::UpdateFixture,
                 "update: two updates at once take turns: both succeed, the second finds it current") {
    const test::TestServer server(
        dir.path(),
        {{"/slow.xml",
          {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"etag", "\"v1\""}, {"delay", 1}}}}});
    std::atomic<int> waited{0};
    std::vector<importer::UpdateResult> results(2);
    std::vector<std::string> errors(2);
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&, i] {
            auto o = options(server.url("/slow.xml"));
            o.on_wait = [&] { ++waited; };
            try {
                results[static_cast<std::size_t>(i)] = importer::update(db, o);
            } catch (const std::exception& e) {
                errors[static_cast<std::size_t>(i)] = e.what();
            }
        });
        if (i == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the first holds the lock
        }
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(errors == std::vector<std::string>{"", ""});
    CHECK(waited == 1);
    CHECK(results[0].updated != results[1].updated);  // exactly one wrote
    const db::Database reader(db, db::Database::Access::read_only);
    CHECK(reader.sources().size() == 1);
    CHECK(reader.find_by_name("finger").size() == 2);
}

TEST_CASE_METHOD(test::UpdateFixture, "portdb update and diff from the command line") {
    test::write_file(dir / "changed.xml", changed_registry());
    const test::TestServer server(dir.path(),
                                  {{"/r.xml",
                                    {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"etag", "\"a\""}},
                                     {{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"etag", "\"a\""}},
                                     {{"file", (dir / "changed.xml").string()}, {"etag", "\"b\""}}}}});
    const auto first = test::run_portdb({"update", "--source", server.url("/r.xml")}, db);
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.out, Equals("added IANA 2025-12-15 to the registry layer from " + server.url("/r.xml") +
                                 ": 14 assignments\n"));
    // Not a terminal: no progress line, only the fixture's own warning.
    CHECK(first.err.find('\r') == std::string::npos);
    CHECK_THAT(first.err, StartsWith("portdb: warning: ") && Contains("Nobody_Defined"));
    CHECK(std::count(first.err.begin(), first.err.end(), '\n') == 1);

    const auto second = test::run_portdb({"update", "--source", server.url("/r.xml")}, db);
    CHECK(second.exit_code == 0);
    CHECK_THAT(second.out, StartsWith("already up to date: the server says it has not changed (HTTP 304)"));

    const auto third = test::run_portdb({"--json", "update", "--source", server.url("/r.xml")}, db);
    CHECK(third.exit_code == 0);
    const auto summary = json::parse(third.out);
    CHECK(summary["updated"] == true);
    CHECK(summary["added"].size() == 1);
    CHECK(summary["removed"][0]["name"] == "ident");
    CHECK(summary["changed"].size() == 2);
    CHECK(summary["changed"][1]["fields"] == json::array({"name"}));

    const auto refused = test::run_portdb({"update", "--source", server.url("/nothing-here")}, db);
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, StartsWith("portdb: ") && Contains("HTTP 404"));

    const auto diff = test::run_portdb(
        {"diff", test::fixture("iana-xml/edge-cases.xml").string(), (dir / "changed.xml").string()}, db);
    CHECK(diff.exit_code == 1);
    CHECK_THAT(
        diff.out,
        StartsWith("1 added, 1 removed, 2 changed\nadded:\n  newcomer 40404/tcp  New\nremoved:\n  ident 113/tcp\n") &&
            Contains("x11 6000-6063/tcp: description \"X Window System\" -> \"X11 display server\"") &&
            Contains("inetfs 7775/tcp: name inetfs -> inetfs2"));
    const auto same = test::run_portdb(
        {"diff", test::fixture("iana-xml/edge-cases.xml").string(), test::fixture("iana-xml/edge-cases.xml").string()},
        db);
    CHECK(same.exit_code == 0);
    CHECK(same.out == "0 added, 0 removed, 0 changed\n");
}

TEST_CASE_METHOD(test::UpdateFixture, "portdb update over HTTPS: refused without --cacert, accepted with it") {
    const auto tls = test::make_self_signed_certificate(dir.path());
    const test::TestServer server(dir.path(),
                                  {{"/r.xml", {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}}}}}, tls);
    const auto refused = test::run_portdb({"update", "--source", server.url("/r.xml")}, db);
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, Contains("not trusted") && Contains("--cacert"));
    CHECK_FALSE((std::filesystem::exists(db) && !db::Database(db, db::Database::Access::read_only).sources().empty()));
    const auto accepted =
        test::run_portdb({"update", "--source", server.url("/r.xml"), "--cacert", tls.cert.string()}, db);
    CHECK(accepted.exit_code == 0);
    CHECK_THAT(accepted.out, StartsWith("added IANA 2025-12-15 to the registry layer"));
}

TEST_CASE_METHOD(test::UpdateFixture,
                 "update: an older registry never replaces the current one: it is kept as history") {
    importer::import_files(db, {test::fixture("iana-xml/edge-cases.xml")});  // dated 2025-12-15
    const test::TestServer server(
        dir.path(), {{"/old.xml", {{{"file", test::fixture("iana-xml/prefixed-namespace.xml").string()}}}}});
    const auto result = importer::update(db, options(server.url("/old.xml")));  // dated 2024-12-20
    CHECK(result.updated);
    CHECK(result.layer == db::Layer::history);
    CHECK(result.replaced.empty());
    CHECK_THAT(result.note,
               Contains("IANA 2024-12-20 is older than the current registry (IANA 2025-12-15): kept as history"));
    const db::Database reader(db, db::Database::Access::read_only);
    const auto sources = reader.sources();
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].registry_date == "2025-12-15");
    CHECK(sources[0].layer == db::Layer::registry);
    CHECK(sources[1].layer == db::Layer::history);
    CHECK(query_names(reader, "ident") == 1);  // still answered from the current registry
}

TEST_CASE_METHOD(test::UpdateFixture,
                 "portdb update as the first command makes a whole database: the shipped layers, then the update") {
    auto newer = test::read_file(test::fixture("iana-xml/edge-cases.xml"));
    newer.replace(newer.find("<updated>2025-12-15"), 19, "<updated>2026-11-30");
    test::write_file(dir / "newer.xml", newer);
    const test::TestServer server(dir.path(), {{"/r.xml", {{{"file", (dir / "newer.xml").string()}}}}});
    test::RunOptions own;
    own.unset = {"PORTDB_DATA_DIR"};  // the shipped data the program carries
    const auto update = test::run_portdb({"update", "--force", "--source", server.url("/r.xml")}, db, own);
    CHECK(update.exit_code == 0);
    CHECK_THAT(update.err, Contains("portdb: no database yet: created " + db.string() + " from the shipped IANA"));
    CHECK_THAT(update.out, StartsWith("updated IANA 2026-11-30 from " + server.url("/r.xml")) &&
                               Contains("replaced IANA 2025-12-15"));
    const auto lookup = test::run_portdb({"lookup", "9090"}, db, own);
    CHECK_THAT(lookup.out, Contains("prometheus"));  // the software defaults came with the new database
}

TEST_CASE_METHOD(test::UpdateFixture, "after an update found the registry current, info does not ask for another") {
    const test::TestServer server(
        dir.path(), {{"/r.xml",
                      {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"etag", "\"a\""}},
                       {{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"etag", "\"a\""}}}}});
    // Imported from a file, an old registry is due for an update.
    const test::TempDir other;
    REQUIRE(
        test::run_portdb({"import", test::fixture("iana-xml/edge-cases.xml").string()}, other / "p.sqlite").exit_code ==
        0);
    CHECK_THAT(test::run_portdb({"info"}, other / "p.sqlite").out, Contains("run portdb update"));
    // Fetched from its server, it was checked just now; a 304 later is a check too.
    REQUIRE(test::run_portdb({"update", "--source", server.url("/r.xml")}, db).exit_code == 0);
    CHECK_THAT(test::run_portdb({"info"}, db).out, !Contains("run portdb update"));
    const auto again = test::run_portdb({"update", "--source", server.url("/r.xml")}, db);
    CHECK_THAT(again.out, StartsWith("already up to date: the server says it has not changed (HTTP 304)"));
    const auto info = test::run_portdb({"info"}, db);
    CHECK_THAT(info.out, !Contains("run portdb update"));
    CHECK_THAT(info.out, Contains("registry date  2025-12-15 ("));
}
