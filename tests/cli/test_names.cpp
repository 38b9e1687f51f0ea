// portdb names [PREFIX]: what shell completion offers for lookup and suggest.
#include "cli_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

using namespace portdb;
using Catch::Matchers::Equals;

namespace {

struct WithHistory : test::CliDatabase {
    WithHistory() {
        // cadlock, talk, man ... are only in RFC 1700, which is history.
        import({test::fixture("services/etc-services"), test::fixture("port-numbers/rfc1700-paginated.txt")});
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

TEST_CASE_METHOD(WithHistory,
                 "names: the names and aliases starting with PREFIX, any case, one a line, exit 1 for none") {
    const auto fing = run({"names", "fing"});
    CHECK(fing.exit_code == 0);
    CHECK_THAT(fing.out, Equals("finger\n"));
    CHECK(fing.err.empty());
    CHECK_THAT(run({"names", "KERB"}).out, Equals("kerberos\nkerberos-sec\nkerberos5\n"));  // aliases too
    CHECK_THAT(run({"names", "krb"}).out, Equals("krb5\n"));

    const auto none = run({"names", "zzz"});
    CHECK(none.exit_code == 1);
    CHECK(none.out.empty());
    CHECK(none.err.empty());  // completion asks on every TAB: nothing to say
    CHECK(run({"names", "--", "-x"}).exit_code == 1);
}

TEST_CASE_METHOD(WithHistory, "names: every current name sorted without regard to case, history left out") {
    const auto all = lines_of(run({"names"}).out);
    CHECK(all.size() > 15);
    CHECK(std::is_sorted(all.begin(), all.end(), [](const auto& a, const auto& b) { return lower(a) < lower(b); }));
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
    CHECK(std::find(all.begin(), all.end(), "cadlock") == all.end());
    CHECK(run({"names", "cad"}).exit_code == 1);
    CHECK(run({"lookup", "--history", "cadlock"}).exit_code == 0);  // there, as history
}

TEST_CASE_METHOD(WithHistory, "names --json: an array of strings") {
    const auto json = run({"--json", "names", "kerberos"});
    CHECK(json.exit_code == 0);
    CHECK(nlohmann::json::parse(json.out) == nlohmann::json{"kerberos", "kerberos-sec", "kerberos5"});
    const auto none = run({"names", "zzz", "--json"});
    CHECK(none.exit_code == 1);
    CHECK(nlohmann::json::parse(none.out) == nlohmann::json::array());
}
