#include "portdb/db/assignment.hpp"

#include "enum_words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace portdb::db {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 8> status_words{{
    {Status::assigned, "assigned"},
    {Status::reserved, "reserved"},
    {Status::unassigned, "unassigned"},
    {Status::deregistered, "de-registered"},
    {Status::removed, "removed"},
    {Status::deprecated, "deprecated"},
    {Status::decommissioned, "decommissioned"},
    {Status::other, "other"},
}};

// Reads exactly `digits` decimal digits.
std::optional<int> fixed_number(std::string_view text, std::size_t digits) {
    if (text.size() != digits) {
        return std::nullopt;
    }
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

int days_in_month(int year, int month) {
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[static_cast<std::size_t>(month - 1)];
}

}  // namespace

std::string_view to_string(Status status) { return detail::word_of(status_words, status, "other"); }

std::optional<Status> status_from_string(std::string_view word) { return detail::value_of<Status>(status_words, word); }

std::string_view to_string(ContactRole role) { return role == ContactRole::assignee ? "assignee" : "contact"; }

std::optional<PartialDate> PartialDate::parse(std::string_view text) {
    if (text.size() != 7 && text.size() != 10) {
        return std::nullopt;
    }
    if (text[4] != '-' || (text.size() == 10 && text[7] != '-')) {
        return std::nullopt;
    }
    const auto year = fixed_number(text.substr(0, 4), 4);
    const auto month = fixed_number(text.substr(5, 2), 2);
    if (!year || !month || *month < 1 || *month > 12) {
        return std::nullopt;
    }
    PartialDate date{*year, *month, 0};
    if (text.size() == 10) {
        const auto day = fixed_number(text.substr(8, 2), 2);
        if (!day || *day < 1 || *day > days_in_month(*year, *month)) {
            return std::nullopt;
        }
        date.day = *day;
    }
    return date;
}

std::string PartialDate::to_string() const {
    // By hand: an import formats thousands of these.
    std::string text = "0000-00-00";
    for (int i = 3, y = year; i >= 0; --i, y /= 10) {
        text[static_cast<std::size_t>(i)] = static_cast<char>('0' + y % 10);
    }
    text[5] = static_cast<char>('0' + month / 10);
    text[6] = static_cast<char>('0' + month % 10);
    if (day == 0) {
        text.resize(7);
        return text;
    }
    text[8] = static_cast<char>('0' + day / 10);
    text[9] = static_cast<char>('0' + day % 10);
    return text;
}

std::size_t count_active_assignments(const std::vector<Assignment>& rows) {
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const Assignment& a) { return a.is_active_assignment(); }));
}

}  // namespace portdb::db
