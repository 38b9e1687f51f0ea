// portdb free: the ok ports of a range, as the binary prints them.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

TEST_CASE("portdb free: the ok ports as runs, exit 0, none ok: exit 1 and why, a bad range: exit 2") {
    const test::CliDatabase database;
    const auto services = database.dir / "services";
    test::write_file(services, "busy\t31002/tcp\nother\t31005-31006/tcp\n");
    database.import({services});

    const auto free = database.run({"free", "31000-31009/tcp", "--on", "linux", "--no-local"});
    CHECK(free.exit_code == 0);
    CHECK_THAT(free.out, Equals("31000-31009/tcp: 7 ports ok on linux\n"
                                "31000-31001, 31003-31004, 31007-31009\n"
                                "note: this machine was not checked (--no-local)\n"));

    const auto first = database.run({"free", "31000-31009/tcp", "--on", "linux", "--no-local", "--count", "3"});
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.out, Contains("the first 3 ok ports on linux (more with a larger --count)\n31000-31001, 31003\n"));

    const auto json = database.run({"--json", "free", "31000-31009/tcp", "--on", "linux", "--no-local"});
    CHECK(json.exit_code == 0);
    const auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed["count"] == 7);
    CHECK(parsed["more"] == false);
    CHECK(parsed["runs"][1] == nlohmann::json{{"lo", 31003}, {"hi", 31004}});
    CHECK(parsed["protocols"] == nlohmann::json{"tcp"});

    const auto none = database.run({"free", "31002/tcp", "--on", "linux", "--no-local"});
    CHECK(none.exit_code == 1);
    CHECK(none.out.empty());
    CHECK_THAT(none.err, Equals("portdb: no port of 31002/tcp is ok on linux (portdb check 31002/tcp says why)\n"));

    CHECK(database.run({"free", "31000-30000"}).exit_code == 2);
    CHECK(database.run({"free", "70000"}).exit_code == 2);
    CHECK(database.run({"free"}).exit_code == 2);
    CHECK(database.run({"free", "31000-31009", "--count", "0"}).exit_code == 2);
}
