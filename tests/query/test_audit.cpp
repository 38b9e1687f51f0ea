// portdb audit's library: the readers of each format on the fixture trees
// under tests/fixtures/audit, the scopes, .env resolution, inferred targets,
// collisions, malformed files and symlinks.
#include "portdb/query/audit/audit.hpp"
#include "portdb/query/audit/tree_walk.hpp"
#include "portdb/query/policy.hpp"
#include "query_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using namespace portdb;
using namespace portdb::query;
using namespace portdb::query::audit;
using Catch::Matchers::Contains;

namespace {

struct Audited {
    test::QueryFixture fixture;
    Checker checker{fixture.db, builtin_policy(), nullptr, TargetSet{Target::linux_os}};
    AuditReport report;
    explicit Audited(const std::vector<std::filesystem::path>& roots, AuditOptions options = {})
        : report(run_audit(roots, checker, builtin_policy(), options)) {}
};

/// The bindings of `file` at `line`, whatever their kind.
std::vector<const CheckedBinding*> at(const AuditReport& report, std::string_view file, std::size_t line) {
    std::vector<const CheckedBinding*> out;
    for (const auto& b : report.bindings) {
        if (b.binding.file == file && b.binding.line == line) {
            out.push_back(&b);
        }
    }
    return out;
}

/// The one binding of `kind` at FILE:LINE; fails the test when there is not exactly one.
const CheckedBinding& one(const AuditReport& report, std::string_view file, std::size_t line, std::string_view kind) {
    const CheckedBinding* found = nullptr;
    std::size_t count = 0;
    for (const auto* b : at(report, file, line)) {
        if (b->binding.kind == kind) {
            found = b;
            ++count;
        }
    }
    INFO(file << ":" << line << " " << kind);
    REQUIRE(count == 1);
    return *found;
}

std::vector<std::string> kinds_in(const AuditReport& report, std::string_view file) {
    std::vector<std::string> out;
    for (const auto& b : report.bindings) {
        if (b.binding.file == file) {
            out.push_back(b.binding.kind);
        }
    }
    return out;
}

bool has_code(const CheckedBinding& b, std::string_view code) {
    return std::any_of(b.findings.begin(), b.findings.end(), [&](const Finding& f) { return f.code == code; });
}

/// "file:line" of each binding of a collision, sorted.
std::vector<std::string> places(const AuditReport& report, const Collision& collision) {
    std::vector<std::string> out;
    for (const auto index : collision.bindings) {
        const auto& b = report.bindings[index].binding;
        out.push_back(b.file + ":" + std::to_string(b.line));
    }
    std::sort(out.begin(), out.end());
    return out;
}

const Collision* collision_on(const AuditReport& report, std::uint16_t port, std::string_view protocol,
                              std::string_view domain_start) {
    for (const auto& c : report.collisions) {
        if (c.lo <= port && port <= c.hi && c.protocol == protocol && c.domain.starts_with(domain_start)) {
            return &c;
        }
    }
    return nullptr;
}

std::filesystem::path shop() { return test::fixture("audit/shop"); }

}  // namespace

TEST_CASE("audit: Compose short syntax, addresses, protocols, ranges and the container side") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    const auto& loopback = one(r, "compose.yaml", 7, "compose-published");
    CHECK(loopback.binding.lo == 8443);
    CHECK(loopback.binding.address == "127.0.0.1");
    CHECK(loopback.binding.owner == "web");
    CHECK(loopback.binding.scope == Scope::host);
    CHECK(loopback.checked);
    const auto& inside = one(r, "compose.yaml", 7, "compose-container");
    CHECK(inside.binding.lo == 443);
    CHECK(inside.binding.scope == Scope::container);
    CHECK_FALSE(inside.checked);
    const auto& udp = one(r, "compose.yaml", 19, "compose-published");
    CHECK(udp.binding.protocol == "udp");
    CHECK(udp.binding.lo == 9125);
    const auto& range = one(r, "compose.yaml", 20, "compose-published");
    CHECK(range.binding.lo == 9100);
    CHECK(range.binding.hi == 9102);
    CHECK(one(r, "compose.yaml", 20, "compose-container").binding.hi == 9102);
}

