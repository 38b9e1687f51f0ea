// Where each import goes: the current registry, history, system; and the
// refusals that keep data from being lost by accident.
#include "portdb/db/database.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/query/lookup.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace portdb;
using Catch::Matchers::Contains;

namespace {

struct Layers {
    test::TempDir dir;
    std::filesystem::path database = dir / "ports.sqlite";

    /// edge-cases.xml with its registry date changed and one service renamed,
    /// so a test can tell which copy answers.
    std::filesystem::path registry(const std::string& date, const std::string& marker) const {
        std::string xml = test::read_file(test::fixture("iana-xml/edge-cases.xml"));
        xml.replace(xml.find("2025-12-15"), 10, date);
        xml.replace(xml.find("<name>inetfs</name>"), 19, "<name>" + marker + "</name>");
        const auto file = dir / (marker + ".xml");
        test::write_file(file, xml);
        return file;
    }
    importer::ImportResult import(const std::vector<std::filesystem::path>& files, bool force = false) const {
        return importer::import_files(database, files, {.force = force, .on_wait = {}});
    }
    /// "layer name" of every source, in precedence order.
    std::vector<std::string> sources() const {
        std::vector<std::string> out;
        for (const auto& s : db::Database(database, db::Database::Access::read_only).sources()) {
            out.push_back(std::string(db::to_string(s.layer)) + " " + db::display_name(s));
        }
        return out;
    }
    bool answers(const std::string& name, const query::SourceSelection& selection = {}) const {
        const db::Database db(database, db::Database::Access::read_only);
        return query::lookup(db, name, selection).found();
    }
};

}  // namespace

TEST_CASE_METHOD(Layers, "a newer IANA registry replaces the current one, in either order of import") {
    const auto old_one = registry("2024-06-01", "old-marker");
    const auto new_one = registry("2025-06-01", "new-marker");
    SECTION("older first") {
        import({old_one});
        const auto result = import({new_one});
        REQUIRE(result.files.at(0).replaced.size() == 1);
        CHECK(db::display_name(result.files[0].replaced[0]) == "IANA 2024-06-01");
        CHECK(sources() == std::vector<std::string>{"registry IANA 2025-06-01"});
    }
    SECTION("newer first: the older one is kept as history, never replacing it") {
        import({new_one});
        const auto result = import({old_one});
        CHECK(result.files.at(0).layer == db::Layer::history);
        CHECK(result.files[0].replaced.empty());
        CHECK_THAT(result.files[0].note,
                   Contains("older than the current registry (IANA 2025-06-01): kept as history"));
        CHECK(sources() == std::vector<std::string>{"registry IANA 2025-06-01", "history IANA 2024-06-01"});
        CHECK_FALSE(answers("old-marker"));
        CHECK(answers("old-marker", {.history = true, .source = {}, .protocol = {}}));
        // Importing the same old copy again replaces its history copy, nothing else.
        CHECK(import({old_one}).files.at(0).replaced.size() == 1);
        CHECK(sources().size() == 2);
    }
    SECTION("both in one import") {
        import({old_one, new_one});
        CHECK(sources() == std::vector<std::string>{"registry IANA 2025-06-01"});
    }
    CHECK(answers("new-marker"));
    CHECK_FALSE(answers("old-marker"));
}

TEST_CASE_METHOD(Layers, "the CSV (dated by its newest record, 2023-01) yields to a newer XML in either order") {
    const auto csv = test::fixture("iana-csv/service-names-port-numbers.csv");
    SECTION("CSV first: the XML replaces it") {
        import({csv});
        CHECK(sources() == std::vector<std::string>{"registry IANA 2023-01"});
        import({test::fixture("iana-xml/edge-cases.xml")});
        CHECK(sources() == std::vector<std::string>{"registry IANA 2025-12-15"});
    }
    SECTION("XML first: the CSV goes to history") {
        import({test::fixture("iana-xml/edge-cases.xml")});
        const auto result = import({csv});
        CHECK(result.files.at(0).layer == db::Layer::history);
        CHECK(sources() == std::vector<std::string>{"registry IANA 2025-12-15", "history IANA 2023-01"});
    }
}

