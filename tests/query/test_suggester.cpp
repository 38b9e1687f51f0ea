#include "portdb/query/conflict_map.hpp"
#include "portdb/query/suggester.hpp"
#include "portdb/query/usage_error.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using namespace portdb::query;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

struct Fixture : test::QueryFixture {
    Suggester suggester{db, builtin_policy(), &local};
    Suggester offline{db, builtin_policy(), nullptr};
};

std::vector<std::string> caveat_codes(const RangeSuggestion& s) {
    std::vector<std::string> codes;
    for (const auto& f : s.caveats) {
        codes.push_back(f.code);
    }
    return codes;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a daemon's 30xyz counterpart, for the first and the N-th server") {
    const auto finger = suggester.counterpart("finger", 1);
    REQUIRE(finger.port);
    CHECK(*finger.port == 30079);
    CHECK(finger.service->source == db::SourceKind::iana_xml);
    REQUIRE(finger.check);
    CHECK(finger.check->port == 30079);

    CHECK(*suggester.counterpart("finger", 2).port == 32079);
    CHECK(*suggester.counterpart("FINGER", 18).port == 64079);
    CHECK_THROWS_WITH(suggester.counterpart("finger", 19),
                      Equals("instance 19 puts the counterpart of finger (79) at 66079, past 65535; the largest instance "
                             "for it is 18"));
    CHECK_THROWS_AS(suggester.counterpart("finger", 0), UsageError);
}

TEST_CASE_METHOD(Fixture, "names resolve through aliases: mail and www") {
    const auto mail = suggester.counterpart("mail", 1);
    REQUIRE(mail.port);
    CHECK(*mail.port == 30025);
    CHECK(mail.service->assignment.name == "smtp");
    const auto www = suggester.counterpart("www", 1);
    REQUIRE(www.port);
    CHECK(*www.port == 30080);
}

TEST_CASE_METHOD(Fixture, "a daemon at port 1000 or above has no counterpart: the production range is offered") {
    const auto high = suggester.counterpart("high-daemon", 1);
    CHECK_FALSE(high.port);
    CHECK_THAT(high.reason, Contains("high-daemon uses port 1500") && Contains("production range"));
    REQUIRE(high.offer);
    CHECK(high.offer->block == MuqBlock::production);
    CHECK(high.offer->ports.size() == 1);

    const auto unknown = suggester.counterpart("no-such-daemon", 1);
    CHECK_FALSE(unknown.port);
    CHECK_FALSE(unknown.offer);
    CHECK_THAT(unknown.reason, Contains("no service named \"no-such-daemon\""));
}

TEST_CASE_METHOD(Fixture, "free production ports skip registry rows and this machine's sockets") {
    // 31000 is busy-prod in the services file; 31001 listens (tcp) and 31002 is bound (udp) here.
    const auto here = suggester.free_ports(MuqBlock::production, 1, 3, {"tcp", "udp"});
    CHECK(here.range == db::PortRange{31000, 31999});
    CHECK(here.ports == std::vector<std::uint16_t>{31003, 31004, 31005});
    CHECK(caveat_codes(here) == std::vector<std::string>{"freebsd-ephemeral", "k8s-nodeport"});

    CHECK(offline.free_ports(MuqBlock::production, 1, 2, {"tcp", "udp"}).ports == std::vector<std::uint16_t>{31001, 31002});
    // Free in udp alone: 31000 is taken only in tcp.
    CHECK(offline.free_ports(MuqBlock::production, 1, 1, {"udp"}).ports == std::vector<std::uint16_t>{31000});
}

TEST_CASE_METHOD(Fixture, "the test range, and the blocks of later servers") {
    const auto test_range = suggester.free_ports(MuqBlock::test, 1, 1, {"tcp", "udp"});
    CHECK(test_range.range == db::PortRange{32000, 32767});
    CHECK(test_range.ports == std::vector<std::uint16_t>{32000});

    // Server 2's blocks sit inside Linux's ephemeral range: a caveat for the whole block.
    const auto second = suggester.free_ports(MuqBlock::production, 2, 1, {"tcp", "udp"});
    CHECK(second.range == db::PortRange{33000, 33999});
    const auto codes = caveat_codes(second);
    CHECK(std::find(codes.begin(), codes.end(), "linux-ephemeral") != codes.end());
    CHECK(std::find(codes.begin(), codes.end(), "local-ephemeral-range") != codes.end());
    CHECK(second.ports == std::vector<std::uint16_t>{33000});

    // Server 10's production block crosses 49152: only the ports below it are free.
    const auto tenth = offline.free_ports(MuqBlock::production, 10, 1000, {"tcp"});
    CHECK(tenth.range == db::PortRange{49000, 49999});
    CHECK(tenth.ports.size() == 152);
    CHECK(tenth.ports.back() == 49151);

    // Server 17's block is all in the dynamic range: an error no port escapes, shown as the reason.
    const auto seventeenth = offline.free_ports(MuqBlock::production, 17, 1, {"tcp"});
    CHECK(seventeenth.ports.empty());
    CHECK(caveat_codes(seventeenth).front() == "iana-dynamic-ports");
    CHECK_THROWS_WITH(offline.free_ports(MuqBlock::production, 18, 1, {"tcp"}),
                      Equals("the production block of server 18 would be 65000-65999, past 65535; the largest instance is 17"));
    CHECK_THROWS_WITH(offline.free_ports(MuqBlock::test, 18, 1, {"tcp"}), Contains("the largest instance is 17"));
    CHECK_THROWS_AS(offline.free_ports(MuqBlock::test, 1, 0, {"tcp"}), UsageError);
}

TEST_CASE_METHOD(Fixture, "experimental ports: '2' and the last four digits of a phone number") {
    const auto jenny = suggester.experimental("+1 (555) 867-5309");
    CHECK(jenny.digits == "5309");
    CHECK(jenny.port == 25309);
    CHECK(jenny.check.port == 25309);
    CHECK(suggester.experimental("555.01.79").port == 20179);
    CHECK(suggester.experimental("0000").port == 20000);
    CHECK_THROWS_WITH(suggester.experimental("12-3"),
                      Equals("\"12-3\" has 3 digits; the seed policy needs the last four digits of a phone number"));
    CHECK_THROWS_AS(suggester.experimental(""), UsageError);
    CHECK_THROWS_WITH(suggester.experimental("555-CALL-NOW"), Contains("no letters"));
}

TEST_CASE_METHOD(Fixture, "the conflict map agrees with a full check on every port it is asked about") {
    const Checker checker(db, builtin_policy(), &local);
    const auto registry = db.port_ranges();
    for (const char* protocol : {"tcp", "udp"}) {
        const ConflictMap map(registry, builtin_policy(), &local, protocol);
        for (std::uint32_t port = 0; port <= 65535; port += (port < 2000 || (port > 30900 && port < 33100)) ? 1 : 97) {
            CAPTURE(protocol, port);
            const auto report = checker.check(CheckTarget{port, std::string(protocol)});
            REQUIRE(map.clean(static_cast<std::uint16_t>(port)) == report.clean());
            REQUIRE(map.worst(static_cast<std::uint16_t>(port)) == report.worst());
        }
    }
}
