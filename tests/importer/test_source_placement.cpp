// What a new source replaces in the site layer (source_placement.hpp), and
// the site layer keeping to its file through those rules.
#include "portdb/db/database.hpp"
#include "portdb/importer/site_layer.hpp"
#include "source_placement.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace portdb;

namespace {

db::SourceInfo stored(std::int64_t id, db::SourceKind kind, const std::string& location) {
    db::SourceInfo source;
    source.id = id;
    source.kind = kind;
    source.layer = db::default_layer(kind);
    source.location = location;
    source.sha256 = "old";
    source.assignment_count = 4;
    return source;
}

db::Assignment row(const std::string& name, std::uint16_t port) {
    db::Assignment a;
    a.name = name;
    a.ports = db::PortRange{port, port};
    a.protocol = "tcp";
    return a;
}

db::SourceData incoming_site(const std::string& location, std::vector<db::Assignment> rows) {
    db::SourceData source;
    source.kind = db::SourceKind::site;
    source.location = location;
    source.sha256 = "new";
    source.assignments = std::move(rows);
    return source;
}

/// The ids `incoming` replaces among `existing`, placed as a forced import.
std::vector<std::int64_t> replaced_ids(db::SourceData incoming, const std::vector<db::SourceInfo>& existing) {
    importer::detail::PlacementReport report;
    const auto displacement = importer::detail::place_source(incoming, existing, true, report);
    CHECK(report.layer == db::Layer::site);
    return displacement.remove;
}

}  // namespace

TEST_CASE("placement: a site file replaces the site file before it, whatever its path, and not reserve's rows") {
    const std::vector<db::SourceInfo> existing{
        stored(1, db::SourceKind::site, std::string(db::reservations_location)),
        stored(2, db::SourceKind::site, "/team/ports.site"),
        stored(3, db::SourceKind::services, "/team/ports.site"),
        stored(4, db::SourceKind::services, "/etc/services"),
    };
    SECTION("a changed copy of the same file") {
        CHECK(replaced_ids(incoming_site("/team/ports.site", {row("billing", 31007)}), existing) ==
              std::vector<std::int64_t>{2});
    }
    SECTION("another file named instead") {
        CHECK(replaced_ids(incoming_site("/team/other.site", {row("billing", 31007)}), existing) ==
              std::vector<std::int64_t>{2});
    }
    SECTION("the rows of portdb reserve replace only the rows before them") {
        CHECK(replaced_ids(incoming_site(std::string(db::reservations_location), {row("billing", 31007)}), existing) ==
              std::vector<std::int64_t>{1});
    }
}

TEST_CASE("site layer: a site file that shrank to one row of four is stored, never refused as a truncated file") {
    test::TempDir dir;
    db::Database writer(dir / "ports.sqlite", db::Database::Access::read_write);
    importer::SiteFile site{"/team/ports.site", "first", {}};
    for (std::uint16_t port = 31001; port <= 31004; ++port) {
        site.rows.push_back(row("svc" + std::to_string(port), port));
    }
    REQUIRE(importer::bring_site_layer_to(writer, site).file_stored);
    site.sha256 = "second";
    site.rows.resize(1);
    const auto update = importer::bring_site_layer_to(writer, site);
    CHECK(update.file_stored);
    CHECK(update.files_forgotten.empty());
    const auto sources = writer.sources();
    REQUIRE(sources.size() == 1);
    CHECK(sources[0].sha256 == "second");
    CHECK(sources[0].assignment_count == 1);
}

TEST_CASE("site layer: a file named instead of another replaces it, and the other is said to be forgotten") {
    test::TempDir dir;
    db::Database writer(dir / "ports.sqlite", db::Database::Access::read_write);
    REQUIRE(importer::bring_site_layer_to(writer, importer::SiteFile{"/team/a.site", "a", {row("billing", 31007)}})
                .file_stored);
    const auto update =
        importer::bring_site_layer_to(writer, importer::SiteFile{"/team/b.site", "b", {row("ledger", 31008)}});
    CHECK(update.file_stored);
    CHECK(update.files_forgotten == std::vector<std::string>{"/team/a.site"});
    const auto sources = writer.sources();
    REQUIRE(sources.size() == 1);
    CHECK(sources[0].location == "/team/b.site");
}
