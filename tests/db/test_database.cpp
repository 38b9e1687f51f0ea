#include "portdb/db/database.hpp"
#include "portdb/db/database_error.hpp"
#include "schema_check.hpp"
#include "test_support.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include <fstream>

using namespace portdb::db;
using portdb::test::read_file;
using portdb::test::TempDir;

namespace {

Assignment service(std::string name, std::uint16_t lo, std::uint16_t hi, std::optional<std::string> protocol) {
    Assignment a;
    a.name = std::move(name);
    a.ports = PortRange{lo, hi};
    a.protocol = std::move(protocol);
    a.description = "desc of " + *a.name;
    return a;
}

Assignment status_row(std::uint16_t lo, std::uint16_t hi, std::optional<std::string> protocol, Status status) {
    Assignment a;
    a.ports = PortRange{lo, hi};
    a.protocol = std::move(protocol);
    a.status = status;
    a.description = std::string(to_string(status));
    return a;
}

SourceData source(SourceKind kind, std::vector<Assignment> rows) {
    SourceData s;
    s.kind = kind;
    s.location = "/test/" + std::string(to_string(kind));
    s.sha256 = std::string(64, 'a');
    s.assignments = std::move(rows);
    return s;
}

std::vector<std::string> names(const std::vector<StoredAssignment>& rows) {
    std::vector<std::string> result;
    for (const auto& row : rows) {
        result.push_back(row.assignment.name.value_or(fmt::format("<{}>", to_string(row.assignment.status))));
    }
    return result;
}

}  // namespace

TEST_CASE("a new database gets the current schema, WAL mode and portdb's application id") {
    const TempDir dir;
    const auto path = dir / "sub" / "folder" / "ports.sqlite";
    {
        const Database db(path, Database::Access::read_write);
        CHECK(db.schema_version() == 3);
        CHECK(db.sources().empty());
    }
    SQLite::Database raw(path.string());
    CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(raw.execAndGet("PRAGMA application_id").getInt() == 0x706f7274);
    CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'assignments_fts'").getInt() == 1);
}

TEST_CASE("every field of an assignment survives the round trip") {
    const TempDir dir;
    Database db(dir / "ports.sqlite", Database::Access::read_write);
    Assignment a = service("exp1", 1021, 1021, "dccp");
    a.contacts = {{ContactRole::contact, "IETF_Chair", "IETF Chair", "IETF", "chair@ietf.org", true},
                  {ContactRole::assignee, "IESG", "", "IESG", "iesg@ietf.org", false}};
    a.references = {{"rfc", "rfc4727"}, {"note", "It is only appropriate ..."}};
    a.registered = PartialDate::parse("2006-01");
    a.modified = PartialDate::parse("2011-05-16");
    a.note = "a note\nwith two lines";
    a.unauthorized = "seen elsewhere";
    a.service_code = 1145656131;
    a.frequency = 0.484143;
    a.aliases = {"exp-one", "e1"};
    a.alias_of = "exp";
    a.flags = "degenerate-range";
    a.position = 42;
    auto data = source(SourceKind::iana_xml, {a});
    data.registry_date = "2025-12-15";
    data.etag = "\"abc\"";
    portdb::test::replace_sources(db, {data});

    const auto rows = db.find_by_name("EXP1");
    REQUIRE(rows.size() == 1);
    const Assignment& b = rows[0].assignment;
    CHECK(rows[0].source == SourceKind::iana_xml);
    CHECK(b.name == a.name);
    CHECK(b.ports == a.ports);
    CHECK(b.protocol == a.protocol);
    CHECK(b.description == a.description);
    CHECK(b.status == Status::assigned);
    CHECK(b.contacts == a.contacts);
    CHECK(b.references == a.references);
    CHECK(b.registered == a.registered);
    CHECK(b.modified == a.modified);
    CHECK(b.note == a.note);
    CHECK(b.unauthorized == a.unauthorized);
    CHECK(b.service_code == a.service_code);
    CHECK(b.frequency == a.frequency);
    CHECK(b.aliases == a.aliases);
    CHECK(b.alias_of == a.alias_of);
    CHECK(b.flags == a.flags);
    CHECK(b.position == 42);

    const auto sources = db.sources();
    REQUIRE(sources.size() == 1);
    CHECK(sources[0].registry_date == "2025-12-15");
    CHECK(sources[0].etag == "\"abc\"");
    CHECK_FALSE(sources[0].last_modified);
    CHECK(sources[0].record_count == 1);
    CHECK(sources[0].assignment_count == 1);
    CHECK(sources[0].imported_at.size() == 20);  // 2026-11-26T09:11:23Z
}

