#include "portdb/importer/errors.hpp"
#include "portdb/importer/nmap_services_parser.hpp"
#include "portdb/importer/services_parser.hpp"
#include "test_support.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

using namespace portdb;
using Catch::Matchers::Equals;

namespace {

importer::ParsedSource parse_services_fixture(std::string_view name) {
    return importer::parse_services(test::read_file(test::fixture("services/" + std::string(name))), name);
}

std::string summary(const db::Assignment& a) {
    return a.ports->is_range()
               ? fmt::format("{} {}-{}/{}", a.name.value_or("-"), a.ports->lo, a.ports->hi, a.protocol.value_or(""))
               : fmt::format("{} {}/{}", a.name.value_or("-"), a.ports->lo, a.protocol.value_or(""));
}

}  // namespace

TEST_CASE("services(5): names, ports, aliases and comments: tabs and spaces alike") {
    const auto parsed = parse_services_fixture("etc-services");
    CHECK(parsed.kind == db::SourceKind::services);
    CHECK_FALSE(parsed.registry_date);
    REQUIRE(parsed.assignments.size() == 17);

    const auto& tcpmux = parsed.assignments[0];
    CHECK(summary(tcpmux) == "tcpmux 1/tcp");
    CHECK(tcpmux.description == "TCP port service multiplexer");
    CHECK(tcpmux.aliases.empty());
    CHECK(tcpmux.position == 5);

    CHECK(parsed.assignments[1].description.empty());
    CHECK(parsed.assignments[3].aliases == std::vector<std::string>{"sink", "null"});  // blank-separated aliases
    const auto& kerberos = parsed.assignments[6];
    CHECK(kerberos.aliases == std::vector<std::string>{"kerberos5", "krb5", "kerberos-sec"});
    CHECK(kerberos.description == "Kerberos v5");
    // An alias may collide with another entry's primary name: both are kept.
    CHECK(parsed.assignments[8].aliases == std::vector<std::string>{"cmd", "syslog"});
    CHECK(summary(parsed.assignments[9]) == "syslog 514/udp");
    CHECK(summary(parsed.assignments[10]) == "amqp 5672/sctp");
    CHECK(summary(parsed.assignments[11]) == "afs3-fileserver 7000/udp");   // a space before the port
    CHECK(summary(parsed.assignments[12]) == "clc-build-daemon 8990/tcp");  // 16 characters
}

TEST_CASE("services(5): AppleTalk ddp is a protocol: '#' inside a word is not a comment") {
    const auto parsed = parse_services_fixture("etc-services");
    CHECK(summary(parsed.assignments[14]) == "rtmp 1/ddp");
    CHECK(summary(parsed.assignments[15]) == "echo 4/ddp");
    CHECK(summary(parsed.assignments[16]) == "url#frag 60179/tcp");
    CHECK(parsed.assignments[16].description == "a name with a hash that is not a comment");
}

TEST_CASE("Wireshark services: merged protocol lists in any order, and ranges") {
    const auto parsed = parse_services_fixture("wireshark-services");
    std::vector<std::string> seen;
    for (const auto& a : parsed.assignments) {
        seen.push_back(summary(a));
    }
    CHECK(seen == std::vector<std::string>{"discard 9/tcp", "discard 9/udp", "discard 9/sctp", "discard 9/dccp",
                                           "http 80/tcp", "http 80/udp", "http 80/sctp", "ident 113/tcp",
                                           "Apple-Remote-De 3283/tcp", "Apple-Remote-De 3283/udp", "ipfixs 4740/tcp",
                                           "ipfixs 4740/sctp", "ipfixs 4740/udp", "x11 6000-6063/tcp",
                                           "x11 6000-6063/udp", "ircu 6665-6669/tcp"});
    CHECK(parsed.assignments[0].description == "Discard");
}

TEST_CASE("services(5): malformed lines are errors naming the line") {
    CHECK_THROWS_WITH(importer::parse_services("echo 7/tcp\nbroken\n", "svc"),
                      Equals("svc:2: expected \"NAME PORT/PROTOCOL [ALIAS...]\", got \"broken\""));
    CHECK_THROWS_WITH(importer::parse_services("echo 70000/tcp\n", "svc"),
                      Equals("svc:1: port \"70000\" is out of range (0-65535)"));
    CHECK_THROWS_WITH(importer::parse_services("echo seven/tcp\n", "svc"),
                      Equals("svc:1: \"seven/tcp\" is not PORT/PROTOCOL"));
    CHECK_THROWS_WITH(importer::parse_services("echo 7/TCP\n", "svc"),
                      Equals("svc:1: \"TCP\" is not a protocol name in \"7/TCP\""));
    CHECK_THROWS_WITH(importer::parse_services("echo 7/tcp//udp\n", "svc"),
                      Equals("svc:1: \"\" is not a protocol name in \"7/tcp//udp\""));
}

TEST_CASE("nmap-services: frequency kept, 'unknown' is no name, comments not split on '#'") {
    const auto parsed =
        importer::parse_nmap_services(test::read_file(test::fixture("nmap/nmap-services")), "nmap-services");
    CHECK(parsed.kind == db::SourceKind::nmap_services);
    REQUIRE(parsed.assignments.size() == 8);

    const auto& tcpmux = parsed.assignments[0];
    CHECK(summary(tcpmux) == "tcpmux 1/tcp");
    CHECK(tcpmux.frequency == Approx(0.001995));
    CHECK(tcpmux.description == "TCP Port Service Multiplexer [rfc-1078]");

    const auto& unknown = parsed.assignments[1];
    CHECK_FALSE(unknown.name);
    CHECK(unknown.status == db::Status::other);
    CHECK(unknown.description.empty());

    CHECK(parsed.assignments[2].frequency == Approx(0.484143));
    CHECK(parsed.assignments[3].description == "ufsd\t\t# UFS-aware server");
    CHECK(parsed.assignments[4].description == "https://mmonit.com/monit/documentation/monit.html#monit_httpd");
    CHECK(summary(parsed.assignments[5]) == "X11:1 6001/tcp");
    CHECK(summary(parsed.assignments[6]) == "amqp 5672/sctp");
    CHECK(summary(parsed.assignments[7]) == "- 65532/udp");
    CHECK(parsed.assignments[7].frequency == 0.0);
}

TEST_CASE("nmap-services: malformed lines are errors naming the line") {
    CHECK_THROWS_WITH(importer::parse_nmap_services("http\t80/tcp\n", "nmap"),
                      Equals("nmap:1: expected \"NAME<TAB>PORT/PROTOCOL<TAB>FREQUENCY[<TAB># COMMENT]\""));
    CHECK_THROWS_WITH(importer::parse_nmap_services("http\t80/tcp\tmany\n", "nmap"),
                      Equals("nmap:1: frequency \"many\" is not a number between 0 and 1"));
    CHECK_THROWS_WITH(importer::parse_nmap_services("# header\nhttp\t99999/tcp\t0.1\n", "nmap"),
                      Equals("nmap:2: port \"99999\" is out of range (0-65535)"));
    CHECK_THROWS_WITH(importer::parse_nmap_services("http\t80-81/tcp\t0.1\n", "nmap"),
                      Equals("nmap:1: \"80-81/tcp\" is not PORT/PROTOCOL"));
}
