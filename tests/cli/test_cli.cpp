// End-to-end: the built portdb binary, its output and its exit codes.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace portdb;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

TEST_CASE("portdb import: a summary on stdout, warnings on stderr") {
    const test::TempDir dir;
    const auto result =
        test::run_portdb({"import", test::fixture("iana-xml/edge-cases.xml").string()}, dir / "p.sqlite");
    CHECK(result.exit_code == 0);
    CHECK_THAT(
        result.out,
        Contains("edge-cases.xml as IANA 2025-12-15 into the registry layer: 25 records, 14 assignments, 7 people"));
    CHECK_THAT(result.err, StartsWith("portdb: warning: ") && Contains("Nobody_Defined"));

    const auto json =
        test::run_portdb({"--json", "import", test::fixture("services/etc-services").string()}, dir / "p.sqlite");
    CHECK(json.exit_code == 0);
    const auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed["imported"][0]["kind"] == "services");
    CHECK(parsed["imported"][0]["layer"] == "system");
    CHECK(parsed["imported"][0]["name"] == test::fixture("services/etc-services").string());
    CHECK(parsed["imported"][0]["replaced"].empty());
    CHECK(parsed["imported"][0]["assignments"] == 17);
    CHECK(parsed["warnings"].empty());
}

TEST_CASE_METHOD(test::ImportedDatabase, "portdb lookup NAME: an aligned table, exit 0") {
    const auto result = run({"lookup", "finger"});
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    // The services file agrees with the registry on 79/tcp: one row, seen in both.
    const auto services = test::fixture("services/etc-services").string();
    const std::string both = "IANA 2025-12-15, " + services;
    const std::string pad(both.size() - 6, ' ');
    CHECK_THAT(result.out, Equals("PORT  PROTO  NAME    SOURCE" + pad +
                                  "  DESCRIPTION\n"
                                  "79    tcp    finger  " +
                                  both +
                                  "  Finger\n"
                                  "79    udp    finger  IANA 2025-12-15" +
                                  std::string(both.size() - 15, ' ') + "  Finger\n"));
}

TEST_CASE_METHOD(test::ImportedDatabase, "portdb lookup PORT/PROTO: ranges, aliases, statuses") {
    const auto x11 = run({"lookup", "6010/tcp"});
    CHECK(x11.exit_code == 0);
    CHECK_THAT(x11.out, Equals("PORT       PROTO  NAME  SOURCE           DESCRIPTION\n"
                               "6000-6063  tcp    x11   IANA 2025-12-15  X Window System\n"));
    CHECK_THAT(run({"lookup", "88/tcp"}).out, Contains("kerberos (kerberos5 krb5 kerberos-sec)"));
    CHECK_THAT(run({"lookup", "whois++"}).out, Contains("whois++ [alias of whoispp]"));
    const auto inetfs = run({"lookup", "7775/tcp"});
    CHECK_THAT(inetfs.out,
               Contains("inetfs") && Contains("status: 7748-7776 unassigned (IANA 2025-12-15: Unassigned)"));
}