TEST_CASE("lookups by name are case-insensitive, include aliases and skip inactive rows") {
    const TempDir dir;
    Database db(dir / "ports.sqlite", Database::Access::read_write);
    auto kerberos = service("kerberos", 88, 88, "tcp");
    kerberos.aliases = {"krb5", "kerberos-sec"};
    auto history = service("unitary", 126, 126, "tcp");
    history.active = false;
    portdb::test::replace_sources(
        db, {source(SourceKind::services, {kerberos, service("Kerberos-Adm", 749, 749, "tcp"), history})});

    CHECK(names(db.find_by_name("KRB5")) == std::vector<std::string>{"kerberos"});
    CHECK(names(db.find_by_name("kerberos")) == std::vector<std::string>{"kerberos"});
    CHECK(names(db.find_by_name("kerberos-adm")) == std::vector<std::string>{"Kerberos-Adm"});
    CHECK(db.find_by_name("unitary").empty());
    CHECK(db.find_by_name("kerb").empty());
    CHECK(db.find_by_name("'; DROP TABLE assignments; --").empty());
    CHECK(names(db.find_by_name("kerberos")) == std::vector<std::string>{"kerberos"});
}

TEST_CASE("names_starting_with: names and aliases by prefix, any case, sorted, without history") {
    const TempDir dir;
    Database db(dir / "ports.sqlite", Database::Access::read_write);
    auto finger = service("finger", 79, 79, "tcp");
    finger.aliases = {"Fingerd"};
    auto inactive = service("fingertip", 1, 1, "tcp");
    inactive.active = false;
    auto old = source(SourceKind::port_numbers_text, {service("finger-old", 2, 2, "tcp")});
    old.layer = Layer::history;
    portdb::test::replace_sources(
        db, {source(SourceKind::iana_xml, {finger, service("finger", 79, 79, "udp"), service("FINGER2", 3, 3, "tcp"),
                                           service("fin_x", 4, 4, "tcp"), service("finxy", 5, 5, "tcp"), inactive,
                                           service("ssh", 22, 22, "tcp")}),
             old});

    CHECK(db.names_starting_with("fing") == std::vector<std::string>{"finger", "FINGER2", "Fingerd"});
    CHECK(db.names_starting_with("FINGERD") == std::vector<std::string>{"Fingerd"});
    // % and _ are themselves, not LIKE wildcards.
    CHECK(db.names_starting_with("fin_") == std::vector<std::string>{"fin_x"});
    CHECK(db.names_starting_with("%").empty());
    CHECK(db.names_starting_with("").size() == 6);
    CHECK(db.names_starting_with("'; DROP TABLE assignments; --").empty());
}

