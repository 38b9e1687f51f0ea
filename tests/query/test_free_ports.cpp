#include "portdb/query/free_ports.hpp"
#include "portdb/query/usage_error.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using namespace portdb::query;

namespace {

struct Fixture : test::QueryFixture {
    Checker checker{db, builtin_policy(), &local, TargetSet{Target::linux_os}};

    [[nodiscard]] bool listed(const FreePorts& free, std::uint16_t port) const {
        return std::any_of(free.runs.begin(), free.runs.end(),
                           [&](const PortRun& run) { return run.lo <= port && port <= run.hi; });
    }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "free: exactly the ports check calls ok, in runs of consecutive ports") {
    for (const char* text : {"0-130", "30990-31010/tcp", "30990-31010", "32760-32780/udp"}) {
        CAPTURE(text);
        const auto range = parse_check_argument(text);
        const auto free = free_ports(checker, range);
        std::size_t ok = 0;
        for (auto port = range.lo; port <= range.hi; ++port) {
            const bool is_ok = checker.check(port, range.protocols()).verdict() == Verdict::ok;
            CAPTURE(port);
            CHECK(listed(free, static_cast<std::uint16_t>(port)) == is_ok);
            ok += is_ok ? 1 : 0;
        }
        CHECK(free.count == ok);
        CHECK_FALSE(free.more);
        for (std::size_t i = 1; i < free.runs.size(); ++i) {
            CHECK(free.runs[i - 1].hi + 1 < free.runs[i].lo);  // runs are apart: consecutive ports are one run
        }
    }
    const auto busy = free_ports(checker, parse_check_argument("30998-31002/tcp"));
    CHECK_FALSE(listed(busy, 31000));  // busy-prod in the services file: a caution is not ok
    CHECK(busy.lo == 30998);
    CHECK(busy.hi == 31002);
    CHECK(busy.protocols == std::vector<std::string>{"tcp"});
}

TEST_CASE_METHOD(Fixture, "free: a limit gives the first N ok ports and says whether more are ok") {
    const auto all = free_ports(checker, parse_check_argument("30990-31010/tcp"));
    REQUIRE(all.count > 3);
    const auto three = free_ports(checker, parse_check_argument("30990-31010/tcp"), 3);
    CHECK(three.count == 3);
    CHECK(three.more);
    CHECK(three.runs.front().lo == all.runs.front().lo);
    const auto exact = free_ports(checker, parse_check_argument("30990-31010/tcp"), all.count);
    CHECK(exact.count == all.count);
    CHECK_FALSE(exact.more);  // no ok port was left over
}

TEST_CASE_METHOD(Fixture, "free: a range with no ok port has no run, a port past 65535 is refused") {
    const auto none = free_ports(checker, parse_check_argument("79-79/tcp"));
    CHECK(none.count == 0);
    CHECK(none.runs.empty());
    CHECK_THROWS_AS(free_ports(checker, parse_check_argument("70000")), UsageError);
}
