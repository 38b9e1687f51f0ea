#pragma once
// Shared set-up of the network tests: no proxy may turn a request to the
// loopback test server into a request elsewhere; a database to update.

#include "portdb/importer/http_fetch.hpp"
#include "portdb/importer/update.hpp"
#include "test_server.hpp"
#include "test_support.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

namespace portdb::test {

struct NetworkFixture {
    TempDir dir;
    NetworkFixture() {
        for (const char* variable :
             {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
            ::unsetenv(variable);
        }
    }
    /// Short timeouts and backoff: the tests must stay quick even when they stall on purpose.
    static importer::FetchOptions quick() {
        importer::FetchOptions options;
        options.connect_timeout = std::chrono::seconds(5);
        options.low_speed_time = std::chrono::seconds(2);
        options.first_backoff = std::chrono::milliseconds(20);
        return options;
    }
};

/// A database in the fixture's folder and the options of an update of it from `url`.
struct UpdateFixture : NetworkFixture {
    std::filesystem::path db = dir / "ports.sqlite";
    [[nodiscard]] importer::UpdateOptions options(const std::string& url) const {
        importer::UpdateOptions o;
        o.source = url;
        o.fetch = quick();
        return o;
    }
};

}  // namespace portdb::test
