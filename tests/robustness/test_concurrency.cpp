// Two writers and three readers in parallel processes for a bounded time: no
// reader error, no torn result (every read sees one whole version), and the
// writers take turns.
#include "test_support.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

using namespace portdb;

namespace {

/// A services file of `entries` services, and a marker whose description and
/// alias both name the version: a reader that mixed two versions would see them disagree.
std::string version_file(char version, int entries) {
    std::string text = fmt::format("version\t7/tcp\talias-{}\t# {}\n", version, version);
    for (int i = 0; i < entries; ++i) {
        text += fmt::format("{}-svc{}\t{}/{}\t# version {} entry {}\n", version, i, 1024 + i / 2, i % 2 ? "udp" : "tcp",
                            version, i);
    }
    return text;
}

}  // namespace

TEST_CASE("two writers and three readers at once: no errors, no torn reads, writers in turn") {
    const test::TempDir dir;
    const auto db = dir / "ports.sqlite";
    // Both versions are imported from one path (a services file is replaced
    // only by a file from the same path); each writer renames its version there.
    const auto services_file = dir / "services";
    test::write_file(services_file, version_file('A', 4000));
    REQUIRE(test::run_portdb({"import", services_file.string()}, db).exit_code == 0);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
    std::atomic<int> writes{0};
    std::atomic<int> reads{0};
    std::atomic<int> waits{0};
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    const auto fail = [&](std::string what) {
        std::lock_guard lock(failures_mutex);
        failures.push_back(std::move(what));
    };

    std::vector<std::thread> workers;
    for (int w = 0; w < 2; ++w) {
        workers.emplace_back([&, w] {
            for (int i = 0; std::chrono::steady_clock::now() < deadline; ++i) {
                const auto staged = dir / fmt::format("staged-{}", w);
                test::write_file(staged, version_file((i + w) % 2 == 0 ? 'B' : 'A', 4000));
                std::filesystem::rename(staged, services_file);
                const auto result = test::run_portdb({"import", services_file.string()}, db);
                if (result.exit_code != 0) {
                    fail("writer: " + result.err);
                }
                waits += result.err.find("waiting for another portdb writing") != std::string::npos ? 1 : 0;
                ++writes;
            }
        });
    }
    for (int r = 0; r < 3; ++r) {
        workers.emplace_back([&, r] {
            while (std::chrono::steady_clock::now() < deadline) {
                const auto result = r == 2 ? test::run_portdb({"--json", "check", "7/tcp", "--no-local"}, db)
                                           : test::run_portdb({"--json", "lookup", "version"}, db);
                ++reads;
                if (r == 2) {
                    // A services file (the system layer) lists it, and it is privileged: a caution.
                    if (result.exit_code != 10 || result.out.find("is listed as version") == std::string::npos) {
                        fail(fmt::format("check exited {}: {}", result.exit_code, result.err));
                    }
                    continue;
                }
                if (result.exit_code != 0) {
                    fail(fmt::format("lookup exited {}: {}", result.exit_code, result.err));
                    continue;
                }
                const auto json = nlohmann::json::parse(result.out);
                const auto& services = json["services"];
                if (services.size() != 1) {
                    fail("lookup saw " + std::to_string(services.size()) + " version rows");
                    continue;
                }
                const std::string version = services[0]["description"];
                if ((version != "A" && version != "B") ||
                    services[0]["aliases"] != nlohmann::json::array({"alias-" + version})) {
                    fail("torn read: " + services[0].dump());
                }
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    std::printf("concurrency: %d imports (%d waited for the lock), %d reads, in 4 s\n", writes.load(), waits.load(),
                reads.load());
    CHECK(failures.empty());
    for (const auto& failure : failures) {
        UNSCOPED_INFO(failure);
    }
    CHECK(writes >= 4);
    CHECK(reads >= 10);
    SQLite::Database raw(db.string(), SQLite::OPEN_READWRITE);
    CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
}
