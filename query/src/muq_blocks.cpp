#include "portdb/query/muq_blocks.hpp"

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

std::uint32_t largest_instance(const MuqPolicy& muq, std::uint32_t port_in_block1) {
    if (port_in_block1 > 65535) {
        return 0;
    }
    return (65535 - port_in_block1) / muq.instance_shift + 1;
}

std::vector<MuqPlace> muq_places(std::uint32_t port, const MuqPolicy& muq, std::optional<std::uint32_t> instance) {
    std::vector<MuqPlace> places;
    for (const auto block : {MuqBlock::daemon, MuqBlock::production, MuqBlock::test}) {
        const auto range = base_range(muq, block);
        const auto last = instance.value_or(largest_instance(muq, range.lo));
        for (std::uint32_t n = instance.value_or(1); n >= 1 && n <= last; ++n) {
            const auto block_range = shifted(muq, block, n);
            if (block_range.lo <= port && port <= block_range.hi) {
                places.push_back({block, n, port - block_range.lo});
            }
        }
    }
    return places;
}

}  // namespace portdb::query
