#include "portdb/db/ascii_case.hpp"
#include "portdb/db/assignment.hpp"
#include "portdb/db/protocol.hpp"
#include "portdb/db/source.hpp"

#include <catch2/catch.hpp>

using portdb::db::PartialDate;

TEST_CASE("partial dates keep month or day precision") {
    const auto month = PartialDate::parse("2011-05");
    REQUIRE(month);
    CHECK(month->year == 2011);
    CHECK(month->month == 5);
    CHECK(month->day == 0);
    CHECK(month->to_string() == "2011-05");

    const auto day = PartialDate::parse("2011-05-23");
    REQUIRE(day);
    CHECK(day->day == 23);
    CHECK(day->to_string() == "2011-05-23");

    CHECK(PartialDate::parse("2024-02-29"));  // leap year
}

TEST_CASE("impossible or malformed dates are rejected") {
    for (const char* text : {"", "2011", "2011-5", "2011-13", "2011-00", "2011-02-30", "2023-02-29", "2011-05-23x",
                             "20110523", "2011/05/23", "2011-05-", "abcd-ef"}) {
        CAPTURE(text);
        CHECK_FALSE(PartialDate::parse(text));
    }
}

TEST_CASE("status and source kind words round-trip") {
    using namespace portdb::db;
    for (const auto status : {Status::assigned, Status::reserved, Status::unassigned, Status::deregistered,
                              Status::removed, Status::deprecated, Status::decommissioned, Status::other}) {
        CHECK(status_from_string(to_string(status)) == status);
    }
    for (const auto kind : {SourceKind::iana_xml, SourceKind::iana_csv, SourceKind::port_numbers_text,
                            SourceKind::services, SourceKind::nmap_services}) {
        CHECK(source_kind_from_string(to_string(kind)) == kind);
    }
    CHECK_FALSE(status_from_string("Assigned"));
    CHECK_FALSE(source_kind_from_string("xml"));
}

TEST_CASE("the model's rules written once: active assignments, protocols, layer precedence, case folding") {
    using namespace portdb::db;
    Assignment finger;
    finger.name = "finger";
    finger.protocol = "tcp";
    finger.ports = PortRange{79, 79};
    CHECK(finger.is_active_assignment());
    Assignment status = finger;
    status.name.reset();  // "Unassigned": a statement about a port, no assignment
    Assignment commented = finger;
    commented.active = false;
    Assignment name_only = finger;
    name_only.ports.reset();
    CHECK_FALSE(status.is_active_assignment());
    CHECK_FALSE(commented.is_active_assignment());
    CHECK_FALSE(name_only.is_active_assignment());
    CHECK(count_active_assignments({finger, status, commented, name_only, finger}) == 2);

    CHECK(protocols_or_default(std::nullopt) == std::vector<std::string>{"tcp", "udp"});
    CHECK(protocols_or_default(std::string("sctp")) == std::vector<std::string>{"sctp"});
    CHECK(is_known_protocol("ddp"));
    CHECK_FALSE(is_known_protocol("TCP"));  // lower case, as stored

    CHECK(layer_precedence(Layer::registry) < layer_precedence(Layer::site));
    CHECK(layer_precedence(Layer::site) < layer_precedence(Layer::defacto));
    CHECK(layer_precedence(Layer::defacto) < layer_precedence(Layer::system));
    CHECK(layer_precedence(Layer::system) < layer_precedence(Layer::history));

    CHECK(ascii_lower("FiNgEr-É") == "finger-É");  // ASCII only, as SQLite's NOCASE
    CHECK(equals_ignoring_ascii_case("HTTP", "http"));
    CHECK_FALSE(equals_ignoring_ascii_case("http", "https"));
}
