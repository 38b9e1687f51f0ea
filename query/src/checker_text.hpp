#pragma once
// Small text helpers shared by the files of Checker (internal to query).

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query::detail {

inline std::string joined(const std::vector<std::string>& items, std::string_view separator = ",") {
    return fmt::format("{}", fmt::join(items, separator));
}

inline bool contains(const std::vector<std::string>& items, std::string_view item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

inline std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

inline std::string lower(std::string text) {
    for (char& c : text) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return text;
}

}  // namespace portdb::query::detail
