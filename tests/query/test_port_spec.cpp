#include "portdb/query/port_spec.hpp"
#include "portdb/query/usage_error.hpp"

#include <catch2/catch.hpp>

using namespace portdb::query;
using Catch::Matchers::Equals;

TEST_CASE("port arguments: PORT and PORT/PROTO, ports 0 to 65535") {
    CHECK(parse_port_spec("79").port == 79);
    CHECK_FALSE(parse_port_spec("79").protocol);
    CHECK(parse_port_spec("79/tcp").protocol == "tcp");
    CHECK(parse_port_spec("79/UDP").protocol == "udp");
    CHECK(parse_port_spec("0").port == 0);
    CHECK(parse_port_spec("65535/sctp").port == 65535);
    CHECK(parse_port_spec("00079").port == 79);
    CHECK(parse_port_spec("4/ddp").protocol == "ddp");
}

TEST_CASE("port arguments: what is not a port is a usage error with the reason") {
    CHECK_THROWS_WITH(parse_port_spec("65536"), Equals("port 65536 is out of range: ports are 0-65535"));
    CHECK_THROWS_WITH(parse_port_spec("99999999999999999999/tcp"),
                      Equals("port 99999999999999999999 is out of range: ports are 0-65535"));
    CHECK_THROWS_WITH(parse_port_spec("80/tpc"),
                      Equals("unknown protocol \"tpc\": expected tcp, udp, sctp, dccp or ddp"));
    CHECK_THROWS_WITH(parse_port_spec("-1"),
                      Equals("\"-1\" is not a port: expected PORT or PORT/PROTOCOL, e.g. 79 or 79/tcp"));
    CHECK_THROWS_WITH(parse_port_spec(""),
                      Equals("\"\" is not a port: expected PORT or PORT/PROTOCOL, e.g. 79 or 79/tcp"));
    CHECK_THROWS_AS(parse_port_spec("0x50"), UsageError);
    CHECK_THROWS_AS(parse_port_spec("80/"), UsageError);
    CHECK_THROWS_AS(parse_port_spec("80 /tcp"), UsageError);
    // A huge or binary argument is never echoed back whole.
    const std::string huge(1 << 20, '9');
    try {
        (void)parse_port_spec(huge);
        FAIL("no error");
    } catch (const UsageError& error) {
        CHECK(std::string(error.what()).size() < 100);
    }
    CHECK_THROWS_WITH(parse_port_spec(std::string("8\0/tcp", 6)),
                      Equals("\"8?/tcp\" is not a port: expected PORT or PORT/PROTOCOL, e.g. 79 or 79/tcp"));
}

TEST_CASE("port arguments: names that start with digits are names") {
    CHECK(looks_like_port_spec("79"));
    CHECK(looks_like_port_spec("79/tcp"));
    CHECK(looks_like_port_spec("80/tpc"));  // a port with a bad protocol: an error, not a name
    CHECK_FALSE(looks_like_port_spec("3Com-nsd"));
    CHECK_FALSE(looks_like_port_spec("914c/g"));
    CHECK_FALSE(looks_like_port_spec("7ksonar"));
    CHECK_FALSE(looks_like_port_spec("finger"));
    CHECK_FALSE(looks_like_port_spec("0x50"));
    CHECK_FALSE(looks_like_port_spec(""));
}

TEST_CASE("one grammar for every port argument: lookup, lookup of a range, check and reserve agree") {
    const auto single = parse_port_argument("30079/TCP", "PORT");
    CHECK(single.lo == 30079);
    CHECK(single.hi == 30079);
    CHECK_FALSE(single.range);
    CHECK(single.protocol == "tcp");
    const auto range = parse_port_argument("8000-8010/udp", "PORT");
    CHECK(range.range);
    CHECK(range.lo == 8000);
    CHECK(range.hi == 8010);
    CHECK(range.protocol == "udp");
    // A single number past 65535 is kept for the command to judge (check calls it no port).
    CHECK(parse_port_argument("70000", "PORT").lo == 70000);
    CHECK(parse_port_argument("99999999999999999999", "PORT").lo == 1'000'000'000);
    // A range must be one; the protocol must be known; the rest says what was expected.
    CHECK_THROWS_WITH(parse_port_argument("6000-70000", "PORT"),
                      Equals("\"6000-70000\" is not a port range: expected LOW-HIGH with LOW <= HIGH <= 65535"));
    CHECK_THROWS_WITH(parse_port_argument("80/tpc", "PORT"),
                      Equals("unknown protocol \"tpc\": expected tcp, udp, sctp, dccp or ddp"));
    CHECK_THROWS_WITH(parse_port_argument("x", "what we want"), Equals("\"x\" is not a port: expected what we want"));
    CHECK_THROWS_AS(parse_port_spec("6000-6010"), UsageError);  // a single port was asked for
    CHECK(looks_like_port_range("6000-6010/tcp"));
    CHECK_FALSE(looks_like_port_range("6000"));
    CHECK_FALSE(looks_like_port_range("3Com-nsd"));
    CHECK(parse_protocol("SCTP") == "sctp");
}
