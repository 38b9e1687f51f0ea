#include "portdb/query/local_machine.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace portdb;

TEST_CASE("the local machine is read from /proc: sockets, ephemeral and reserved ports") {
    const auto machine = query::LocalMachine::read(test::fixture("proc"));
    CHECK(machine.unavailable.empty());
    std::vector<std::string> sockets;
    for (const auto& s : machine.sockets) {
        sockets.push_back(s.protocol + " " + s.address + ":" + std::to_string(s.port) +
                          (s.listening ? " listening" : ""));
    }
    CHECK(sockets == std::vector<std::string>{"tcp 0.0.0.0:31001 listening", "tcp 127.0.0.1:40000",
                                              "tcp 127.0.0.1:3306 listening", "tcp :::8080 listening",
                                              "tcp 0:0:0:0:0:0:0:1:3306 listening", "udp 0.0.0.0:31002 listening"});
    REQUIRE(machine.ephemeral_range);
    CHECK(*machine.ephemeral_range == db::PortRange{32768, 60999});
    CHECK(machine.reserved_ports == std::vector<db::PortRange>{{40000, 40010}, {50000, 50000}});
    CHECK(machine.is_reserved(40005));
    CHECK_FALSE(machine.is_reserved(40011));
}

TEST_CASE("without /proc the local machine says why it could not be read") {
    const test::TempDir dir;
    const auto machine = query::LocalMachine::read(dir.path());
    CHECK(machine.sockets.empty());
    CHECK_THAT(machine.unavailable, Catch::Matchers::Contains("not readable"));
}
