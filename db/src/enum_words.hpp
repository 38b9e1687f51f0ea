#pragma once
// Enum <-> stored word tables (internal to db): the words are what the
// database and the JSON output hold, so they must never change once released.

#include <optional>
#include <string_view>
#include <utility>

namespace portdb::db::detail {

template <typename Enum, typename Table>
std::string_view word_of(const Table& table, Enum value, std::string_view fallback) {
    for (const auto& [candidate, word] : table) {
        if (candidate == value) {
            return word;
        }
    }
    return fallback;
}

template <typename Enum, typename Table>
std::optional<Enum> value_of(const Table& table, std::string_view word) {
    for (const auto& [candidate, known] : table) {
        if (known == word) {
            return candidate;
        }
    }
    return std::nullopt;
}

}  // namespace portdb::db::detail
