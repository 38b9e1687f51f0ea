// The library-level cost of checking every port of one protocol: load what a
// check needs once (registry ranges, policy), then ask about 65,535 ports,
// for this machine's OS (the default targets).
#include "portdb/db/database.hpp"
#include "portdb/query/conflict_map.hpp"
#include "portdb/query/policy.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: bench_scan DATABASE\n");
        return 2;
    }
    using clock = std::chrono::steady_clock;
    const portdb::db::Database db(argv[1], portdb::db::Database::Access::read_only);
    const auto& policy = portdb::query::builtin_policy();
    const portdb::query::TargetSet targets{portdb::query::this_machine_os(), portdb::query::Target::any};
    std::vector<double> totals;
    std::size_t clean = 0;
    for (int run = 0; run < 21; ++run) {
        const auto start = clock::now();
        const auto registry = db.port_ranges();
        const portdb::query::ConflictMap map(registry, policy, nullptr, "tcp", targets);
        clean = 0;
        for (std::uint32_t port = 1; port <= 65535; ++port) {
            clean += map.ok(static_cast<std::uint16_t>(port)) ? 1 : 0;
        }
        totals.push_back(std::chrono::duration<double, std::milli>(clock::now() - start).count());
    }
    std::sort(totals.begin(), totals.end());
    std::printf("%.3f %.3f %.3f %zu\n", totals[totals.size() / 2], totals.front(), totals.back(), clean);
    return 0;
}
