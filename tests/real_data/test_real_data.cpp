// Tests against the real IANA registry portdb ships (data/, 2025-12-15): they
// run on every machine. Those that need the other real files of ../shared/data
// are in test_shared_data.cpp.
#include "portdb/db/database.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/update.hpp"
#include "portdb/query/checker.hpp"
#include "portdb/query/conflict_map.hpp"
#include "portdb/query/lookup.hpp"
#include "portdb/query/search.hpp"
#include "portdb/query/suggester.hpp"
#include "registry_counts.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <set>

using namespace portdb;
using Catch::Matchers::Contains;

namespace {

using test::count;

importer::ParsedSource parse_file(const std::filesystem::path& file) {
    return importer::parse_registry(test::read_file(file), file.string());
}

}  // namespace

TEST_CASE("real data: the 2025-12-15 IANA XML gives exactly the counts of doc/formats.md §8") {
    const auto parsed = parse_file(test::shipped_registry());
    const auto c = count(parsed);
    CHECK(parsed.kind == db::SourceKind::iana_xml);
    CHECK(parsed.registry_date == "2025-12-15");
    CHECK(parsed.assignments.size() == 14496);
    CHECK(c.assignments == 11707);
    CHECK(c.by_protocol == std::map<std::string, std::size_t>{{"dccp", 9}, {"sctp", 88}, {"tcp", 6003}, {"udp", 5607}});
    CHECK(c.written_ranges == 761);
    CHECK(c.names.size() == 7304);
    CHECK(parsed.people.size() == 5588);
    CHECK(c.unassigned == 885);
    CHECK(c.reserved == 807);
    CHECK(c.other_status == 26);
    CHECK(parsed.warnings.empty());

    // The SHA-256 that ../shared/data/README.md publishes for this file.
    std::vector<std::string> warnings;
    CHECK(importer::load_source_file(test::shipped_registry(), warnings).sha256 ==
          "18b51f94b72a0e0e6043d48c17cf6ff7e151e086aaf216c270adb267a1f0f768");

    std::size_t unauthorized = 0;
    std::size_t assignees = 0;
    std::size_t service_codes = 0;
    std::size_t aliases = 0;
    for (const auto& a : parsed.assignments) {
        unauthorized += a.unauthorized.empty() ? 0 : 1;
        service_codes += a.service_code ? 1 : 0;
        aliases += a.alias_of ? 1 : 0;
        for (const auto& contact : a.contacts) {
            assignees += contact.role == db::ContactRole::assignee ? 1 : 0;
        }
    }
    CHECK(unauthorized == 112);
    CHECK(assignees == 1314);
    CHECK(service_codes == 4);
    CHECK(aliases == 96 + 88);  // 184 alias records for 96 distinct legacy names
}

TEST_CASE("real data: lookups after importing the 2025 registry") {
    const test::TempDir dir;
    importer::import_files(dir / "ports.sqlite", {test::shipped_registry()});
    const db::Database db(dir / "ports.sqlite", db::Database::Access::read_only);

    const auto finger = query::lookup(db, "finger");
    REQUIRE(finger.services.size() == 2);
    CHECK(finger.services[0].row.assignment.ports == db::PortRange{79, 79});
    CHECK(finger.services[0].row.assignment.protocol == "tcp");
    CHECK(finger.services[1].row.assignment.protocol == "udp");

    for (const char* port : {"6000/tcp", "6010/tcp", "6063/tcp"}) {
        const auto x11 = query::lookup(db, port);
        REQUIRE(x11.services.size() == 1);
        CHECK(x11.services[0].row.assignment.name == "x11");
        CHECK(x11.services[0].row.assignment.ports == db::PortRange{6000, 6063});
    }
    const auto www = query::lookup(db, "80/tcp");
    std::set<std::string> names;
    for (const auto& answer : www.services) {
        names.insert(*answer.row.assignment.name);
    }
    CHECK(names == std::set<std::string>{"http", "www", "www-http"});

    // inetfs 7775/tcp sits inside the stale "Unassigned 7748-7776": the service is the answer.
    const auto inetfs = query::lookup(db, "7775/tcp");
    REQUIRE(inetfs.services.size() == 1);
    CHECK(inetfs.services[0].row.assignment.name == "inetfs");
    CHECK(inetfs.statuses.size() == 1);
}

