#include "record_rules.hpp"

#include "text_lines.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace portdb::importer::detail {
namespace {

std::optional<std::uint32_t> decimal(std::string_view text) {
    if (text.empty() || text.size() > 9) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

db::Status status_from_text(std::string_view text) {
    using db::Status;
    struct Prefix {
        std::string_view prefix;
        Status status;
    };
    static constexpr std::array<Prefix, 12> prefixes{{
        {"unassigned", Status::unassigned},
        {"unassiged", Status::unassigned},
        {"unassinged", Status::unassigned},
        {"(unassigned)", Status::unassigned},
        {"reserved", Status::reserved},
        {"iana reserved", Status::reserved},
        {"de-registered", Status::deregistered},
        {"removed", Status::removed},
        {"deprecated", Status::deprecated},
        {"decommissioned", Status::decommissioned},
        {"decomissioned", Status::decommissioned},
        {"de-commissioned", Status::decommissioned},
    }};
    text = trim(text);
    for (const auto& [prefix, status] : prefixes) {
        if (starts_with_ignoring_case(text, prefix)) {
            return status;
        }
    }
    return Status::other;
}

std::optional<std::string> alias_target(std::string_view note) {
    static constexpr std::string_view marker = "This entry is an alias to \"";
    const auto start = note.find(marker);
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    const auto name_start = start + marker.size();
    const auto name_end = note.find('"', name_start);
    if (name_end == std::string_view::npos || name_end == name_start) {
        return std::nullopt;
    }
    return std::string(note.substr(name_start, name_end - name_start));
}

PortParse parse_port_number(std::string_view text) {
    PortParse result;
    const auto dash = text.find('-');
    const auto lo = decimal(text.substr(0, dash));
    const auto hi = dash == std::string_view::npos ? lo : decimal(text.substr(dash + 1));
    if (!lo || !hi) {
        return result;
    }
    if (*lo > 65535 || *hi > 65535) {
        result.out_of_range = true;
        return result;
    }
    result.written_as_range = dash != std::string_view::npos;
    result.inverted = *hi < *lo;
    const auto low = static_cast<std::uint16_t>(std::min(*lo, *hi));
    const auto high = static_cast<std::uint16_t>(std::max(*lo, *hi));
    result.range = db::PortRange{low, high};
    return result;
}

db::Contact contact_from_text(std::string_view text) {
    db::Contact contact;
    text = trim(text);
    const auto open = text.find('<');
    const auto close = open == std::string_view::npos ? open : text.find('>', open);
    if (open != std::string_view::npos && close != std::string_view::npos) {
        contact.email = std::string(trim(text.substr(open + 1, close - open - 1)));
        contact.name = std::string(trim(text.substr(0, open)));
        return contact;
    }
    if (text.find('@') != std::string_view::npos && text.find(' ') == std::string_view::npos) {
        contact.email = std::string(text);
        return contact;
    }
    contact.name = std::string(text);
    return contact;
}

void add_flag(db::Assignment& assignment, std::string_view flag) {
    if (!assignment.flags.empty()) {
        assignment.flags += ',';
    }
    assignment.flags += flag;
}

void append_note(std::string& note, std::string_view text) {
    if (!note.empty()) {
        note += '\n';
    }
    note += text;
}

}  // namespace portdb::importer::detail
