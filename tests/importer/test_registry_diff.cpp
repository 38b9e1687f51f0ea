// What changed between two snapshots of a registry: pairing rules of
// diff_registries, below the CLI's `portdb diff`.
#include "portdb/importer/registry_diff.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace portdb;

namespace {

db::Assignment service(std::string name, std::uint16_t lo, std::uint16_t hi, std::string protocol,
                       std::string description = "") {
    db::Assignment a;
    a.name = std::move(name);
    a.ports = db::PortRange{lo, hi};
    a.protocol = std::move(protocol);
    a.description = std::move(description);
    return a;
}

db::Assignment unassigned(std::uint16_t lo, std::uint16_t hi, std::string protocol) {
    db::Assignment a;
    a.ports = db::PortRange{lo, hi};
    a.protocol = std::move(protocol);
    a.status = db::Status::unassigned;
    a.description = "Unassigned";
    return a;
}

std::vector<std::string> names(const std::vector<db::Assignment>& rows) {
    std::vector<std::string> result;
    for (const auto& a : rows) {
        result.push_back(a.name ? *a.name
                                : "<" + std::to_string(a.ports->lo) + "-" + std::to_string(a.ports->hi) + ">");
    }
    return result;
}

}  // namespace

TEST_CASE("registry diff: identical snapshots differ in nothing") {
    const std::vector<db::Assignment> rows{service("echo", 7, 7, "tcp"), unassigned(8, 8, "tcp")};
    CHECK(importer::diff_registries(rows, rows).empty());
}

TEST_CASE("registry diff: a new service is added, a vanished one removed, in file order") {
    const std::vector<db::Assignment> before{service("echo", 7, 7, "tcp"), service("gone", 9, 9, "tcp"),
                                             service("also-gone", 11, 11, "tcp")};
    const std::vector<db::Assignment> after{service("echo", 7, 7, "tcp"), service("fresh", 13, 13, "tcp")};
    const auto diff = importer::diff_registries(before, after);
    CHECK(names(diff.added) == std::vector<std::string>{"fresh"});
    CHECK(names(diff.removed) == std::vector<std::string>{"gone", "also-gone"});
    CHECK(diff.changed.empty());
}

TEST_CASE("registry diff: a service that moves port or changes its text is one change, with its fields") {
    const std::vector<db::Assignment> before{service("mover", 100, 100, "tcp", "old text")};
    const std::vector<db::Assignment> after{service("mover", 200, 200, "tcp", "new text")};
    const auto diff = importer::diff_registries(before, after);
    CHECK(diff.added.empty());
    CHECK(diff.removed.empty());
    REQUIRE(diff.changed.size() == 1);
    CHECK(diff.changed[0].fields == std::vector<std::string>{"ports", "description"});
    CHECK(diff.changed[0].before.ports->lo == 100);
    CHECK(diff.changed[0].after.ports->lo == 200);
}

TEST_CASE("registry diff: a name on two ports pairs by exact port (msp on 18 and 2438)") {
    const std::vector<db::Assignment> before{service("msp", 18, 18, "tcp", "a"), service("msp", 2438, 2438, "tcp")};
    const std::vector<db::Assignment> after{service("msp", 2438, 2438, "tcp"), service("msp", 18, 18, "tcp", "b")};
    const auto diff = importer::diff_registries(before, after);
    CHECK(diff.added.empty());
    CHECK(diff.removed.empty());
    REQUIRE(diff.changed.size() == 1);
    CHECK(diff.changed[0].after.ports->lo == 18);
    CHECK(diff.changed[0].fields == std::vector<std::string>{"description"});
}

TEST_CASE("registry diff: a rename on the same port and protocol is a change of name") {
    const std::vector<db::Assignment> before{service("oldname", 4000, 4000, "udp")};
    const std::vector<db::Assignment> after{service("newname", 4000, 4000, "udp")};
    const auto diff = importer::diff_registries(before, after);
    CHECK(diff.added.empty());
    CHECK(diff.removed.empty());
    REQUIRE(diff.changed.size() == 1);
    CHECK(diff.changed[0].fields == std::vector<std::string>{"name"});
    CHECK(diff.changed[0].before.name == "oldname");
}

TEST_CASE("registry diff: an Unassigned range split by a new assignment is removed and added ranges") {
    const std::vector<db::Assignment> before{unassigned(100, 200, "tcp")};
    const std::vector<db::Assignment> after{unassigned(100, 149, "tcp"), service("split", 150, 150, "tcp"),
                                            unassigned(151, 200, "tcp")};
    const auto diff = importer::diff_registries(before, after);
    CHECK(names(diff.removed) == std::vector<std::string>{"<100-200>"});
    CHECK(names(diff.added) == std::vector<std::string>{"<100-149>", "split", "<151-200>"});
    CHECK(diff.changed.empty());
}

TEST_CASE("registry diff: inactive rows (history a registry keeps commented out) are not compared") {
    auto history = service("retired", 300, 300, "tcp");
    history.active = false;
    const std::vector<db::Assignment> before{history};
    const std::vector<db::Assignment> after{};
    CHECK(importer::diff_registries(before, after).empty());
    CHECK(importer::diff_registries(after, before).empty());
}

TEST_CASE("registry diff: the same name on another protocol is another record") {
    const std::vector<db::Assignment> before{service("dual", 500, 500, "tcp")};
    const std::vector<db::Assignment> after{service("dual", 500, 500, "tcp"), service("dual", 500, 500, "udp")};
    const auto diff = importer::diff_registries(before, after);
    REQUIRE(diff.added.size() == 1);
    CHECK(diff.added[0].protocol == "udp");
    CHECK(diff.removed.empty());
    CHECK(diff.changed.empty());
}
