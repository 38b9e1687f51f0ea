#include "portdb/query/target_setting.hpp"
#include "portdb/query/usage_error.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

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

TEST_CASE("a targets file that exists but cannot be read whole is an error naming it, never no setting") {
    const test::TempDir dir;
    const auto file = dir / "targets";
    // A missing file is no setting; a folder there is not.
    CHECK(resolve_targets(std::nullopt, nullptr, file).origin == "this machine");
    std::filesystem::create_directories(file);
    CHECK_THROWS_AS(resolve_targets(std::nullopt, nullptr, file), TargetSettingError);
    CHECK_THROWS_WITH(resolve_targets(std::nullopt, nullptr, file),
                      Equals("targets file " + file.string() + ": is a directory, not a regular file"));
    std::filesystem::remove(file);

    // Over 64 KiB is refused whole, not cut into "unknown target linu".
    std::string big;
    while (big.size() <= 64U << 10U) {
        big += "linux\n";
    }
    test::write_file(file, big);
    CHECK_THROWS_WITH(resolve_targets(std::nullopt, nullptr, file),
                      Equals("targets file " + file.string() + ": larger than the 64 KiB limit"));
    CHECK(parse_target_settings(big, file) == TargetSet{Target::linux_os, Target::any});

    // chmod 000 stops everyone but root (the CLI test runs it as nobody too).
    test::write_file(file, "kubernetes\n");
    std::filesystem::permissions(file, std::filesystem::perms::none);
    if (::geteuid() == 0) {
        WARN("running as root: a chmod 000 targets file is readable to root");
        CHECK(resolve_targets(std::nullopt, nullptr, file).targets.contains(Target::kubernetes));
    } else {
        CHECK_THROWS_WITH(resolve_targets(std::nullopt, nullptr, file),
                          Equals("targets file " + file.string() + ": cannot be read: Permission denied"));
    }
}