TEST_CASE_METHOD(test::ImportedDatabase, "portdb lookup: nothing found is exit 1: a status alone is not a service") {
    const auto missing = run({"lookup", "no-such-service"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.out.empty());
    CHECK_THAT(missing.err, Equals("portdb: nothing found for \"no-such-service\"\n"));
    const auto reserved = run({"lookup", "0/tcp"});
    CHECK(reserved.exit_code == 1);
    CHECK_THAT(reserved.out, Equals("status: 0/tcp reserved (IANA 2025-12-15: Reserved)\n"));
}

TEST_CASE_METHOD(test::ImportedDatabase, "portdb --json lookup: the documented shape") {
    const auto result = run({"--json", "lookup", "exp1"});
    CHECK(result.exit_code == 0);
    const auto json = nlohmann::json::parse(result.out);
    CHECK(json["query"] == "exp1");
    CHECK(json["found"] == true);
    REQUIRE(json["services"].size() == 2);
    const auto& dccp = json["services"][0];  // by port, then protocol
    CHECK(dccp["name"] == "exp1");
    CHECK(dccp["lo"] == 1021);
    CHECK(dccp["hi"] == 1021);
    CHECK(dccp["protocol"] == "dccp");
    CHECK(dccp["status"] == "assigned");
    CHECK(dccp["source"] == "iana-xml");
    CHECK(dccp["service_code"] == 1145656131);
    CHECK(dccp["references"][0]["kind"] == "note");
    CHECK(dccp["registered"].is_null());
    CHECK(dccp["frequency"].is_null());
    for (const char* key : {"description", "aliases", "alias_of", "contacts", "modified", "note", "unauthorized"}) {
        CHECK(dccp.contains(key));
    }
    const auto missing = run({"--json", "lookup", "nothing"});
    CHECK(missing.exit_code == 1);
    CHECK(nlohmann::json::parse(missing.out)["found"] == false);
}

TEST_CASE_METHOD(test::ImportedDatabase, "portdb info: sources with dates and counts, as text and JSON") {
    const auto text = run({"info"});
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Contains("(schema 3,") && Contains("iana-xml  ") && Contains("registry date  2025-12-15") &&
                             Contains("assignments    14 (dccp 1, tcp 10, udp 3)") && Contains("people         7") &&
                             Contains("services  ") && Contains("registry date  not stated"));
    const auto json = nlohmann::json::parse(run({"info", "--json"}).out);
    CHECK(json["schema_version"] == 3);
    CHECK(json["database"] == db.string());
    REQUIRE(json["sources"].size() == 2);
    CHECK(json["sources"][0]["kind"] == "iana-xml");
    CHECK(json["sources"][0]["assignments_by_protocol"]["tcp"] == 10);
    CHECK(json["sources"][1]["registry_date"].is_null());
}

TEST_CASE_METHOD(test::ImportedDatabase, "a bad port argument is a usage error even with a database") {
    const auto result = run({"lookup", "65536/tcp"});
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.err, Equals("portdb: port 65536 is out of range: ports are 0-65535\n"));
}

TEST_CASE("data and file errors exit 3 with one line and change nothing") {
    const test::TempDir dir;
    SECTION("no database yet, and nothing to start one from") {
        const auto result =
            test::run_portdb({"lookup", "finger"}, dir / "none.sqlite");  // no shipped data, no services
        CHECK(result.exit_code == 3);
        CHECK_THAT(result.err, StartsWith("portdb: no database at ") && Contains("portdb import FILE"));
        CHECK_FALSE(std::filesystem::exists(dir / "none.sqlite"));
    }
    SECTION("--db is a directory") {
        const auto result = test::run_portdb({"--db", dir.path().string(), "info"}, dir / "x");
        CHECK(result.exit_code == 3);
        CHECK_THAT(result.err, Contains("is a directory"));
    }
    SECTION("--db is not an SQLite file") {
        test::write_file(dir / "text.sqlite", "hello, this is not a database, really not at all........\n");
        const auto before = test::read_file(dir / "text.sqlite");
        const auto result =
            test::run_portdb({"import", test::fixture("services/etc-services").string()}, dir / "text.sqlite");
        CHECK(result.exit_code == 3);
        CHECK_THAT(result.err, Contains("file is not a database"));
        CHECK(test::read_file(dir / "text.sqlite") == before);
    }
    SECTION("a missing, empty, binary or malformed input file") {
        test::write_file(dir / "empty", "");
        test::write_file(dir / "binary", std::string("\x7f"
                                                     "ELF\0\0\x01",
                                                     7));
        for (const auto& file : {(dir / "missing").string(), (dir / "empty").string(), (dir / "binary").string(),
                                 test::fixture("iana-xml/bad-port.xml").string()}) {
            CAPTURE(file);
            const auto result = test::run_portdb({"import", file}, dir / "p.sqlite");
            CHECK(result.exit_code == 3);
            CHECK_THAT(result.err, StartsWith("portdb: ") && Contains(std::filesystem::path(file).filename().string()));
            CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        }
        CHECK_FALSE(std::filesystem::exists(dir / "p.sqlite"));
    }
}

