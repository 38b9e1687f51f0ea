// The HTTP client against a real server on 127.0.0.1, started by each test.
#include "network_fixture.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace portdb;
using Catch::Matchers::Contains;
using importer::fetch;
using importer::FetchError;
using json = nlohmann::json;

namespace {

const std::string small_registry = test::read_file(test::fixture("iana-xml/edge-cases.xml"));

}  // namespace

TEST_CASE_METHOD(test::NetworkFixture, "fetch: a 200 with validators, then a 304 when they match") {
    const test::TestServer server(dir.path(), {{"/r.xml",
                                                {{{"file", test::fixture("iana-xml/edge-cases.xml").string()},
                                                  {"etag", "\"v1\""},
                                                  {"last_modified", "Mon, 15 Dec 2025 10:00:00 GMT"}}}}});
    const auto first = fetch(server.url("/r.xml"), quick());
    CHECK_FALSE(first.not_modified);
    CHECK(first.body == small_registry);
    CHECK(first.etag == "\"v1\"");
    CHECK(first.last_modified == "Mon, 15 Dec 2025 10:00:00 GMT");
    CHECK(first.attempts == 1);

    auto conditional = quick();
    conditional.etag = first.etag;
    const auto second = fetch(server.url("/r.xml"), conditional);
    CHECK(second.not_modified);
    CHECK(second.body.empty());

    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK_FALSE(requests[0]["headers"].contains("If-None-Match"));
    CHECK(requests[1]["headers"]["If-None-Match"] == "\"v1\"");
    CHECK_THAT(requests[0]["headers"]["User-Agent"].get<std::string>(), Contains("portdb/"));
    CHECK_THAT(requests[0]["headers"]["Accept-Encoding"].get<std::string>(), Contains("gzip"));
}

TEST_CASE_METHOD(test::NetworkFixture, "fetch: 5xx is retried with backoff, 4xx never") {
    const test::TestServer server(dir.path(), {{"/flaky", {{{"status", 500}}, {{"status", 503}}, {{"body", "ok"}}}},
                                               {"/gone", {{{"status", 404}, {"body", "not here"}}}},
                                               {"/down", {{{"status", 502}}}}});
    std::vector<std::string> retries;
    auto options = quick();
    options.on_retry = [&](int attempt, const std::string& reason) {
        retries.push_back(std::to_string(attempt) + " " + reason);
    };
    const auto flaky = fetch(server.url("/flaky"), options);
    CHECK(flaky.body == "ok");
    CHECK(flaky.attempts == 3);
    CHECK(retries == std::vector<std::string>{"1 the server answered HTTP 500", "2 the server answered HTTP 503"});

    CHECK_THROWS_WITH(fetch(server.url("/gone"), quick()),
                      Contains("/gone: the server answered HTTP 404") && !Contains("tries"));
    CHECK_THROWS_WITH(fetch(server.url("/down"), quick()), Contains("HTTP 502 (after 3 tries)"));
    std::size_t gone = 0;
    for (const auto& request : server.requests()) {
        gone += request["path"] == "/gone" ? 1 : 0;
    }
    CHECK(gone == 1);
}

TEST_CASE_METHOD(test::NetworkFixture, "fetch: truncated bodies, bodies over the cap, stalled servers") {
    const test::TestServer server(
        dir.path(), {{"/short", {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"truncate", 1000}}}},
                     {"/big", {{{"body", std::string(5000, 'x')}}}},
                     {"/stall", {{{"body", std::string(10000, 'x')}, {"stall", 30}}}}});
    CHECK_THROWS_WITH(fetch(server.url("/short"), quick()), Contains("truncated") && Contains("after 3 tries"));

    auto capped = quick();
    capped.max_bytes = 4096;
    CHECK_THROWS_WITH(fetch(server.url("/big"), capped), Contains("larger than the 4096 byte limit"));

    auto stalled = quick();
    stalled.low_speed_time = std::chrono::seconds(1);
    stalled.attempts = 2;
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH(fetch(server.url("/stall"), stalled), Contains("stalled"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));  // bounded, not the 30 s stall
}

TEST_CASE_METHOD(test::NetworkFixture, "fetch: redirects are followed to http only, and not forever") {
    const test::TestServer server(dir.path(), {{"/moved", {{{"status", 301}, {"location", "/r"}}}},
                                               {"/r", {{{"body", "here"}}}},
                                               {"/loop", {{{"status", 302}, {"location", "/loop"}}}},
                                               {"/to-file", {{{"status", 302}, {"location", "file:///etc/passwd"}}}}});
    const auto moved = fetch(server.url("/moved"), quick());
    CHECK(moved.body == "here");
    CHECK(moved.effective_url == server.url("/r"));
    CHECK_THROWS_WITH(fetch(server.url("/loop"), quick()), Contains("too many redirects"));
    CHECK_THROWS_WITH(fetch(server.url("/to-file"), quick()), Contains("not http or https") && Contains("refused"));
}

TEST_CASE_METHOD(test::NetworkFixture, "fetch: gzip-encoded bodies arrive decoded") {
    const test::TestServer server(
        dir.path(), {{"/r.xml.gz", {{{"file", test::fixture("iana-xml/edge-cases.xml").string()}, {"gzip", true}}}}});
    CHECK(fetch(server.url("/r.xml.gz"), quick()).body == small_registry);
}

TEST_CASE_METHOD(test::NetworkFixture, "fetch: HTTPS with a self-signed certificate: refused, unless its CA is given") {
    const auto tls = test::make_self_signed_certificate(dir.path());
    const test::TestServer server(dir.path(), {{"/r", {{{"body", "secret"}}}}}, tls);
    CHECK_THROWS_WITH(fetch(server.url("/r"), quick()), Contains("not trusted") && Contains("--cacert"));
    auto trusting = quick();
    trusting.cacert = tls.cert;
    CHECK(fetch(server.url("/r"), trusting).body == "secret");
}

TEST_CASE_METHOD(test::NetworkFixture, "fetch: only http and https URLs") {
    CHECK_THROWS_WITH(fetch("file:///etc/passwd", quick()), Contains("not http or https"));
    CHECK_THROWS_WITH(fetch("ftp://127.0.0.1/x", quick()), Contains("not http or https"));
}
