#pragma once
// The Muq policy's arithmetic: 30xyz counterparts, production and test
// blocks, and their shift for the N-th server on one address.

#include "portdb/query/policy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query {

enum class MuqBlock { daemon, production, test };

std::string_view to_string(MuqBlock block);

/// A block shifted for one server; may run past 65535 (then it does not fit).
struct ShiftedBlock {
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
};

[[nodiscard]] db::PortRange base_range(const MuqPolicy& muq, MuqBlock block);

/// The block for server `instance` (1 = the first): shifted by instance_shift * (instance - 1).
[[nodiscard]] ShiftedBlock shifted(const MuqPolicy& muq, MuqBlock block, std::uint32_t instance);

/// The last server whose whole `block` lies below 65536: a block never
/// counts for a server it does not fit (18 for the daemon block, 17 for the
/// production and test blocks of the Muq manual).
[[nodiscard]] std::uint32_t largest_instance(const MuqPolicy& muq, MuqBlock block);

/// "servers 1-18 fit for 30xyz daemons, 1-17 for production and 1-17 for test blocks".
[[nodiscard]] std::string fitting_servers(const MuqPolicy& muq);

/// The 30xyz port of the daemon at well-known port `xyz` for server
/// `instance`, or nullopt when there is none: port 0 is no daemon, a port
/// past the block's size (1000 in the Muq manual) has no counterpart, and a
/// server whose daemon block does not fit has none either.
[[nodiscard]] std::optional<std::uint16_t> daemon_port(const MuqPolicy& muq, std::uint32_t xyz, std::uint32_t instance);

/// Where `port` falls among the blocks: the block, the server number, and
/// the offset into the block (the "xyz" of a daemon counterpart).
struct MuqPlace {
    MuqBlock block = MuqBlock::daemon;
    std::uint32_t instance = 1;
    std::uint32_t offset = 0;
};

/// Every block that contains `port`, for every server or for one. 32079 is
/// both server 2's finger counterpart and in server 1's test range. Blocks
/// that do not fit below 65536 and the daemon block's first port (the
/// counterpart of port 0, which is no daemon) are never places.
[[nodiscard]] std::vector<MuqPlace> muq_places(std::uint32_t port, const MuqPolicy& muq,
                                               std::optional<std::uint32_t> instance);

}  // namespace portdb::query