TEST_CASE("real data: a bad record near the end of the real registry leaves the database byte-identical") {
    const test::TempDir dir;
    const auto database = dir / "ports.sqlite";
    importer::import_files(database, {test::fixture("iana-xml/edge-cases.xml")});
    const auto before = test::read_file(database);

    std::string xml = test::read_file(test::shipped_registry());
    const auto last_number = xml.rfind("<number>49151</number>");
    REQUIRE(last_number != std::string::npos);
    xml.replace(last_number, 22, "<number>70000</number>");
    test::write_file(dir / "damaged.xml", xml);

    CHECK_THROWS_WITH(importer::import_files(database, {dir / "damaged.xml"}),
                      Contains("damaged.xml:") && Contains("port number \"70000\" is out of range"));
    CHECK(test::read_file(database) == before);
}

TEST_CASE("real data: check, suggest and the port scan on the 2025 registry") {
    const test::TempDir dir;
    importer::import_files(dir / "ports.sqlite", {test::shipped_registry()});
    const db::Database db(dir / "ports.sqlite", db::Database::Access::read_only);
    const auto& policy = query::builtin_policy();
    const query::TargetSet on_linux{query::Target::linux_os};
    const query::Checker checker(db, policy, nullptr, on_linux);

    // 30079 is ok on Linux; FreeBSD's ephemeral range and Kubernetes NodePorts are said in one line.
    const auto report = checker.check(query::parse_check_argument("30079"));
    CHECK(report.verdict() == query::Verdict::ok);
    const auto elsewhere = report.elsewhere();
    CHECK(std::find(elsewhere.begin(), elsewhere.end(), "FreeBSD ephemeral range") != elsewhere.end());
    CHECK(std::find(elsewhere.begin(), elsewhere.end(), "Kubernetes NodePorts") != elsewhere.end());
    bool counterpart = false;
    for (const auto& f : report.findings) {
        counterpart = counterpart || (f.code == "muq-daemon-counterpart" &&
                                      f.message.find("counterpart of finger (79/tcp)") != std::string::npos);
    }
    CHECK(counterpart);

    // 30001/tcp is pago-services1's.
    const auto pago = checker.check(query::parse_check_argument("30001/tcp"));
    CHECK(pago.verdict() == query::Verdict::conflict);
    CHECK(pago.deciding().front()->summary == "assigned to pago-services1 (Pago Services 1) in the IANA registry");

    // suggest never hands out a colliding port: tcpmux's 30001 is taken, so it falls back, and says why.
    const query::Suggester suggester(db, policy, nullptr, on_linux);
    const auto tcpmux = suggester.counterpart("tcpmux", 1);
    CHECK(tcpmux.muq_port == 30001);
    CHECK_THAT(tcpmux.reason, Contains("30001") && Contains("pago-services1"));
    REQUIRE(tcpmux.port);
    CHECK(tcpmux.is_fallback());
    CHECK(tcpmux.verdict() == query::Verdict::ok);
    CHECK(checker.check(*tcpmux.port, tcpmux.protocols).verdict() == query::Verdict::ok);
    const auto applix = suggester.counterpart("applix", 1);  // 999/udp; garcon is 999/tcp
    CHECK(applix.protocols == std::vector<std::string>{"udp"});
    const auto ldaps =
        suggester.counterpart("ldaps", 2);  // 32636 is taken; server 2's production block is Linux-ephemeral
    CHECK_FALSE(ldaps.port);
    const auto finger = suggester.counterpart("finger", 2);
    REQUIRE(finger.port);
    CHECK(*finger.port == 32079);

    // Every port the scan calls ok checks ok, in both protocols.
    const auto production = suggester.free_ports(query::MuqBlock::production, 1, 20, {"tcp", "udp"});
    REQUIRE(production.ports.size() == 20);
    for (const auto port : production.ports) {
        CAPTURE(port);
        CHECK(checker.check(port, {"tcp", "udp"}).verdict() == query::Verdict::ok);
    }

    // The one-pass map and the full check agree across the real registry.
    const auto registry = db.port_ranges();
    for (const auto targets : {on_linux, query::TargetSet::all()}) {
        const query::ConflictMap map(registry, policy, nullptr, "tcp", targets);
        const query::Checker weighing(db, policy, nullptr, targets);
        for (std::uint32_t port = 1; port <= 65535; port += 37) {
            CAPTURE(port);
            CHECK(map.verdict(static_cast<std::uint16_t>(port)) == weighing.check(port, {"tcp"}).verdict());
        }
    }
}

