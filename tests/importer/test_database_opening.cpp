// Opening a database to read it, below the program: born once from the
// shipped sources, then the site layer brought to the site file.
#include "portdb/importer/database_opening.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace portdb;

namespace {

bool has_layer(const db::Database& database, db::Layer layer) {
    const auto sources = database.sources();
    return std::any_of(sources.begin(), sources.end(), [&](const auto& s) { return s.layer == layer; });
}

}  // namespace

TEST_CASE("open_for_reading: a missing database is created once, then its site layer follows the site file") {
    const test::TempDir dir;
    test::write_file(dir / "services", "finger\t79/tcp\n");
    test::write_file(dir / "ports.site", "billing 31007/tcp\n");
    importer::BirthSources from;
    from.system_services = dir / "services";
    from.nmap_services = dir / "no-nmap-services";
    int created = 0;
    int events_out_of_order = 0;
    const importer::OpeningEvents events{
        .waiting_for_first_use = {},
        .created =
            [&](const importer::FirstUse& first) {
                ++created;
                REQUIRE(first.services);
                CHECK(first.services->assignments == 1);
            },
        .waiting_for_writer = [&] { ++events_out_of_order; },  // nobody else writes here
    };

    const auto first = importer::open_for_reading(dir / "ports.sqlite", from, dir / "ports.site", events);
    CHECK(created == 1);
    CHECK(first.update.file_stored);
    CHECK(has_layer(first.database, db::Layer::system));
    CHECK(has_layer(first.database, db::Layer::site));

    const auto again = importer::open_for_reading(dir / "ports.sqlite", from, dir / "ports.site", events);
    CHECK(created == 1);  // born once
    CHECK_FALSE(again.update.changed());

    const auto without_site = importer::open_for_reading(dir / "ports.sqlite", from, std::nullopt, events);
    CHECK(without_site.update.changed());  // the site file is named no more: its rows go
    CHECK_FALSE(has_layer(without_site.database, db::Layer::site));
    CHECK(events_out_of_order == 0);
}

TEST_CASE("open_for_reading: a site file that cannot be read is refused after the database was born and said") {
    const test::TempDir dir;
    test::write_file(dir / "services", "finger\t79/tcp\n");
    importer::BirthSources from;
    from.system_services = dir / "services";
    from.nmap_services = dir / "no-nmap-services";
    int created = 0;
    CHECK_THROWS(importer::open_for_reading(dir / "ports.sqlite", from, dir / "missing.site",
                                            {.waiting_for_first_use = {},
                                             .created = [&](const importer::FirstUse&) { ++created; },
                                             .waiting_for_writer = {}}));
    CHECK(created == 1);
    CHECK(std::filesystem::exists(dir / "ports.sqlite"));
}
