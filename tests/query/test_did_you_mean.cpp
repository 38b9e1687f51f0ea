#include "portdb/query/did_you_mean.hpp"

#include <catch2/catch.hpp>

using namespace portdb::query;

TEST_CASE("edit distance: insertions, deletions, substitutions and swapped neighbours, any case") {
    CHECK(edit_distance("finger", "finger", 2) == 0);
    CHECK(edit_distance("FINGER", "finger", 2) == 0);
    CHECK(edit_distance("fingr", "finger", 2) == 1);    // a missing letter
    CHECK(edit_distance("fingeer", "finger", 2) == 1);  // an extra letter
    CHECK(edit_distance("fingar", "finger", 2) == 1);   // a wrong letter
    CHECK(edit_distance("fnigre", "finger", 2) == 2);   // two swapped pairs
    CHECK(edit_distance("fnger", "finger", 2) == 1);
    CHECK(edit_distance("abc", "xyzabc", 2) == 3);  // past the limit: limit + 1
    CHECK(edit_distance("", "ab", 2) == 2);
    CHECK(edit_distance("postgress", "postgres", 2) == 1);
}

TEST_CASE("closest names: closest first, then the longest shared start, then the shortest") {
    const std::vector<std::string> names{"finger",   "fingerd",    "find", "fintrx", "ssh",
                                         "postgres", "PostgreSQL", "smtp", "http",   "https"};
    CHECK(closest_names(names, "fingr") == std::vector<std::string>{"finger", "fingerd", "find"});
    CHECK(closest_names(names, "fnigre") == std::vector<std::string>{"finger"});
    CHECK(closest_names(names, "fingeer") == std::vector<std::string>{"finger", "fingerd"});
    CHECK(closest_names(names, "postgress") == std::vector<std::string>{"postgres", "postgresql"});
    CHECK(closest_names(names, "postgre") == std::vector<std::string>{"postgres", "postgresql"});
    CHECK(closest_names(names, "smpt") == std::vector<std::string>{"smtp"});  // short names: one edit at most
    CHECK(closest_names(names, "htp") == std::vector<std::string>{"http"});
    CHECK(closest_names(names, "xyzzy").empty());
    CHECK(closest_names(names, "finger").size() == 1);  // itself is not a suggestion: fingerd is
    CHECK(closest_names(names, "fingr", 1) == std::vector<std::string>{"finger"});
}