TEST_CASE("real data: the suggest invariant for every daemon below 1000, servers 1-3") {
    const test::TempDir dir;
    importer::import_files(dir / "ports.sqlite", {test::shipped_registry()});
    const db::Database db(dir / "ports.sqlite", db::Database::Access::read_only);
    const query::TargetSet on_linux{query::Target::linux_os};
    const query::Suggester suggester(db, query::builtin_policy(), nullptr, on_linux);
    const query::Checker checker(db, query::builtin_policy(), nullptr, on_linux);
    std::set<std::string> names;
    for (const auto& row : db.find_overlapping(1, 999, std::nullopt, db::RowDetail::row_only)) {
        if (row.assignment.name) {
            names.insert(*row.assignment.name);
        }
    }
    CHECK(names.size() == 723);
    std::size_t ok = 0;
    for (const auto& name : names) {
        for (std::uint32_t instance = 1; instance <= 3; ++instance) {
            const auto s = suggester.counterpart(name, instance);
            CAPTURE(name, instance);
            if (s.verdict() == query::Verdict::ok) {
                ++ok;
                REQUIRE(checker.check(*s.port, s.protocols).verdict() == query::Verdict::ok);
            }
        }
    }
    CHECK(ok >= names.size());  // at least every first server's daemon gets an ok port on Linux
}

TEST_CASE("real data: a port with a listener on this machine is a conflict") {
    const test::TempDir dir;
    importer::import_files(dir / "ports.sqlite", {test::shipped_registry()});
    const db::Database db(dir / "ports.sqlite", db::Database::Access::read_only);
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // any port: the kernel picks one, and the check must see it listening
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 1) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    const auto port = ntohs(address.sin_port);
    const auto local = query::LocalMachine::read("/proc", {"tcp"});
    ::close(fd);
    const query::Checker checker(db, query::builtin_policy(), &local, query::TargetSet{query::Target::linux_os});
    const auto report = checker.check(port, {"tcp"});
    CAPTURE(port);
    CHECK(report.verdict() == query::Verdict::conflict);
    const auto deciding = report.deciding();
    CHECK(std::any_of(deciding.begin(), deciding.end(),
                      [](const query::Finding* f) { return f->code == "local-listening"; }));
}

namespace {

// "smtp 25/tcp" for each of the first `count` search answers.
std::vector<std::string> first_answers(const query::SearchResult& result, std::size_t count) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < result.answers.size() && i < count; ++i) {
        const auto& a = result.answers[i].answer.row.assignment;
        out.push_back(a.name.value_or("-") + " " + (a.ports ? std::to_string(a.ports->lo) : "-") + "/" +
                      a.protocol.value_or("-"));
    }
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("real data: search finds what people mean, on the first screen, and says how many more") {
    const test::TempDir dir;
    importer::import_files(dir / "ports.sqlite", {test::shipped_registry()});
    const db::Database db(dir / "ports.sqlite", db::Database::Access::read_only);

    const auto mail = query::search(db, "mail", 20);
    const auto screen = first_answers(mail, 20);
    CAPTURE(screen);
    for (const char* wanted : {"smtp 25/tcp", "pop3 110/tcp", "imap 143/tcp", "submission 587/tcp"}) {
        CHECK(contains(screen, wanted));
    }
    CHECK(mail.more > 20);  // "mail" is in many more descriptions

    const auto http = first_answers(query::search(db, "http", 20), 2);
    CHECK(http == std::vector<std::string>{"http 80/tcp", "https 443/tcp"});
    CHECK(first_answers(query::search(db, "finger", 5), 1) == std::vector<std::string>{"finger 79/tcp"});
}

TEST_CASE("real data: a misspelt name gets the closest names") {
    const test::TempDir dir;
    importer::import_files(dir / "ports.sqlite", {test::shipped_registry()});
    const db::Database db(dir / "ports.sqlite", db::Database::Access::read_only);
    for (const auto& [typo, meant] : std::vector<std::pair<std::string, std::string>>{{"fingr", "finger"},
                                                                                      {"fnigre", "finger"},
                                                                                      {"fingerr", "finger"},
                                                                                      {"postgress", "postgresql"},
                                                                                      {"kerberoz", "kerberos"}}) {
        CAPTURE(typo);
        const auto result = query::lookup(db, typo);
        CHECK_FALSE(result.found());
        CHECK(contains(result.suggestions, meant));
    }
    CHECK(query::lookup(db, "finger").suggestions.empty());
}
