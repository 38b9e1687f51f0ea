// What registry text may carry to a terminal: each rule tested on inputs of
// its own, not only the review's examples.
#include "terminal_text.hpp"

#include <catch2/catch.hpp>

#include <string>

using portdb::cli::terminal_text;

namespace {

/// The UTF-8 encoding of one code point.
std::string utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
}

}  // namespace

TEST_CASE("terminal text: every C0 control, DEL and every C1 control become '?'") {
    for (char32_t c = 0; c < 0x20; ++c) {
        CAPTURE(static_cast<unsigned>(c));
        CHECK(terminal_text("a" + utf8(c) + "b") == "a?b");
    }
    CHECK(terminal_text("a\x7f"
                        "b") == "a?b");
    for (char32_t c = 0x80; c <= 0x9F; ++c) {
        CAPTURE(static_cast<unsigned>(c));
        CHECK(terminal_text("a" + utf8(c) + "b") == "a?b");
    }
    // The review's examples: a CSI colour change and an OSC 52 clipboard write.
    CHECK(terminal_text("\xc2\x9b"
                        "31mred") == "?31mred");
    CHECK(terminal_text("\xc2\x9d"
                        "52;c;ZXZpbA==\xc2\x9c") == "?52;c;ZXZpbA==?");
    CHECK(terminal_text("\x1b]52;c;ZXZpbA==\x07") == "?]52;c;ZXZpbA==?");
}

TEST_CASE("terminal text: bidirectional controls and invisible characters become '?'") {
    const std::u32string unsafe = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B,  0x202C,  0x202D, 0x202E,
                                   0x2066, 0x2067, 0x2068, 0x2069, 0x00AD,  0x180E,  0x200B, 0x200C,
                                   0x200D, 0x2028, 0x2029, 0x2060, 0x2061,  0x2062,  0x2063, 0x2064,
                                   0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB, 0xE0000, 0xE0041, 0xE007F};
    for (const char32_t c : unsafe) {
        CAPTURE(static_cast<unsigned>(c));
        CHECK(terminal_text("x" + utf8(c) + "y") == "x?y");
    }
    // "evil" written backwards by a right-to-left override hides what is printed.
    CHECK(terminal_text("file" + utf8(0x202E) + "txt.exe") == "file?txt.exe");
}

TEST_CASE("terminal text: the neighbours of every unsafe range pass, and so does all other valid UTF-8") {
    const std::u32string safe = {0x20,   0x7E,   0xA0,   0xA9,    0xE9,    0x061B,  0x061D,  0x180D, 0x180F,
                                 0x200A, 0x2010, 0x2027, 0x202F,  0x205F,  0x2065,  0x206A,  0x4E2D, 0xFEFE,
                                 0xFF00, 0xFFFC, 0xFFFD, 0x1F600, 0xDFFFF, 0xE0080, 0x10FFFF};
    for (const char32_t c : safe) {
        CAPTURE(static_cast<unsigned>(c));
        CHECK(terminal_text("x" + utf8(c) + "y") == "x" + utf8(c) + "y");
    }
    CHECK(terminal_text("Caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80") ==
          "Caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80");
    CHECK(terminal_text("") == "");
}

TEST_CASE("terminal text: invalid UTF-8 never passes raw") {
    CHECK(terminal_text("a\x80"
                        "b") == "a?b");  // a stray continuation byte
    CHECK(terminal_text("a\xbf\xbf"
                        "b") == "a??b");
    CHECK(terminal_text("a\xc3") == "a?");  // truncated at the end
    CHECK(terminal_text("a\xe4\xb8"
                        "b") == "a??b");                 // truncated in the middle
    CHECK(terminal_text("\xc0\xaf") == "??");            // overlong '/'
    CHECK(terminal_text("\xc1\x9b") == "??");            // overlong ESC-ish
    CHECK(terminal_text("\xe0\x80\xaf") == "???");       // overlong, three bytes
    CHECK(terminal_text("\xf0\x80\x80\xaf") == "????");  // overlong, four bytes
    CHECK(terminal_text("\xed\xa0\x80") == "???");       // a surrogate (U+D800)
    CHECK(terminal_text("\xed\xbf\xbf") == "???");       // U+DFFF
    CHECK(terminal_text("\xf4\x90\x80\x80") == "????");  // past U+10FFFF
    CHECK(terminal_text("\xf5\x80\x80\x80") == "????");
    CHECK(terminal_text("\xfe\xff") == "??");
    CHECK(terminal_text("\xe2\x80\xaex") == "?x");  // a valid but unsafe one, then text
    // An invalid lead byte must not swallow a following escape.
    CHECK(terminal_text("\xc3\x1b[2J") == "??[2J");
}