TEST_CASE("port lookups find the ranges that contain the port, per protocol") {
    const TempDir dir;
    Database db(dir / "ports.sqlite", Database::Access::read_write);
    portdb::test::replace_sources(
        db, {source(SourceKind::iana_xml, {service("x11", 6000, 6063, "tcp"), service("x11", 6000, 6063, "udp"),
                                           service("active-net", 3322, 3325, std::nullopt),
                                           status_row(29170, 29998, std::nullopt, Status::unassigned),
                                           service("late", 29500, 29500, "tcp"), service("finger", 79, 79, "tcp")})});

    CHECK(names(db.find_by_port(6010, std::string_view("tcp"))) == std::vector<std::string>{"x11"});
    CHECK(names(db.find_by_port(6000, std::nullopt)) == std::vector<std::string>{"x11", "x11"});
    CHECK(names(db.find_by_port(6063, std::string_view("udp"))) == std::vector<std::string>{"x11"});
    CHECK(db.find_by_port(6064, std::string_view("tcp")).empty());
    CHECK(db.find_by_port(5999, std::nullopt).empty());
    // Protocol-less rows answer for every protocol.
    CHECK(names(db.find_by_port(3324, std::string_view("udp"))) == std::vector<std::string>{"active-net"});
    // The widest range (828 ports) is still found far from its start: the index
    // scan window comes from the stored widest range.
    CHECK(names(db.find_by_port(29998, std::string_view("tcp"))) == std::vector<std::string>{"<unassigned>"});
    // A service inside a stale Unassigned range: both rows, by range start (the
    // query layer keeps services and statuses apart).
    CHECK(names(db.find_by_port(29500, std::string_view("tcp"))) == std::vector<std::string>{"<unassigned>", "late"});
    CHECK(db.find_by_port(79, std::string_view("udp")).empty());
}

TEST_CASE("re-importing a kind replaces that source whole and leaves other kinds alone") {
    const TempDir dir;
    Database db(dir / "ports.sqlite", Database::Access::read_write);
    portdb::test::replace_sources(
        db, {source(SourceKind::iana_xml, {service("old", 1, 1, "tcp"), service("kept", 2, 2, "tcp")}),
             source(SourceKind::services, {service("local", 3, 3, "tcp")})});
    portdb::test::replace_sources(
        db, {source(SourceKind::iana_xml, {service("kept", 2, 2, "tcp"), service("new", 4, 4, "tcp")})});

    CHECK(db.find_by_name("old").empty());
    CHECK(names(db.find_by_name("new")) == std::vector<std::string>{"new"});
    CHECK(db.find_by_name("kept").size() == 1);
    CHECK(db.find_by_name("local").size() == 1);
    CHECK(db.sources().size() == 2);

    // No orphans: the child rows and the full-text rows of the old source are gone too.
    SQLite::Database raw((dir / "ports.sqlite").string());
    CHECK(raw.execAndGet("SELECT count(*) FROM assignments").getInt() == 3);
    CHECK(raw.execAndGet("SELECT count(*) FROM assignments_fts WHERE assignments_fts MATCH 'old'").getInt() == 0);
    CHECK(raw.execAndGet("SELECT count(*) FROM assignments_fts WHERE assignments_fts MATCH 'new'").getInt() == 1);
}

TEST_CASE("a write that fails part-way leaves the database byte-for-byte unchanged") {
    const TempDir dir;
    const auto path = dir / "ports.sqlite";
    {
        Database db(path, Database::Access::read_write);
        portdb::test::replace_sources(db, {source(SourceKind::iana_xml, {service("finger", 79, 79, "tcp")})});
    }
    const std::string before = read_file(path);

    std::vector<Assignment> rows;
    for (std::uint16_t port = 1; port < 5000; ++port) {
        rows.push_back(service("svc" + std::to_string(port), port, port, "tcp"));
    }
    rows.push_back(service("inverted", 10, 5, "tcp"));  // violates the schema's CHECK (lo <= hi), last of 5000
    {
        Database db(path, Database::Access::read_write);
        CHECK_THROWS_AS(portdb::test::replace_sources(db, {source(SourceKind::iana_xml, rows)}), DatabaseError);
        CHECK(names(db.find_by_name("finger")) == std::vector<std::string>{"finger"});
        CHECK(db.find_by_name("svc1").empty());
    }
    CHECK(read_file(path) == before);
}

