// A team's site file: services(5) lines, service names, one owner per port.
#include "portdb/importer/errors.hpp"
#include "portdb/importer/site_file.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace portdb;
using Catch::Matchers::Equals;

TEST_CASE("site file: names are folded, one name may hold a port on several protocols and lines") {
    const auto rows =
        importer::parse_site_file("Billing 31007/tcp\nbilling 31007/udp\nBILLING 31007/tcp # again\n", "s");
    REQUIRE(rows.size() == 3);
    CHECK(*rows[0].name == "billing");
    CHECK(rows[2].position == 3);
    CHECK(importer::parse_site_file("# nothing given out yet\n\n", "s").empty());
}

TEST_CASE("site file: a port given to a second name is refused at the later line, naming the earlier") {
    CHECK_THROWS_WITH(importer::parse_site_file("a 100-200/tcp\nb 300/tcp\nc 150/tcp\n", "s"),
                      Equals("s:3: 150/tcp is a's already (line 1): one name per port"));
    // Found whatever the order of the lines: the wide range comes last here.
    CHECK_THROWS_WITH(importer::parse_site_file("c 150/tcp\nb 300/tcp\na 100-200/tcp\n", "s"),
                      Equals("s:3: 100-200/tcp is c's already (line 1): one name per port"));
    // Another protocol is another port space; neighbouring ranges do not meet.
    CHECK_NOTHROW(importer::parse_site_file("a 100-200/tcp\nb 150/udp\nc 201-300/tcp\n", "s"));
}

TEST_CASE("site file: a file of 60,000 lines is checked in port order, not pair by pair") {
    std::string text;
    for (int i = 0; i < 60000; ++i) {
        text += "svc" + std::to_string(i) + " " + std::to_string(1 + i) + "/tcp\n";
    }
    CHECK(importer::parse_site_file(text, "s").size() == 60000);  // quadratic, this would take minutes
    text += "late 7/tcp\n";
    CHECK_THROWS_AS(importer::parse_site_file(text, "s"), importer::ParseError);
}
