#include "portdb/query/checker.hpp"
#include "portdb/query/usage_error.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace portdb;
using namespace portdb::query;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

/// code -> the worst level with that code ("code/proto" when it concerns one protocol only).
std::map<std::string, Level> codes(const CheckReport& report) {
    std::map<std::string, Level> out;
    for (const auto& f : report.findings) {
        const auto key = f.protocol.empty() ? f.code : f.code + "/" + f.protocol;
        out[key] = out.contains(key) ? std::max(out[key], f.level) : f.level;
    }
    return out;
}

/// The codes of the findings that decided the verdict, worst first.
std::vector<std::string> deciding(const CheckReport& report) {
    std::vector<std::string> out;
    for (const auto* f : report.deciding()) {
        out.push_back(f->code);
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

const TargetSet on_linux{Target::linux_os};

struct Fixture : test::QueryFixture {
    CheckReport check(std::string_view argument, TargetSet targets = on_linux,
                      std::optional<std::uint32_t> instance = std::nullopt) const {
        return Checker(db, builtin_policy(), &local, targets).check(parse_check_argument(argument), instance);
    }
    CheckReport offline(std::string_view argument, TargetSet targets = on_linux) const {
        return Checker(db, builtin_policy(), nullptr, targets).check(parse_check_argument(argument));
    }
};

}  // namespace

TEST_CASE("check arguments: a port, a port and protocol, a range: numbers of any size") {
    CHECK(parse_check_argument("30079").lo == 30079);
    CHECK_FALSE(parse_check_argument("30079").is_range());
    CHECK(parse_check_argument("30079").protocols() == std::vector<std::string>{"tcp", "udp"});
    CHECK(parse_check_argument("30079/TCP").protocols() == std::vector<std::string>{"tcp"});
    CHECK(parse_check_argument("65536").lo == 65536);
    CHECK(parse_check_argument(std::string(50, '9')).lo > 65535);
    const auto range = parse_check_argument("8000-8010/udp");
    CHECK(range.is_range());
    CHECK(range.lo == 8000);
    CHECK(range.hi == 8010);
    CHECK(range.protocol == "udp");
    CHECK_FALSE(parse_check_argument("8000-8000").is_range());
    for (const char* bad :
         {"", "abc", "-1", "0x50", "80/tpc", "80/", "/tcp", "1e3", "8010-8000", "60000-70000", "1-", "-5"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_check_argument(bad), UsageError);
    }
    CHECK_THROWS_WITH(parse_check_argument("8010-8000"),
                      Equals("\"8010-8000\" is not a port range: expected LOW-HIGH with LOW <= HIGH <= 65535"));
}

TEST_CASE_METHOD(Fixture, "conflict: not a port (0 and past 65535), and nothing else is said") {
    for (const char* argument : {"0", "0/udp", "65536", "65536/tcp", "99999999999"}) {
        CAPTURE(argument);
        const auto report = check(argument);
        REQUIRE(report.findings.size() == 1);
        CHECK(report.findings[0].code == "invalid-port");
        CHECK(report.verdict() == Verdict::conflict);
    }
}

TEST_CASE_METHOD(Fixture, "conflict: assigned to another service in the registry on the same protocol") {
    const auto finger = check("79/tcp");
    CHECK(finger.verdict() == Verdict::conflict);
    CHECK(deciding(finger).front() == "registry-assignment");
    CHECK(finger.deciding().front()->summary == "assigned to finger (Finger) in the IANA registry");
    // The same service in the historic 2005 list is said once, by the registry, naming the list.
    CHECK(std::count_if(finger.findings.begin(), finger.findings.end(),
                        [](const Finding& f) { return f.code == "registry-assignment"; }) == 1);
    CHECK_THAT(finger.deciding().front()->message, EndsWith("; also in the historic port-numbers list"));
    // A name only the historic list has is a note there: IANA has moved on since.
    const auto historic = offline("1801/tcp");  // hello-world
    CHECK(historic.verdict() == Verdict::ok);
    CHECK(codes(historic).at("registry-assignment/tcp") == Level::note);
    CHECK_THAT(finding(historic, "registry-assignment").summary, StartsWith("historically assigned to"));

    // x11 6000-6063 is tcp only in the fixture: a range holds its ports.
    CHECK(codes(check("6010/tcp")).at("registry-assignment/tcp") == Level::conflict);
    // A protocol-less named range answers for both protocols, once.
    const auto active_net = check("3323");
    CHECK(std::count_if(active_net.findings.begin(), active_net.findings.end(), [](const Finding& f) {
              return f.code == "registry-assignment" && f.origin == "registry:iana-xml";
          }) == 1);
    CHECK(active_net.verdict() == Verdict::conflict);
}

TEST_CASE_METHOD(Fixture, "caution: registered on the other protocol only: silent when also on the checked one") {
    // stun-behaviors is 5349/udp only.
    const auto tcp = offline("5349/tcp");
    CHECK(tcp.verdict() == Verdict::caution);
    CHECK(deciding(tcp) == std::vector<std::string>{"registry-assignment"});
    CHECK_THAT(tcp.deciding().front()->summary, StartsWith("assigned to stun-behaviors") && Contains("on udp only"));
    CHECK(offline("5349/udp").verdict() == Verdict::conflict);
    // finger is on tcp and udp: a udp check says it once, as the conflict it is.
    const auto udp = offline("79/udp");
    CHECK(std::count_if(udp.findings.begin(), udp.findings.end(), [](const Finding& f) {
              return f.code == "registry-assignment" && f.origin == "registry:iana-xml";
          }) == 1);
}

TEST_CASE("caution: a Reserved row: other statuses are notes") {
    const test::TempDir dir;
    db::Database db(dir / "p.sqlite", db::Database::Access::read_write);
    db::SourceData source;
    source.kind = db::SourceKind::iana_xml;
    source.layer = db::Layer::registry;
    source.sha256 = std::string(64, '0');
    db::Assignment reserved;
    reserved.ports = db::PortRange{30007, 30007};
    reserved.protocol = "udp";
    reserved.status = db::Status::reserved;
    reserved.description = "Reserved";
    db::Assignment unassigned = reserved;
    unassigned.ports = db::PortRange{30008, 30008};
    unassigned.status = db::Status::unassigned;
    unassigned.description = "Unassigned";
    source.assignments = {reserved, unassigned};
    test::replace_sources(db, {source});
    const Checker checker(db, builtin_policy(), nullptr, on_linux);
    const auto report = checker.check(parse_check_argument("30007/udp"));
    CHECK(report.verdict() == Verdict::caution);
    CHECK(report.deciding().front()->summary == "reserved in the IANA registry");
    CHECK(checker.check(parse_check_argument("30007/tcp")).verdict() == Verdict::ok);  // reserved on udp only
    CHECK(checker.check(parse_check_argument("30008/udp")).verdict() == Verdict::ok);
    CHECK(codes(checker.check(parse_check_argument("30008/udp"))).at("registry-status/udp") == Level::note);
}

TEST_CASE_METHOD(Fixture, "caution: a services file (system) lists the port: it is not the registry") {
    const auto report = offline("31000/tcp");  // busy-prod in the fixture's services file
    CHECK(report.verdict() == Verdict::caution);
    CHECK(report.deciding().front()->summary == "listed as busy-prod in a services file");
    CHECK(offline("31000/udp").verdict() == Verdict::ok);
}

TEST_CASE_METHOD(Fixture, "a port inside a registered range says the range before what holds it") {
    CHECK_THAT(finding(offline("6010/tcp"), "registry-assignment").message,
               StartsWith("6010/tcp is in 6000-6063, assigned to x11 (X Window System) in the IANA registry"));
    CHECK_THAT(finding(offline("79/tcp"), "registry-assignment").message,
               StartsWith("79/tcp is assigned to finger (Finger) in the IANA registry"));
}

TEST_CASE_METHOD(Fixture, "a row's finding names its layer: the registry, a services file, none for a rule") {
    CHECK(finding(offline("79/tcp"), "registry-assignment").layer == "registry");
    const auto services_row = finding(offline("31000/tcp"), "registry-assignment");
    CHECK(services_row.layer == "system");
    CHECK(services_row.origin == "registry:services");
    for (const auto& f : offline("30079/tcp").findings) {
        CHECK((f.code.rfind("registry-", 0) == 0) == !f.layer.empty());
    }
}

TEST_CASE_METHOD(Fixture, "caution: privileged ports, for the systems that have them, in every transport") {
    for (const char* argument : {"4/tcp", "4/udp", "4/sctp", "1023/dccp"}) {
        CAPTURE(argument);
        const auto report = offline(argument);
        CHECK(report.verdict() == Verdict::caution);
        CHECK(codes(report).at("unix-privileged") == Level::caution);
        CHECK(report.weighs(finding(report, "unix-privileged")));
    }
    // Windows has no privileged ports: not weighed there (the system-ports advice still holds).
    const auto windows = offline("4/tcp", {Target::windows});
    CHECK_FALSE(windows.weighs(finding(windows, "unix-privileged")));
    CHECK(deciding(windows) == std::vector<std::string>{"iana-system-ports"});
    CHECK(codes(offline("1024/udp")).count("unix-privileged") == 0);
}

TEST_CASE_METHOD(Fixture, "caution: a common software default: browser-blocked ports when browsers are a target") {
    const auto django = offline("8000/tcp");
    CHECK(django.verdict() == Verdict::caution);
    CHECK(deciding(django) == std::vector<std::string>{"dev-django-8000"});
    CHECK(django.deciding().front()->summary == "Django dev-server default");

    const auto irc = offline("6667/tcp");
    CHECK(irc.verdict() == Verdict::ok);
    CHECK(irc.elsewhere() == std::vector<std::string>{"OpenBSD ephemeral range", "browser-blocked port"});
    const auto for_browsers = offline("6667/tcp", {Target::browsers});
    CHECK(for_browsers.verdict() == Verdict::caution);
    CHECK(deciding(for_browsers) == std::vector<std::string>{"fetch-bad-irc"});
}

TEST_CASE_METHOD(Fixture, "the IANA dynamic range: a caution, unless a target uses it as its ephemeral range") {
    const auto above_linux = offline("62000/tcp");  // above Linux's 32768-60999
    CHECK(above_linux.verdict() == Verdict::caution);
    CHECK(deciding(above_linux) == std::vector<std::string>{"iana-dynamic-ports"});
    const auto macos = offline("62000/tcp", {Target::macos});
    CHECK(macos.verdict() == Verdict::conflict);
    CHECK(deciding(macos).front() == "macos-ephemeral");
    CHECK(offline("49151/tcp", {Target::macos}).verdict() == Verdict::ok);
}

TEST_CASE_METHOD(Fixture, "conflict: a target OS's default ephemeral range: other OSes are summed up elsewhere") {
    const auto first = offline("32768/tcp");
    CHECK(first.verdict() == Verdict::conflict);
    CHECK(deciding(first).front() == "linux-ephemeral");
    CHECK(first.deciding().front()->summary == "Linux ephemeral range (32768-60999)");
    const auto before = offline("32767/tcp");
    CHECK(before.verdict() == Verdict::ok);
    CHECK(before.elsewhere() ==
          std::vector<std::string>{"FreeBSD ephemeral range", "Kubernetes NodePorts", "OpenBSD ephemeral range"});
    CHECK(offline("32767/tcp", {Target::freebsd}).verdict() == Verdict::conflict);
    CHECK(offline("61000/tcp").verdict() == Verdict::conflict);  // the older kernels' range ended at 61000
    CHECK(offline("61001/tcp").verdict() == Verdict::caution);
}

TEST_CASE_METHOD(Fixture, "conflict: a target's hard block, Kubernetes NodePorts when deploying on Kubernetes") {
    const auto plain = offline("30079");
    CHECK(plain.verdict() == Verdict::ok);
    CHECK(plain.deciding().empty());
    CHECK(plain.elsewhere() ==
          std::vector<std::string>{"FreeBSD ephemeral range", "Kubernetes NodePorts", "OpenBSD ephemeral range"});
    const auto k8s = offline("30079", {Target::linux_os, Target::kubernetes});
    CHECK(k8s.verdict() == Verdict::conflict);
    CHECK(deciding(k8s) == std::vector<std::string>{"k8s-nodeport"});
    CHECK(k8s.elsewhere() == std::vector<std::string>{"FreeBSD ephemeral range", "OpenBSD ephemeral range"});
    // --on all weighs everything: nothing is left elsewhere.
    const auto all = offline("30079", TargetSet::all());
    CHECK(all.elsewhere().empty());
    CHECK(deciding(all) == std::vector<std::string>{"freebsd-ephemeral", "k8s-nodeport", "openbsd-ephemeral"});
}

TEST_CASE_METHOD(Fixture, "this machine: a listener is a conflict on its protocol: a connection is a caution") {
    const auto listening = check("31001/tcp");
    CHECK(listening.verdict() == Verdict::conflict);
    CHECK(deciding(listening).front() == "local-listening");
    CHECK(listening.deciding().front()->summary == "listening on this machine now (0.0.0.0)");
    CHECK(check("31001/udp").verdict() == Verdict::ok);
    CHECK(check("31002/udp").verdict() == Verdict::conflict);  // bound udp socket
    CHECK(check("8080/tcp").verdict() == Verdict::conflict);   // tcp6 listener (and a dev default)
    // Its findings concern this machine's OS: deploying elsewhere, they are summed up instead.
    const auto on_windows = check("31001/tcp", {Target::windows});
    CHECK(on_windows.verdict() == Verdict::ok);
    CHECK(on_windows.elsewhere() == std::vector<std::string>{"FreeBSD ephemeral range", "Kubernetes NodePorts",
                                                             "listening on this machine", "OpenBSD ephemeral range"});
}

TEST_CASE_METHOD(Fixture, "this machine: its live ephemeral range minus ip_local_reserved_ports is a conflict") {
    LocalMachine machine;
    machine.ephemeral_range = db::PortRange{20000, 20100};  // tuned away from the default
    machine.reserved_ports = {{20050, 20050}};
    const Checker checker(db, builtin_policy(), &machine, on_linux);
    const auto inside = checker.check(parse_check_argument("20010/tcp"));
    CHECK(inside.verdict() == Verdict::conflict);
    CHECK(deciding(inside) == std::vector<std::string>{"local-ephemeral-range"});
    CHECK_THAT(finding(inside, "local-ephemeral-range").message, Contains("ip_local_reserved_ports=20010"));
    const auto reserved = checker.check(parse_check_argument("20050/tcp"));
    CHECK(reserved.verdict() == Verdict::ok);
    CHECK(codes(reserved).at("local-reserved-port") == Level::note);
    CHECK(checker.check(parse_check_argument("20101/tcp")).verdict() == Verdict::ok);

    const Checker without_local(db, builtin_policy(), nullptr, on_linux);
    CHECK(without_local.check(parse_check_argument("20010/tcp")).notes ==
          std::vector<std::string>{"this machine was not checked (--no-local)"});
    LocalMachine absent;
    absent.unavailable = "/proc/net/tcp is not readable (not Linux?)";
    const Checker elsewhere(db, builtin_policy(), &absent, on_linux);
    CHECK_THAT(elsewhere.check(parse_check_argument("31001")).notes.at(0), Contains("not Linux"));
    CHECK_THAT(checker.check(parse_check_argument("20010/sctp")).notes.at(0),
               Equals("this machine's sctp sockets were not checked (portdb reads tcp and udp)"));
}

TEST_CASE_METHOD(Fixture, "notes never decide: history, advice and the Muq policy's blocks") {
    const auto report = offline("1024/udp");
    CHECK(report.verdict() == Verdict::ok);
    CHECK(codes(report).at("muq-udp-ephemeral") == Level::note);
    CHECK(finding(report, "muq-udp-ephemeral").historic);
    CHECK_THAT(finding(report, "muq-udp-ephemeral").message, Contains("[historic]"));
    CHECK(codes(report).at("iana-user-ports") == Level::note);
    for (const auto& f : report.findings) {
        CHECK(f.message.find(portdb::test::retired_policy_name) == std::string::npos);
    }
}

TEST_CASE_METHOD(Fixture, "the Muq policy's blocks: 30xyz counterparts and the N-th server, as notes") {
    const auto finger = offline("30079");
    CHECK_THAT(finding(finger, "muq-daemon-counterpart").message,
               Equals("30079 is the Muq policy's 30xyz counterpart of finger (79/tcp) and finger (79/udp)"));
    CHECK(finding(finger, "muq-daemon-counterpart").level == Level::note);
    // The daemon on the checked protocol only.
    CHECK_THAT(finding(offline("30079/udp"), "muq-daemon-counterpart").message, Contains("of finger (79/udp)"));

    const auto second = offline("32079");
    CHECK_THAT(finding(second, "muq-daemon-counterpart").message, Contains("for the 2nd server"));
    CHECK(codes(second).contains("muq-test-range"));
    CHECK_FALSE(codes(check("32079", on_linux, 2)).contains("muq-test-range"));

    CHECK_THAT(finding(offline("30999"), "muq-daemon-counterpart").message,
               Contains("port 999 (no service registered there)"));
    CHECK_FALSE(codes(offline("30000")).contains("muq-daemon-counterpart"));  // the counterpart of port 0: none
    CHECK(codes(offline("31500")).contains("muq-production-range"));
    CHECK(codes(offline("65535")).count("muq-production-range") == 0);  // the 18th server's block does not fit
}

TEST_CASE_METHOD(Fixture, "a range check decides every port as a single check would, and groups them") {
    const Checker checker(db, builtin_policy(), &local, on_linux);
    const auto range = checker.check_range(parse_check_argument("6060-6070/tcp"));
    CHECK(range.lo == 6060);
    CHECK(range.hi == 6070);
    REQUIRE(range.groups.size() == 2);
    CHECK(range.groups[0].lo == 6060);
    CHECK(range.groups[0].hi == 6063);
    CHECK(range.groups[0].verdict == Verdict::conflict);
    CHECK(range.groups[0].reason == "assigned to x11 (X Window System) in the IANA registry");
    CHECK(range.groups[1].lo == 6064);
    CHECK(range.groups[1].hi == 6070);
    CHECK(range.groups[1].verdict == Verdict::ok);
    CHECK(range.count(Verdict::conflict) == 4);
    CHECK(range.count(Verdict::ok) == 7);
    CHECK(range.verdict() == Verdict::conflict);

    for (const char* argument : {"0-1100", "3320-3330", "7740-7780", "30990-31010", "32760-32780", "60990-61010"}) {
        const auto report = checker.check_range(parse_check_argument(argument));
        for (const auto& group : report.groups) {
            for (std::uint32_t port = group.lo; port <= group.hi; ++port) {
                CAPTURE(argument, port);
                const auto single = checker.check(port, {"tcp", "udp"});
                REQUIRE(single.verdict() == group.verdict);
                REQUIRE((single.deciding().empty() ? std::string() : single.deciding().front()->summary) ==
                        group.reason);
            }
        }
    }
}
