#include "text_lines.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace portdb::importer::detail {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_left(std::string_view text) {
    while (!text.empty() && is_blank(text.front())) {
        text.remove_prefix(1);
    }
    return text;
}

std::string_view trim_right(std::string_view text) {
    while (!text.empty() && is_blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string_view trim(std::string_view text) { return trim_left(trim_right(text)); }

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

bool is_valid_utf8(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0U) == 0xC0) {
            length = 2;
            code = c & 0x1FU;
        } else if ((c & 0xF0U) == 0xE0) {
            length = 3;
            code = c & 0x0FU;
        } else if ((c & 0xF8U) == 0xF0) {
            length = 4;
            code = c & 0x07U;
        } else {
            return false;
        }
        if (i + length > bytes.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto continuation = static_cast<unsigned char>(bytes[i + k]);
            if ((continuation & 0xC0U) != 0x80) {
                return false;
            }
            code = (code << 6U) | (continuation & 0x3FU);
        }
        const bool overlong =
            (length == 2 && code < 0x80) || (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
        if (overlong || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

namespace {

// Windows-1252 0x80-0x9F; 0 marks the five undefined bytes.
constexpr std::array<char16_t, 32> cp1252_high{0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                               0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                               0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                               0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6U));
        out += static_cast<char>(0x80 | (code & 0x3FU));
    } else {
        out += static_cast<char>(0xE0 | (code >> 12U));
        out += static_cast<char>(0x80 | ((code >> 6U) & 0x3FU));
        out += static_cast<char>(0x80 | (code & 0x3FU));
    }
}

}  // namespace

std::string to_utf8(std::string_view bytes) {
    if (is_valid_utf8(bytes)) {
        return std::string(bytes);
    }
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 64);
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);
        if (c < 0x80) {
            out += byte;
        } else if (c < 0xA0 && cp1252_high[c - 0x80] != 0) {
            append_utf8(out, cp1252_high[c - 0x80]);
        } else {
            append_utf8(out, c);  // Latin-1 range, and the undefined bytes as C1 controls
        }
    }
    return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::string_view next_token(std::string_view& rest) {
    rest = trim_left(rest);
    std::size_t end = 0;
    while (end < rest.size() && !is_blank(rest[end])) {
        ++end;
    }
    const std::string_view token = rest.substr(0, end);
    rest.remove_prefix(end);
    return token;
}

std::string unwrap_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            std::size_t end = i;
            bool has_break = false;
            while (end < text.size() &&
                   (text[end] == ' ' || text[end] == '\t' || text[end] == '\n' || text[end] == '\r')) {
                has_break = has_break || text[end] == '\n' || text[end] == '\r';
                ++end;
            }
            if (has_break) {
                out += ' ';
            } else {
                out.append(text.substr(i, end - i));
            }
            i = end;
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

std::string unwrap_indented_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::size_t end = i;
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++end;
        }
        if (text[end] == '\n' && end + 1 < text.size() && is_blank(text[end + 1])) {
            while (!out.empty() && is_blank(out.back())) {
                out.pop_back();
            }
            out += ' ';
            i = end + 1;
            while (i + 1 < text.size() && is_blank(text[i + 1])) {
                ++i;
            }
            continue;
        }
        if (end != i) {  // a kept CRLF becomes LF: no CR reaches a description
            ++i;
        }
        out += text[i];
    }
    return out;
}

std::string at_line(std::string_view source_name, std::size_t line, std::string_view message) {
    return fmt::format("{}:{}: {}", source_name, line, message);
}

}  // namespace portdb::importer::detail
