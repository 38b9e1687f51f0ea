#include "portdb/importer/iana_csv_parser.hpp"
#include "portdb/importer/services_parser.hpp"
#include "portdb/query/assignment_json.hpp"
#include "portdb/query/exporter.hpp"
#include "portdb/query/usage_error.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

using namespace portdb;
using Catch::Matchers::StartsWith;

namespace {

// Every source (history too) or the sources of one kind.
std::string exported(const db::Database& db, query::ExportFormat format, std::optional<db::SourceKind> source) {
    std::ostringstream out;
    query::SourceSelection selection;
    selection.history = true;
    if (source) {
        selection.source = std::string(db::to_string(*source));
    }
    query::export_database(db, format, selection, out);
    return out.str();
}

}  // namespace

TEST_CASE_METHOD(test::QueryFixture, "services export round-trips: every (name, port, protocol) comes back") {
    const auto text = exported(db, query::ExportFormat::services, std::nullopt);
    CHECK_THAT(text, StartsWith("# services(5) written by portdb: "));
    const auto parsed = importer::parse_services(text, "export");

    std::set<std::tuple<std::string, std::uint32_t, std::string>> expected;
    for (const auto& row : db.all_assignments(std::nullopt)) {
        const auto& a = row.assignment;
        if (a.active && a.name && a.protocol && a.ports && a.name->find(' ') == std::string::npos) {
            for (std::uint32_t port = a.ports->lo; port <= a.ports->hi; ++port) {
                expected.emplace(*a.name, port, *a.protocol);
            }
        }
    }
    std::set<std::tuple<std::string, std::uint32_t, std::string>> got;
    for (const auto& a : parsed.assignments) {
        got.emplace(*a.name, a.ports->lo, *a.protocol);
    }
    CHECK(got == expected);
    CHECK(got.contains({"x11", 6063, "tcp"}));                              // ranges are written port by port
    CHECK_THAT(text, Catch::Matchers::Contains("whose name has a blank"));  // "intuitive edge", counted not lost
    // Aliases survive.
    const auto smtp = std::find_if(parsed.assignments.begin(), parsed.assignments.end(),
                                   [](const db::Assignment& a) { return a.name == "smtp"; });
    REQUIRE(smtp != parsed.assignments.end());
    CHECK(smtp->aliases == std::vector<std::string>{"mail"});
}

TEST_CASE_METHOD(test::QueryFixture, "CSV export round-trips through the CSV importer") {
    const auto text = exported(db, query::ExportFormat::csv, db::SourceKind::iana_xml);
    const auto parsed = importer::parse_iana_csv(text, "export.csv");
    const auto original = db.all_assignments(db::SourceKind::iana_xml);
    REQUIRE(parsed.assignments.size() == original.size());
    for (std::size_t i = 0; i < original.size(); ++i) {
        const auto& a = original[i].assignment;
        const auto& b = parsed.assignments[i];
        CAPTURE(i, a.name.value_or("-"));
        CHECK(b.name == a.name);
        CHECK(b.ports == a.ports);
        CHECK(b.protocol == a.protocol);
        CHECK(b.description == a.description);
        CHECK(b.status == a.status);
        CHECK(b.registered == a.registered);
        CHECK(b.modified == a.modified);
        CHECK(b.note == a.note);
        CHECK(b.unauthorized == a.unauthorized);
        CHECK(b.service_code == a.service_code);
        CHECK(b.alias_of == a.alias_of);
        CHECK(b.references.size() == a.references.size());
        for (const auto& contact : a.contacts) {
            const bool found = std::any_of(b.contacts.begin(), b.contacts.end(),
                                           [&](const db::Contact& c) { return c.person_id == contact.person_id; });
            CHECK(found);
        }
    }
}

TEST_CASE_METHOD(test::QueryFixture, "JSON export holds the sources and every row") {
    const auto json = nlohmann::json::parse(exported(db, query::ExportFormat::json, std::nullopt));
    CHECK(json["sources"].size() == 3);
    CHECK(json["assignments"].size() == db.all_assignments(std::nullopt).size());
    const auto only_services = nlohmann::json::parse(exported(db, query::ExportFormat::json, db::SourceKind::services));
    CHECK(only_services["sources"].size() == 1);
    CHECK(only_services["assignments"].size() == 4);
    CHECK(only_services["assignments"][0]["aliases"][0] == "mail");
}

TEST_CASE_METHOD(test::QueryFixture, "JSON export, written row by row, is the document a whole-document dump writes") {
    for (const auto source : {std::optional<db::SourceKind>{}, std::optional<db::SourceKind>{db::SourceKind::services},
                              std::optional<db::SourceKind>{db::SourceKind::port_numbers_text}}) {
        nlohmann::json sources = nlohmann::json::array();
        for (const auto& s : db.sources()) {
            if (!source || s.kind == *source) {
                sources.push_back(query::source_json(s));  // the shape itself is tested by the CLI's info tests
            }
        }
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : db.all_assignments(source)) {
            rows.push_back(query::assignment_json(row));
        }
        const auto whole = nlohmann::json{{"sources", sources}, {"assignments", rows}}.dump(1) + "\n";
        CHECK(exported(db, query::ExportFormat::json, source) == whole);
    }
    // A source the database does not hold is a usage error, never an empty export.
    CHECK_THROWS_AS(exported(db, query::ExportFormat::json, db::SourceKind::iana_csv), query::UsageError);
}

TEST_CASE_METHOD(test::QueryFixture,
                 "the rows come one at a time, in all_assignments' order, and an exception stops them") {
    std::vector<std::int64_t> ids;
    db.for_each_assignment(std::nullopt, [&](const db::StoredAssignment& row) { ids.push_back(row.id); });
    std::vector<std::int64_t> expected;
    for (const auto& row : db.all_assignments(std::nullopt)) {
        expected.push_back(row.id);
    }
    CHECK(ids == expected);
    std::size_t seen = 0;
    CHECK_THROWS_AS(db.for_each_assignment(std::nullopt,
                                           [&](const db::StoredAssignment&) {
                                               if (++seen == 3) {
                                                   throw std::runtime_error("stop");
                                               }
                                           }),
                    std::runtime_error);
    CHECK(seen == 3);
}

TEST_CASE_METHOD(test::QueryFixture, "by default an export leaves history out and says which sources it holds") {
    std::ostringstream out;
    query::export_database(db, query::ExportFormat::json, {}, out);
    const auto json = nlohmann::json::parse(out.str());
    std::set<std::string> layers;
    for (const auto& source : json["sources"]) {
        layers.insert(source["layer"].get<std::string>());
    }
    CHECK(layers == std::set<std::string>{"registry", "system"});  // the 2005 text is history
    for (const auto& row : json["assignments"]) {
        CHECK(row["layer"] != "history");
    }
    CHECK(json["sources"][0]["name"] == "IANA 2025-12-15");
}
