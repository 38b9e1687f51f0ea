#pragma once
// A scripted HTTP(S) server (support/http_test_server.py) on 127.0.0.1, for
// the network tests: started by the test, stopped when this object goes.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::test {

struct TlsFiles {
    std::filesystem::path cert;
    std::filesystem::path key;
};

/// A self-signed certificate for 127.0.0.1, made with the openssl command.
TlsFiles make_self_signed_certificate(const std::filesystem::path& folder);

class TestServer {
public:
    /// `routes` is the JSON script the server follows (see the script's doc).
    TestServer(const std::filesystem::path& folder, const nlohmann::json& routes,
               const std::optional<TlsFiles>& tls = std::nullopt);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    [[nodiscard]] std::string url(std::string_view path) const;
    /// Every request so far: {"path": ..., "headers": {...}}.
    [[nodiscard]] std::vector<nlohmann::json> requests() const;

private:
    int pid_ = -1;
    std::uint16_t port_ = 0;
    bool tls_ = false;
    std::filesystem::path log_;
};

}  // namespace portdb::test
