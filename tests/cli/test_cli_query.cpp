// End-to-end: search, check, suggest and export through the built binary.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

struct Imported : test::CliDatabase {
    Imported() {
        test::write_file(dir / "services", "smtp\t25/tcp\tmail\nbusy-prod\t31000/tcp\n");
        import({test::fixture("iana-xml/edge-cases.xml"), dir / "services"});
    }
};

std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE_METHOD(Imported, "portdb search: a table of ranked matches, JSON with ranks, exit 1 for none") {
    const auto table = run({"search", "finger"});
    CHECK(table.exit_code == 0);
    CHECK_THAT(
        table.out,
        StartsWith(
            "PORT  PROTO  NAME    SOURCE           DESCRIPTION\n79    tcp    finger  IANA 2025-12-15  Finger\n"));
    const auto json = nlohmann::json::parse(run({"--json", "search", "remote", "desktop"}).out);
    CHECK(json["query"] == "remote desktop");
    REQUIRE(json["results"].size() == 1);
    CHECK(json["results"][0]["name"] == "rdp");
    CHECK(json["results"][0]["rank"].is_number());
    const auto none = run({"search", "zzzz"});
    CHECK(none.exit_code == 1);
    CHECK_THAT(none.err, Equals("portdb: nothing found for \"zzzz\"\n"));
    const auto hostile = run({"search", "\"NEAR(", "'; DROP TABLE assignments; --"});
    CHECK(hostile.exit_code == 1);  // words, not syntax: no error
    CHECK(run({"lookup", "finger"}).exit_code == 0);
    const auto nothing = run({"search", "*"});
    CHECK(nothing.exit_code == 2);
    CHECK_THAT(nothing.err, Equals("portdb: nothing to search for in \"*\": give one or more words\n"));
}

TEST_CASE_METHOD(Imported, "portdb lookup LOW-HIGH: every row overlapping the range") {
    const auto x11 = run({"lookup", "6060-6070"});
    CHECK(x11.exit_code == 0);
    CHECK(x11.out ==
          "PORT       PROTO  NAME  SOURCE           DESCRIPTION\n6000-6063  tcp    x11   IANA 2025-12-15  X Window "
          "System\n");
    CHECK(run({"lookup", "6064-6070/tcp"}).exit_code == 1);
    const auto json = nlohmann::json::parse(run({"--json", "lookup", "20-80/tcp"}).out);
    CHECK(json["found"] == true);
    CHECK(json["services"].size() == 4);  // smtp (services), whoispp, whois++ and finger
}

TEST_CASE_METHOD(Imported,
                 "portdb check: a verdict line first, then what decided it: exit 0 ok, 10 caution, 11 conflict") {
    const auto ok = run({"check", "30079", "--no-local"});
    CHECK(ok.exit_code == 0);
    CHECK(ok.out ==
          "30079/tcp+udp: ok on linux \xe2\x80\x94 elsewhere: FreeBSD ephemeral range, Kubernetes NodePorts, "
          "OpenBSD ephemeral range (--on all to count them too)\n"
          "note: this machine was not checked (--no-local)\n");

    const auto conflict = run({"check", "79/tcp", "--no-local"});
    CHECK(conflict.exit_code == 11);
    CHECK_THAT(conflict.out,
               StartsWith("79/tcp: conflict \xe2\x80\x94 assigned to finger (Finger) in the IANA registry\n"
                          "LEVEL     PROTO  ON     CODE                 MESSAGE\n"
                          "conflict  tcp    any    registry-assignment  79/tcp is assigned to finger (Finger) "
                          "in the IANA registry (iana-xml)\n"));
    CHECK_THAT(conflict.out, Contains("\ncaution   -      linux  unix-privileged  ") &&
                                 Contains("\nelsewhere: browser-blocked port, privileged port on macOS"));
    CHECK(conflict.out.find("muq-") == std::string::npos);   // notes wait for --all
    CHECK(conflict.out.find("\x1b[") == std::string::npos);  // not a terminal: no colour

    const auto caution = run({"check", "8000/tcp", "--no-local"});
    CHECK(caution.exit_code == 10);
    CHECK_THAT(caution.out, StartsWith("8000/tcp: caution \xe2\x80\x94 Django dev-server default\n"));

    const auto k8s = run({"check", "30079", "--on", "linux,kubernetes", "--no-local"});
    CHECK(k8s.exit_code == 11);
    CHECK_THAT(k8s.out,
               StartsWith("30079/tcp+udp: conflict on kubernetes \xe2\x80\x94 Kubernetes NodePorts (30000-32767)\n"));

    const auto everything = run({"check", "30079/tcp", "--all", "--no-local"});
    CHECK(everything.exit_code == 0);
    CHECK_THAT(everything.out, Contains("\nfor other targets (not counted):\n") && Contains("k8s-nodeport") &&
                                   Contains("\nnotes (history and advice):\n") &&
                                   Contains("30079 is the Muq policy's 30xyz counterpart of finger (79/tcp)"));
    CHECK(run({"check", "30079/tcp", "-v", "--no-local"}).out == everything.out);

    const auto invalid = run({"check", "65536"});
    CHECK(invalid.exit_code == 11);
    CHECK_THAT(invalid.out, StartsWith("65536/tcp+udp: conflict \xe2\x80\x94 not a port: ports are 1-65535\n"));
}

