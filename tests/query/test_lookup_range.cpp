#include "portdb/query/lookup_range.hpp"
#include "portdb/query/usage_error.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using namespace portdb::query;
using Catch::Matchers::Equals;

namespace {

std::vector<std::string> describe(const std::vector<AnswerRow>& answers) {
    std::vector<std::string> out;
    for (const auto& answer : answers) {
        const auto& row = answer.row;
        const auto& a = row.assignment;
        out.push_back(a.name.value_or(std::string(db::to_string(a.status))) + " " + std::to_string(a.ports->lo) + "-" +
                      std::to_string(a.ports->hi) + "/" + a.protocol.value_or("*") + " " +
                      std::string(db::to_string(row.source)));
    }
    return out;
}

}  // namespace

TEST_CASE("a range argument: LOW-HIGH[/PROTO]: names and single ports are not ranges") {
    const auto range = parse_port_range_query("6000-6010");
    REQUIRE(range);
    CHECK(range->lo == 6000);
    CHECK(range->hi == 6010);
    CHECK_FALSE(range->protocol);
    CHECK(parse_port_range_query("6000-6010/UDP")->protocol == "udp");
    CHECK(parse_port_range_query("0-65535")->hi == 65535);
    for (const char* not_a_range :
         {"6000", "6000/tcp", "finger", "3Com-nsd", "6000-", "-6000", "60-00x", "6000-6010/1"}) {
        CAPTURE(not_a_range);
        CHECK_FALSE(parse_port_range_query(not_a_range));
    }
    CHECK_THROWS_WITH(parse_port_range_query("7000-6000"),
                      Equals("\"7000-6000\" is not a port range: expected LOW-HIGH with LOW <= HIGH <= 65535"));
    CHECK_THROWS_WITH(parse_port_range_query("6000-70000"),
                      Equals("\"6000-70000\" is not a port range: expected LOW-HIGH with LOW <= HIGH <= 65535"));
    CHECK_THROWS_AS(parse_port_range_query("6000-6010/tpc"), UsageError);
}

TEST_CASE_METHOD(test::QueryFixture, "lookup of a range: every row overlapping it, services and statuses apart") {
    const auto x11 = lookup_range(db, {6010, 6020, std::nullopt});
    CHECK(describe(x11.services) == std::vector<std::string>{"x11 6000-6063/tcp iana-xml"});
    CHECK(x11.statuses.empty());
    // With the historic lists: the same x11/tcp is one answer seen in two sources; x11/udp is history's alone.
    SourceSelection history;
    history.history = true;
    const auto old = lookup_range(db, {6010, 6020, std::nullopt}, history);
    CHECK(describe(old.services) ==
          std::vector<std::string>{"x11 6000-6063/tcp iana-xml", "x11 6000-6063/udp port-numbers-text"});
    CHECK(old.services.front().seen_in.size() == 2);
    CHECK(describe(lookup_range(db, {6063, 6063, std::string("udp")}, history).services) ==
          std::vector<std::string>{"x11 6000-6063/udp port-numbers-text"});
    // Overlapping at either end counts: 7776-7780 meets the Unassigned 7748-7776.
    const auto edges = lookup_range(db, {7776, 7780, std::nullopt});
    CHECK(describe(edges.statuses) == std::vector<std::string>{"unassigned 7748-7776/* iana-xml"});
    CHECK(lookup_range(db, {6064, 6399, std::string("tcp")}, history).services.empty());
    CHECK(describe(lookup_range(db, {6064, 6400, std::string("tcp")}, history).services) ==
          std::vector<std::string>{"info-aps 6400-6400/* port-numbers-text"});  // a protocol-less row holds for tcp
}
