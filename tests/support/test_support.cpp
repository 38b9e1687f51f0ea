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

std::string nested_registry(std::string_view element, std::size_t depth) {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<registry xmlns=\"http://www.iana.org/assignments\" id=\"service-names-port-numbers\">\n"
        "<record><name>deep</name><protocol>tcp</protocol><number>4242</number>";
    xml += fmt::format("<{}>", element);
    xml.reserve(xml.size() + depth * 7 + 100);
    for (std::size_t i = 0; i < depth; ++i) {
        xml += "<a>";
    }
    xml += "text";
    for (std::size_t i = 0; i < depth; ++i) {
        xml += "</a>";
    }
    xml += fmt::format("</{}></record>\n</registry>\n", element);
    return xml;
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
    path_ = fs::temp_directory_path() / fmt::format("portdb-test-{}-{}-{}", ::getpid(), counter++, random());
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

    Command(const std::vector<std::string>& args, const fs::path& database, const RunOptions& options) {
        const auto name_of = [](std::string_view entry) { return entry.substr(0, entry.find('=')); };
        // The test's own variables first; then the defaults they do not set.
        env_storage = options.environment;
        for (const std::string& entry : {"PORTDB_DB=" + database.string(), std::string("NO_COLOR=1"),
                                         "PORTDB_SYSTEM_SERVICES=" + options.system_services.string(),
                                         "PORTDB_DATA_DIR=" + options.data_dir.string(),
                                         std::string("PORTDB_NMAP_SERVICES=/nonexistent/nmap-services"),
                                         // No user's saved targets (~/.config/portdb/targets) reach a test.
                                         std::string("XDG_CONFIG_HOME=/nonexistent/config")}) {
            if (std::none_of(env_storage.begin(), env_storage.end(),
                             [&](const std::string& own) { return name_of(own) == name_of(entry); })) {
                env_storage.push_back(entry);
            }
        }
        const auto replaced = [&](std::string_view variable) {
            return std::any_of(env_storage.begin(), env_storage.end(),
                               [&](const std::string& entry) { return name_of(entry) == name_of(variable); });
        };
        for (char** entry = environ; *entry != nullptr; ++entry) {
            const std::string_view variable(*entry);
            if (!replaced(variable) && variable.rfind("PORTDB_ON=", 0) != 0) {  // nor the user's PORTDB_ON
                env_storage.emplace_back(variable);
            }
        }
        std::erase_if(env_storage, [&](const std::string& entry) {
            return std::find(options.unset.begin(), options.unset.end(), name_of(entry)) != options.unset.end();
        });
        argv_storage = options.prefix;
        argv_storage.emplace_back(PORTDB_BINARY);
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

    pid_t spawn(const std::string& out, const std::string& err, const fs::path& working_directory = {}) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        for (const auto& [fd, path] : {std::pair{STDOUT_FILENO, &out}, std::pair{STDERR_FILENO, &err}}) {
            if (path->empty()) {
                posix_spawn_file_actions_addclose(&actions, fd);
            } else {
                posix_spawn_file_actions_addopen(&actions, fd, path->c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            }
        }
        if (!working_directory.empty()) {
            posix_spawn_file_actions_addchdir_np(&actions, working_directory.c_str());
        }
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

CommandResult run_portdb(const std::vector<std::string>& args, const fs::path& database,
                         const fs::path& system_services, const fs::path& data_dir) {
    RunOptions options;
    options.system_services = system_services;
    options.data_dir = data_dir;
    return run_portdb(args, database, options);
}

CommandResult run_portdb(const std::vector<std::string>& args, const fs::path& database, const RunOptions& options) {
    const TempDir capture;
    const auto out_file = options.stdout_path.value_or((capture / "stdout").string());
    const auto err_file = options.stderr_path.value_or((capture / "stderr").string());
    auto effective = options;
    if (options.measure_memory) {
        effective.prefix.insert(effective.prefix.begin(), {PORTDB_PEAK_RSS, (capture / "peak_rss").string()});
    }
    Command command(args, database, effective);
    const pid_t pid = command.spawn(out_file, err_file, options.working_directory);
    int status = 0;
    ::waitpid(pid, &status, 0);

    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = options.stdout_path ? "" : read_file(out_file);
    result.err = options.stderr_path ? "" : read_file(err_file);
    if (options.measure_memory) {
        result.peak_rss_kib = std::stol(read_file(capture / "peak_rss"));
    }
    return result;
}

int start_portdb(const std::vector<std::string>& args, const fs::path& database) {
    Command command(args, database, RunOptions{});
    return command.spawn("/dev/null", "/dev/null");
}

CommandResult run_portdb_with(const std::vector<std::string>& args, const fs::path& database,
                              const std::vector<std::string>& environment, const fs::path& system_services,
                              const fs::path& data_dir) {
    RunOptions options;
    options.environment = environment;
    options.system_services = system_services;
    options.data_dir = data_dir;
    return run_portdb(args, database, options);
}

fs::path shipped_data_dir() { return PORTDB_BUILD_DATA_DIR; }

void replace_sources(db::Database& database, std::vector<db::SourceData> sources) {
    database.add_sources(sources, [](db::SourceData& incoming, const std::vector<db::SourceInfo>& existing) {
        db::Displacement displacement;
        for (const auto& old : existing) {
            if (old.kind == incoming.kind &&
                (incoming.kind != db::SourceKind::services || old.location == incoming.location)) {
                displacement.remove.push_back(old.id);
            }
        }
        return displacement;
    });
}

}  // namespace portdb::test
