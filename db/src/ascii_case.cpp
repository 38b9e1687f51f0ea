#include "portdb/db/ascii_case.hpp"

#include <algorithm>

namespace portdb::db {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

std::string latin_lower(std::string_view text) {
    std::string out = ascii_lower(text);
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
        const auto lead = static_cast<unsigned char>(out[i]);
        const auto next = static_cast<unsigned char>(out[i + 1]);
        if (lead == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {  // U+00C0..U+00DE, not U+00D7 (×)
            out[i + 1] = static_cast<char>(next + 0x20);
            ++i;
        }
    }
    return out;
}

}  // namespace portdb::db
