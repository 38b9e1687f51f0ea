#pragma once
// HTTP validators (ETag, Last-Modified) as the standard writes them (internal
// to importer). A stored validator is replayed in a request header: one that
// carries a CR, a LF or any other control byte would inject headers of its
// own, so portdb stores and sends only well-formed ones.

#include <string_view>

namespace portdb::importer::detail {

/// An entity tag (RFC 9110, 8.8.3): optionally "W/", then a double-quoted
/// string of bytes 0x21, 0x23-0x7E or 0x80-0xFF; at most 512 bytes in all.
[[nodiscard]] bool is_valid_etag(std::string_view etag);

/// An IMF-fixdate (RFC 9110, 5.6.7), the form every sender must use:
/// "Sun, 06 Nov 1994 08:49:37 GMT".
[[nodiscard]] bool is_valid_http_date(std::string_view date);

}  // namespace portdb::importer::detail