TEST_CASE_METHOD(Imported, "portdb check, many ports at once: a line per port, a summary per range, the worst exit") {
    const auto many = run({"check", "30079", "30080/udp", "6060-6070/tcp", "--no-local"});
    CHECK(many.exit_code == 11);  // x11 holds 6060-6063
    CHECK(many.out ==
          "30079/tcp+udp: ok on linux \xe2\x80\x94 elsewhere: FreeBSD ephemeral range, Kubernetes NodePorts, "
          "OpenBSD ephemeral range (--on all to count them too)\n"
          "30080/udp: ok on linux \xe2\x80\x94 elsewhere: FreeBSD ephemeral range, Kubernetes NodePorts, OpenBSD "
          "ephemeral range (--on all to count them too)\n"
          "6060-6070/tcp: 7 ok, 0 caution, 4 conflict on linux\n"
          "PORTS      VERDICT   REASON\n"
          "6060-6063  conflict  assigned to x11 (X Window System) in the IANA registry\n"
          "6064-6070  ok\n"
          "note: this machine was not checked (--no-local)\n");
    CHECK(run({"check", "30079", "30080/udp", "--no-local"}).exit_code == 0);
    CHECK(run({"check", "30079", "8000/tcp", "--no-local"}).exit_code == 10);

    const auto json = nlohmann::json::parse(run({"--json", "check", "30079/tcp", "7998-8001/tcp", "--no-local"}).out);
    CHECK(json["verdict"] == "caution");
    CHECK(json["targets"] == nlohmann::json::array({"any", "linux"}));
    REQUIRE(json["results"].size() == 2);
    CHECK(json["results"][0]["port"] == 30079);
    CHECK(json["results"][0]["verdict"] == "ok");
    const auto& range = json["results"][1];
    CHECK(range["lo"] == 7998);
    CHECK(range["hi"] == 8001);
    CHECK(range["counts"] == nlohmann::json({{"ok", 3}, {"caution", 1}, {"conflict", 0}}));
    CHECK(range["groups"][0] == nlohmann::json({{"lo", 7998}, {"hi", 7999}, {"verdict", "ok"}, {"reason", nullptr}}));
    CHECK(range["groups"][1]["reason"] == "Django dev-server default");
}

