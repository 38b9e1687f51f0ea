#include "portdb/query/policy.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace portdb;
using namespace portdb::query;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

const PolicyRule& rule(const Policy& policy, std::string_view id) {
    const auto found =
        std::find_if(policy.rules.begin(), policy.rules.end(), [&](const PolicyRule& r) { return r.id == id; });
    if (found == policy.rules.end()) {
        FAIL("no rule " << id);
    }
    return *found;
}

}  // namespace

TEST_CASE("the built-in policy holds the Muq manual's rules and today's ranges, with levels, targets and sources") {
    const auto& policy = builtin_policy();
    struct Expected {
        const char* id;
        std::uint16_t inside;
        const char* protocol;
        Level level;
        TargetSet targets;
    };
    for (const auto& e : std::vector<Expected>{
             {"iana-port-zero", 0, "tcp", Level::conflict, {Target::any}},
             {"unix-privileged",
              1023,
              "udp",
              Level::caution,
              {Target::linux_os, Target::freebsd, Target::openbsd, Target::netbsd, Target::solaris, Target::aix}},
             {"unix-privileged",
              22,
              "sctp",
              Level::caution,
              {Target::linux_os, Target::freebsd, Target::openbsd, Target::netbsd, Target::solaris, Target::aix}},
             {"muq-bsd-tcp-ephemeral", 5000, "tcp", Level::note, {Target::any}},
             {"muq-udp-ephemeral", 32767, "udp", Level::note, {Target::any}},
             {"linux-ephemeral", 32768, "tcp", Level::conflict, {Target::linux_os}},
             {"linux-ephemeral-2007-2015", 61000, "udp", Level::conflict, {Target::linux_os}},
             {"linux-ephemeral-1997", 2000, "udp", Level::note, {Target::linux_os}},
             {"freebsd-ephemeral", 10000, "udp", Level::conflict, {Target::freebsd}},
             {"openbsd-ephemeral", 49151, "tcp", Level::caution, {Target::openbsd}},
             {"netbsd-ephemeral", 49152, "tcp", Level::conflict, {Target::netbsd}},
             {"macos-ephemeral", 65535, "udp", Level::conflict, {Target::macos}},
             {"windows-dynamic", 49152, "tcp", Level::conflict, {Target::windows}},
             {"solaris-ephemeral", 40000, "tcp", Level::conflict, {Target::solaris}},
             {"aix-ephemeral", 40000, "udp", Level::conflict, {Target::aix}},
             {"iana-dynamic-ports", 49152, "udp", Level::caution, {Target::any}},
             {"x11", 6063, "tcp", Level::caution, {Target::any}},
             {"muq-crowded-5000-9999", 9999, "tcp", Level::note, {Target::any}},
             {"k8s-nodeport", 32767, "tcp", Level::conflict, {Target::kubernetes}},
             {"fetch-bad-irc", 6667, "tcp", Level::caution, {Target::browsers}},
             {"fetch-bad-low-ports", 79, "tcp", Level::caution, {Target::browsers}},
             {"dev-django-8000", 8000, "tcp", Level::caution, {Target::any}},
         }) {
        CAPTURE(e.id, e.inside);
        const auto& r = rule(policy, e.id);
        CHECK(r.level == e.level);
        CHECK(r.targets == e.targets);
        CHECK(r.applies_to(e.inside, e.protocol));
        CHECK_FALSE(r.message.empty());
        CHECK_FALSE(r.title.empty());
        CHECK_THAT(r.source, Contains("http"));
    }
    CHECK(rule(policy, "k8s-nodeport").title == "Kubernetes NodePorts");
    CHECK(rule(policy, "muq-bsd-tcp-ephemeral").historic);
    CHECK(rule(policy, "muq-udp-ephemeral").historic);
    CHECK_FALSE(rule(policy, "muq-udp-ephemeral").applies_to(2000, "tcp"));  // TCP and UDP are separate spaces
    CHECK_FALSE(rule(policy, "linux-ephemeral").applies_to(32767, "tcp"));
    CHECK_FALSE(rule(policy, "linux-ephemeral").historic);
    CHECK(policy.muq.daemon_block == db::PortRange{30000, 30999});
    CHECK(policy.muq.production == db::PortRange{31000, 31999});
    CHECK(policy.muq.test == db::PortRange{32000, 32767});
    CHECK(policy.muq.instance_shift == 2000);
    CHECK(policy.muq.experimental_prefix == 2);
}

