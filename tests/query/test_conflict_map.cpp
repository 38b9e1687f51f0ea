#include "portdb/query/checker.hpp"
#include "portdb/query/conflict_map.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using namespace portdb::query;

namespace {
const TargetSet on_linux{Target::linux_os};
using Fixture = test::QueryFixture;
}  // namespace

TEST_CASE_METHOD(Fixture, "the conflict map gives every port the verdict a full check gives it") {
    const auto registry = db.port_ranges();
    for (const auto targets : {on_linux, TargetSet{Target::windows, Target::kubernetes}, TargetSet::all()}) {
        const Checker checker(db, builtin_policy(), &local, targets);
        for (const char* protocol : {"tcp", "udp"}) {
            const ConflictMap map(registry, builtin_policy(), &local, protocol, targets);
            // Every port where the rules change near the blocks and below 2000; a sample elsewhere.
            const bool dense = targets == on_linux;
            for (std::uint32_t port = 0; port <= 65535;
                 port += (dense && (port < 2000 || (port > 30900 && port < 33100))) ? 1 : (dense ? 97 : 31)) {
                CAPTURE(protocol, port, describe(targets));
                REQUIRE(map.verdict(static_cast<std::uint16_t>(port)) == checker.check(port, {protocol}).verdict());
            }
        }
    }
}

TEST_CASE_METHOD(Fixture, "the conflict map and a scan of every port agree, port by port") {
    const auto registry = db.port_ranges();
    // One scan of the whole space (it costs seconds in a Debug build); the test
    // above samples other targets and udp.
    for (const auto& [targets, protocol] : {std::pair{on_linux, "tcp"}}) {
        const Checker checker(db, builtin_policy(), &local, targets);
        {
            const ConflictMap map(registry, builtin_policy(), &local, protocol, targets);
            std::size_t ports = 0;
            std::vector<std::uint16_t> disagreements;
            checker.scan(1, 65535, {protocol}, [&](std::uint16_t port, const CheckReport& report) {
                ++ports;
                if (map.verdict(port) != report.verdict()) {
                    disagreements.push_back(port);
                }
                return true;
            });
            CAPTURE(protocol, describe(targets));
            CHECK(ports == 65535);
            CHECK(disagreements.empty());
        }
    }
}
