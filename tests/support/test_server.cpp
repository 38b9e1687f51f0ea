#include "test_server.hpp"

#include "test_support.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

extern char** environ;

namespace portdb::test {
namespace {

int run_quietly(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        throw std::runtime_error("cannot run " + args[0]);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TlsFiles make_self_signed_certificate(const std::filesystem::path& folder) {
    TlsFiles files{folder / "cert.pem", folder / "key.pem"};
    const int code = run_quietly({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                  files.key.string(), "-out", files.cert.string(), "-days", "2", "-subj",
                                  "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    if (code != 0) {
        throw std::runtime_error("openssl could not make a test certificate");
    }
    return files;
}

TestServer::TestServer(const std::filesystem::path& folder, const nlohmann::json& routes,
                       const std::optional<TlsFiles>& tls)
    : tls_(tls.has_value()), log_(folder / "requests.log") {
    const auto routes_file = folder / "routes.json";
    write_file(routes_file, routes.dump());
    write_file(log_, "");
    std::vector<std::string> args{"python3", PORTDB_TEST_SERVER, "--routes", routes_file.string(),
                                  "--log",   log_.string()};
    if (tls) {
        args.insert(args.end(), {"--cert", tls->cert.string(), "--key", tls->key.string()});
    }
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, "python3", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawned != 0) {
        close(pipe_fds[0]);
        throw std::runtime_error("cannot start python3 for the test server");
    }
    pid_ = pid;
    // Wait (bounded) for "PORT <n>".
    std::string line;
    pollfd ready{pipe_fds[0], POLLIN, 0};
    while (line.find('\n') == std::string::npos && poll(&ready, 1, 15'000) > 0) {
        char buffer[64];
        const auto n = read(pipe_fds[0], buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        line.append(buffer, static_cast<std::size_t>(n));
    }
    close(pipe_fds[0]);
    if (line.rfind("PORT ", 0) != 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        throw std::runtime_error("the test server did not start: " + line);
    }
    port_ = static_cast<std::uint16_t>(std::stoi(line.substr(5)));
}

TestServer::~TestServer() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
}

std::string TestServer::url(std::string_view path) const {
    return fmt::format("{}://127.0.0.1:{}{}", tls_ ? "https" : "http", port_, path);
}

std::vector<nlohmann::json> TestServer::requests() const {
    std::vector<nlohmann::json> out;
    std::ifstream log(log_);
    std::string line;
    while (std::getline(log, line)) {
        out.push_back(nlohmann::json::parse(line));
    }
    return out;
}

}  // namespace portdb::test
