#include "portdb/query/muq_blocks.hpp"

#include <fmt/format.h>

namespace portdb::query {

std::string_view to_string(MuqBlock block) {
    switch (block) {
        case MuqBlock::production:
            return "production";
        case MuqBlock::test:
            return "test";
        case MuqBlock::daemon:
            break;
    }
    return "daemon";
}

db::PortRange base_range(const MuqPolicy& muq, MuqBlock block) {
    switch (block) {
        case MuqBlock::production:
            return muq.production;
        case MuqBlock::test:
            return muq.test;
        case MuqBlock::daemon:
            break;
    }
    return muq.daemon_block;
}

ShiftedBlock shifted(const MuqPolicy& muq, MuqBlock block, std::uint32_t instance) {
    const auto range = base_range(muq, block);
    const std::uint32_t offset = muq.instance_shift * (instance - 1);
    return {range.lo + offset, range.hi + offset};
}

std::uint32_t largest_instance(const MuqPolicy& muq, MuqBlock block) {
    // A policy's block ends at 65535 at most and the shift is at least 1.
    return (65535 - base_range(muq, block).hi) / muq.instance_shift + 1;
}

std::string fitting_servers(const MuqPolicy& muq) {
    return fmt::format("servers 1-{} fit for 30xyz daemons, 1-{} for production and 1-{} for test blocks",
                       largest_instance(muq, MuqBlock::daemon), largest_instance(muq, MuqBlock::production),
                       largest_instance(muq, MuqBlock::test));
}

std::optional<std::uint16_t> daemon_port(const MuqPolicy& muq, std::uint32_t xyz, std::uint32_t instance) {
    const std::uint32_t block_size = muq.daemon_block.hi - muq.daemon_block.lo + 1;
    if (xyz == 0 || xyz >= block_size || instance < 1 || instance > largest_instance(muq, MuqBlock::daemon)) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(shifted(muq, MuqBlock::daemon, instance).lo + xyz);
}

std::vector<MuqPlace> muq_places(std::uint32_t port, const MuqPolicy& muq, std::optional<std::uint32_t> instance) {
    std::vector<MuqPlace> places;
    for (const auto block : {MuqBlock::daemon, MuqBlock::production, MuqBlock::test}) {
        const auto last = std::min(instance.value_or(largest_instance(muq, block)), largest_instance(muq, block));
        for (std::uint32_t n = instance.value_or(1); n >= 1 && n <= last; ++n) {
            const auto range = shifted(muq, block, n);
            const bool port_zero_counterpart = block == MuqBlock::daemon && port == range.lo;
            if (range.lo <= port && port <= range.hi && !port_zero_counterpart) {
                places.push_back({block, n, port - range.lo});
            }
        }
    }
    return places;
}

}  // namespace portdb::query