TEST_CASE("audit: Compose ${VAR:-default} and ${VAR} come from the .env beside the file, else are unresolved") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    // WEB_PORT=8081 in .env wins over the default 8080.
    CHECK(one(r, "compose.yaml", 6, "compose-published").binding.lo == 8081);
    // Long syntax: published "${API_PORT}" (3000 in .env), target 3000 on the line above.
    CHECK(one(r, "compose.yaml", 12, "compose-published").binding.lo == 3000);
    CHECK(one(r, "compose.yaml", 11, "compose-container").binding.lo == 3000);
    // WORKER_PORT is nowhere: reported, not guessed.
    REQUIRE(r.unresolved.size() == 1);
    CHECK(r.unresolved[0].file == "compose.yaml");
    CHECK(r.unresolved[0].line == 29);
    CHECK(r.unresolved[0].owner == "worker");
    CHECK(r.unresolved[0].text == "${WORKER_PORT}:5000");
    CHECK(r.verdict() == Verdict::conflict);  // the collisions below; an unresolved port alone is a caution
}

TEST_CASE("audit: Compose expose is a container port, with network_mode: host it is a host port") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    const auto& exposed = one(r, "compose.yaml", 15, "compose-container");
    CHECK(exposed.binding.lo == 9464);
    CHECK(exposed.binding.scope == Scope::container);
    const auto& host = one(r, "compose.yaml", 25, "compose-host-network");
    CHECK(host.binding.lo == 6379);
    CHECK(host.binding.scope == Scope::host);
    CHECK(host.checked);
    CHECK(at(r, "compose.yaml", 25).size() == 1);
}

TEST_CASE("audit: a Compose override restating its service's port is no collision, another service's is") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    CHECK(one(r, "docker-compose.override.yml", 5, "compose-published").binding.owner == "web");
    const auto& admin = one(r, "docker-compose.override.yml", 9, "compose-published");
    CHECK(admin.binding.owner == "admin");
    CHECK(admin.binding.lo == 8081);
    const auto* collision = collision_on(r, 8081, "tcp", "host");
    REQUIRE(collision != nullptr);
    CHECK(places(r, *collision) ==
          std::vector<std::string>{"compose.yaml:6", "docker-compose.override.yml:5", "docker-compose.override.yml:9"});
}

TEST_CASE("audit: .gitignore'd folders are not read") {
    const Audited audited({shop()});
    CHECK(kinds_in(audited.report, "ignored/compose.yaml").empty());
    const auto walk = walk_tree(shop());
    CHECK(std::none_of(walk.files.begin(), walk.files.end(),
                       [](const TreeFile& f) { return f.relative.starts_with("ignored/"); }));
    CHECK(std::any_of(walk.files.begin(), walk.files.end(),
                      [](const TreeFile& f) { return f.relative == "nginx/conf.d/shop.conf"; }));
}

TEST_CASE("audit: Kubernetes workloads, containers, hostNetwork, hostPort and Services, on the line of the port") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    const auto& app = one(r, "k8s/shop.yaml", 16, "k8s-container");
    CHECK(app.binding.owner == "Deployment/web/app");
    CHECK(app.binding.scope == Scope::container);
    CHECK_FALSE(app.checked);
    CHECK(one(r, "k8s/shop.yaml", 21, "k8s-container").binding.owner == "Deployment/web/metrics");
    CHECK(one(r, "k8s/shop.yaml", 33, "k8s-service").binding.lo == 80);
    CHECK(one(r, "k8s/shop.yaml", 34, "k8s-service-target").binding.lo == 8080);
    const auto& node_port = one(r, "k8s/shop.yaml", 35, "k8s-nodeport");
    CHECK(node_port.binding.owner == "Service/web");
    CHECK(node_port.binding.scope == Scope::host);
    // A named targetPort is no port.
    CHECK(kinds_in(r, "k8s/shop.yaml").size() == 8);
    const auto& exporter = one(r, "k8s/shop.yaml", 60, "k8s-hostnetwork");
    CHECK(exporter.binding.lo == 9100);
    CHECK(exporter.binding.scope == Scope::host);
    const auto& report = one(r, "k8s/jobs.yaml", 15, "k8s-container");
    CHECK(report.binding.owner == "CronJob/report/report");
    CHECK(report.binding.protocol == "udp");
    const auto& host_port = one(r, "k8s/jobs.yaml", 30, "k8s-hostport");
    CHECK(host_port.binding.lo == 5432);
    CHECK(host_port.binding.owner == "StatefulSet/db/postgres");
    CHECK(one(r, "k8s/jobs.yaml", 29, "k8s-container").binding.lo == 5432);
}

