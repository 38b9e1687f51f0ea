#include "test_support.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace portdb::test {
namespace fs = std::filesystem;

fs::path fixture(std::string_view relative) { return fs::path(PORTDB_FIXTURES_DIR) / relative; }

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + file.string());
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void write_file(const fs::path& file, std::string_view bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        throw std::runtime_error("cannot write " + file.string());
    }
}

std::optional<fs::path> shared_data(std::string_view name) {
    const fs::path file = fs::path(PORTDB_SHARED_DATA_DIR) / name;
    if (!fs::exists(file)) {
        return std::nullopt;
    }
    return file;
}

fs::path shipped_registry() { return fs::path(PORTDB_SHIPPED_XML); }

TempDir::TempDir() {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    path_ = fs::temp_directory_path() /
            fmt::format("portdb-test-{}-{}-{}", ::getpid(), counter++, random());
    fs::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

namespace {

/// argv and environment for one run of the built portdb.
struct Command {
    std::vector<std::string> argv_storage;
    std::vector<std::string> env_storage;
    std::vector<char*> argv;
    std::vector<char*> envp;

    Command(const std::vector<std::string>& args, const fs::path& database, const fs::path& system_services,
            const fs::path& data_dir, const std::vector<std::string>& extra_environment = {}) {
        // No user's saved targets (PORTDB_ON, ~/.config/portdb/targets) reach a test: each says its own.
        // A variable in `extra_environment` wins over the same one here.
        env_storage = extra_environment;
        const auto set = [&](std::string_view variable) {
            const auto name = variable.substr(0, variable.find('=') + 1);
            if (std::none_of(env_storage.begin(), env_storage.end(), [&](const std::string& e) { return e.rfind(name, 0) == 0; })) {
                env_storage.emplace_back(variable);
            }
        };
        for (const auto& variable : {"PORTDB_DB=" + database.string(), std::string("NO_COLOR=1"),
                                     "PORTDB_SYSTEM_SERVICES=" + system_services.string(), "PORTDB_DATA_DIR=" + data_dir.string(),
                                     std::string("PORTDB_NMAP_SERVICES=/nonexistent/nmap-services"),
                                     std::string("XDG_CONFIG_HOME=/nonexistent/config")}) {
            set(variable);
        }
        for (char** entry = environ; *entry != nullptr; ++entry) {
            if (std::string_view(*entry).rfind("PORTDB_ON=", 0) != 0) {
                set(*entry);
            }
        }
        argv_storage = {PORTDB_BINARY};
        argv_storage.insert(argv_storage.end(), args.begin(), args.end());
        for (auto& v : env_storage) {
            envp.push_back(v.data());
        }
        envp.push_back(nullptr);
        for (auto& a : argv_storage) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
    }

    pid_t spawn(const std::string& out, const std::string& err) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        pid_t pid = 0;
        const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0) {
            throw std::runtime_error(fmt::format("cannot start {}", PORTDB_BINARY));
        }
        return pid;
    }
};

}  // namespace

CommandResult run_portdb(const std::vector<std::string>& args, const fs::path& database, const fs::path& system_services,
                         const fs::path& data_dir) {
    return run_portdb_with(args, database, {}, system_services, data_dir);
}

CommandResult run_portdb_with(const std::vector<std::string>& args, const fs::path& database,
                              const std::vector<std::string>& environment, const fs::path& system_services,
                              const fs::path& data_dir) {
    const TempDir capture;
    const auto out_file = capture / "stdout";
    const auto err_file = capture / "stderr";
    Command command(args, database, system_services, data_dir, environment);
    const pid_t pid = command.spawn(out_file.string(), err_file.string());
    int status = 0;
    waitpid(pid, &status, 0);

    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_file);
    result.err = read_file(err_file);
    return result;
}

int start_portdb(const std::vector<std::string>& args, const fs::path& database) {
    Command command(args, database, "/nonexistent/services", "/nonexistent/data");
    return command.spawn("/dev/null", "/dev/null");
}

fs::path shipped_data_dir() { return PORTDB_BUILD_DATA_DIR; }

}  // namespace portdb::test
