#include "portdb/query/search.hpp"
#include "portdb/query/usage_error.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using namespace portdb::query;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

std::vector<std::string> names(const query::SearchResult& result) {
    std::vector<std::string> out;
    for (const auto& hit : result.answers) {
        const auto& a = hit.answer.row.assignment;
        out.push_back(a.name.value_or("-") + "/" + a.protocol.value_or("-"));
    }
    return out;
}

}  // namespace

TEST_CASE("any text becomes quoted prefix terms: FTS syntax in user text is only words") {
    CHECK(fts_expression("mail") == "\"mail\"*");
    CHECK(fts_expression("  remote   desktop ") == "\"remote\"* \"desktop\"*");
    CHECK(fts_expression("\"unbalanced") == "\"unbalanced\"*");
    CHECK(fts_expression("NEAR(a b)") == "\"NEAR\"* \"a\"* \"b\"*");
    CHECK(fts_expression("name:finger OR x*") == "\"name\"* \"finger\"* \"OR\"* \"x\"*");
    CHECK(fts_expression("'; DROP TABLE assignments; --") == "\"DROP\"* \"TABLE\"* \"assignments\"*");
    CHECK(fts_expression("swÿp") == "\"swÿp\"*");
    CHECK_THROWS_WITH(fts_expression("*"), Equals("nothing to search for in \"*\": give one or more words"));
    CHECK_THROWS_AS(fts_expression(""), UsageError);
    CHECK_THROWS_AS(fts_expression("\"()\"*^-:"), UsageError);
}

TEST_CASE("a search has at most 16 words in 1 KiB: the work stays small however long the text") {
    std::string sixteen;
    for (int i = 0; i < 16; ++i) {
        sixteen += "word" + std::to_string(i) + " ";
    }
    CHECK_NOTHROW(fts_expression(sixteen));
    CHECK_THROWS_WITH(fts_expression(sixteen + "more"), Equals("too many words to search for: give at most 16"));
    std::string many;
    for (int i = 0; i < 20000; ++i) {
        many += "w ";
    }
    CHECK_THROWS_WITH(fts_expression(many), StartsWith("a search of 40000 bytes is too long"));
    CHECK_THROWS_AS(fts_expression(std::string(1025, 'a')), UsageError);
    CHECK_NOTHROW(fts_expression(std::string(1024, 'a')));  // one long word is one term
}

TEST_CASE_METHOD(test::QueryFixture, "search ranks names above descriptions, matches prefixes, survives any input") {
    const auto finger = query::search(db, "finger");
    REQUIRE(finger.answers.size() >= 2);
    CHECK(names(finger).front().rfind("finger/", 0) == 0);

    CHECK(names(query::search(db, "fing")).front().rfind("finger/", 0) == 0);  // a prefix
    CHECK(names(query::search(db, "remote desktop")) == std::vector<std::string>{"rdp/-"});
    CHECK(names(query::search(db, "swyp")) == std::vector<std::string>{"swyp/tcp"});
    CHECK(names(query::search(db, "swÿp")) == std::vector<std::string>{"swyp/tcp"});  // diacritics folded
    for (const char* hostile :
         {"\"", "'; DROP TABLE assignments; --", "NEAR(", "a AND OR NOT b", "x\" OR \"y", "日本語"}) {
        CAPTURE(hostile);
        try {
            (void)query::search(db, hostile);
        } catch (const UsageError&) {
            // no words at all: a usage error, never an SQL or FTS error
        }
    }
    CHECK(query::search(db, "'; DROP TABLE assignments; --").answers.empty());
    CHECK_FALSE(query::search(db, "finger").answers.empty());  // the table is still there
    CHECK(query::search(db, "zzzzzz").answers.empty());
}

TEST_CASE_METHOD(test::QueryFixture, "a capped search says how many more answers there are") {
    const auto all = query::search(db, "a", 0);
    REQUIRE(all.answers.size() > 3);
    CHECK(all.more == 0);
    const auto capped = query::search(db, "a", 3);
    CHECK(capped.answers.size() == 3);
    CHECK(capped.more == all.answers.size() - 3);
    const auto every = names(all);
    CHECK(names(capped) == std::vector<std::string>(every.begin(), every.begin() + 3));
}
