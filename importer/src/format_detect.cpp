#include "portdb/importer/format_detect.hpp"

#include "portdb/importer/errors.hpp"
#include "text_lines.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace portdb::importer {
namespace {

using detail::next_token;
using detail::trim;

bool is_decimal_fraction(std::string_view text) {
    const auto dot = text.find('.');
    return dot != std::string_view::npos && dot > 0 && dot + 1 < text.size() &&
           text.find_first_not_of("0123456789.") == std::string_view::npos &&
           text.find('.', dot + 1) == std::string_view::npos;
}

bool is_port_slash_protocol(std::string_view token) {
    const auto slash = token.find('/');
    if (slash == 0 || slash == std::string_view::npos || slash + 1 == token.size()) {
        return false;
    }
    const auto port = token.substr(0, slash);
    return port.find_first_not_of("0123456789-") == std::string_view::npos &&
           std::isdigit(static_cast<unsigned char>(port.front())) != 0;
}

bool looks_like_nmap_line(std::string_view line) {
    const auto first_tab = line.find('\t');
    if (first_tab == std::string_view::npos) {
        return false;
    }
    const auto second_tab = line.find('\t', first_tab + 1);
    if (second_tab == std::string_view::npos) {
        return false;
    }
    const auto third_tab = line.find('\t', second_tab + 1);
    return is_port_slash_protocol(line.substr(first_tab + 1, second_tab - first_tab - 1)) &&
           is_decimal_fraction(line.substr(second_tab + 1, third_tab == std::string_view::npos
                                                               ? std::string_view::npos
                                                               : third_tab - second_tab - 1));
}

bool looks_like_services_line(std::string_view line) {
    std::string_view rest = line;
    const auto name = next_token(rest);
    return !name.empty() && is_port_slash_protocol(next_token(rest));
}

bool has_line(std::string_view text, std::string_view wanted) {
    for (const auto line : detail::split_lines(text)) {
        if (trim(line) == wanted) {
            return true;
        }
    }
    return false;
}

bool has_port_list_title(std::string_view text) {
    for (const auto line : detail::split_lines(text)) {
        const auto title = trim(line);
        if (title == "WELL KNOWN PORT NUMBERS" || title == "REGISTERED PORT NUMBERS") {
            return true;
        }
    }
    return false;
}

}  // namespace

db::SourceKind detect_format(std::string_view bytes, std::string_view source_name) {
    if (trim(bytes).find_first_not_of("\r\n\t ") == std::string_view::npos) {
        throw InputError(fmt::format("{}: the file is empty", source_name));
    }
    if (bytes.substr(0, 1U << 16U).find('\0') != std::string_view::npos) {
        throw InputError(fmt::format("{}: binary data (NUL bytes), not a port registry", source_name));
    }
    std::string_view text = bytes;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) {
        text.remove_prefix(3);
    }
    const auto start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) {  // a byte-order mark and blanks (found by fuzzing)
        throw InputError(fmt::format("{}: the file is empty", source_name));
    }
    text.remove_prefix(start);
    if (text.front() == '<') {
        return db::SourceKind::iana_xml;
    }
    if (text.rfind("Service Name,Port Number,", 0) == 0) {
        return db::SourceKind::iana_csv;
    }
    if (has_line(text, "[[default]]")) {
        return db::SourceKind::defacto_list;
    }
    if (has_port_list_title(text)) {
        return db::SourceKind::port_numbers_text;
    }
    // services-style files: judge the first data lines (comments and blanks skipped).
    std::size_t judged = 0;
    std::size_t nmap = 0;
    std::size_t services = 0;
    std::size_t line_number = 0;
    for (const auto line : detail::split_lines(bytes)) {
        ++line_number;
        const auto content = trim(line);
        if (content.empty() || content.front() == '#') {
            continue;
        }
        ++judged;
        nmap += looks_like_nmap_line(line) ? 1 : 0;
        services += looks_like_services_line(line) ? 1 : 0;
        if (nmap != judged && services != judged) {
            const std::string shown(content.substr(0, 60));
            throw InputError(fmt::format(
                "{}:{}: unknown format: not IANA XML or CSV, not RFC 1700 / port-numbers text, and \"{}{}\" is "
                "not a services(5) or nmap-services line",
                source_name, line_number, shown, content.size() > 60 ? "..." : ""));
        }
        if (judged == 20) {
            break;
        }
    }
    if (judged == 0) {
        throw InputError(fmt::format("{}: only comments and blank lines: no port entries", source_name));
    }
    return nmap == judged ? db::SourceKind::nmap_services : db::SourceKind::services;
}

}  // namespace portdb::importer
