#include "portdb/query/policy.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace portdb::query {

Policy load_policy_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw PolicyError(fmt::format("policy file {}: cannot be read", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_policy(text.str(), path, &builtin_policy());
}

}  // namespace portdb::query
