// A registry that repeats a record: kept once, with a warning naming both
// places, in every format portdb reads.
#include "portdb/importer/import.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace portdb;

namespace {

importer::ParsedSource parse_fixture(const std::string& name) {
    return importer::parse_registry(test::read_file(test::fixture("repeated/" + name)), name);
}

std::vector<std::uint32_t> positions(const importer::ParsedSource& parsed) {
    std::vector<std::uint32_t> result;
    for (const auto& a : parsed.assignments) {
        result.push_back(a.position);
    }
    return result;
}

}  // namespace

TEST_CASE("repeated records: an IANA XML record repeated exactly is kept once") {
    const auto parsed = parse_fixture("repeated.xml");
    CHECK(positions(parsed) == std::vector<std::uint32_t>{1, 2, 4});
    CHECK(parsed.warnings ==
          std::vector<std::string>{"repeated.xml: record 3 is the same record as record 1: counted once"});
    CHECK(parsed.assignments[2].description == "Echo, said again");
}

TEST_CASE("repeated records: an IANA CSV row repeated exactly is kept once, one that cites another RFC stays") {
    const auto parsed = parse_fixture("repeated.csv");
    CHECK(positions(parsed) == std::vector<std::uint32_t>{1, 2, 4});
    CHECK(parsed.warnings ==
          std::vector<std::string>{"repeated.csv: record 3 is the same record as record 1: counted once"});
    CHECK(parsed.assignments[2].references.at(0).value == "rfc347");
}

TEST_CASE("repeated records: a port-numbers entry repeated with the same contact is kept once") {
    const auto parsed = parse_fixture("repeated.txt");
    CHECK(positions(parsed) == std::vector<std::uint32_t>{11, 12, 16});
    CHECK(parsed.warnings == std::vector<std::string>{"repeated.txt:14: the same record as line 11: counted once"});
    REQUIRE(parsed.assignments[2].contacts.size() == 1);
    CHECK(parsed.assignments[2].contacts[0].name == "Someone Else");
}

TEST_CASE("repeated records: a services(5) line repeated is kept once, one with an alias stays") {
    const auto parsed = parse_fixture("repeated-services");
    CHECK(positions(parsed) == std::vector<std::uint32_t>{2, 3, 5, 6});
    CHECK(parsed.warnings == std::vector<std::string>{"repeated-services:4: the same record as line 2: counted once",
                                                      "repeated-services:6: the same record twice: counted once"});
    CHECK(parsed.assignments[2].aliases == std::vector<std::string>{"ping"});
}

TEST_CASE("repeated records: an nmap-services line repeated is kept once, one with another frequency stays") {
    const auto parsed = parse_fixture("repeated-nmap");
    CHECK(parsed.kind == db::SourceKind::nmap_services);
    CHECK(positions(parsed) == std::vector<std::uint32_t>{2, 3, 5});
    CHECK(parsed.warnings == std::vector<std::string>{"repeated-nmap:4: the same record as line 2: counted once"});
}

TEST_CASE("repeated records: an import counts the repeated record once and says so") {
    const test::TempDir dir;
    const auto result = importer::import_files(dir / "ports.sqlite", {test::fixture("repeated/repeated-services")});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].records == 4);
    CHECK(result.files[0].assignments == 4);
    REQUIRE(result.warnings.size() == 2);
    CHECK_THAT(result.warnings[0],
               Catch::Matchers::EndsWith("repeated-services:4: the same record as line 2: counted once"));
}

TEST_CASE("repeated records: an import of an IANA XML file (parsed in place) counts a repeated record once") {
    const test::TempDir dir;
    const auto result = importer::import_files(dir / "ports.sqlite", {test::fixture("repeated/repeated.xml")});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].records == 3);
    REQUIRE(result.warnings.size() == 1);
    CHECK_THAT(result.warnings[0], Catch::Matchers::EndsWith("record 3 is the same record as record 1: counted once"));
}

TEST_CASE("repeated records: 20,000 lines that differ only in an alias are all kept, in linear time") {
    std::string services;
    for (int i = 0; i < 20000; ++i) {
        services += "a 1/tcp x" + std::to_string(i) + "\n";
    }
    services += "a 1/tcp x7\n";
    const auto parsed = importer::parse_registry(services, "many");
    CHECK(parsed.assignments.size() == 20000);
    CHECK(parsed.warnings == std::vector<std::string>{"many:20001: the same record as line 8: counted once"});
}
