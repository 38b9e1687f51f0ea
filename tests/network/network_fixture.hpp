#pragma once
// Shared set-up of the network tests: no proxy may turn a request to the
// loopback test server into a request elsewhere.

#include "portdb/importer/http_fetch.hpp"
#include "test_server.hpp"
#include "test_support.hpp"

#include <cstdlib>

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

}  // namespace portdb::test