TEST_CASE("audit: a Kubernetes manifest is weighed for kubernetes and linux, a nodePort belongs in 30000-32767") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    const auto& inside = one(r, "k8s/shop.yaml", 35, "k8s-nodeport");
    CHECK(inside.targets.contains(Target::kubernetes));
    CHECK(inside.targets.contains(Target::linux_os));
    CHECK_FALSE(has_code(inside, "k8s-nodeport"));  // inside the range is where a nodePort belongs
    CHECK_FALSE(has_code(inside, "k8s-nodeport-outside-range"));
    const auto& outside = one(r, "k8s/shop.yaml", 46, "k8s-nodeport");
    CHECK(outside.binding.lo == 8088);
    CHECK(outside.verdict == Verdict::conflict);
    CHECK(has_code(outside, "k8s-nodeport-outside-range"));
    // A Compose file says nothing: the checker's targets (linux here).
    const auto& compose = one(r, "compose.yaml", 7, "compose-published");
    CHECK_FALSE(compose.targets.contains(Target::kubernetes));
    CHECK(compose.targets.contains(Target::linux_os));
}

TEST_CASE("audit: --on overrides what the files say") {
    AuditOptions options;
    options.targets = TargetSet{Target::windows};
    const Audited audited({shop()}, options);
    const auto& node_port = one(audited.report, "k8s/shop.yaml", 35, "k8s-nodeport");
    CHECK_FALSE(node_port.targets.contains(Target::kubernetes));
    CHECK(node_port.targets.contains(Target::windows));
    // A hostPort in the NodePort range is a conflict on kubernetes only.
    const auto& compose = one(audited.report, "compose.yaml", 7, "compose-published");
    CHECK(compose.targets.contains(Target::windows));
    CHECK_FALSE(compose.targets.contains(Target::linux_os));
}

TEST_CASE("audit: two containers of one pod with one containerPort collide, two Services with one nodePort too") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    const auto* pod = collision_on(r, 8080, "tcp", "pod:");
    REQUIRE(pod != nullptr);
    CHECK(places(r, *pod) == std::vector<std::string>{"k8s/shop.yaml:16", "k8s/shop.yaml:21"});
    const auto* node_port = collision_on(r, 30080, "tcp", "kubernetes-nodes");
    REQUIRE(node_port != nullptr);
    CHECK(places(r, *node_port) == std::vector<std::string>{"k8s/jobs.yaml:41", "k8s/shop.yaml:35"});
    // Two Services with port 80 do not collide: each has its own cluster IP.
    for (const auto& c : r.collisions) {
        for (const auto index : c.bindings) {
            CHECK(r.bindings[index].binding.kind != "k8s-service");
        }
    }
}

TEST_CASE("audit: systemd sockets, nginx listen through includes, Apache Listen, sshd Port and Dockerfile EXPOSE") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    const auto& stream = one(r, "systemd/shop-api.socket", 5, "systemd-socket");
    CHECK(stream.binding.lo == 8443);
    CHECK(stream.binding.protocol == "tcp");
    CHECK(stream.binding.owner == "shop-api.socket");
    const auto& datagram = one(r, "systemd/shop-api.socket", 6, "systemd-socket");
    CHECK(datagram.binding.protocol == "udp");
    CHECK(kinds_in(r, "systemd/shop-api.socket").size() == 2);  // the Unix socket is no port
    // nginx.conf includes conf.d/*.conf: the listens are on the included file's lines.
    CHECK(kinds_in(r, "nginx/nginx.conf").empty());
    CHECK(one(r, "nginx/conf.d/shop.conf", 2, "nginx-listen").binding.lo == 80);
    const auto& tls = one(r, "nginx/conf.d/shop.conf", 3, "nginx-listen");
    CHECK(tls.binding.lo == 443);
    CHECK(tls.binding.address.empty());  // [::] is every address
    CHECK(one(r, "apache/ports.conf", 3, "apache-listen").binding.lo == 80);
    CHECK(one(r, "apache/ports.conf", 6, "apache-listen").binding.lo == 443);
    CHECK(one(r, "ssh/sshd_config", 2, "sshd-port").binding.lo == 22);
    CHECK(one(r, "ssh/sshd_config", 3, "sshd-port").binding.lo == 2222);
    CHECK(one(r, "api/Dockerfile", 4, "dockerfile-expose").binding.lo == 3000);
    const auto& continued = one(r, "api/Dockerfile", 5, "dockerfile-expose");
    CHECK(continued.binding.lo == 9464);
    CHECK(continued.binding.scope == Scope::container);
    CHECK(one(r, ".env", 2, "env-port").binding.owner == "WEB_PORT");
}

