#pragma once
// libcurl, loaded when a download first needs it (internal to importer).
//
// Linking libcurl would load it and some thirty libraries it depends on
// (GnuTLS, Kerberos, LDAP, SSH ...) at every start of portdb, which costs
// lookups more time than their own work; only `update` downloads anything.

#include <curl/curl.h>

namespace portdb::importer::detail {

struct CurlLibrary {
    CURLcode (*global_init)(long);
    CURL* (*easy_init)();
    void (*easy_cleanup)(CURL*);
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_perform)(CURL*);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    const char* (*easy_strerror)(CURLcode);
    curl_slist* (*slist_append)(curl_slist*, const char*);
    void (*slist_free_all)(curl_slist*);

    /// Loads libcurl.so.4 and initialises it, once. Throws FetchError when
    /// libcurl is not installed.
    static const CurlLibrary& get();
};

}  // namespace portdb::importer::detail