TEST_CASE_METHOD(Imported, "portdb --json check: the verdict, the targets, and every finding with its targets") {
    const auto result = run({"--json", "check", "32079/tcp", "--instance", "2", "--no-local"});
    CHECK(result.exit_code == 0);
    const auto json = nlohmann::json::parse(result.out);
    CHECK(json["port"] == 32079);
    CHECK(json["protocols"] == nlohmann::json::array({"tcp"}));
    CHECK(json["verdict"] == "ok");
    CHECK(json["targets"] == nlohmann::json::array({"any", "linux"}));
    CHECK(json["elsewhere"] ==
          nlohmann::json::array({"FreeBSD ephemeral range", "Kubernetes NodePorts", "OpenBSD ephemeral range"}));
    CHECK_THAT(json["line"].get<std::string>(), StartsWith("32079/tcp: ok on linux"));
    CHECK(json["notes"][0] == "this machine was not checked (--no-local)");
    bool counterpart = false;
    bool nodeport = false;
    for (const auto& f : json["findings"]) {
        for (const char* key : {"level", "targets", "weighed", "code", "protocol", "title", "summary", "message",
                                "historic", "origin", "source"}) {
            CHECK(f.contains(key));
        }
        if (f["code"] == "muq-daemon-counterpart") {
            counterpart = true;
            CHECK(f["origin"] == "muq");
            CHECK(f["level"] == "note");
            CHECK_THAT(f["message"].get<std::string>(), Contains("for the 2nd server"));
        }
        if (f["code"] == "k8s-nodeport") {
            nodeport = true;
            CHECK(f["level"] == "conflict");
            CHECK(f["targets"] == nlohmann::json::array({"kubernetes"}));
            CHECK(f["weighed"] == false);
        }
        CHECK(f["code"] != "muq-test-range");  // --instance 2 looks at the 2nd server only
    }
    CHECK(counterpart);
    CHECK(nodeport);
}

TEST_CASE_METHOD(Imported,
                 "the targets: --on, else PORTDB_ON, else $XDG_CONFIG_HOME/portdb/targets, else this machine") {
    const auto line = [](const test::CommandResult& r) { return r.out.substr(0, r.out.find(" \xe2\x80\x94")); };
    CHECK(line(run({"check", "30079/tcp", "--no-local"})) == "30079/tcp: ok on linux");
    CHECK(line(test::run_portdb_with({"check", "30079/tcp", "--no-local"}, db, {"PORTDB_ON=kubernetes"})) ==
          "30079/tcp: conflict on kubernetes");
    std::filesystem::create_directories(dir / "config" / "portdb");
    test::write_file(dir / "config" / "portdb" / "targets", "# our servers\nlinux, windows\n");
    const std::string config = "XDG_CONFIG_HOME=" + (dir / "config").string();
    CHECK(line(test::run_portdb_with({"check", "30079/tcp", "--no-local"}, db, {config})) ==
          "30079/tcp: ok on linux and windows");
    CHECK(line(test::run_portdb_with({"check", "30079/tcp", "--no-local"}, db, {config, "PORTDB_ON=freebsd"})) ==
          "30079/tcp: conflict on freebsd");
    CHECK(line(test::run_portdb_with({"check", "30079/tcp", "--no-local", "--on", "all"}, db, {config})) ==
          "30079/tcp: conflict on freebsd");
    CHECK(line(test::run_portdb_with({"check", "30079/tcp", "--no-local", "--on", "linux"}, db, {config})) ==
          "30079/tcp: ok on linux");

    const auto bad_option = run({"check", "79", "--on", "linux,plan9"});
    CHECK(bad_option.exit_code == 2);
    CHECK_THAT(bad_option.err, StartsWith("portdb: --on: unknown target \"plan9\": expected all or a list of linux, "));
    const auto bad_variable = test::run_portdb_with({"check", "79"}, db, {"PORTDB_ON=plan9"});
    CHECK(bad_variable.exit_code == 2);
    CHECK_THAT(bad_variable.err, StartsWith("portdb: PORTDB_ON: unknown target \"plan9\""));
    test::write_file(dir / "config" / "portdb" / "targets", "linux\nplan9\n");
    const auto bad_file = test::run_portdb_with({"check", "79"}, db, {config});
    CHECK(bad_file.exit_code == 3);
    CHECK(bad_file.err ==
          "portdb: " + (dir / "config" / "portdb" / "targets").string() +
              ":2: unknown target \"plan9\": expected all or a list of linux, freebsd, openbsd, netbsd, "
              "macos, windows, solaris, aix, kubernetes, browsers, any\n");
}

