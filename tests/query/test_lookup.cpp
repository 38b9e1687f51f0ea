#include "portdb/importer/import.hpp"
#include "portdb/query/lookup.hpp"
#include "portdb/query/usage_error.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace portdb;

namespace {

// "finger 79/tcp registry x2": the answer, the layer of the source that
// speaks for it, and in how many sources it was seen.
std::vector<std::string> describe(const std::vector<query::AnswerRow>& rows) {
    std::vector<std::string> out;
    for (const auto& answer : rows) {
        const auto& a = answer.row.assignment;
        out.push_back(a.name.value_or(std::string(db::to_string(a.status))) + " " + std::to_string(a.ports->lo) + "/" +
                      a.protocol.value_or("*") + " " + std::string(db::to_string(answer.row.layer)) + " x" +
                      std::to_string(answer.seen_in.size()));
    }
    return out;
}

struct Fixture {
    test::TempDir dir;
    db::Database db = [&] {
        importer::import_files(dir / "ports.sqlite",
                               {test::fixture("iana-xml/edge-cases.xml"), test::fixture("services/etc-services")});
        return db::Database(dir / "ports.sqlite", db::Database::Access::read_only);
    }();
};

}  // namespace

TEST_CASE_METHOD(Fixture, "lookup by name: every layer and protocol, any case, aliases, agreeing rows merged") {
    const auto finger = query::lookup(db, "FINGER");
    CHECK(finger.found());
    CHECK(describe(finger.services) ==
          std::vector<std::string>{"finger 79/tcp registry x2", "finger 79/udp registry x1"});
    REQUIRE(finger.services.size() == 2);
    CHECK(finger.services[0].seen_in ==
          std::vector<std::string>{"IANA 2025-12-15", test::fixture("services/etc-services").string()});
    CHECK(finger.statuses.empty());
    CHECK(describe(query::lookup(db, "krb5").services) == std::vector<std::string>{"kerberos 88/tcp system x1"});
    CHECK(describe(query::lookup(db, "syslog").services) ==
          std::vector<std::string>{"shell 514/tcp system x1", "syslog 514/udp system x1"});
    CHECK_FALSE(query::lookup(db, "no-such-service").found());
}

TEST_CASE_METHOD(Fixture, "lookup by port: ranges contain their ports: statuses are kept apart") {
    CHECK(describe(query::lookup(db, "6010/tcp").services) == std::vector<std::string>{"x11 6000/tcp registry x1"});
    const auto inetfs = query::lookup(db, "7775/tcp");
    CHECK(describe(inetfs.services) == std::vector<std::string>{"inetfs 7775/tcp registry x1"});
    CHECK(describe(inetfs.statuses) == std::vector<std::string>{"unassigned 7748/* registry x1"});
    const auto zero = query::lookup(db, "0");
    CHECK_FALSE(zero.found());
    CHECK(describe(zero.statuses) == std::vector<std::string>{"reserved 0/tcp registry x1"});
    CHECK_THROWS_AS(query::lookup(db, "70000"), query::UsageError);
    CHECK_THROWS_AS(query::lookup(db, "-1"), query::UsageError);
    CHECK_THROWS_AS(query::lookup(db, ""), query::UsageError);
    CHECK_THROWS_AS(query::lookup(db, "80/tpc"), query::UsageError);
}
