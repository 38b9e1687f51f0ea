// The curated list of software default ports (data/defacto-ports.toml).
#include "portdb/importer/defacto_list_parser.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/format_detect.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

using namespace portdb;
using Catch::Matchers::Contains;

namespace {

const std::string entry = R"toml(
[[default]]
name = "prometheus"
software = "Prometheus"
ports = "9090"
protocols = ["tcp"]
role = "Prometheus server: web UI and HTTP API"
category = "monitoring"
source = "https://prometheus.io/docs/prometheus/latest/getting_started/"
verified = true
)toml";

std::string with(const std::string& from, const std::string& to) {
    std::string text = entry;
    text.replace(text.find(from), from.size(), to);
    return text;
}

}  // namespace

TEST_CASE("the shipped de-facto list: at least 150 entries, every one with its source, all parsing") {
    const auto file = std::filesystem::path(PORTDB_DEFACTO_LIST);
    const auto text = test::read_file(file);
    CHECK(importer::detect_format(text, file.string()) == db::SourceKind::defacto_list);
    const auto parsed = importer::parse_defacto_list(text, file.string());
    std::set<std::uint32_t> entries;
    std::set<std::string> names;
    for (const auto& a : parsed.assignments) {
        entries.insert(a.position);
        names.insert(*a.name);
        REQUIRE(a.references.size() == 1);
        CHECK(a.references[0].kind == "uri");
        CHECK(a.references[0].value.rfind("https://", 0) == 0);
        CHECK_FALSE(a.description.empty());
        CHECK_FALSE(a.note.empty());  // the category
    }
    CHECK(entries.size() >= 150);
    CHECK(names.size() == entries.size());
    // The ones the issue names.
    const auto has = [&](const char* name, std::uint16_t lo, std::uint16_t hi) {
        return std::any_of(parsed.assignments.begin(), parsed.assignments.end(), [&](const db::Assignment& a) {
            return a.name == name && a.ports == db::PortRange{lo, hi};
        });
    };
    CHECK(has("kube-apiserver", 6443, 6443));
    CHECK(has("kubelet", 10250, 10250));
    CHECK(has("etcd-client", 2379, 2379));
    CHECK(has("etcd-peer", 2380, 2380));
    CHECK(has("minecraft-java", 25565, 25565));
    CHECK(has("prometheus", 9090, 9090));
}

TEST_CASE("a de-facto entry becomes one row per protocol with its source and category") {
    const auto parsed = importer::parse_defacto_list(with("[\"tcp\"]", "[\"tcp\", \"udp\"]"), "list.toml");
    REQUIRE(parsed.assignments.size() == 2);
    const auto& a = parsed.assignments[0];
    CHECK(a.name == "prometheus");
    CHECK(a.ports == db::PortRange{9090, 9090});
    CHECK(a.protocol == "tcp");
    CHECK(parsed.assignments[1].protocol == "udp");
    CHECK(a.description == "Prometheus server: web UI and HTTP API");  // the role names the software already
    CHECK(a.note == "monitoring");
    CHECK(a.flags.empty());
    const auto other = importer::parse_defacto_list(with("Prometheus server: web UI", "web UI"), "list.toml");
    CHECK(other.assignments[0].description == "Prometheus: web UI and HTTP API");
    CHECK(importer::parse_defacto_list(with("verified = true", "verified = false"), "l").assignments[0].flags ==
          "unverified");
    CHECK(importer::parse_defacto_list(with("\"9090\"", "\"2379-2380\""), "l").assignments[0].ports ==
          db::PortRange{2379, 2380});
}

TEST_CASE("a bad de-facto entry names the file, the line of its table and the field") {
    const auto fails = [](const std::string& text, const std::string& message) {
        CAPTURE(text);
        CHECK_THROWS_WITH(importer::parse_defacto_list(text, "list.toml"), Contains(message));
    };
    fails(with("source = \"https://prometheus.io/docs/prometheus/latest/getting_started/\"\n", ""),
          "list.toml:2: [[default]] source: missing");
    fails(with("https://prometheus.io", "http://prometheus.io"), "source: must be an https URL");
    fails(with("\"9090\"", "\"0\""), "ports: \"0\" is not N or N-M with ports 1-65535");
    fails(with("\"9090\"", "\"70000\""), "is not N or N-M");
    fails(with("\"9090\"", "\"9091-9090\""), "runs backwards");
    fails(with("\"9090\"", "\"90x\""), "is not N or N-M");
    fails(with("[\"tcp\"]", "[]"), "protocols: missing or empty");
    fails(with("[\"tcp\"]", "[\"tcpp\"]"), "protocols: each must be");
    fails(with("\"monitoring\"", "\"toys\""), "category: \"toys\" is not one of");
    fails(with("\"prometheus\"", "\"Prometheus Server\""), "is not a lower-case identifier");
    fails(with("verified = true\n", ""), "verified: missing");
    fails(entry + entry, "list.toml:12: [[default]] name: \"prometheus\" appears twice");
    fails(with("web UI", "web \xc3\xbc"), "list.toml:7: a non-ASCII byte");
    fails("[[default]]\nname = \"x\"\nports = \n", "list.toml:3:");
    fails("# nothing\n[other]\nx = 1\n", "no [[default]] entries");
}