TEST_CASE_METHOD(Layers, "text registries are history: services files are system, each replaced only by itself") {
    import({test::fixture("port-numbers/rfc1700-paginated.txt"),
            test::fixture("port-numbers/port-numbers-2005-layout.txt"), test::fixture("services/etc-services"),
            test::fixture("services/wireshark-services")});
    const auto all = sources();
    REQUIRE(all.size() == 4);
    CHECK(all[0] == "system " + test::fixture("services/etc-services").string());
    CHECK(all[1] == "system " + test::fixture("services/wireshark-services").string());
    CHECK(all[2].rfind("history IANA port-numbers 2005", 0) == 0);
    CHECK(all[3] == "history RFC 1700 (1994)");
    import({test::fixture("services/etc-services")});
    CHECK(sources().size() == 4);
}

TEST_CASE_METHOD(Layers,
                 "an empty file, or one with fewer than half the assignments it replaces, is refused unless forced") {
    import({test::fixture("iana-xml/edge-cases.xml"), test::fixture("services/etc-services")});
    const auto before = test::read_file(database);
    // A well-formed registry, newer than the current one, with no record at all.
    test::write_file(dir / "empty.xml",
                     "<?xml version=\"1.0\"?>\n<registry xmlns=\"http://www.iana.org/assignments\" "
                     "id=\"service-names-port-numbers\">\n<updated>2026-01-01</updated>\n</registry>\n");
    CHECK_THROWS_WITH(import({dir / "empty.xml"}),
                      Contains("empty.xml: holds no record at all") && Contains("--force"));
    CHECK(test::read_file(database) == before);

    // A services file from the same path, shrunk to one line.
    test::write_file(dir / "services", test::read_file(test::fixture("services/etc-services")));
    import({dir / "services"});
    const auto with_copy = test::read_file(database);
    test::write_file(dir / "services", "echo 7/tcp\n");
    CHECK_THROWS_WITH(import({dir / "services"}),
                      Contains("refusing to replace 17 assignments with 1 (fewer than half)") && Contains("--force"));
    CHECK(test::read_file(database) == with_copy);
    const auto forced = import({dir / "services"}, true);
    REQUIRE(forced.files.at(0).replaced.size() == 1);
    CHECK(forced.files[0].replaced[0].assignment_count == 17);
    // The other sources were never touched.
    CHECK(sources().size() == 3);
}

TEST_CASE_METHOD(Layers, "no date can lock the registry: a future date is refused unless forced, and ranks nothing") {
    import({test::fixture("iana-xml/edge-cases.xml")});
    const auto before = test::read_file(database);
    const auto future = registry("2099-01-01", "fromthefuture");
    CHECK_THROWS_WITH(import({future}), Contains("dated 2099-01-01, which is later than today") && Contains("--force"));
    CHECK(test::read_file(database) == before);

    // Forced, it is the registry; a real registry after it still replaces it.
    import({future}, true);
    CHECK(sources().front() == "registry IANA 2099-01-01");
    const auto real = import({registry("2026-01-15", "realone")});
    CHECK(real.files.at(0).layer == db::Layer::registry);
    CHECK(real.files.at(0).note.empty());
    CHECK(sources().front() == "registry IANA 2026-01-15");

    // A CSV dates itself by its newest record: one mistyped date is a future CSV.
    std::string csv = test::read_file(test::fixture("iana-csv/service-names-port-numbers.csv"));
    const auto date = csv.find(",20");
    REQUIRE(date != std::string::npos);
    csv.replace(date + 1, 4, "2099");
    test::write_file(dir / "typo.csv", csv);
    CHECK_THROWS_WITH(import({dir / "typo.csv"}), Contains("which is later than today"));
}
