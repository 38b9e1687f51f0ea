#include "portdb/importer/http_fetch.hpp"

#include "curl_library.hpp"
#include "http_validators.hpp"

#include <fmt/format.h>

#include <cctype>
#include <memory>
#include <thread>

#ifndef PORTDB_VERSION
#define PORTDB_VERSION "0"
#endif

namespace portdb::importer {
namespace {

using detail::CurlLibrary;
using Clock = std::chrono::steady_clock;

// All response headers together: a real server sends a few KiB.
constexpr std::size_t max_header_bytes = 64U << 10U;

struct CurlDeleter {
    void operator()(CURL* handle) const { CurlLibrary::get().easy_cleanup(handle); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { CurlLibrary::get().slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

// What one transfer collects.
struct Transfer {
    const FetchOptions* options = nullptr;
    std::string body;
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    bool too_large = false;
    std::size_t header_bytes = 0;
    bool headers_too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (transfer.body.size() + bytes > transfer.options->max_bytes) {
        transfer.too_large = true;
        return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    transfer.body.append(data, bytes);
    return bytes;
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    return std::string(text);
}

bool header_is(std::string_view line, std::string_view name) {
    if (line.size() <= name.size() || line[name.size()] != ':') {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) {
            return false;
        }
    }
    return true;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    transfer.header_bytes += line.size();
    if (transfer.header_bytes > max_header_bytes) {
        transfer.headers_too_large = true;
        return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
    }
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last one's headers
        transfer.etag.reset();
        transfer.last_modified.reset();
    } else if (header_is(line, "etag")) {
        transfer.etag = trimmed(line.substr(5));
    } else if (header_is(line, "last-modified")) {
        transfer.last_modified = trimmed(line.substr(14));
    }
    return size * count;
}

int on_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
    const auto& options = *static_cast<const FetchOptions*>(user);
    options.progress(static_cast<std::uint64_t>(now), static_cast<std::uint64_t>(total));
    return 0;
}

// Failures worth another try: the network or the server, not our request.
bool transient(CURLcode code) {
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return true;
        default:
            return false;
    }
}

std::string explain(CURLcode code, const std::string& detail, const FetchOptions& options) {
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
            return fmt::format("the transfer stalled (less than {} bytes/s for {} s) or timed out",
                               options.low_speed_bytes, options.low_speed_time.count());
        case CURLE_TOO_MANY_REDIRECTS:
            return "too many redirects (more than 5): a redirect loop?";
        case CURLE_UNSUPPORTED_PROTOCOL:
            if (detail.find("HTTP/0.9") != std::string::npos) {
                return "the server's answer has no HTTP status line and headers (HTTP/0.9, or not an HTTP server), "
                       "refused";
            }
            return "a URL that is not http or https (the one given, or a redirect), refused";
        case CURLE_OUT_OF_MEMORY:  // what libcurl returns for a header line past its 100 KiB limit, too
            return "a response header line longer than libcurl accepts (100 KiB), or memory ran out";
        case CURLE_PEER_FAILED_VERIFICATION:
            return fmt::format(
                "the server's TLS certificate is not trusted ({}); for a private CA give it with --cacert FILE",
                detail);
        case CURLE_SSL_CACERT_BADFILE:
            return fmt::format("the CA file cannot be used ({})", detail);
        case CURLE_FILESIZE_EXCEEDED:
        case CURLE_WRITE_ERROR:
            return options.max_bytes >= (1U << 20U)
                       ? fmt::format("the body is larger than the {} MiB limit", options.max_bytes >> 20U)
                       : fmt::format("the body is larger than the {} byte limit", options.max_bytes);
        case CURLE_PARTIAL_FILE:
            return "the connection closed before the whole body arrived (truncated)";
        default:
            break;
    }
    return detail.empty() ? CurlLibrary::get().easy_strerror(code) : detail;
}

}  // namespace

