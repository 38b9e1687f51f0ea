#include "portdb/query/suggester.hpp"
#include "portdb/query/usage_error.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace portdb;
using namespace portdb::query;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

const TargetSet on_linux{Target::linux_os};

struct Fixture : test::QueryFixture {
    Suggester suggester{db, builtin_policy(), &local, on_linux};
    Suggester offline{db, builtin_policy(), nullptr, on_linux};
};

/// muq-collisions.xml: a registry whose 30xyz and first production ports are taken.
struct Collisions {
    test::TempDir dir;
    db::Database db = [&] {
        importer::import_files(dir / "ports.sqlite", {test::fixture("iana-xml/muq-collisions.xml")});
        return db::Database(dir / "ports.sqlite", db::Database::Access::read_only);
    }();
    [[nodiscard]] Suggester suggester(TargetSet targets = on_linux) const {
        return {db, builtin_policy(), nullptr, targets};
    }
};

std::vector<std::string> codes(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) {
        out.push_back(f.code);
    }
    return out;
}

}  // namespace

TEST_CASE_METHOD(Fixture, "a daemon's 30xyz port, for the first and the N-th server, checked") {
    const auto finger = offline.counterpart("finger", 1);
    REQUIRE(finger.port);
    CHECK(*finger.port == 30079);
    CHECK(finger.muq_port == finger.port);
    CHECK_FALSE(finger.is_fallback());
    CHECK(finger.reason.empty());
    CHECK(finger.service->source == db::SourceKind::iana_xml);
    CHECK(finger.protocols == std::vector<std::string>{"tcp", "udp"});
    REQUIRE(finger.check);
    CHECK(finger.check->port == 30079);
    CHECK(finger.verdict() == Verdict::ok);

    CHECK(*offline.counterpart("finger", 2).port == 32079);
    CHECK_THROWS_WITH(offline.counterpart("finger", 19),
                      Equals("server 19's 30xyz daemon block would be 66000-66999, past 65535: servers 1-18 fit for "
                             "30xyz daemons, 1-17 for production and 1-17 for test blocks"));
    CHECK_THROWS_AS(offline.counterpart("finger", 0), UsageError);
}

TEST_CASE_METHOD(Fixture, "the 18th server: its 30xyz port is only a caution and it has no production block") {
    const auto last = offline.counterpart("FINGER", 18);
    REQUIRE(last.port);
    CHECK(*last.port == 64079);
    CHECK(last.verdict() == Verdict::caution);  // IANA's dynamic range, which Linux does not use
    CHECK_FALSE(last.fallback_block);
    CHECK_THAT(last.reason, Equals("the Muq policy's port 64079 is a caution: IANA dynamic range (49152-65535)"));
}

TEST_CASE_METHOD(Fixture, "names resolve through aliases: mail and www") {
    const auto mail = offline.counterpart("mail", 1);
    REQUIRE(mail.port);
    CHECK(*mail.port == 30025);
    CHECK(mail.service->assignment.name == "smtp");
    CHECK(mail.protocols == std::vector<std::string>{"tcp"});
    const auto www = offline.counterpart("www", 1);
    REQUIRE(www.port);
    CHECK(*www.port == 30080);
}

TEST_CASE_METHOD(Fixture, "a daemon at port 1000 or above has no 30xyz port: the production block's first ok port") {
    const auto high = offline.counterpart("high-daemon", 1);
    CHECK_FALSE(high.muq_port);
    CHECK_THAT(high.reason, Contains("high-daemon uses port 1500") && Contains("production block"));
    REQUIRE(high.port);
    CHECK(high.is_fallback());
    CHECK(*high.port == 31001);  // 31000/tcp is busy-prod in a services file: a caution
    CHECK(high.verdict() == Verdict::ok);
    CHECK(*suggester.counterpart("high-daemon", 1).port == 31002);  // and 31001/tcp listens on this machine

    const auto unknown = offline.counterpart("no-such-daemon", 1);
    CHECK_FALSE(unknown.service);
    CHECK_FALSE(unknown.port);
    CHECK(unknown.verdict() == Verdict::conflict);
    CHECK_THAT(unknown.reason, Contains("no service named \"no-such-daemon\""));
}

