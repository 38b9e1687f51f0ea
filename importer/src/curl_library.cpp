#include "curl_library.hpp"

#include "portdb/importer/http_fetch.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

namespace portdb::importer::detail {
namespace {

template <typename Function>
void bind(void* handle, const char* name, Function& target) {
    void* symbol = dlsym(handle, name);
    if (symbol == nullptr) {
        throw FetchError(fmt::format("libcurl.so.4 has no {}: is it libcurl 7.85 or newer?", name));
    }
    target = reinterpret_cast<Function>(symbol);
}

CurlLibrary load() {
    void* handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        throw FetchError(fmt::format(
            "downloads need libcurl, which cannot be loaded ({}); install the libcurl4 package", dlerror()));
    }
    CurlLibrary curl{};
    bind(handle, "curl_global_init", curl.global_init);
    bind(handle, "curl_easy_init", curl.easy_init);
    bind(handle, "curl_easy_cleanup", curl.easy_cleanup);
    bind(handle, "curl_easy_setopt", curl.easy_setopt);
    bind(handle, "curl_easy_perform", curl.easy_perform);
    bind(handle, "curl_easy_getinfo", curl.easy_getinfo);
    bind(handle, "curl_easy_strerror", curl.easy_strerror);
    bind(handle, "curl_slist_append", curl.slist_append);
    bind(handle, "curl_slist_free_all", curl.slist_free_all);
    if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        throw FetchError("libcurl could not be initialised");
    }
    return curl;  // the library stays loaded for the life of the process
}

}  // namespace

const CurlLibrary& CurlLibrary::get() {
    static const CurlLibrary library = load();  // thread-safe; a failed load is retried next time
    return library;
}

}  // namespace portdb::importer::detail
