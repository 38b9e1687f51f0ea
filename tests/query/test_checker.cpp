#include "portdb/query/checker.hpp"
#include "portdb/query/usage_error.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace portdb;
using namespace portdb::query;
using Catch::Matchers::Contains;

namespace {

/// code -> the most severe finding with that code ("code/proto" when it concerns one protocol only).
std::map<std::string, Severity> codes(const CheckReport& report) {
    std::map<std::string, Severity> out;
    for (const auto& f : report.findings) {
        const auto key = f.protocol.empty() ? f.code : f.code + "/" + f.protocol;
        out[key] = out.contains(key) ? std::max(out[key], f.severity) : f.severity;
    }
    return out;
}

const Finding& finding(const CheckReport& report, std::string_view code) {
    for (const auto& f : report.findings) {
        if (f.code == code) {
            return f;
        }
    }
    FAIL("no finding " << code);
    throw std::logic_error("unreachable");
}

struct Fixture : test::QueryFixture {
    Checker checker{db, builtin_policy(), &local};
    CheckReport check(std::string_view target, std::optional<std::uint32_t> instance = std::nullopt) const {
        return checker.check(parse_check_target(target), instance);
    }
};

}  // namespace

TEST_CASE("check targets: numbers of any size, protocols validated, anything else a usage error") {
    CHECK(parse_check_target("30079").port == 30079);
    CHECK_FALSE(parse_check_target("30079").protocol);
    CHECK(parse_check_target("30079/TCP").protocol == "tcp");
    CHECK(parse_check_target("65536").port == 65536);
    CHECK(parse_check_target(std::string(50, '9')).port > 65535);
    for (const char* bad : {"", "abc", "-1", "0x50", "80/tpc", "80/", "/tcp", "1e3"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_check_target(bad), UsageError);
    }
}

TEST_CASE_METHOD(Fixture, "0 and past 65535 are errors and nothing else") {
    for (const char* target : {"0", "0/udp", "65536", "65536/tcp", "99999999999"}) {
        CAPTURE(target);
        const auto report = check(target);
        REQUIRE(report.findings.size() == 1);
        CHECK(report.findings[0].code == "invalid-port");
        CHECK(report.findings[0].severity == Severity::error);
        CHECK_FALSE(report.clean());
        CHECK(report.worst() == Severity::error);
    }
}

TEST_CASE_METHOD(Fixture, "port 1 and 1023: privileged; 1024: the first unprivileged port") {
    const auto one = codes(check("1"));
    CHECK(one.at("unix-privileged") == Severity::warning);
    CHECK(one.at("iana-system-ports") == Severity::warning);
    CHECK(one.at("fetch-bad-low-ports/tcp") == Severity::info);  // browsers block it for tcp only
    CHECK_FALSE(codes(check("1/udp")).contains("fetch-bad-low-ports"));
    CHECK(codes(check("25/tcp")).at("registry-assignment/tcp") == Severity::warning);  // smtp in services
    CHECK_FALSE(codes(check("25/udp")).contains("registry-assignment/tcp"));

    const auto top = codes(check("1023"));
    CHECK(top.at("unix-privileged") == Severity::warning);
    CHECK(top.at("linux-sunrpc-resvport") == Severity::info);

    const auto report = check("1024/udp");
    const auto first_user = codes(report);
    CHECK_FALSE(first_user.contains("unix-privileged"));
    CHECK(first_user.at("iana-user-ports") == Severity::info);
    CHECK(first_user.at("seed-udp-ephemeral") == Severity::info);
    CHECK_THAT(finding(report, "seed-udp-ephemeral").message, Contains("[historic]"));
    CHECK(report.clean());
}

TEST_CASE_METHOD(Fixture, "32767 / 32768: the NodePort range ends where Linux's ephemeral range starts") {
    const auto last_nodeport = codes(check("32767/tcp"));
    CHECK(last_nodeport.at("k8s-nodeport") == Severity::warning);
    CHECK_FALSE(last_nodeport.contains("linux-ephemeral"));
    CHECK_FALSE(last_nodeport.contains("local-ephemeral-range"));
    CHECK(last_nodeport.at("muq-test-range") == Severity::info);

    const auto first_ephemeral = codes(check("32768/tcp"));
    CHECK_FALSE(first_ephemeral.contains("k8s-nodeport"));
    CHECK(first_ephemeral.at("linux-ephemeral") == Severity::warning);
    CHECK(first_ephemeral.at("local-ephemeral-range") == Severity::warning);
    CHECK(first_ephemeral.at("solaris-ephemeral") == Severity::warning);
}

TEST_CASE_METHOD(Fixture, "49151 / 49152 and 65535: the IANA dynamic range is an error") {
    const auto last_user = codes(check("49151"));
    CHECK(last_user.at("iana-user-ports") == Severity::info);
    CHECK_FALSE(last_user.contains("iana-dynamic-ports"));
    const auto first_dynamic = check("49152");
    CHECK(codes(first_dynamic).at("iana-dynamic-ports") == Severity::error);
    CHECK(codes(first_dynamic).at("windows-dynamic") == Severity::error);
    CHECK(first_dynamic.findings.front().severity == Severity::error);  // most severe first
    const auto last = codes(check("65535/udp"));
    CHECK(last.at("macos-ephemeral") == Severity::error);
    CHECK(last.at("muq-production-range") == Severity::info);  // the 18th server's production block
}