TEST_CASE_METHOD(Imported, "a port with a listener on this machine is a conflict") {
    // A real listening socket, in the production block (outside the ephemeral range).
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::uint16_t port = 31500;
    while (port < 31999) {
        address.sin_port = htons(port);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
            break;
        }
        ++port;
    }
    REQUIRE(::listen(fd, 1) == 0);
    const auto result = run({"check", std::to_string(port) + "/tcp"});
    const auto udp = run({"check", std::to_string(port) + "/udp"});
    ::close(fd);
    CHECK(result.exit_code == 11);
    CHECK_THAT(result.out,
               StartsWith(std::to_string(port) +
                          "/tcp: conflict on linux \xe2\x80\x94 listening on this machine now (127.0.0.1)\n"));
    CHECK(udp.out.find("listening") == std::string::npos);  // TCP and UDP are separate spaces
}

TEST_CASE_METHOD(Imported, "a site's reservation is a conflict for everyone else, and suggest passes it by") {
    REQUIRE(run({"reserve", "31001/tcp", "our-daemon"}).exit_code == 0);
    const auto reserved = run({"check", "31001/tcp", "--no-local"});
    CHECK(reserved.exit_code == 11);
    CHECK_THAT(reserved.out,
               StartsWith("31001/tcp: conflict \xe2\x80\x94 reserved for our-daemon in this site's reservations\n"));
    CHECK(run({"check", "31001/udp", "--no-local"}).exit_code == 10);  // registered on the other protocol only
    // 31000 is busy-prod in a services file (a caution), 31001 the site's: the first ok port is 31002.
    CHECK_THAT(run({"suggest", "--production", "--count", "1", "--no-local"}).out,
               StartsWith("production block 31000-31999, ok on linux in tcp+udp: 31002\n"));
}

TEST_CASE_METHOD(Imported, "portdb suggest NAME: the 30xyz port and its check") {
    const auto finger = run({"suggest", "finger", "--instance", "2", "--no-local"});
    CHECK(finger.exit_code == 0);
    CHECK_THAT(finger.out,
               StartsWith("finger (79/tcp+udp, IANA 2025-12-15) -> 32079 for server 2\n32079/tcp+udp: ok on linux"));
    const auto mail = nlohmann::json::parse(run({"--json", "suggest", "mail", "--no-local"}).out);
    CHECK(mail["kind"] == "counterpart");
    CHECK(mail["port"] == 30025);
    CHECK(mail["muq_port"] == 30025);
    CHECK(mail["fallback"] == false);
    CHECK(mail["verdict"] == "ok");
    CHECK(mail["service"]["name"] == "smtp");
    CHECK(mail["protocols"] == nlohmann::json::array({"tcp"}));
    CHECK(mail["check"]["port"] == 30025);
    CHECK(mail["reason"].is_null());

    const auto x11 = run({"suggest", "x11", "--no-local"});
    CHECK(x11.exit_code == 0);
    CHECK_THAT(
        x11.out,
        StartsWith("x11 (6000/tcp, IANA 2025-12-15) -> 31001, the first ok port of the production block 31000-31999 "
                   "(fallback)\nx11 uses port 6000: the Muq policy's 30xyz ports exist only for daemons at "
                   "ports 1-999"));
    const auto too_far = run({"suggest", "finger", "--instance", "19"});
    CHECK(too_far.exit_code == 2);
    CHECK_THAT(too_far.err,
               Contains("servers 1-18 fit for 30xyz daemons, 1-17 for production and 1-17 for test blocks"));
    const auto last = run({"suggest", "finger", "--instance", "18", "--no-local"});
    CHECK(last.exit_code == 10);  // 64079: IANA's dynamic range, and no production block to fall back on
    CHECK_THAT(last.out, Contains("server 18 has no production block below 65536"));
    const auto unknown = run({"suggest", "no-such-daemon", "--no-local"});
    CHECK(unknown.exit_code == 1);
    CHECK(unknown.out.empty());  // as lookup says it: on stderr, prefixed, with the closest names
    CHECK_THAT(unknown.err, StartsWith("portdb: no service named \"no-such-daemon\" with a port in the database"));
    const auto typo = run({"suggest", "fingr", "--no-local"});
    CHECK(typo.exit_code == 1);
    CHECK_THAT(typo.err, StartsWith("portdb: no service named \"fingr\" with a port in the database; did you mean "
                                    "finger"));
    CHECK(nlohmann::json::parse(run({"--json", "suggest", "fingr", "--no-local"}).out)["suggestions"][0] == "finger");
    CHECK(run({"suggest", "finger", "--on", "linux,kubernetes", "--no-local"}).exit_code == 11);
}

