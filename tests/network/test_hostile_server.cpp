// A broken or hostile server: what the client does with answers no honest
// server sends, and with one that trickles, nests or injects.
#include "network_fixture.hpp"
#include "portdb/db/database.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/update.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <chrono>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using importer::fetch;
using importer::FetchError;
using Clock = std::chrono::steady_clock;

namespace {

const std::string registry = test::fixture("iana-xml/edge-cases.xml").string();

}  // namespace

TEST_CASE_METHOD(test::UpdateFixture, "a server trickling above the stall limit meets the total deadline") {
    // 600 bytes/s passes the 512 bytes/s stall check for ever; 100 KB would take almost three minutes.
    const test::TestServer server(dir.path(), {{"/slow", {{{"body", std::string(100000, 'x')}, {"trickle", 600}}}}});
    auto options = quick();
    options.low_speed_time = std::chrono::seconds(30);
    options.total_timeout = std::chrono::seconds(2);
    const auto start = Clock::now();
    CHECK_THROWS_WITH(fetch(server.url("/slow"), options),
                      Contains("did not finish within 2 s") && Contains("--timeout") && !Contains("tries"));
    const auto took = Clock::now() - start;
    CHECK(took >= std::chrono::milliseconds(1900));
    CHECK(took < std::chrono::seconds(8));

    // Retries and their waits count too: three tries of a 5xx with a long backoff stop at the deadline.
    const test::TestServer failing(dir.path(), {{"/down", {{{"status", 503}}}}});
    auto patient = quick();
    patient.first_backoff = std::chrono::seconds(5);
    patient.total_timeout = std::chrono::seconds(1);
    const auto again = Clock::now();
    CHECK_THROWS_WITH(fetch(failing.url("/down"), patient),
                      Contains("did not finish within 1 s") && Contains("HTTP 503"));
    CHECK(Clock::now() - again < std::chrono::seconds(4));
}

TEST_CASE_METHOD(test::UpdateFixture, "portdb update --timeout is the total deadline: the default is documented") {
    const test::TestServer server(dir.path(), {{"/slow.xml", {{{"file", registry}, {"trickle", 600}}}}});
    const auto start = Clock::now();
    const auto result = test::run_portdb({"update", "--source", server.url("/slow.xml"), "--timeout", "2"}, db);
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, StartsWith("portdb: ") && Contains("did not finish within 2 s"));
    CHECK(Clock::now() - start < std::chrono::seconds(10));
    CHECK_FALSE(std::filesystem::exists(db));
    CHECK(importer::FetchOptions{}.total_timeout == std::chrono::seconds(300));  // the README's default
}

TEST_CASE_METHOD(test::UpdateFixture, "a 304 to a request without validators is an error, never 'already up to date'") {
    const test::TestServer server(dir.path(), {{"/r.xml", {{{"status", 304}}}}});
    CHECK_THROWS_WITH(fetch(server.url("/r.xml"), quick()),
                      Contains("304 Not Modified") && Contains("without validators"));

    // The review's case: a database with another source, an update from a URL it never saw.
    importer::import_files(db, {test::fixture("services/etc-services")});
    const auto before = test::read_file(db);
    CHECK_THROWS_AS(importer::update(db, options(server.url("/r.xml"))), FetchError);
    const auto cli = test::run_portdb({"update", "--source", server.url("/r.xml")}, db);
    CHECK(cli.exit_code == 3);
    CHECK(cli.out.empty());
    CHECK_THAT(cli.err, StartsWith("portdb: ") && Contains("without validators") && !Contains("up to date"));
    CHECK(test::read_file(db) == before);
}

TEST_CASE_METHOD(test::UpdateFixture, "validators that could inject headers are neither stored nor sent") {
    const test::TestServer server(
        dir.path(),
        {{"/r.xml",
          {{{"file", registry},
            {"headers",
             {{"ETag", "\"a\"\rX-Injected: 1"}, {"Last-Modified", "Mon, 15 Dec 2025 10:00:00 GMT\rX-Also: 1"}}}}}},
         {"/ok",
          {{{"body", "ok"},
            {"headers", {{"ETag", "W/\"v2\""}, {"Last-Modified", "Mon, 15 Dec 2025 10:00:00 GMT"}}}}}}});
    const auto fetched = fetch(server.url("/r.xml"), quick());
    CHECK_FALSE(fetched.etag);
    CHECK_FALSE(fetched.last_modified);
    const auto good = fetch(server.url("/ok"), quick());
    CHECK(good.etag == "W/\"v2\"");
    CHECK(good.last_modified == "Mon, 15 Dec 2025 10:00:00 GMT");

    // Stored validators are checked again before they are sent: a database from
    // an older portdb, or one edited by hand, holds whatever it holds.
    REQUIRE(importer::update(db, options(server.url("/r.xml"))).updated);
    CHECK_FALSE(db::Database(db, db::Database::Access::read_only).sources().at(0).etag);
    {
        SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
        raw.exec(
            "UPDATE sources SET etag = '\"a\"' || char(13, 10) || 'X-Injected: 1', "
            "last_modified = 'yesterday' || char(10) || 'X-Also: 1'");
    }
    (void)importer::update(db, options(server.url("/r.xml")));  // the same content again: nothing written
    const auto headers = server.requests().back()["headers"];
    CHECK_FALSE(headers.contains("If-None-Match"));
    CHECK_FALSE(headers.contains("If-Modified-Since"));
    CHECK_FALSE(headers.contains("X-Injected"));
    CHECK_FALSE(headers.contains("X-Also"));
}

TEST_CASE_METHOD(test::UpdateFixture, "huge headers and HTTP/0.9 answers are named for what they are") {
    const test::TestServer server(
        dir.path(), {{"/big-header", {{{"body", "x"}, {"headers", {{"X-Big", std::string(10U << 20U, 'a')}}}}}},
                     {"/many-headers",
                      {{{"body", "x"},
                        {"headers",
                         [] {
                             nlohmann::json headers;
                             for (int i = 0; i < 2000; ++i) {
                                 headers["X-H" + std::to_string(i)] = std::string(60, 'b');
                             }
                             return headers;
                         }()}}}},
                     {"/http09", {{{"raw", "<registry>not even a status line</registry>\n"}}}}});
    CHECK_THROWS_WITH(fetch(server.url("/big-header"), quick()),
                      Contains("a response header line longer than libcurl accepts"));
    CHECK_THROWS_WITH(fetch(server.url("/many-headers"), quick()), Contains("response headers are larger than 64 KiB"));
    CHECK_THROWS_WITH(fetch(server.url("/http09"), quick()),
                      Contains("no HTTP status line") && !Contains("not http or https"));
}

TEST_CASE_METHOD(test::UpdateFixture, "a registry nested 50,000 deep over HTTP is refused, not a stack overflow") {
    test::write_file(dir / "deep.xml", test::nested_registry("description", 50000));
    test::write_file(dir / "deep-note.xml", test::nested_registry("note", 30000));
    const test::TestServer server(dir.path(), {{"/deep.xml", {{{"file", (dir / "deep.xml").string()}}}},
                                               {"/deep-note.xml", {{{"file", (dir / "deep-note.xml").string()}}}}});
    CHECK_THROWS_WITH(importer::update(db, options(server.url("/deep.xml"))), Contains("nested more than 32 deep"));
    const auto cli = test::run_portdb({"update", "--source", server.url("/deep-note.xml")}, db);
    CHECK(cli.exit_code == 3);
    CHECK_THAT(cli.err, Contains("nested more than 32 deep"));
}
