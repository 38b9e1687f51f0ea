// Which validators portdb stores and replays: the rule, on inputs of its own.
#include "http_validators.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using portdb::importer::detail::is_valid_etag;
using portdb::importer::detail::is_valid_http_date;

TEST_CASE("an ETag is a quoted string of visible bytes, optionally weak") {
    for (const std::string etag : {"\"\"", "\"v1\"", "W/\"v1\"", "\"5f1c-63e2a1b4c8e00\"", "\"a b\"" /* 0x20: no */}) {
        CAPTURE(etag);
        CHECK(is_valid_etag(etag) == (etag != "\"a b\""));
    }
    CHECK(is_valid_etag("\"\x80\xff\""));  // obs-text is allowed
    CHECK(is_valid_etag("\"!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\""));
    CHECK(is_valid_etag("\"" + std::string(510, 'x') + "\""));
    CHECK_FALSE(is_valid_etag("\"" + std::string(511, 'x') + "\""));  // 513 bytes in all
    for (const std::string& etag :
         std::vector<std::string>{"", "\"", "v1", "\"v1", "v1\"", "w/\"v1\"", "W/v1", "W/", " \"v1\"", "\"v1\" ",
                                  "\"a\"b\"", "\"a\"\rX-Injected: 1", "\"a\r\"", "\"a\n\"", "\"a\tb\"",
                                  std::string("\"a\0b\"", 5), "\"a\x7f\"", "\"a\"\r\nX-Injected: 1"}) {
        CAPTURE(etag);
        CHECK_FALSE(is_valid_etag(etag));
    }
}

TEST_CASE("a Last-Modified date is an IMF-fixdate, nothing else") {
    for (const std::string date : {"Sun, 06 Nov 1994 08:49:37 GMT", "Mon, 15 Dec 2025 10:00:00 GMT",
                                   "Wed, 31 Dec 2025 23:59:60 GMT", "Thu, 01 Jan 1970 00:00:00 GMT"}) {
        CAPTURE(date);
        CHECK(is_valid_http_date(date));
    }
    for (const std::string date :
         {"", "yesterday", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
          "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
          "Sun, 06 Nov 1994 08:49:37 GMT\r", "Sun, 06 Nov 1994 08:49:37 GMT\r\nX-Injected: 1",
          "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:49:37 GMT",
          "Sun, 06 Nov 1994 08:60:37 GMT", "Sun, 06 Nov 1994 08:49:61 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
          "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 19a4 08:49:37 GMT", "Sun; 06 Nov 1994 08:49:37 GMT"}) {
        CAPTURE(date);
        CHECK_FALSE(is_valid_http_date(date));
    }
}