TEST_CASE_METHOD(Imported, "portdb suggest --production / --test / --experimental") {
    const auto production = run({"suggest", "--production", "--count", "3", "--no-local"});
    CHECK(production.exit_code == 0);
    CHECK(production.out ==
          "production block 31000-31999, ok on linux in tcp+udp: 31001 31002 31003\n"
          "elsewhere: FreeBSD ephemeral range, Kubernetes NodePorts, OpenBSD ephemeral range (--on all to "
          "count them too)\n");
    const auto test_json =
        nlohmann::json::parse(run({"--json", "suggest", "--test", "--count", "2", "--no-local"}).out);
    CHECK(test_json["kind"] == "test");
    CHECK(test_json["instance"] == 1);
    CHECK(test_json["range"] == nlohmann::json({{"lo", 32000}, {"hi", 32767}}));
    CHECK(test_json["verdict"] == "ok");
    CHECK(test_json["ports"] == nlohmann::json::array({32000, 32001}));
    CHECK(test_json["block_findings"].empty());
    CHECK(test_json["elsewhere"] ==
          nlohmann::json::array({"FreeBSD ephemeral range", "Kubernetes NodePorts", "OpenBSD ephemeral range"}));

    const auto second = run({"suggest", "--test", "--instance", "2", "--no-local"});
    CHECK(second.exit_code == 11);
    CHECK(second.out ==
          "test block 34000-34767 of server 2: every port is a conflict on linux in tcp+udp\n"
          "the whole test block 34000-34767 of server 2: conflict on linux \xe2\x80\x94 Linux ephemeral range "
          "(32768-60999)\n"
          "elsewhere: FreeBSD ephemeral range, Solaris ephemeral range, AIX ephemeral range, OpenBSD "
          "ephemeral range (--on all to count them too)\n");
    CHECK(run({"suggest", "--production", "--instance", "18"}).exit_code == 2);
    CHECK(run({"suggest", "--production", "--instance", "17", "--no-local"}).exit_code ==
          10);  // dynamic range: caution

    const auto phone = run({"suggest", "--experimental", "--phone", "+1 (555) 867-5309", "--no-local"});
    CHECK(phone.exit_code == 0);
    CHECK_THAT(phone.out, StartsWith("'2' + last four digits 5309 -> 25309\n25309/tcp+udp: ok on linux"));
    CHECK(nlohmann::json::parse(
              run({"--json", "suggest", "--experimental", "--phone", "555-0179", "--no-local"}).out)["port"] == 20179);
    const auto short_number = run({"suggest", "--experimental", "--phone", "12-3"});
    CHECK(short_number.exit_code == 2);
    CHECK_THAT(short_number.err, Contains("has 3 digits"));
}

TEST_CASE("portdb suggest falls back when the 30xyz port collides, and says why") {
    test::CliDatabase registry;
    registry.import({test::fixture("iana-xml/muq-collisions.xml")});
    const auto tcpmux = registry.run({"suggest", "tcpmux", "--no-local"});
    CHECK(tcpmux.exit_code == 0);
    CHECK_THAT(tcpmux.out,
               StartsWith("tcpmux (1/tcp+udp, IANA 2025-12-15) -> 31002, the first ok port of the production block "
                          "31000-31999 (fallback)\n"
                          "the Muq policy's port 30001 is a conflict: assigned to pago-services1 (Pago Services 1) "
                          "in the IANA registry\n"
                          "31002/tcp+udp: ok on linux"));
    const auto ldaps = registry.run({"suggest", "ldaps", "--instance", "2", "--no-local"});
    CHECK(ldaps.exit_code == 11);
    CHECK(ldaps.out ==
          "ldaps (636/tcp+udp, IANA 2025-12-15): no port of server 2 that is ok or a caution on linux\n"
          "the Muq policy's port 32636 is a conflict: assigned to DMExpress (DMExpress) in the IANA registry\n"
          "the whole production block 33000-33999 of server 2: conflict on linux \xe2\x80\x94 Linux ephemeral "
          "range (32768-60999)\n");
    const auto applix = nlohmann::json::parse(registry.run({"--json", "suggest", "applix", "--no-local"}).out);
    CHECK(applix["protocols"] == nlohmann::json::array({"udp"}));
    CHECK(applix["muq_check"]["line"] ==
          "30999/udp: conflict \xe2\x80\x94 assigned to ovobs (OpenView Service Desk Client) "
          "in the IANA registry");
    const auto ssh =
        nlohmann::json::parse(registry.run({"--json", "suggest", "ssh", "--protocol", "udp", "--no-local"}).out);
    CHECK(ssh["protocols"] == nlohmann::json::array({"udp"}));
    CHECK(ssh["check"]["protocols"] == nlohmann::json::array({"udp"}));
}

