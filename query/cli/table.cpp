#include "table.hpp"

#include "terminal_text.hpp"

#include <algorithm>

namespace portdb::cli {
namespace {

// Display width in code points: every registry name and port is ASCII, and a
// non-ASCII description sits in the last, unpadded column.
std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80; }));
}

}  // namespace

std::string Table::render(bool color) const {
    std::vector<std::size_t> widths(header_.size(), 0);
    const auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    };
    measure(header_);
    for (const auto& row : rows_) {
        measure(row);
    }
    std::string out;
    const auto emit = [&](const std::vector<std::string>& row, const std::vector<std::string>& styles) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            const bool styled = color && i < styles.size() && !styles[i].empty();
            line += styled ? styles[i] + terminal_text(row[i]) + "\x1b[0m" : terminal_text(row[i]);
            if (i + 1 < row.size()) {
                line.append(widths[i] - display_width(row[i]) + 2, ' ');
            }
        }
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        out += line;
        out += '\n';
    };
    emit(header_, {});
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        emit(rows_[i], styles_[i]);
    }
    return out;
}

}  // namespace portdb::cli
