#include "portdb/query/checker.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using namespace portdb::query;

namespace {

struct Fixture : test::QueryFixture {
    ChecksReport check_all(std::vector<std::string> texts) const {
        std::vector<CheckArgument> arguments;
        for (const auto& text : texts) {
            arguments.push_back(parse_check_argument(text));
        }
        return Checker(db, builtin_policy(), nullptr, TargetSet{Target::linux_os}).check_all(arguments);
    }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "check_all: one report per argument in order, the worst verdict of all") {
    const auto mixed = check_all({"30079/tcp", "79/tcp", "30070-30079"});
    REQUIRE(mixed.results.size() == 3);
    CHECK(std::get<CheckReport>(mixed.results[0]).port == 30079);
    CHECK(std::get<CheckReport>(mixed.results[0]).verdict() == Verdict::ok);
    CHECK(std::get<CheckReport>(mixed.results[1]).verdict() == Verdict::conflict);  // finger
    CHECK(std::get<RangeReport>(mixed.results[2]).lo == 30070);
    CHECK(mixed.verdict() == Verdict::conflict);
    CHECK_FALSE(mixed.single_port());
    CHECK(mixed.targets.contains(Target::linux_os));

    const auto one = check_all({"30079/tcp"});
    CHECK(one.single_port());
    CHECK(one.verdict() == Verdict::ok);
    CHECK_FALSE(check_all({"30070-30079"}).single_port());  // a range is summed up, never in detail
    CHECK(check_all({"30079/tcp", "30079/udp"}).verdict() == Verdict::ok);
}

TEST_CASE("protocols_of: the protocols the arguments ask about, each once, in their order") {
    const auto protocols = [](std::vector<std::string> texts) {
        std::vector<CheckArgument> arguments;
        for (const auto& text : texts) {
            arguments.push_back(parse_check_argument(text));
        }
        return protocols_of(arguments);
    };
    CHECK(protocols({"79/udp", "80/tcp", "81/udp"}) == std::vector<std::string>{"udp", "tcp"});
    CHECK(protocols({"79"}) == std::vector<std::string>{"tcp", "udp"});
    CHECK(protocols({"79/sctp", "80"}) == std::vector<std::string>{"sctp", "tcp", "udp"});
    CHECK(protocols({}).empty());
}