TEST_CASE("the suggest invariant: every exit-0 answer for a daemon below 1000 passes check with exit 0") {
    test::CliDatabase registry;
    registry.import({test::fixture("iana-xml/muq-collisions.xml")});
    const auto services = nlohmann::json::parse(registry.run({"--json", "lookup", "1-999"}).out)["services"];
    std::set<std::string> names;
    for (const auto& row : services) {
        names.insert(row["name"].get<std::string>());
    }
    REQUIRE(names.size() == 11);
    std::size_t answered = 0;
    for (const std::string on : {"linux", "linux,kubernetes", "all"}) {
        for (const auto& name : names) {
            for (const std::string instance : {"1", "2", "3"}) {
                const auto suggest =
                    registry.run({"--json", "suggest", name, "--instance", instance, "--on", on, "--no-local"});
                CAPTURE(on, name, instance, suggest.out);
                REQUIRE((suggest.exit_code == 0 || suggest.exit_code == 10 || suggest.exit_code == 11));
                if (suggest.exit_code != 0) {
                    continue;
                }
                ++answered;
                const auto json = nlohmann::json::parse(suggest.out);
                std::vector<std::string> args{"check"};
                for (const auto& protocol : json["protocols"]) {
                    args.push_back(std::to_string(json["port"].get<int>()) + "/" + protocol.get<std::string>());
                }
                args.insert(args.end(), {"--on", on, "--no-local"});
                const auto check = registry.run(args);
                CAPTURE(check.out);
                REQUIRE(check.exit_code == 0);
            }
        }
    }
    // On Linux: all 11 first servers (6 of them through the fallback) and the 7 second servers whose
    // 32xyz port is free; Kubernetes NodePorts and FreeBSD's range (in "all") leave no ok port.
    CHECK(answered == 18);
}

TEST_CASE_METHOD(Imported, "portdb export: services, csv and json") {
    const auto services = run({"export", "--format", "services"});
    CHECK(services.exit_code == 0);
    CHECK_THAT(services.out, StartsWith("# services(5) written by portdb: ") &&
                                 Contains("\nfinger\t79/tcp\t# Finger\n") && Contains("\nsmtp\t25/tcp mail\n") &&
                                 Contains("\nx11\t6063/tcp\t# X Window System\n"));
    const auto csv = run({"export", "--format", "csv", "--source", "services"});
    CHECK(csv.exit_code == 0);
    CHECK(csv.out ==
          "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
          "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n"
          "smtp,25,tcp,,,,,,,,,\nbusy-prod,31000,tcp,,,,,,,,,\n");
    const auto json = nlohmann::json::parse(run({"export", "--format", "json"}).out);
    CHECK(json["sources"].size() == 2);
    CHECK(json["assignments"].size() == 27);

    // What export writes, import reads back.
    test::write_file(dir / "exported.csv", run({"export", "--format", "csv", "--source", "iana-xml"}).out);
    const test::TempDir other;
    const auto reimport = test::run_portdb({"import", (dir / "exported.csv").string()}, other / "p.sqlite");
    CHECK(reimport.exit_code == 0);
    // The CSV states no date: it is dated by its newest record.
    CHECK_THAT(reimport.out, Contains("as IANA 2023-01-05 into the registry layer: 25 records, 14 assignments"));
}

