// A source has one JSON shape wherever portdb shows one: info, what an import
// or update replaced, and export's list of sources; a finding names the layer
// of the row it is about.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace portdb;

namespace {

std::set<std::string> keys_of(const nlohmann::json& object) {
    std::set<std::string> keys;
    for (const auto& [key, value] : object.items()) {
        keys.insert(key);
    }
    return keys;
}

}  // namespace

TEST_CASE("a source has one JSON shape in info, import's replaced and export") {
    const test::CliDatabase database;
    const auto services = database.dir / "services";
    test::write_file(services, "finger\t79/tcp\n");
    database.import({services});
    test::write_file(services, "finger\t79/tcp\nsmtp\t25/tcp\n");
    const auto imported = database.run({"--json", "import", services.string()});
    REQUIRE(imported.exit_code == 0);
    const auto replaced = nlohmann::json::parse(imported.out)["imported"][0]["replaced"];
    REQUIRE(replaced.size() == 1);
    CHECK(replaced[0]["assignments"] == 1);
    CHECK(replaced[0]["location"] == services.string());

    const std::set<std::string> shape{"name",          "layer",       "kind",       "location", "sha256",
                                      "registry_date", "imported_at", "checked_at", "etag",     "last_modified",
                                      "records",       "assignments", "people",     "warnings"};
    CHECK(keys_of(replaced[0]) == shape);

    const auto exported = nlohmann::json::parse(database.run({"export", "--format", "json"}).out);
    REQUIRE(exported["sources"].size() == 1);
    CHECK(keys_of(exported["sources"][0]) == shape);
    CHECK(exported["sources"][0]["assignments"] == 2);

    auto info = nlohmann::json::parse(database.run({"--json", "info"}).out)["sources"][0];
    CHECK(info.contains("age_days"));
    CHECK(info.contains("assignments_by_protocol"));
    info.erase("age_days");
    info.erase("assignments_by_protocol");
    CHECK(keys_of(info) == shape);
    CHECK(info == exported["sources"][0]);  // the same source, the same words
}

TEST_CASE("a finding in JSON names the layer of its row, null for a rule") {
    const test::CliDatabase database;
    const auto services = database.dir / "services";
    test::write_file(services, "busy\t31000/tcp\n");
    database.import({services});
    const auto check = nlohmann::json::parse(database.run({"--json", "check", "31000/tcp", "--no-local"}).out);
    bool row_seen = false;
    for (const auto& finding : check["findings"]) {
        INFO(finding.dump());
        if (finding["code"] == "registry-assignment") {
            CHECK(finding["layer"] == "system");
            row_seen = true;
        } else {
            CHECK(finding["layer"].is_null());
        }
    }
    CHECK(row_seen);
}