FetchResult fetch(const std::string& url, const FetchOptions& options) {
    const auto& curl_api = CurlLibrary::get();
    FetchResult result;
    auto backoff = options.first_backoff;
    const auto deadline = Clock::now() + options.total_timeout;
    const auto out_of_time = [&](int attempts, const std::string& last_reason) {
        return FetchError(fmt::format("{}: the download did not finish within {} s{}{} (--timeout sets the limit)", url,
                                      options.total_timeout.count(),
                                      last_reason.empty() ? "" : "; last: ", last_reason) +
                          (attempts > 1 ? fmt::format(" (after {} tries)", attempts) : ""));
    };
    const bool send_etag = options.etag && detail::is_valid_etag(*options.etag);
    const bool send_date = options.last_modified && detail::is_valid_http_date(*options.last_modified);
    for (int attempt = 1;; ++attempt) {
        result.attempts = attempt;
        const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (remaining.count() <= 0) {
            throw out_of_time(attempt - 1, {});
        }
        CurlHandle curl(curl_api.easy_init());
        if (!curl) {
            throw FetchError("libcurl could not create a handle");
        }
        Transfer transfer;
        transfer.options = &options;
        char error[CURL_ERROR_SIZE] = {0};
        HeaderList headers;
        const auto add_header = [&](const std::string& header) {
            headers.reset(curl_api.slist_append(headers.release(), header.c_str()));
        };
        if (send_etag) {
            add_header("If-None-Match: " + *options.etag);
        }
        if (send_date) {
            add_header("If-Modified-Since: " + *options.last_modified);
        }
        CURL* h = curl.get();
        curl_api.easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_api.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_api.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_api.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
        curl_api.easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
        curl_api.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout.count()));
        curl_api.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes);
        curl_api.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.low_speed_time.count()));
        curl_api.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
        curl_api.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_bytes));
        curl_api.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
        curl_api.easy_setopt(h, CURLOPT_USERAGENT, "portdb/" PORTDB_VERSION);
        curl_api.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_api.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
        if (options.cacert) {
            curl_api.easy_setopt(h, CURLOPT_CAINFO, options.cacert->c_str());
        }
        curl_api.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_api.easy_setopt(h, CURLOPT_ERRORBUFFER, error);
        curl_api.easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
        curl_api.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_api.easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
        curl_api.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_api.easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
        if (options.progress) {
            curl_api.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
            curl_api.easy_setopt(h, CURLOPT_XFERINFODATA, &options);
            curl_api.easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        }

        const CURLcode code = curl_api.easy_perform(h);
        long status = 0;
        curl_api.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        std::string reason;
        bool retry = false;
        if (code != CURLE_OK && transfer.headers_too_large) {
            reason = fmt::format("the server's response headers are larger than {} KiB", max_header_bytes >> 10U);
        } else if (code == CURLE_OPERATION_TIMEDOUT && Clock::now() >= deadline - std::chrono::milliseconds(50)) {
            throw out_of_time(attempt, {});  // the deadline itself, not a stall
        } else if (code != CURLE_OK) {
            const auto effective = transfer.too_large ? CURLE_FILESIZE_EXCEEDED : code;
            reason = explain(effective, error, options);
            retry = !transfer.too_large && transient(code);
        } else if (status == 304 && !send_etag && !send_date) {
            reason =
                "the server answered 304 Not Modified to a request without validators (no If-None-Match or "
                "If-Modified-Since was sent): a broken server or proxy";
        } else if (status == 200 || status == 304) {
            char* effective = nullptr;
            curl_api.easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
            result.effective_url = effective != nullptr ? effective : url;
            result.not_modified = status == 304;
            result.body = std::move(transfer.body);
            if (transfer.etag && detail::is_valid_etag(*transfer.etag)) {
                result.etag = std::move(transfer.etag);
            }
            if (transfer.last_modified && detail::is_valid_http_date(*transfer.last_modified)) {
                result.last_modified = std::move(transfer.last_modified);
            }
            return result;
        } else {
            reason = fmt::format("the server answered HTTP {}", status);
            retry = status >= 500;
        }
        if (!retry || attempt >= options.attempts) {
            throw FetchError(
                fmt::format("{}: {}{}", url, reason, attempt > 1 ? fmt::format(" (after {} tries)", attempt) : ""));
        }
        if (Clock::now() + backoff >= deadline) {
            throw out_of_time(attempt, reason);
        }
        if (options.on_retry) {
            options.on_retry(attempt, reason);
        }
        std::this_thread::sleep_for(backoff);
        backoff *= 2;
    }
}

}  // namespace portdb::importer
