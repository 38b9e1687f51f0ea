#include "portdb/db/protocol.hpp"

#include <algorithm>

namespace portdb::db {

bool is_known_protocol(std::string_view word) {
    return std::find(known_protocols.begin(), known_protocols.end(), word) != known_protocols.end();
}

std::vector<std::string> protocols_or_default(const std::optional<std::string>& protocol) {
    return protocol ? std::vector<std::string>{*protocol} : std::vector<std::string>{"tcp", "udp"};
}

}  // namespace portdb::db