TEST_CASE("opening what is not a usable portdb database is a clear error") {
    const TempDir dir;
    using Catch::Matchers::Contains;

    SECTION("missing, read-only") {
        CHECK_THROWS_WITH(Database(dir / "missing.sqlite", Database::Access::read_only),
                          Contains("no database at") && Contains("portdb import"));
        CHECK_FALSE(std::filesystem::exists(dir / "missing.sqlite"));
    }
    SECTION("a directory") {
        CHECK_THROWS_WITH(Database(dir.path(), Database::Access::read_write), Contains("is a directory"));
    }
    SECTION("a text file") {
        portdb::test::write_file(dir / "notes.txt", std::string(4096, 'x'));
        CHECK_THROWS_WITH(Database(dir / "notes.txt", Database::Access::read_write),
                          Contains("notes.txt") && Contains("not a database"));
        CHECK(read_file(dir / "notes.txt") == std::string(4096, 'x'));
    }
    SECTION("another program's SQLite database") {
        {
            SQLite::Database other((dir / "other.sqlite").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            other.exec("CREATE TABLE t (x)");
        }
        const std::string before = read_file(dir / "other.sqlite");
        CHECK_THROWS_WITH(Database(dir / "other.sqlite", Database::Access::read_write), Contains("another program"));
        CHECK(read_file(dir / "other.sqlite") == before);
    }
    SECTION("a schema from a newer portdb") {
        { Database db(dir / "future.sqlite", Database::Access::read_write); }
        {
            SQLite::Database raw((dir / "future.sqlite").string(), SQLite::OPEN_READWRITE);
            raw.exec("PRAGMA user_version = 99");
        }
        CHECK_THROWS_WITH(Database(dir / "future.sqlite", Database::Access::read_only),
                          Contains("schema version 99") && Contains("upgrade portdb"));
        CHECK_THROWS_AS(Database(dir / "future.sqlite", Database::Access::read_write), DatabaseError);
    }
    SECTION("an empty database opened read-only") {
        { SQLite::Database empty((dir / "empty.sqlite").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE); }
        CHECK_THROWS_WITH(Database(dir / "empty.sqlite", Database::Access::read_only), Contains("is empty"));
    }
}

TEST_CASE("a schema 1 database (portdb 0.1) migrates to layers and keeps every row") {
    // Written by portdb 0.1 from edge-cases.xml, the CSV fixture and etc-services.
    const TempDir dir;
    const auto path = dir / "old.sqlite";
    std::filesystem::copy_file(portdb::test::fixture("db/schema-v1.sqlite"), path);
    {
        const Database reader(path, Database::Access::read_only);  // a reader migrates through a short writer
        CHECK(reader.schema_version() == 3);
        const auto sources = reader.sources();
        REQUIRE(sources.size() == 3);
        CHECK(sources[0].kind == SourceKind::iana_xml);
        CHECK(sources[0].layer == Layer::registry);
        CHECK(sources[1].kind == SourceKind::services);
        CHECK(sources[1].layer == Layer::system);
        CHECK(sources[2].kind == SourceKind::iana_csv);
        CHECK(sources[2].layer == Layer::history);         // a CSV beside an XML was the lesser registry
        CHECK(reader.find_by_name("finger").size() == 3);  // XML tcp and udp, services
        std::vector<Layer> x11_layers;
        for (const auto& row : reader.find_by_port(6010, "tcp")) {
            x11_layers.push_back(row.layer);
        }
        CHECK(x11_layers == std::vector<Layer>{Layer::history, Layer::registry});  // the CSV's x11 and the XML's
    }
    // And it takes new sources the schema 2 way: services files side by side.
    Database writer(path, Database::Access::read_write);
    SourceData other;
    other.kind = SourceKind::services;
    other.location = "/elsewhere/services";
    other.assignments.push_back(service("newcomer", 4040, 4040, "tcp"));
    portdb::test::replace_sources(writer, {other});
    CHECK(writer.sources().size() == 4);
}

TEST_CASE("for_each_assignment hands over every row in order, across batch boundaries") {
    const TempDir dir;
    for (const std::size_t count : {0U, 1U, 255U, 256U, 257U, 512U, 1000U}) {
        CAPTURE(count);
        std::vector<Assignment> rows;
        for (std::size_t i = 0; i < count; ++i) {
            auto a = service(fmt::format("s{}", i), static_cast<std::uint16_t>(i + 1),
                             static_cast<std::uint16_t>(i + 1), "tcp");
            a.aliases = {fmt::format("alias{}", i)};
            a.position = static_cast<std::uint32_t>(i + 1);
            rows.push_back(std::move(a));
        }
        Database db(dir / fmt::format("p{}.sqlite", count), Database::Access::read_write);
        portdb::test::replace_sources(db, {source(SourceKind::services, rows)});
        std::vector<std::string> seen;
        db.for_each_assignment(std::nullopt, [&](const StoredAssignment& row) {
            seen.push_back(*row.assignment.name + "/" + row.assignment.aliases.at(0));
        });
        REQUIRE(seen.size() == count);
        for (std::size_t i = 0; i < count; ++i) {
            CHECK(seen[i] == fmt::format("s{}/alias{}", i, i));
        }
        std::size_t of_other_kind = 0;
        db.for_each_assignment(SourceKind::iana_xml, [&](const StoredAssignment&) { ++of_other_kind; });
        CHECK(of_other_kind == 0);
    }
}

TEST_CASE("the schema check's list of objects is what the migrations create") {
    // The list is only the check's fast path (an object missing from it is
    // looked up in what the migrations create): keep it equal.
    CHECK(portdb::db::detail::listed_schema_objects() == portdb::db::detail::migration_schema_objects());
}

TEST_CASE("a database image opened writable in memory is changed there and written out whole, in WAL mode") {
    const TempDir dir;
    const auto original = dir / "original.sqlite";
    {
        Database db(original, Database::Access::read_write);
        portdb::test::replace_sources(db, {source(SourceKind::iana_xml, {service("echo", 7, 7, "tcp")})});
    }
    const auto image = read_file(original);

    auto in_memory = Database::from_image(image, "the image", Database::Access::read_write);
    portdb::test::replace_sources(in_memory, {source(SourceKind::iana_xml, {service("echo", 7, 7, "tcp")}),
                                              source(SourceKind::services, {service("finger", 79, 79, "tcp")})});
    std::string written;
    in_memory.write_image([&](std::string_view piece) { written += piece; });
    CHECK(read_file(original) == image);  // the image it came from is untouched

    const auto copy = dir / "copy.sqlite";
    {
        std::ofstream out(copy, std::ios::binary);
        out << written;
    }
    CHECK(static_cast<int>(written.at(18)) == 2);
    CHECK(static_cast<int>(written.at(19)) == 2);
    const Database reopened(copy, Database::Access::read_only);
    CHECK(names(reopened.find_by_name("finger")) == std::vector<std::string>{"finger"});
    CHECK(reopened.sources().size() == 2);
}

TEST_CASE("a read-only image refuses writes, and only an image can be written out") {
    const TempDir dir;
    const auto file = dir / "ports.sqlite";
    Database on_disk(file, Database::Access::read_write);
    portdb::test::replace_sources(on_disk, {source(SourceKind::services, {service("finger", 79, 79, "tcp")})});
    CHECK_THROWS_AS(on_disk.write_image([](std::string_view) {}), DatabaseError);

    auto read_only = Database::from_image(read_file(file), "the image");
    CHECK(names(read_only.find_by_name("finger")) == std::vector<std::string>{"finger"});
    CHECK_THROWS_WITH(read_only.mark_checked(read_only.sources().at(0).id), Catch::Matchers::Contains("readonly"));
}
