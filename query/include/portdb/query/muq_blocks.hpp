#pragma once
// The seed policy's arithmetic: 30xyz counterparts, production and test
// blocks, and their shift for the N-th server on one address.

#include "portdb/query/policy.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace portdb::query {

enum class MuqBlock { daemon, production, test };

std::string_view to_string(MuqBlock block);

/// A block shifted for one instance; may run past 65535 (then it is unusable).
struct ShiftedBlock {
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
};

[[nodiscard]] db::PortRange base_range(const MuqPolicy& muq, MuqBlock block);

/// The block for server `instance` (1 = the first): shifted by instance_shift * (instance - 1).
[[nodiscard]] ShiftedBlock shifted(const MuqPolicy& muq, MuqBlock block, std::uint32_t instance);

/// The largest instance whose `port_in_block1` (a port of the first server's
/// block) still lands in 1-65535: 18 for finger's 30079, 17 for the production block's end.
[[nodiscard]] std::uint32_t largest_instance(const MuqPolicy& muq, std::uint32_t port_in_block1);

/// Where `port` falls among the seed's blocks: the block, the server number,
/// and the offset into the block (the "xyz" of a daemon counterpart).
struct MuqPlace {
    MuqBlock block = MuqBlock::daemon;
    std::uint32_t instance = 1;
    std::uint32_t offset = 0;
};

/// Every block that contains `port`, for every server or for one. 32079 is
/// both server 2's finger counterpart and in server 1's test range.
[[nodiscard]] std::vector<MuqPlace> muq_places(std::uint32_t port, const MuqPolicy& muq,
                                                std::optional<std::uint32_t> instance);

}  // namespace portdb::query