TEST_CASE("every historic rule is a note, and no rule or code calls the policy anything but Muq") {
    for (const auto& r : builtin_policy().rules) {
        CAPTURE(r.id);
        if (r.historic) {
            CHECK(r.level == Level::note);
        }
        for (const auto* text : {&r.id, &r.title, &r.message, &r.platform, &r.how_to_change}) {
            CHECK(text->find(portdb::test::retired_policy_name) == std::string::npos);
        }
    }
    CHECK(test::read_file(PORTDB_POLICY_FILE).find(portdb::test::retired_policy_name) == std::string::npos);
}

TEST_CASE("the compiled-in policy is exactly data/policy.toml") {
    const auto text = test::read_file(PORTDB_POLICY_FILE);
    CHECK(builtin_policy() == parse_policy(text, "policy.toml"));
    CHECK(builtin_policy().rules.size() == 61);
}

TEST_CASE("a policy file extends the built-in one, or replaces it") {
    const auto extended = parse_policy(R"toml(
[muq]
instance_shift = 3000

[[rule]]
id = "k8s-nodeport"
ports = ["30000-32767"]
protocols = ["tcp"]
level = "note"
targets = ["kubernetes"]
message = "We run no Kubernetes."

[[rule]]
id = "our-lab-range"
title = "the lab's range"
ports = ["40000-40099", "40200"]
protocols = ["tcp", "udp"]
level = "conflict"
targets = ["any"]
message = "Reserved for the lab."
)toml",
                                       "ours.toml", &builtin_policy());
    CHECK(extended.rules.size() == builtin_policy().rules.size() + 1);
    CHECK(rule(extended, "k8s-nodeport").level == Level::note);
    CHECK(rule(extended, "k8s-nodeport").title == "k8s-nodeport");  // no title: the id
    CHECK(rule(extended, "our-lab-range").title == "the lab's range");
    CHECK_FALSE(rule(extended, "k8s-nodeport").applies_to(31000, "udp"));
    CHECK(rule(extended, "our-lab-range").applies_to(40200, "udp"));
    CHECK_FALSE(rule(extended, "our-lab-range").applies_to(40100, "udp"));
    CHECK(extended.muq.instance_shift == 3000);
    CHECK(extended.muq.production == db::PortRange{31000, 31999});

    const auto replaced = parse_policy(
        "mode = \"replace\"\n[[rule]]\nid = \"only\"\nports = [\"1\"]\nprotocols = [\"tcp\"]\n"
        "level = \"caution\"\ntargets = [\"linux\", \"macos\"]\nmessage = \"m\"\n",
        "only.toml", &builtin_policy());
    REQUIRE(replaced.rules.size() == 1);
    CHECK(replaced.rules[0].id == "only");
    CHECK(replaced.rules[0].targets == TargetSet{Target::linux_os, Target::macos});
}

