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

TEST_CASE("the seed's blocks: 30xyz daemons, production, tests") {
    CHECK(places(30079) == std::vector<std::string>{"daemon #1 +79"});
    CHECK(places(30000) == std::vector<std::string>{"daemon #1 +0"});
    CHECK(places(30999) == std::vector<std::string>{"daemon #1 +999"});  // 30000 + 999
    CHECK(places(31000) == std::vector<std::string>{"production #1 +0"});
    CHECK(places(31999) == std::vector<std::string>{"production #1 +999"});
    CHECK(places(32767) == std::vector<std::string>{"daemon #2 +767", "test #1 +767"});
    CHECK(places(29999).empty());
}

TEST_CASE("the N-th server's shifted blocks are recognised") {
    // 32079: the 2nd server's finger, and the 1st server's test range.
    CHECK(places(32079) == std::vector<std::string>{"daemon #2 +79", "test #1 +79"});
    CHECK(places(32079, 2) == std::vector<std::string>{"daemon #2 +79"});
    CHECK(places(32079, 1) == std::vector<std::string>{"test #1 +79"});
    CHECK(places(34500) == std::vector<std::string>{"daemon #3 +500", "test #2 +500"});
    CHECK(places(33500) == std::vector<std::string>{"production #2 +500"});
    CHECK(places(65535) == std::vector<std::string>{"production #18 +535"});
}

TEST_CASE("shifts and the largest usable instance") {
    const auto& muq = builtin_policy().muq;
    CHECK(shifted(muq, MuqBlock::daemon, 2).lo == 32000);
    CHECK(shifted(muq, MuqBlock::production, 17).hi == 63999);
    CHECK(shifted(muq, MuqBlock::production, 18).hi == 65999);  // past 65535
    CHECK(shifted(muq, MuqBlock::test, 17).hi == 64767);
    CHECK(shifted(muq, MuqBlock::test, 18).hi == 66767);
    CHECK(largest_instance(muq, 31999) == 17);
    CHECK(largest_instance(muq, 32767) == 17);
    CHECK(largest_instance(muq, 30079) == 18);   // finger: 64079 at 18, 66079 at 19
    CHECK(largest_instance(muq, 30999) == 18);
    CHECK(largest_instance(muq, 65535) == 1);
}