TEST_CASE_METHOD(Imported, "a user's policy file (--policy), and a malformed one") {
    test::write_file(dir / "quiet.toml",
                     "[[rule]]\nid = \"k8s-nodeport\"\nports = [\"30000-32767\"]\n"
                     "protocols = [\"tcp\", \"udp\"]\nlevel = \"note\"\ntargets = [\"kubernetes\"]\n"
                     "message = \"no NodePorts on our nodes\"\n");
    const auto quiet =
        run({"--policy", (dir / "quiet.toml").string(), "check", "30079/tcp", "--on", "kubernetes", "--no-local"});
    CHECK(quiet.exit_code == 0);
    CHECK_THAT(quiet.out, StartsWith("30079/tcp: ok on kubernetes"));
    CHECK_THAT(run({"--policy", (dir / "quiet.toml").string(), "check", "30079/tcp", "--on", "kubernetes", "--all",
                    "--no-local"})
                   .out,
               Contains("note   -      kubernetes  k8s-nodeport            no NodePorts on our nodes"));

    test::write_file(dir / "broken.toml", "[[rule]]\nid = \"x\"\nseverity = \"loud\"\n");
    const auto broken = run({"check", "30079", "--policy", (dir / "broken.toml").string()});
    CHECK(broken.exit_code == 3);
    CHECK_THAT(broken.err, Equals("portdb: " + (dir / "broken.toml").string() +
                                  ":1: rule \"x\": \"ports\" must be a non-empty list like [\"6000-6063\"]\n"));
    const auto missing = run({"--policy", (dir / "none.toml").string(), "check", "1"});
    CHECK(missing.exit_code == 3);
    CHECK_THAT(missing.err, Contains("none.toml: cannot be read"));
}

TEST_CASE_METHOD(Imported, "a name that finds nothing suggests the closest: a capped search says how to see more") {
    const auto typo = run({"lookup", "fingr"});
    CHECK(typo.exit_code == 1);
    CHECK_THAT(typo.err, Equals("portdb: nothing found for \"fingr\"; did you mean finger?\n"));
    CHECK(nlohmann::json::parse(run({"--json", "lookup", "fingr"}).out)["suggestions"] ==
          nlohmann::json::array({"finger"}));

    const auto capped = run({"search", "a", "--limit", "2"});
    CHECK(capped.exit_code == 0);
    CHECK(lines(capped.out) == 4);  // header, two answers, the notice
    CHECK_THAT(capped.out, Contains("more: --limit N shows more, --all shows every one\n"));
    const auto json = nlohmann::json::parse(run({"--json", "search", "a", "--limit", "2"}).out);
    CHECK(json["results"].size() == 2);
    const auto every = nlohmann::json::parse(run({"--json", "search", "a", "--all"}).out);
    CHECK(json["more"] == every["results"].size() - 2);
    CHECK(every["more"] == 0);
    CHECK(run({"search", "a", "--limit", "2", "--all"}).exit_code == 2);
}

TEST_CASE_METHOD(test::CliDatabase, "a lookup folds Latin-1 capitals as did-you-mean does: école finds École") {
    const auto services = dir / "services";
    test::write_file(services,
                     "\xc3\x89"
                     "cole\t31500/tcp\nstra\xc3\x9f"
                     "e\t31501/tcp\n");
    import({services});
    for (const std::string name : {"\xc3\xa9"
                                   "cole",
                                   "\xc3\x89"
                                   "COLE",
                                   "\xc3\x89"
                                   "cole"}) {
        const auto found = run({"lookup", name});
        CHECK(found.exit_code == 0);
        CHECK_THAT(found.out, Contains("31500"));
    }
    const auto typo = run({"lookup",
                           "\xc3\xa9"
                           "colx"});
    CHECK(typo.exit_code == 1);
    CHECK_THAT(typo.err, Contains("did you mean \xc3\xa9"
                                  "cole?"));           // the same folding, and a lookup of it finds École
    CHECK(run({"lookup", "STRASSE"}).exit_code == 1);  // no folding beyond Latin-1 capitals
}