TEST_CASE_METHOD(Fixture, "registry rows: services are collisions, statuses are statuses, TCP and UDP apart") {
    const auto finger_tcp = check("79/tcp");
    std::size_t assignments = 0;
    for (const auto& f : finger_tcp.findings) {
        if (f.code == "registry-assignment") {
            ++assignments;
            CHECK_THAT(f.message, Contains("finger"));
            CHECK(f.protocol == "tcp");
        }
    }
    CHECK(assignments == 2);  // iana-xml and the historic text (the services file has no finger)
    const auto historic = std::find_if(finger_tcp.findings.begin(), finger_tcp.findings.end(), [](const Finding& f) {
        return f.origin == "registry:port-numbers-text";
    });
    REQUIRE(historic != finger_tcp.findings.end());
    CHECK(historic->severity == Severity::info);
    CHECK_THAT(historic->message, Contains("historically assigned"));

    const auto x11 = codes(check("6010/tcp"));
    CHECK(x11.at("registry-assignment/tcp") == Severity::warning);
    CHECK(x11.at("x11") == Severity::warning);
    CHECK(x11.at("seed-crowded-5000-9999") == Severity::info);
    CHECK_FALSE(codes(check("6010/udp")).contains("registry-assignment/tcp"));

    const auto inetfs = check("7775/tcp");
    CHECK(codes(inetfs).at("registry-assignment/tcp") == Severity::warning);
    const auto& stale = finding(inetfs, "registry-status");
    CHECK(stale.severity == Severity::info);
    CHECK_THAT(stale.message, Contains("7775 (any protocol) is unassigned (range 7748-7776)"));

    // A protocol-less named range answers for both protocols, once.
    const auto active_net = check("3323");
    CHECK(std::count_if(active_net.findings.begin(), active_net.findings.end(), [](const Finding& f) {
              return f.code == "registry-assignment" && f.origin == "registry:iana-xml";
          }) == 1);
}

TEST_CASE("a Reserved row is a warning; other statuses are info") {
    const test::TempDir dir;
    db::Database db(dir / "p.sqlite", db::Database::Access::read_write);
    db::SourceData source;
    source.kind = db::SourceKind::iana_xml;
    source.sha256 = std::string(64, '0');
    db::Assignment reserved;
    reserved.ports = db::PortRange{1023, 1023};
    reserved.protocol = "udp";
    reserved.status = db::Status::reserved;
    reserved.description = "Reserved";
    db::Assignment unassigned = reserved;
    unassigned.ports = db::PortRange{4, 4};
    unassigned.status = db::Status::unassigned;
    source.assignments = {reserved, unassigned};
    db.replace_sources({source});
    const Checker checker(db, builtin_policy(), nullptr);
    CHECK(codes(checker.check(parse_check_target("1023/udp"))).at("registry-status/udp") == Severity::warning);
    CHECK(codes(checker.check(parse_check_target("4/udp"))).at("registry-status/udp") == Severity::info);
}

TEST_CASE_METHOD(Fixture, "this machine: listening and bound sockets, ephemeral and reserved ports") {
    CHECK(codes(check("31001/tcp")).at("local-listening/tcp") == Severity::warning);
    CHECK_FALSE(codes(check("31001/udp")).contains("local-listening/tcp"));
    CHECK(codes(check("31002/udp")).at("local-bound/udp") == Severity::warning);
    CHECK(codes(check("8080/tcp")).at("local-listening/tcp") == Severity::warning);  // tcp6

    const auto reserved = codes(check("40000/tcp"));
    CHECK(reserved.at("local-in-use/tcp") == Severity::info);
    CHECK(reserved.at("local-reserved-port") == Severity::info);
    CHECK_FALSE(reserved.contains("local-ephemeral-range"));
    CHECK(codes(check("40011/tcp")).at("local-ephemeral-range") == Severity::warning);

    const Checker without_local(db, builtin_policy(), nullptr);
    const auto report = without_local.check(parse_check_target("31001/tcp"));
    CHECK_FALSE(codes(report).contains("local-listening/tcp"));
    CHECK(report.notes == std::vector<std::string>{"this machine was not checked (--no-local)"});

    query::LocalMachine absent;
    absent.unavailable = "/proc/net/tcp is not readable (not Linux?)";
    const Checker elsewhere(db, builtin_policy(), &absent);
    CHECK_THAT(elsewhere.check(parse_check_target("31001")).notes.at(0), Contains("not Linux"));
}

TEST_CASE_METHOD(Fixture, "the seed's blocks: 30xyz counterparts and the N-th server") {
    const auto finger = check("30079");
    CHECK_THAT(finding(finger, "muq-daemon-counterpart").message,
               Contains("30079 is the seed policy's 30xyz counterpart of finger (79/tcp)"));
    CHECK(codes(finger).at("k8s-nodeport") == Severity::warning);  // where today disagrees with the seed

    const auto second = check("32079");
    CHECK_THAT(finding(second, "muq-daemon-counterpart").message, Contains("finger (79/tcp) for the 2nd server"));
    CHECK(codes(second).contains("muq-test-range"));
    CHECK_FALSE(codes(check("32079", 2)).contains("muq-test-range"));

    CHECK_THAT(finding(check("30999"), "muq-daemon-counterpart").message, Contains("port 999 (no service registered there)"));
    CHECK(codes(check("31500")).contains("muq-production-range"));
    CHECK_FALSE(codes(check("31500")).contains("muq-daemon-counterpart"));
}
