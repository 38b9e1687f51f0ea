#pragma once
// Helpers shared by the tests: fixture files, temporary folders, the real
// registry files in ../shared/data, and running the built portdb binary.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "portdb/db/database.hpp"

namespace portdb::test {

/// The name users do not know the Muq policy by, which no user-visible text
/// may use. Spelled in two pieces so that a search of the source for the word
/// finds only the product's own uses, of which there must be none.
inline const std::string retired_policy_name = std::string("se") + "ed";

/// A file under tests/fixtures/.
std::filesystem::path fixture(std::string_view relative);
std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, std::string_view bytes);

/// A one-record IANA XML registry whose <`element`> (description, note, ...)
/// holds `depth` nested <a> elements: a document nested 3 + depth deep.
std::string nested_registry(std::string_view element, std::size_t depth);

/// A file of ../shared/data, or nullopt when that folder is absent (the test
/// then returns early; CMake reports the real-data suite as skipped).
std::optional<std::filesystem::path> shared_data(std::string_view name);

/// The IANA registry portdb ships: data/iana-service-names-port-numbers-2025-12-15.xml.
std::filesystem::path shipped_registry();

/// A fresh folder under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    long peak_rss_kib = 0;  ///< with RunOptions::measure_memory: the binary's peak resident memory
};

/// How run_portdb starts the binary, beyond the defaults.
struct RunOptions {
    /// Run the binary through this command ({"/usr/bin/setpriv", "--reuid=65534", ...}).
    std::vector<std::string> prefix;
    /// NAME=VALUE entries added to the environment, replacing the variable if set.
    std::vector<std::string> environment;
    /// Variables removed from the environment (PORTDB_DB included, if named).
    std::vector<std::string> unset;
    /// stdout or stderr: a file to open for writing instead of capturing
    /// ("/dev/full"), or "" to start the binary with that descriptor closed.
    std::optional<std::string> stdout_path;
    std::optional<std::string> stderr_path;
    std::filesystem::path working_directory;  ///< empty: the test's own
    std::filesystem::path system_services = "/nonexistent/services";
    /// PORTDB_DATA_DIR: by default nowhere, so a first use has no shipped registry.
    std::filesystem::path data_dir = "/nonexistent/data";
    /// Measure the binary's peak resident memory (through tests/support/peak_rss.cpp).
    bool measure_memory = false;
};

/// Runs the built portdb with `args` (no shell), PORTDB_DB set to `database`,
/// NO_COLOR set, PORTDB_SYSTEM_SERVICES set to `system_services` and
/// PORTDB_DATA_DIR to `data_dir` (by default paths that do not exist, so no
/// test depends on /etc/services, and a first use has no shipped registry
/// unless a test passes shipped_data_dir()); captures stdout, stderr and the exit code.
CommandResult run_portdb(const std::vector<std::string>& args, const std::filesystem::path& database,
                         const std::filesystem::path& system_services = "/nonexistent/services",
                         const std::filesystem::path& data_dir = "/nonexistent/data");

/// The same, with more environment variables ("PORTDB_ON=linux"). The user's
/// PORTDB_ON and XDG_CONFIG_HOME never reach a test's portdb.
CommandResult run_portdb_with(const std::vector<std::string>& args, const std::filesystem::path& database,
                              const std::vector<std::string>& environment,
                              const std::filesystem::path& system_services = "/nonexistent/services",
                              const std::filesystem::path& data_dir = "/nonexistent/data");

/// Replaces the sources of the same kind as each given one (a services file:
/// the one from the same path) with it, in its layer, in one transaction:
/// the db tests' stand-in for the importer's placement rules.
void replace_sources(db::Database& database, std::vector<db::SourceData> sources);

/// Where the build put the shipped registry database (ports.sqlite).
std::filesystem::path shipped_data_dir();

/// The same, started as `options` says.
CommandResult run_portdb(const std::vector<std::string>& args, const std::filesystem::path& database,
                         const RunOptions& options);

/// Starts the built portdb the same way, its output to /dev/null, and returns
/// at once with its process id (for tests that kill it).
int start_portdb(const std::vector<std::string>& args, const std::filesystem::path& database);

}  // namespace portdb::test
