#include "portdb/db/database.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/import.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

using namespace portdb;
using Catch::Matchers::Contains;

namespace {

/// A services file of `lines` entries, with port 70000 on line `bad_line` (0 for none).
std::string generated_services(std::size_t lines, std::size_t bad_line) {
    std::string text;
    for (std::size_t i = 1; i <= lines; ++i) {
        const auto port = i == bad_line ? 70000 : 1 + i % 65535;
        text += fmt::format("svc{}\t{}/{}\talias{}\t# generated entry {}\n", i, port, i % 2 ? "tcp" : "udp", i, i);
    }
    return text;
}

}  // namespace

TEST_CASE("import parses every file, then writes them all: info counts match") {
    const test::TempDir dir;
    const auto database = dir / "ports.sqlite";
    const auto result = importer::import_files(
        database, {test::fixture("iana-xml/edge-cases.xml"), test::fixture("services/etc-services")});
    REQUIRE(result.files.size() == 2);
    CHECK(result.files[0].kind == db::SourceKind::iana_xml);
    CHECK(result.files[0].records == 25);
    CHECK(result.files[0].assignments == 14);
    CHECK(result.files[0].people == 7);
    CHECK(result.files[1].assignments == 17);
    CHECK(result.warnings.size() == 1);

    const db::Database db(database, db::Database::Access::read_only);
    const auto sources = db.sources();
    REQUIRE(sources.size() == 2);
    CHECK(sources[0].kind == db::SourceKind::iana_xml);
    CHECK(sources[0].registry_date == "2025-12-15");
    CHECK(sources[0].people_count == 7);
    CHECK(sources[0].warning_count == 1);
    CHECK(sources[0].location ==
          std::filesystem::absolute(test::fixture("iana-xml/edge-cases.xml")).lexically_normal().string());
    CHECK(db.assignment_counts_by_protocol(sources[0].id) ==
          std::map<std::string, std::int64_t>{{"dccp", 1}, {"tcp", 10}, {"udp", 3}});
}

TEST_CASE("the SHA-256 of a source is the SHA-256 of its bytes") {
    const test::TempDir dir;
    test::write_file(dir / "abc", "abc 1/tcp\n");
    std::vector<std::string> warnings;
    const auto source = importer::load_source_file(dir / "abc", warnings);
    // printf 'abc 1/tcp\n' | sha256sum
    CHECK(source.sha256 == "4705ca195cd20afc231b5d5b4a62dd41603208f6e442d74428a1306c2a32364e");
}

TEST_CASE("an import that fails near the end of a large file leaves the database byte-identical") {
    const test::TempDir dir;
    const auto database = dir / "ports.sqlite";
    importer::import_files(database, {test::fixture("iana-xml/edge-cases.xml")});
    const std::string before = test::read_file(database);

    test::write_file(dir / "large-services", generated_services(200'000, 199'990));
    CHECK_THROWS_WITH(importer::import_files(database, {dir / "large-services"}),
                      Contains("large-services:199990: port \"70000\" is out of range"));
    CHECK(test::read_file(database) == before);
    CHECK_FALSE(std::filesystem::exists(database.string() + "-wal"));

    // A bad second file stops the good first one too: nothing is written.
    CHECK_THROWS(importer::import_files(
        database, {test::fixture("services/etc-services"), test::fixture("port-numbers/port-out-of-range.txt")}));
    CHECK(test::read_file(database) == before);
    const db::Database db(database, db::Database::Access::read_only);
    CHECK(db.sources().size() == 1);
}

TEST_CASE("a failed first import creates no database at all") {
    const test::TempDir dir;
    CHECK_THROWS_AS(importer::import_files(dir / "new.sqlite", {test::fixture("iana-xml/bad-port.xml")}),
                    importer::ParseError);
    CHECK_FALSE(std::filesystem::exists(dir / "new.sqlite"));
}

TEST_CASE("services files live side by side, each replaced only by itself") {
    const test::TempDir dir;
    const auto database = dir / "ports.sqlite";
    test::write_file(dir / "one", "alpha 1/tcp\nbeta 2/tcp\n");
    test::write_file(dir / "two", "gamma 3/tcp\n");
    importer::import_files(database, {dir / "one"});
    importer::import_files(database, {dir / "two"});
    {
        const db::Database db(database, db::Database::Access::read_only);
        CHECK(db.find_by_name("alpha").size() == 1);
        CHECK(db.find_by_name("gamma").size() == 1);
        CHECK(db.sources().size() == 2);
    }
    test::write_file(dir / "one", "delta 4/tcp\nepsilon 5/tcp\n");
    importer::import_files(database, {dir / "one"});
    const db::Database db(database, db::Database::Access::read_only);
    CHECK(db.find_by_name("alpha").empty());
    CHECK(db.find_by_name("delta").size() == 1);
    CHECK(db.find_by_name("gamma").size() == 1);
    REQUIRE(db.sources().size() == 2);
    for (const auto& source : db.sources()) {
        CHECK(source.layer == db::Layer::system);
        CHECK(source.record_count == (source.location.ends_with("one") ? 2 : 1));
    }
}

TEST_CASE("unreadable input and the same file twice are clear errors") {
    const test::TempDir dir;
    const auto database = dir / "ports.sqlite";
    CHECK_THROWS_WITH(importer::import_files(database, {dir / "missing"}),
                      Contains("missing: cannot be read: No such file or directory"));
    CHECK_THROWS_WITH(importer::import_files(database, {dir.path()}), Contains("is a directory"));
    CHECK_THROWS_WITH(importer::import_files(
                          database, {test::fixture("services/etc-services"), test::fixture("services/etc-services")}),
                      Contains("etc-services: the same file twice in one import"));
    CHECK_FALSE(std::filesystem::exists(database));
}