TEST_CASE("audit: host ports of different programs collide on one host, a loopback address meets every address") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    const auto* web = collision_on(r, 80, "tcp", "host");
    REQUIRE(web != nullptr);
    CHECK(places(r, *web) == std::vector<std::string>{"apache/ports.conf:3", "nginx/conf.d/shop.conf:2"});
    const auto* tls = collision_on(r, 8443, "tcp", "host");
    REQUIRE(tls != nullptr);
    CHECK(places(r, *tls) == std::vector<std::string>{"compose.yaml:7", "systemd/shop-api.socket:5"});
    const auto* statsd = collision_on(r, 9125, "udp", "host");
    REQUIRE(statsd != nullptr);
    CHECK(places(r, *statsd) == std::vector<std::string>{"compose.yaml:19", "systemd/shop-api.socket:6"});
    CHECK(collision_on(r, 9125, "tcp", "host") == nullptr);  // TCP and UDP are separate spaces
    CHECK(collision_on(r, 22, "tcp", "host") == nullptr);
    // The .env's value is what the Compose file uses: it collides with nothing itself.
    for (const auto& c : r.collisions) {
        for (const auto index : c.bindings) {
            CHECK(r.bindings[index].binding.kind != "env-port");
        }
    }
}

TEST_CASE("audit: collisions of overlapping ranges, and none between distinct addresses") {
    std::vector<CheckedBinding> bindings(3);
    const auto host = [](CheckedBinding& b, std::uint16_t lo, std::uint16_t hi, std::string address,
                         std::string identity) {
        b.binding.lo = lo;
        b.binding.hi = hi;
        b.binding.protocol = "tcp";
        b.binding.domain = "host";
        b.binding.address = std::move(address);
        b.binding.identity = std::move(identity);
    };
    host(bindings[0], 9000, 9005, "", "a");
    host(bindings[1], 9005, 9005, "10.0.0.1", "b");
    host(bindings[2], 9003, 9003, "10.0.0.2", "c");
    auto collisions = find_collisions(bindings);
    REQUIRE(collisions.size() == 1);
    CHECK(collisions[0].bindings == std::vector<std::size_t>{0, 1, 2});
    CHECK(collisions[0].lo == 9003);
    CHECK(collisions[0].hi == 9005);
    host(bindings[0], 9000, 9002, "", "a");  // now 10.0.0.1 and 10.0.0.2 meet nothing
    CHECK(find_collisions(bindings).empty());
}

TEST_CASE("audit: malformed files are reported with FILE:LINE and the audit goes on") {
    const Audited audited({test::fixture("audit/broken")});
    const auto& r = audited.report;
    CHECK(r.files_examined == 3);
    CHECK(r.files_skipped == 1);
    const auto problem = [&](std::string_view file) -> const FileProblem* {
        for (const auto& p : r.problems) {
            if (p.file == file) {
                return &p;
            }
        }
        return nullptr;
    };
    const auto* yaml = problem("compose.yaml");
    REQUIRE(yaml != nullptr);
    CHECK(yaml->line == 6);
    CHECK_THAT(yaml->message, Contains("not valid YAML"));
    CHECK(kinds_in(r, "compose.yaml").empty());
    const auto* pod = problem("k8s/pod.yaml");
    REQUIRE(pod != nullptr);
    CHECK(pod->line == 9);
    CHECK_THAT(pod->message, Contains("99999"));
    CHECK(one(r, "k8s/pod.yaml", 10, "k8s-container").binding.lo == 8080);  // the rest of the file is read
    const auto* socket = problem("app.socket");
    REQUIRE(socket != nullptr);
    CHECK(socket->line == 2);
    CHECK(one(r, "app.socket", 3, "systemd-socket").binding.lo == 7000);
}

