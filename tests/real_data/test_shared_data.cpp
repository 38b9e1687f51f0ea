// Tests against the real registry files of ../shared/data that portdb does
// not ship (the 2024 IANA registry, IANA's 2005 port-numbers text). CMake
// registers them only when that folder exists, and reports them skipped otherwise.
#include "portdb/importer/import.hpp"
#include "portdb/importer/update.hpp"
#include "registry_counts.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace portdb;
using Catch::Matchers::Contains;

namespace {

constexpr const char* text_2005 = "iana-port-numbers-2005-12-22.txt";

}  // namespace

TEST_CASE("real data: the 2005 port-numbers text gives exactly the counts of doc/formats.md §8") {
    const auto file = test::shared_data(text_2005);
    REQUIRE(file);
    const auto parsed = importer::parse_registry(test::read_file(*file), file->string());
    const auto c = test::count(parsed);
    CHECK(parsed.kind == db::SourceKind::port_numbers_text);
    CHECK(parsed.registry_date == "2005-12-22");
    CHECK(c.assignments == 9173);
    CHECK(c.by_protocol == std::map<std::string, std::size_t>{{"sctp", 11}, {"tcp", 4585}, {"udp", 4577}});
    CHECK(c.names.size() == 4630);
    CHECK(c.unassigned == 524);
    CHECK(c.reserved == 14);
    CHECK(c.other_status == 26);
    CHECK(parsed.assignments.size() == 9753 + 2);  // + the two commented-out #unitary lines, inactive
    // The one inverted range and the stray bare number are reported, nothing else.
    REQUIRE(parsed.warnings.size() == 2);
    CHECK_THAT(parsed.warnings[0], Contains(":13313: inverted port range 24322-24248"));
    CHECK_THAT(parsed.warnings[1], Contains(":13449: a bare number \"32483\""));
}

TEST_CASE("real data: what changed in the IANA registry from 2024-12-20 to 2025-12-15") {
    std::vector<std::string> warnings;
    const auto diff = importer::diff_files(*test::shared_data("iana-service-names-port-numbers-2024-12-20.xml"),
                                           test::shipped_registry(), warnings);
    CHECK(warnings.empty());
    CHECK(diff.before_kind == db::SourceKind::iana_xml);
    const auto& changes = diff.changes;
    CHECK(changes.added.size() == 49);
    CHECK(changes.removed.size() == 18);
    CHECK(changes.changed.size() == 15);
    const auto removed = [&](const char* name) {
        return std::any_of(changes.removed.begin(), changes.removed.end(),
                           [&](const db::Assignment& a) { return a.name == name; });
    };
    const auto renamed = [&](const char* from, const char* to) {
        return std::any_of(changes.changed.begin(), changes.changed.end(), [&](const importer::RecordChange& c) {
            return c.before.name == from && c.after.name == to;
        });
    };
    CHECK(removed("compressnet"));  // de-assigned in 2025: ports 2 and 3 became Reserved
    CHECK(renamed("pearldoc-xact", "panquest-xact"));
    CHECK(renamed("Apple Remote Desktop (Net Assistant)", "net-assistant"));
    CHECK(std::any_of(changes.added.begin(), changes.added.end(),
                      [](const db::Assignment& a) { return a.name == "tacacss"; }));
}
