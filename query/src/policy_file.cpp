#include "portdb/query/policy.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace portdb::query {

Policy load_policy_file(const std::string& path) {
    // An ifstream opens a directory and reads nothing: that would pass as an
    // empty policy file. Only a regular file is a policy file.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw PolicyError(fmt::format("policy file {}: {}", path,
                                      std::filesystem::exists(path, ec) ? "not a regular file" : "cannot be read"));
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
        throw PolicyError(fmt::format("policy file {}: cannot be read", path));
    }
    return parse_policy(text.str(), path, &builtin_policy());
}

}  // namespace portdb::query