TEST_CASE("audit: a symlink out of the tree is not followed, and said, one inside is read") {
    const test::TempDir dir;
    std::filesystem::create_directories(dir / "outside");
    std::filesystem::create_directories(dir / "tree");
    test::write_file(dir / "outside/compose.yaml", "services:\n  secret:\n    ports:\n      - \"6000:6000\"\n");
    test::write_file(dir / "tree/real.socket", "[Socket]\nListenStream=7001\n");
    std::filesystem::create_symlink(dir / "outside/compose.yaml", dir / "tree/compose.yaml");
    std::filesystem::create_symlink(dir / "outside", dir / "tree/elsewhere");
    std::filesystem::create_symlink("real.socket", dir / "tree/alias.socket");
    const Audited audited({dir / "tree"});
    const auto& r = audited.report;
    CHECK(kinds_in(r, "compose.yaml").empty());
    CHECK(one(r, "alias.socket", 2, "systemd-socket").binding.lo == 7001);
    CHECK(one(r, "real.socket", 2, "systemd-socket").binding.lo == 7001);
    REQUIRE(r.notes.size() == 2);
    CHECK_THAT(r.notes[0], Contains("compose.yaml -> ") && Contains("leaves the tree, not followed"));
    CHECK_THAT(r.notes[1], Contains("elsewhere -> ") && Contains("leaves the tree, not followed"));
    // The same unit twice is one program: no collision with itself.
    CHECK(r.collisions.size() == 1);  // alias.socket and real.socket are two unit names
}

TEST_CASE("audit: the whole of tests/fixtures is audited without a crash, each file read once") {
    const Audited audited({test::fixture("")});
    const auto& r = audited.report;
    const Audited shop_only({shop()});
    const Audited broken_only({test::fixture("audit/broken")});
    // Every binding of the two trees, and nothing from the registries and services files.
    CHECK(r.bindings.size() == shop_only.report.bindings.size() + broken_only.report.bindings.size());
    CHECK(r.files_skipped == 1);
    CHECK(r.files_examined == shop_only.report.files_examined + broken_only.report.files_examined);
    for (const auto& b : r.bindings) {
        CHECK(b.binding.file.starts_with("audit/"));
        CHECK(b.binding.line > 0);
    }
}

TEST_CASE("audit: the summary counts, and the files worst first") {
    const Audited audited({shop()});
    const auto& r = audited.report;
    CHECK(r.collisions.size() == 7);
    const auto files = r.files_worst_first();
    REQUIRE_FALSE(files.empty());
    CHECK(files.front().worst == Verdict::conflict);
    for (std::size_t i = 1; i < files.size(); ++i) {
        CHECK(files[i - 1].worst >= files[i].worst);
    }
    CHECK(r.files_with_bindings() == files.size());
}

TEST_CASE("audit: Compose IPv6 addresses, a random host port, and nginx, Apache and sshd address forms") {
    const test::TempDir dir;
    std::filesystem::create_directories(dir / "tree/nginx");
    test::write_file(dir / "tree/compose.yaml",
                     "services:\n  web:\n    ports:\n      - \"[::1]:8080:80\"\n"
                     "      - \"127.0.0.1::81\"\n      - \"82\"\n");
    test::write_file(dir / "tree/nginx/nginx.conf",
                     "stream {\n  server {\n    listen 127.0.0.1:53 udp;\n    listen localhost;\n  }\n}\n");
    test::write_file(dir / "tree/httpd.conf", "Listen 192.0.2.1:8000\n# Listen 9999\n");
    test::write_file(dir / "tree/sshd_config",
                     "ListenAddress 0.0.0.0:2022\nListenAddress 10.0.0.1\nMatch all\nPort 23\n");
    const Audited audited({dir / "tree"});
    const auto& r = audited.report;
    const auto& v6 = one(r, "compose.yaml", 4, "compose-published");
    CHECK(v6.binding.address == "::1");
    CHECK(v6.binding.lo == 8080);
    CHECK(at(r, "compose.yaml", 5).size() == 1);  // published on a random port: only the container side
    CHECK(one(r, "compose.yaml", 6, "compose-container").binding.lo == 82);
    const auto& dns = one(r, "nginx/nginx.conf", 3, "nginx-listen");
    CHECK(dns.binding.protocol == "udp");
    CHECK(dns.binding.address == "127.0.0.1");
    const auto& plain = one(r, "nginx/nginx.conf", 4, "nginx-listen");
    CHECK(plain.binding.lo == 80);
    CHECK(plain.binding.address == "localhost");
    CHECK(one(r, "httpd.conf", 1, "apache-listen").binding.address == "192.0.2.1");
    CHECK(kinds_in(r, "httpd.conf").size() == 1);
    CHECK(one(r, "sshd_config", 1, "sshd-port").binding.lo == 2022);
    CHECK(kinds_in(r, "sshd_config").size() == 1);  // an address alone, and what Match makes conditional
}
