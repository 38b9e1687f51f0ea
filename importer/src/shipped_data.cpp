#include "portdb/importer/shipped_data.hpp"

#include <cstdlib>
#include <system_error>

namespace portdb::importer {
namespace {

namespace fs = std::filesystem;

constexpr const char* shipped_file = "ports.sqlite";

std::optional<fs::path> if_present(const fs::path& candidate) {
    std::error_code ec;
    return fs::is_regular_file(candidate, ec) ? std::optional(candidate) : std::nullopt;
}

}  // namespace

std::optional<fs::path> shipped_database() {
    if (const char* dir = std::getenv("PORTDB_DATA_DIR"); dir != nullptr && *dir != '\0') {
        return if_present(fs::path(dir) / shipped_file);  // an explicit choice: no fallback
    }
    std::error_code ec;
    const auto executable = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        if (auto installed = if_present(executable.parent_path().parent_path() / "share" / "portdb" / shipped_file)) {
            return installed;
        }
    }
#ifdef PORTDB_BUILD_DATA_DIR
    return if_present(fs::path(PORTDB_BUILD_DATA_DIR) / shipped_file);
#else
    return std::nullopt;
#endif
}

}  // namespace portdb::importer
