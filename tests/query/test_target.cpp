#include "portdb/query/target_setting.hpp"
#include "portdb/query/usage_error.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

using namespace portdb;
using namespace portdb::query;
using Catch::Matchers::Equals;

TEST_CASE("target lists: words, commas or blanks, all: any is always weighed") {
    CHECK(parse_targets("linux,macos,kubernetes") ==
          TargetSet{Target::linux_os, Target::macos, Target::kubernetes, Target::any});
    CHECK(parse_targets(" freebsd  windows ,") == TargetSet{Target::freebsd, Target::windows, Target::any});
    CHECK(parse_targets("all") == TargetSet::all());
    CHECK(parse_targets("any") == TargetSet{Target::any});
    CHECK_THROWS_WITH(
        parse_targets("linux,plan9", "--on"),
        Equals("--on: unknown target \"plan9\": expected all or a list of linux, freebsd, openbsd, netbsd, "
               "macos, windows, solaris, aix, kubernetes, browsers, any"));
    CHECK_THROWS_AS(parse_targets(" , "), UsageError);
    CHECK(describe(parse_targets("linux")) == "linux");
    CHECK(describe(parse_targets("kubernetes,linux,macos")) == "linux, macos and kubernetes");
    CHECK(describe(TargetSet::all()) == "every target");
    CHECK(describe(TargetSet{Target::any}) == "any platform");
    for (const auto target : TargetSet::all().list()) {
        CHECK(target_from_string(to_string(target)) == target);
    }
}

TEST_CASE("the targets weighed: --on, else PORTDB_ON, else the settings file, else this machine's OS") {
    const test::TempDir dir;
    const auto file = dir / "targets";
    const auto resolved = [&](const std::optional<std::string>& on, const char* environment) {
        const auto r = resolve_targets(on, environment, file);
        return describe(r.targets) + " from " + r.origin;
    };
    // Nothing said anywhere: this machine's OS (the tests run on Linux) and any.
    CHECK(resolve_targets(std::nullopt, nullptr, file).targets == TargetSet{this_machine_os(), Target::any});
    CHECK(resolved(std::nullopt, nullptr) == "linux from this machine");
    CHECK(resolved(std::nullopt, "") == "linux from this machine");  // an empty variable says nothing

    test::write_file(file, "# where our services run\nlinux\nkubernetes  # the cluster nodes\n\n");
    CHECK(resolved(std::nullopt, nullptr) == "linux and kubernetes from " + file.string());
    CHECK(resolved(std::nullopt, "windows") == "windows from PORTDB_ON");
    CHECK(resolved(std::string("macos,freebsd"), "windows") == "freebsd and macos from --on");

    CHECK_THROWS_WITH(resolve_targets(std::nullopt, "linux,hurd", file),
                      Equals("PORTDB_ON: unknown target \"hurd\": expected all or a list of linux, freebsd, openbsd, "
                             "netbsd, macos, windows, solaris, aix, kubernetes, browsers, any"));
    test::write_file(file, "linux\n\nlinx\n");
    CHECK_THROWS_AS(resolve_targets(std::nullopt, nullptr, file), TargetSettingError);
    CHECK_THROWS_WITH(resolve_targets(std::nullopt, nullptr, file),
                      Catch::Matchers::StartsWith(file.string() + ":3: unknown target \"linx\""));
    test::write_file(file, "# nothing yet\n");
    CHECK_THROWS_WITH(resolve_targets(std::nullopt, nullptr, file),
                      Catch::Matchers::StartsWith(file.string() + ": no target given"));
}
