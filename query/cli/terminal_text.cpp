#include "terminal_text.hpp"

#include <cstdint>

namespace portdb::cli {
namespace {

bool is_unsafe(std::uint32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F)                             // C0, DEL, C1
           || c == 0x061C || c == 0x200E || c == 0x200F                     // bidi marks
           || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)  // bidi embeddings, overrides, isolates
           || c == 0x00AD || c == 0x180E || (c >= 0x200B && c <= 0x200D)    // invisible
           || c == 0x2028 || c == 0x2029 || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
           (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

/// The length of the valid UTF-8 sequence at the start of `text` and its code
/// point, or 0 when the first byte does not start one.
std::size_t decode(std::string_view text, std::uint32_t& code_point) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    std::uint32_t minimum = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        minimum = 0x80;
        code_point = lead & 0x1FU;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        minimum = 0x800;
        code_point = lead & 0x0FU;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        minimum = 0x10000;
        code_point = lead & 0x07U;
    } else {
        return 0;  // a continuation byte, C0/C1 (overlong two-byte) or F5-FF
    }
    if (text.size() < length) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0U) != 0x80) {
            return 0;
        }
        code_point = (code_point << 6U) | (byte(i) & 0x3FU);
    }
    if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return 0;  // overlong, past Unicode, or a surrogate
    }
    return length;
}

}  // namespace

std::string terminal_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        std::uint32_t code_point = 0;
        const std::size_t length = decode(text, code_point);
        if (length == 0) {
            out += '?';
            text.remove_prefix(1);
            continue;
        }
        if (is_unsafe(code_point)) {
            out += '?';
        } else {
            out.append(text.substr(0, length));
        }
        text.remove_prefix(length);
    }
    return out;
}

}  // namespace portdb::cli