TEST_CASE_METHOD(Fixture, "production ports skip registry rows and this machine's sockets") {
    // 31000/tcp is busy-prod in the services file; 31001 listens (tcp) and 31002 is bound (udp) here.
    const auto here = suggester.free_ports(MuqBlock::production, 1, 3, {"tcp", "udp"});
    CHECK(here.range == db::PortRange{31000, 31999});
    CHECK(here.verdict == Verdict::ok);
    CHECK(here.ports == std::vector<std::uint16_t>{31003, 31004, 31005});
    CHECK(here.block_findings.empty());
    CHECK(here.elsewhere ==
          std::vector<std::string>{"FreeBSD ephemeral range", "Kubernetes NodePorts", "OpenBSD ephemeral range"});

    CHECK(offline.free_ports(MuqBlock::production, 1, 2, {"tcp", "udp"}).ports ==
          std::vector<std::uint16_t>{31001, 31002});
    // Free in udp alone: 31000 is taken only in tcp.
    CHECK(offline.free_ports(MuqBlock::production, 1, 1, {"udp"}).ports == std::vector<std::uint16_t>{31000});
    // On Kubernetes nodes the whole block is NodePorts: no port, and the block says why.
    const Suggester k8s(db, builtin_policy(), nullptr, {Target::linux_os, Target::kubernetes});
    const auto nodes = k8s.free_ports(MuqBlock::production, 1, 1, {"tcp"});
    CHECK(nodes.verdict == Verdict::conflict);
    CHECK(nodes.ports.empty());
    CHECK(codes(nodes.block_findings) == std::vector<std::string>{"k8s-nodeport"});
}

TEST_CASE_METHOD(Fixture, "the blocks of later servers: inside Linux's ephemeral range, then IANA's dynamic range") {
    const auto test_range = suggester.free_ports(MuqBlock::test, 1, 1, {"tcp", "udp"});
    CHECK(test_range.range == db::PortRange{32000, 32767});
    CHECK(test_range.ports == std::vector<std::uint16_t>{32000});

    // Server 2's production block 33000-33999 lies inside Linux's ephemeral range: said once, no port.
    const auto second = suggester.free_ports(MuqBlock::production, 2, 1, {"tcp", "udp"});
    CHECK(second.range == db::PortRange{33000, 33999});
    CHECK(second.verdict == Verdict::conflict);
    CHECK(second.ports.empty());
    // This machine's range is Linux's default (the fixture's /proc): the range is named once.
    CHECK(codes(second.block_findings) == std::vector<std::string>{"linux-ephemeral"});
    CHECK(second.block_findings.front().summary == "Linux ephemeral range (32768-60999)");
    // A machine whose range differs says so on a line of its own.
    auto widened = local;
    widened.ephemeral_range = db::PortRange{32000, 65000};
    const Suggester here(db, builtin_policy(), &widened, on_linux);
    CHECK(codes(here.free_ports(MuqBlock::production, 2, 1, {"tcp", "udp"}).block_findings) ==
          std::vector<std::string>{"linux-ephemeral", "local-ephemeral-range"});

    // Server 10's production block crosses 49152: for Windows only the ports below it are ok.
    const Suggester windows(db, builtin_policy(), nullptr, {Target::windows});
    const auto tenth = windows.free_ports(MuqBlock::production, 10, 1000, {"tcp"});
    CHECK(tenth.range == db::PortRange{49000, 49999});
    CHECK(tenth.ports.size() == 152);
    CHECK(tenth.ports.back() == 49151);

    // Server 17's block is in IANA's dynamic range: cautions only, said for the block.
    const auto seventeenth = offline.free_ports(MuqBlock::production, 17, 2, {"tcp"});
    CHECK(seventeenth.verdict == Verdict::caution);
    CHECK(seventeenth.ports == std::vector<std::uint16_t>{63000, 63001});
    CHECK(codes(seventeenth.block_findings) == std::vector<std::string>{"iana-dynamic-ports"});
    CHECK_THROWS_WITH(
        offline.free_ports(MuqBlock::production, 18, 1, {"tcp"}),
        Equals("server 18's production block would be 65000-65999, past 65535: servers 1-18 fit for 30xyz "
               "daemons, 1-17 for production and 1-17 for test blocks"));
    CHECK_THROWS_WITH(offline.free_ports(MuqBlock::test, 18, 1, {"tcp"}), Contains("1-17 for test blocks"));
    CHECK_THROWS_AS(offline.free_ports(MuqBlock::test, 1, 0, {"tcp"}), UsageError);
}

TEST_CASE_METHOD(Fixture, "experimental ports: '2' and the last four digits of a phone number") {
    const auto jenny = suggester.experimental("+1 (555) 867-5309", {"tcp", "udp"});
    CHECK(jenny.digits == "5309");
    CHECK(jenny.port == 25309);
    CHECK(jenny.check.port == 25309);
    CHECK(suggester.experimental("555.01.79", {"tcp"}).port == 20179);
    CHECK(suggester.experimental("0000", {"tcp"}).port == 20000);
    CHECK_THROWS_WITH(suggester.experimental("12-3", {"tcp"}),
                      Equals("\"12-3\" has 3 digits; the Muq policy needs the last four digits of a phone number"));
    CHECK_THROWS_AS(suggester.experimental("", {"tcp"}), UsageError);
    CHECK_THROWS_WITH(suggester.experimental("555-CALL-NOW", {"tcp"}), Contains("no letters"));
}