TEST_CASE("the first command without a database starts from the shipped registry and the services file") {
    const test::TempDir dir;
    const auto db = dir / "new" / "ports.sqlite";
    const auto services = test::fixture("services/etc-services");
    const auto first = test::run_portdb({"lookup", "tacacss"}, db, services, test::shipped_data_dir());
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.err, StartsWith("portdb: no database yet: created " + db.string() +
                                     " from the shipped IANA 2025-12-15 (11707 assignments, ") &&
                              EndsWith(" software defaults) and " + services.string() +
                                       " (17 entries); portdb update refreshes the registry\n"));
    CHECK(std::count(first.err.begin(), first.err.end(), '\n') == 1);
    CHECK_THAT(first.out, Contains("300   tcp    tacacss"));  // added to the registry in 2025
    const auto second = test::run_portdb({"--json", "info"}, db, services, test::shipped_data_dir());
    CHECK(second.exit_code == 0);
    CHECK(second.err.empty());
    const auto info = nlohmann::json::parse(second.out);
    REQUIRE(info["sources"].size() == 3);
    CHECK(info["sources"][0]["name"] == "IANA 2025-12-15");
    CHECK(info["sources"][0]["layer"] == "registry");
    CHECK(info["sources"][0]["registry_date"] == "2025-12-15");
    CHECK(info["sources"][0]["age_days"] > 300);
    CHECK(info["sources"][1]["name"] == "software defaults");
    CHECK(info["sources"][1]["layer"] == "defacto");
    CHECK(info["sources"][2]["layer"] == "system");
    CHECK_THAT(test::run_portdb({"info"}, db).out,
               Contains("days old (IANA changes it every few weeks): run portdb update"));
    // A usage error creates nothing.
    const test::TempDir other;
    CHECK(test::run_portdb({"lookup", "99999"}, other / "p.sqlite", services, test::shipped_data_dir()).exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(other / "p.sqlite"));
}

TEST_CASE("without a shipped registry, the first command starts from the services file and says how to add one") {
    const test::TempDir dir;
    const auto db = dir / "new" / "ports.sqlite";
    const auto first = test::run_portdb({"lookup", "krb5"}, db, test::fixture("services/etc-services"));
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.err,
               Equals("portdb: no database yet: created " + db.string() + " from " +
                      test::fixture("services/etc-services").string() +
                      " (17 entries); no shipped registry found: portdb update or portdb import FILE adds one\n"));
    CHECK_THAT(first.out, Contains("kerberos"));
    CHECK_THAT(test::run_portdb({"info"}, db).out, Contains("no IANA registry: portdb update downloads it"));
}

TEST_CASE("registry text cannot send control sequences to the terminal") {
    const test::TempDir dir;
    test::write_file(dir / "evil", "evil\t7/tcp\t# \x1b]0;pwned\x07\x1b[2J cleared\r\n");
    REQUIRE(test::run_portdb({"import", (dir / "evil").string()}, dir / "p.sqlite").exit_code == 0);
    const auto table = test::run_portdb({"lookup", "evil"}, dir / "p.sqlite");
    CHECK(table.exit_code == 0);
    CHECK_THAT(table.out, Contains("evil  " + (dir / "evil").string() + "  ?]0;pwned??[2J cleared\n"));
    const auto json = test::run_portdb({"--json", "lookup", "evil"}, dir / "p.sqlite");
    CHECK(nlohmann::json::parse(json.out)["services"][0]["description"] == "\x1b]0;pwned\x07\x1b[2J cleared");
}

TEST_CASE_METHOD(test::ImportedDatabase, "a failed import leaves the database byte-identical") {
    const auto before = test::read_file(db);
    const auto result = run({"import", test::fixture("port-numbers/port-out-of-range.txt").string()});
    CHECK(result.exit_code == 3);
    CHECK_THAT(result.err, Equals("portdb: " + test::fixture("port-numbers/port-out-of-range.txt").string() +
                                  ":104: port number is out of range (0-65535)\n"));
    CHECK(test::read_file(db) == before);
}

TEST_CASE("with nmap installed, the first use imports nmap-services and lookups show its open frequency") {
    const test::TempDir dir;
    test::RunOptions options;
    options.data_dir = test::shipped_data_dir();
    options.environment = {"PORTDB_NMAP_SERVICES=" + test::fixture("nmap/nmap-services").string()};
    const auto first = test::run_portdb({"lookup", "80/tcp"}, dir / "ports.sqlite", options);
    CHECK(first.exit_code == 0);
    CHECK_THAT(first.err, Contains(" and " + test::fixture("nmap/nmap-services").string() + " (6 entries)"));
    CHECK_THAT(first.out, Contains("http") && Contains("IANA 2025-12-15, nmap-services") &&
                              Contains("(seen open on 48.41% of hosts nmap scanned)"));
    const auto json = nlohmann::json::parse(test::run_portdb({"--json", "lookup", "80/tcp"}, dir / "ports.sqlite").out);
    CHECK(json["services"][0]["frequency"] == 0.484143);
}