TEST_CASE("a malformed policy file is an error naming the file and the line") {
    const auto error_of = [](std::string_view text) {
        try {
            (void)parse_policy(text, "p.toml", &builtin_policy());
        } catch (const PolicyError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error_of("[[rule]\nid = 1\n"), StartsWith("p.toml:1:"));
    CHECK_THAT(
        error_of(
            "\n\n[[rule]]\nid = \"x\"\nports = [\"1\"]\nprotocols = [\"tcp\"]\nlevel = \"fatal\"\nmessage = \"m\"\n"),
        Equals("p.toml:7: rule \"x\": level \"fatal\" must be conflict, caution or note"));
    // A file written for an older portdb says how to bring it up to date.
    CHECK_THAT(
        error_of(
            "[[rule]]\nid = \"x\"\nports = [\"1\"]\nprotocols = [\"tcp\"]\nseverity = \"info\"\nmessage = \"m\"\n"),
        Equals("p.toml:5: rule \"x\": \"severity\" is now \"level\" (conflict, caution or note) with \"targets\" "
               "(the platforms it concerns, e.g. [\"linux\"] or [\"any\"])"));
    CHECK_THAT(
        error_of("[[rule]]\nid = \"x\"\nports = [\"1\"]\nprotocols = [\"tcp\"]\nlevel = \"note\"\nmessage = \"m\"\n"),
        Equals(
            "p.toml:1: rule \"x\": \"targets\" must be a non-empty list like [\"linux\", \"freebsd\"] or [\"any\"]"));
    CHECK_THAT(
        error_of("[[rule]]\nid = \"x\"\nports = [\"1\"]\nprotocols = [\"tcp\"]\nlevel = \"note\"\n"
                 "targets = [\"linux\", \"plan9\"]\nmessage = \"m\"\n"),
        Equals("p.toml:6: rule \"x\": each target is one of linux, freebsd, openbsd, netbsd, macos, windows, solaris, "
               "aix, kubernetes, browsers, any"));
    CHECK_THAT(error_of("[[rule]]\nid = \"x\"\nports = [\"70000\"]\nprotocols = [\"tcp\"]\nlevel = \"note\"\ntargets = "
                        "[\"any\"]\nmessage = \"m\"\n"),
               Equals("p.toml:3: rule \"x\": each port must be \"N\" or \"N-M\" within 0-65535"));
    CHECK_THAT(
        error_of("[[rule]]\nid = \"x\"\nports = [\"9-7\"]\nprotocols = [\"tcp\"]\nlevel = \"note\"\nmessage = \"m\"\n"),
        Contains("p.toml:3:"));
    CHECK_THAT(error_of("[[rule]]\nid = \"x\"\nprotocols = [\"tcp\"]\nlevel = \"note\"\nmessage = \"m\"\n"),
               Equals("p.toml:1: rule \"x\": \"ports\" must be a non-empty list like [\"6000-6063\"]"));
    CHECK_THAT(error_of("[[rule]]\nports = [\"1\"]\n"), Equals("p.toml:1: a [[rule]]: \"id\" is missing"));
    CHECK_THAT(error_of("colour = \"blue\"\n"),
               Equals("p.toml:1: unknown key \"colour\": expected mode, [muq] or [[rule]]"));
    CHECK_THAT(error_of("mode = \"merge\"\n"), Equals("p.toml:1: mode \"merge\" must be \"extend\" or \"replace\""));
    CHECK_THAT(error_of("[muq]\ninstance_shift = 0\n"),
               Equals("p.toml:2: [muq]: \"instance_shift\" must be a whole number from 1 to 9999"));
    // Found by fuzzing (twice): toml++ 3.3 has undefined behaviour on some non-ASCII text. Policy files
    // are ASCII; other characters are written as escapes.
    CHECK_THAT(error_of("a = 1\ncaf\xc3\xa9 = 1\n"),
               StartsWith("p.toml:2: a non-ASCII character: policy files are ASCII"));
    CHECK_THAT(error_of("a = 1 \xd0\xbc\n"), StartsWith("p.toml:1: a non-ASCII character"));
    CHECK_THAT(error_of("source = 9\"https://x\xd2\x90\n"), StartsWith("p.toml:1: a non-ASCII character"));
    CHECK_THAT(error_of("# caf\xc3\xa9\n"), StartsWith("p.toml:1: a non-ASCII character"));
    const auto escaped = parse_policy(
        "[[rule]]\nid = 'x'\nports = [\"1\"]\nprotocols = [\"tcp\"]\nlevel = \"note\"\ntargets = [\"any\"]\n"
        "message = \"Br\\u00fccke\"\n",
        "ok.toml");
    CHECK(escaped.rules.at(0).message ==
          "Br\xc3\xbc"
          "cke");
    CHECK_THAT(error_of("[muq]\nproduction = \"31000\"\ntest = \"a-b\"\n"),
               Equals("p.toml:3: [muq]: \"a-b\" is not a port range N-M within 0-65535"));
}

TEST_CASE("a typo in a policy file is refused where it is, with the key it was meant to be") {
    const auto error_of = [](std::string_view text) {
        try {
            parse_policy(text, "p.toml", &builtin_policy());
        } catch (const PolicyError& error) {
            return std::string(error.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(error_of("[muq]\ninstance_shfit = 1000\n"),
               Equals("p.toml:2: [muq]: unknown key \"instance_shfit\" (did you mean instance_shift?)"));
    CHECK_THAT(error_of("[muq]\nproduction = \"31000-31999\"\nsauce = \"x\"\n"),
               Equals("p.toml:3: [muq]: unknown key \"sauce\" (did you mean source?)"));
    CHECK_THAT(error_of("[muq]\ncolour = 1\n"),
               Equals("p.toml:2: [muq]: unknown key \"colour\": expected daemon_block, production, test, "
                      "instance_shift, experimental_prefix or source"));
    const std::string rule =
        "[[rule]]\nid = \"x\"\nports = [\"1\"]\nprotocols = [\"tcp\"]\nlevel = \"note\"\ntargets = [\"any\"]\n"
        "message = \"m\"\n";
    CHECK(error_of(rule) == "accepted");
    CHECK_THAT(error_of(rule + "levle = \"conflict\"\n"),
               Equals("p.toml:8: rule \"x\": unknown key \"levle\" (did you mean level?)"));
    CHECK_THAT(error_of(rule + "poerts = [\"2\"]\n"),
               Equals("p.toml:8: rule \"x\": unknown key \"poerts\" (did you mean ports?)"));
    // The typo is named even when it leaves a required key missing.
    CHECK_THAT(error_of("[[rule]]\nid = \"x\"\npotrs = [\"1\"]\n"),
               Equals("p.toml:3: rule \"x\": unknown key \"potrs\" (did you mean ports?)"));
    CHECK_THAT(error_of("[[rule]]\nidd = \"x\"\n"),
               Equals("p.toml:2: a [[rule]]: unknown key \"idd\" (did you mean id?)"));
    CHECK_THAT(error_of("rules = 1\n"), Equals("p.toml:1: unknown key \"rules\" (did you mean rule?)"));
    // Out of range at load, not when first used: 7 and four digits is past 65535.
    CHECK_THAT(error_of("[muq]\nexperimental_prefix = 7\n"),
               Equals("p.toml:2: [muq]: \"experimental_prefix\" must be a whole number from 1 to 5: followed by "
                      "four digits, a larger one can be past port 65535"));
    CHECK(parse_policy("[muq]\nexperimental_prefix = 5\n", "p.toml").muq.experimental_prefix == 5);
}

TEST_CASE("a policy file that cannot be read is a clear error") {
    const test::TempDir dir;
    CHECK_THROWS_WITH(load_policy_file((dir / "missing.toml").string()), Contains("missing.toml: cannot be read"));
    CHECK_THROWS_AS(load_policy_file(dir.path().string()), PolicyError);
    CHECK_THROWS_WITH(load_policy_file(dir.path().string()),
                      Equals("policy file " + dir.path().string() + ": is a directory, not a regular file"));
    test::write_file(dir / "big.toml", std::string((4U << 20U) + 1, '#'));
    CHECK_THROWS_WITH(load_policy_file((dir / "big.toml").string()), Contains("larger than the 4 MiB limit"));
    test::write_file(dir / "ok.toml", "[muq]\nexperimental_prefix = 3\n");
    CHECK(load_policy_file((dir / "ok.toml").string()).muq.experimental_prefix == 3);
}
