#include "portdb/query/muq_blocks.hpp"

#include <catch2/catch.hpp>

using namespace portdb::query;

namespace {

std::vector<std::string> places(std::uint32_t port, std::optional<std::uint32_t> instance = std::nullopt) {
    std::vector<std::string> out;
    for (const auto& place : muq_places(port, builtin_policy().muq, instance)) {
        out.push_back(std::string(to_string(place.block)) + " #" + std::to_string(place.instance) + " +" +
                      std::to_string(place.offset));
    }
    return out;
}

}  // namespace

TEST_CASE("the Muq policy's blocks: 30xyz daemons, production, tests") {
    CHECK(places(30079) == std::vector<std::string>{"daemon #1 +79"});
    CHECK(places(30001) == std::vector<std::string>{"daemon #1 +1"});
    CHECK(places(30999) == std::vector<std::string>{"daemon #1 +999"});  // 30000 + 999
    CHECK(places(31000) == std::vector<std::string>{"production #1 +0"});
    CHECK(places(31999) == std::vector<std::string>{"production #1 +999"});
    CHECK(places(32767) == std::vector<std::string>{"daemon #2 +767", "test #1 +767"});
    CHECK(places(29999).empty());
}

TEST_CASE("a daemon block's first port is the counterpart of port 0, which is no daemon") {
    CHECK(places(30000).empty());
    CHECK(places(60000) == std::vector<std::string>{"test #15 +0"});  // not "the 16th server's counterpart of port 0"
    CHECK(places(32000) == std::vector<std::string>{"test #1 +0"});
    const auto& muq = builtin_policy().muq;
    CHECK_FALSE(daemon_port(muq, 0, 1));
    CHECK(daemon_port(muq, 1, 1) == 30001);
    CHECK(daemon_port(muq, 999, 1) == 30999);
    CHECK_FALSE(daemon_port(muq, 1000, 1));  // no counterpart from 1000 on
    CHECK(daemon_port(muq, 79, 2) == 32079);
}

TEST_CASE("the N-th server's shifted blocks are recognised") {
    // 32079: the 2nd server's finger, and the 1st server's test range.
    CHECK(places(32079) == std::vector<std::string>{"daemon #2 +79", "test #1 +79"});
    CHECK(places(32079, 2) == std::vector<std::string>{"daemon #2 +79"});
    CHECK(places(32079, 1) == std::vector<std::string>{"test #1 +79"});
    CHECK(places(34500) == std::vector<std::string>{"daemon #3 +500", "test #2 +500"});
    CHECK(places(33500) == std::vector<std::string>{"production #2 +500"});
}

TEST_CASE("a block that does not fit below 65536 is no block: which servers fit, per block") {
    const auto& muq = builtin_policy().muq;
    CHECK(largest_instance(muq, MuqBlock::daemon) == 18);      // 64000-64999
    CHECK(largest_instance(muq, MuqBlock::production) == 17);  // 63000-63999; the 18th would be 65000-65999
    CHECK(largest_instance(muq, MuqBlock::test) == 17);        // 64000-64767; the 18th would be 66000-66767
    CHECK(fitting_servers(muq) == "servers 1-18 fit for 30xyz daemons, 1-17 for production and 1-17 for test blocks");
    // 65535 would be in the 18th server's production block 65000-65999, which does not fit.
    CHECK(places(65535).empty());
    CHECK(places(65000).empty());
    CHECK(places(64999) == std::vector<std::string>{"daemon #18 +999"});
    CHECK(places(64500) == std::vector<std::string>{"daemon #18 +500", "test #17 +500"});
    CHECK(places(65535, 18).empty());
    CHECK(daemon_port(muq, 79, 18) == 64079);
    CHECK_FALSE(daemon_port(muq, 79, 19));  // 66079
    CHECK(shifted(muq, MuqBlock::production, 18).hi == 65999);
}
