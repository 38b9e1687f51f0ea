#pragma once
// Downloading a registry over HTTP(S) as a careful client (libcurl).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include "portdb/db/error.hpp"

#include <stdexcept>
#include <string>

namespace portdb::importer {

/// A download that failed; the message names the URL and the cause.
class FetchError : public Error {
public:
    explicit FetchError(const std::string& message) : Error(ErrorKind::data, message) {}
};

struct FetchOptions {
    /// Validators of the copy we have: sent as If-None-Match / If-Modified-Since
    /// when well-formed (an entity tag; an IMF-fixdate), never otherwise.
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    /// Extra trusted CA certificates (PEM), for private CAs. Verification is never turned off.
    std::optional<std::filesystem::path> cacert;
    std::size_t max_bytes = 64U << 20U;
    std::chrono::seconds connect_timeout{20};
    /// Abort when fewer than low_speed_bytes per second arrive for this long.
    std::chrono::seconds low_speed_time{30};
    long low_speed_bytes = 512;
    /// The whole download, every try and the waits between them, must be over
    /// by then: a server trickling just above the stall limit cannot keep it going.
    std::chrono::seconds total_timeout{300};
    /// Tries in all, for timeouts, dropped connections and 5xx answers; never for 4xx.
    int attempts = 3;
    std::chrono::milliseconds first_backoff{500};  ///< doubles after each failed try
    /// Called with (bytes so far, total or 0 when unknown) while downloading.
    std::function<void(std::uint64_t, std::uint64_t)> progress;
    /// Called before each retry with the attempt number and the reason.
    std::function<void(int, const std::string&)> on_retry;
};

struct FetchResult {
    bool not_modified = false;  ///< a 304 to a conditional request: the copy we have is current
    std::string body;
    /// The response's validators, when well-formed (others are dropped: they
    /// would be replayed in the next request's headers).
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    std::string effective_url;  ///< after redirects
    int attempts = 0;
};

/// GETs an http:// or https:// URL. Follows at most 5 redirects, to http(s)
/// only; accepts gzip/deflate; sends "portdb/VERSION" as User-Agent; honours
/// the usual proxy variables (http_proxy, https_proxy, no_proxy). Throws
/// FetchError for anything but a 200 with a body within max_bytes, or a 304
/// to a request that sent a validator; and when total_timeout runs out.
FetchResult fetch(const std::string& url, const FetchOptions& options);

}  // namespace portdb::importer