TEST_CASE_METHOD(Collisions,
                 "when the 30xyz port collides, the fallback is the first ok production port, and why is said") {
    const auto tcpmux = suggester().counterpart("tcpmux", 1);
    CHECK(tcpmux.muq_port == 30001);
    CHECK(tcpmux.muq_check->verdict() == Verdict::conflict);
    CHECK(tcpmux.reason ==
          "the Muq policy's port 30001 is a conflict: assigned to pago-services1 (Pago Services 1) in the "
          "IANA registry");
    REQUIRE(tcpmux.port);
    CHECK(tcpmux.is_fallback());
    CHECK(*tcpmux.port == 31002);  // 31000 is prod-zero, 31001/udp prod-one-udp
    CHECK(tcpmux.verdict() == Verdict::ok);

    // A reserved 30xyz port is a caution: an ok port is still preferred.
    const auto echo = suggester().counterpart("echo", 1);
    CHECK(echo.muq_check->verdict() == Verdict::caution);
    CHECK(*echo.port == 31002);
    // garcon is 999/tcp: 31001 is registered on udp only, a caution for tcp.
    CHECK(*suggester().counterpart("garcon", 1).port == 31002);

    // Server 2: 32636 is DMExpress, and server 2's production block is inside Linux's ephemeral range.
    const auto ldaps = suggester().counterpart("ldaps", 2);
    CHECK(ldaps.muq_port == 32636);
    CHECK_FALSE(ldaps.port);
    CHECK(ldaps.verdict() == Verdict::conflict);
    REQUIRE(ldaps.fallback_block);
    CHECK(codes(ldaps.fallback_block->block_findings) == std::vector<std::string>{"linux-ephemeral"});
    // For Kubernetes nodes the 30xyz block and the production block are NodePorts.
    const auto k8s = suggester({Target::linux_os, Target::kubernetes}).counterpart("finger", 1);
    CHECK_FALSE(k8s.port);
    CHECK_THAT(k8s.reason, Contains("conflict on kubernetes: Kubernetes NodePorts (30000-32767)"));
}

TEST_CASE_METHOD(Collisions, "a protocol picks the service on it: applix is 999/udp, garcon 999/tcp") {
    const auto applix = suggester().counterpart("applix", 1);
    CHECK(applix.service->assignment.name == "applix");
    CHECK(applix.protocols == std::vector<std::string>{"udp"});
    CHECK(applix.muq_check->protocols == std::vector<std::string>{"udp"});
    CHECK(*applix.port == 31002);  // 31001 is taken on udp

    const auto ssh = suggester().counterpart("ssh", 1, std::string("udp"));
    CHECK(ssh.protocols == std::vector<std::string>{"udp"});
    CHECK(ssh.check->protocols == std::vector<std::string>{"udp"});
    CHECK(suggester().counterpart("ssh", 1).protocols == std::vector<std::string>{"tcp", "udp", "sctp"});
    const auto none = suggester().counterpart("smtp", 1, std::string("udp"));
    CHECK_FALSE(none.service);
    CHECK_THAT(none.reason, Contains("no service named \"smtp\" on udp"));
}

TEST_CASE_METHOD(Collisions,
                 "every port suggest offers as ok checks ok, for every daemon below 1000, server and target") {
    std::set<std::string> names;
    for (const auto& row : db.find_overlapping(1, 999, std::nullopt)) {
        if (row.assignment.name) {
            names.insert(*row.assignment.name);
        }
    }
    REQUIRE(names.size() == 11);
    std::size_t ok = 0;
    for (const auto targets : {on_linux, TargetSet{Target::linux_os, Target::kubernetes}, TargetSet{Target::windows},
                               TargetSet{Target::freebsd}, TargetSet::all()}) {
        const auto suggest = suggester(targets);
        const Checker checker(db, builtin_policy(), nullptr, targets);
        for (const auto& name : names) {
            for (std::uint32_t instance = 1; instance <= 3; ++instance) {
                const auto s = suggest.counterpart(name, instance);
                CAPTURE(name, instance, describe(targets));
                if (s.port) {
                    REQUIRE(checker.check(*s.port, s.protocols).verdict() == s.verdict());
                    ok += s.verdict() == Verdict::ok ? 1 : 0;
                } else {
                    REQUIRE(s.verdict() == Verdict::conflict);
                }
            }
        }
    }
    CHECK(ok >= 30);  // the test looks at real answers, not only at refusals
}
