#include "portdb/db/database_path.hpp"

#include <cstdlib>

namespace portdb::db {
namespace {

std::filesystem::path environment_path(const char* variable) {
    const char* value = std::getenv(variable);
    return value != nullptr ? std::filesystem::path(value) : std::filesystem::path();
}

}  // namespace

std::filesystem::path default_database_path() {
    if (auto explicit_path = environment_path("PORTDB_DB"); !explicit_path.empty()) {
        return explicit_path;
    }
    // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (auto data_home = environment_path("XDG_DATA_HOME"); data_home.is_absolute()) {
        return data_home / "portdb" / "ports.sqlite";
    }
    if (auto home = environment_path("HOME"); !home.empty()) {
        return home / ".local" / "share" / "portdb" / "ports.sqlite";
    }
    return std::filesystem::path("ports.sqlite");
}

}  // namespace portdb::db
