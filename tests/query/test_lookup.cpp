#include "portdb/importer/import.hpp"
#include "portdb/query/lookup.hpp"
#include "portdb/query/usage_error.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace portdb;

namespace {

std::vector<std::string> describe(const std::vector<db::StoredAssignment>& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) {
        const auto& a = row.assignment;
        out.push_back(a.name.value_or(std::string(db::to_string(a.status))) + " " + std::to_string(a.ports->lo) + "/" +
                      a.protocol.value_or("*") + " " + std::string(db::to_string(row.source)));
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

TEST_CASE_METHOD(Fixture, "lookup by name: every source and protocol, any case, aliases") {
    const auto finger = query::lookup(db, "FINGER");
    CHECK(finger.found());
    CHECK(describe(finger.services) ==
          std::vector<std::string>{"finger 79/tcp iana-xml", "finger 79/udp iana-xml", "finger 79/tcp services"});
    CHECK(finger.statuses.empty());
    CHECK(describe(query::lookup(db, "krb5").services) == std::vector<std::string>{"kerberos 88/tcp services"});
    CHECK(describe(query::lookup(db, "syslog").services) ==
          std::vector<std::string>{"shell 514/tcp services", "syslog 514/udp services"});
    CHECK_FALSE(query::lookup(db, "no-such-service").found());
}

TEST_CASE_METHOD(Fixture, "lookup by port: ranges contain their ports; statuses are kept apart") {
    CHECK(describe(query::lookup(db, "6010/tcp").services) == std::vector<std::string>{"x11 6000/tcp iana-xml"});
    const auto inetfs = query::lookup(db, "7775/tcp");
    CHECK(describe(inetfs.services) == std::vector<std::string>{"inetfs 7775/tcp iana-xml"});
    CHECK(describe(inetfs.statuses) == std::vector<std::string>{"unassigned 7748/* iana-xml"});
    const auto zero = query::lookup(db, "0");
    CHECK_FALSE(zero.found());
    CHECK(describe(zero.statuses) == std::vector<std::string>{"reserved 0/tcp iana-xml"});
    CHECK_THROWS_AS(query::lookup(db, "70000"), query::UsageError);
    CHECK_THROWS_AS(query::lookup(db, "-1"), query::UsageError);
    CHECK_THROWS_AS(query::lookup(db, ""), query::UsageError);
    CHECK_THROWS_AS(query::lookup(db, "80/tpc"), query::UsageError);
}
