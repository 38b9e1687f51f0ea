#include "http_validators.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace portdb::importer::detail {
namespace {

constexpr std::size_t max_etag_bytes = 512;

bool is_etag_byte(unsigned char c) { return c == 0x21 || (c >= 0x23 && c <= 0x7E) || c >= 0x80; }

bool digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(),
                                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

template <std::size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

int number(std::string_view two_digits) { return (two_digits[0] - '0') * 10 + (two_digits[1] - '0'); }

}  // namespace

bool is_valid_etag(std::string_view etag) {
    if (etag.size() > max_etag_bytes) {
        return false;
    }
    if (etag.rfind("W/", 0) == 0) {
        etag.remove_prefix(2);
    }
    if (etag.size() < 2 || etag.front() != '"' || etag.back() != '"') {
        return false;
    }
    const auto inner = etag.substr(1, etag.size() - 2);
    return std::all_of(inner.begin(), inner.end(), [](char c) { return is_etag_byte(static_cast<unsigned char>(c)); });
}

bool is_valid_http_date(std::string_view date) {
    // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, 29 bytes.
    static constexpr std::array<std::string_view, 7> days{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (date.size() != 29 || date.substr(3, 2) != ", " || date[7] != ' ' || date[11] != ' ' || date[16] != ' ' ||
        date[19] != ':' || date[22] != ':' || date.substr(25) != " GMT") {
        return false;
    }
    if (!one_of(date.substr(0, 3), days) || !one_of(date.substr(8, 3), months) || !digits(date.substr(5, 2)) ||
        !digits(date.substr(12, 4)) || !digits(date.substr(17, 2)) || !digits(date.substr(20, 2)) ||
        !digits(date.substr(23, 2))) {
        return false;
    }
    const int day = number(date.substr(5, 2));
    return day >= 1 && day <= 31 && number(date.substr(17, 2)) <= 23 && number(date.substr(20, 2)) <= 59 &&
           number(date.substr(23, 2)) <= 60;  // 60: a leap second
}

}  // namespace portdb::importer::detail
