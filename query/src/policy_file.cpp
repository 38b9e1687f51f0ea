#include "portdb/db/input_file.hpp"
#include "portdb/query/policy.hpp"

namespace portdb::query {
namespace {

// The shipped policy is some 30 KiB; a file a hundred times that is not a policy.
constexpr std::size_t max_policy_bytes = 4U << 20U;

}  // namespace

Policy load_policy_file(const std::string& path) {
    std::string text;
    try {
        // A regular file only: a directory would read as an empty policy, a FIFO would block.
        text = db::read_configuration_file(path, "policy file", max_policy_bytes);
    } catch (const db::InputFileError& error) {
        throw PolicyError(error.what());
    }
    return parse_policy(text, path, &builtin_policy());
}

}  // namespace portdb::query
