// reserve and release below the program: the site layer's own rows.
#include "portdb/importer/import.hpp"
#include "portdb/importer/reservations.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using Catch::Matchers::Contains;

namespace {

struct Reservations {
    test::TempDir dir;
    std::filesystem::path db = [&] {
        test::write_file(dir / "services", "finger\t79/tcp\n");
        importer::import_files(dir / "ports.sqlite", {dir / "services"});
        return dir / "ports.sqlite";
    }();

    [[nodiscard]] std::size_t site_rows() const {
        const db::Database reader(db, db::Database::Access::read_only);
        std::size_t rows = 0;
        for (const auto& row : reader.all_assignments(std::nullopt)) {
            rows += row.layer == db::Layer::site ? 1 : 0;
        }
        return rows;
    }
};

}  // namespace

TEST_CASE("checked: a reservation's name is an RFC 6335 service name, folded, and its port 1-65535") {
    CHECK(importer::checked({31007, "tcp", "Billing", ""}).name == "billing");
    CHECK_THROWS_AS(importer::checked({0, "tcp", "billing", ""}), importer::InvalidReservation);
    CHECK_THROWS_WITH(importer::checked({31007, "tcp", "no spaces", ""}), Contains("is not a service name"));
    CHECK_THROWS_AS(importer::checked({31007, std::nullopt, "-edge", ""}), importer::InvalidReservation);
}

TEST_CASE_METHOD(Reservations, "reserve writes one row a protocol, once, and refuses another name's port") {
    const auto made = importer::reserve(db, {31007, std::nullopt, "billing", "payments"}, std::nullopt);
    REQUIRE(made.size() == 2);  // tcp and udp
    CHECK(made[0].name == "billing");
    CHECK(made[0].description == "payments");
    CHECK(site_rows() == 2);
    CHECK(importer::reserve(db, {31007, "tcp", "billing", ""}, std::nullopt).empty());  // already: nothing new
    CHECK_THROWS_AS(importer::reserve(db, {31007, "tcp", "reports", ""}, std::nullopt), importer::ReservationRefused);
    CHECK(site_rows() == 2);  // a refusal changes nothing
}

TEST_CASE_METHOD(Reservations, "release removes the reservation, and refuses one that does not exist") {
    (void)importer::reserve(db, {31008, "tcp", "reports", ""}, std::nullopt);
    const auto released = importer::release(db, {31008, "tcp", "reports", ""}, std::nullopt);
    REQUIRE(released.size() == 1);
    CHECK(released[0].ports->lo == 31008);
    CHECK(site_rows() == 0);
    CHECK_THROWS_AS(importer::release(db, {31008, "tcp", "reports", ""}, std::nullopt), importer::ReservationRefused);
}
