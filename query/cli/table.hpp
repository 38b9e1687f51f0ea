#pragma once

#include <string>
#include <vector>

namespace portdb::cli {

/// Left-aligned text columns separated by two blanks; the last column is not
/// padded, so long descriptions do not push trailing blanks into pipes.
/// A cell may carry an ANSI style, written only when colour is on.
class Table {
public:
    explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
    void add_row(std::vector<std::string> row, std::vector<std::string> styles = {}) {
        rows_.push_back(std::move(row));
        styles_.push_back(std::move(styles));
    }
    [[nodiscard]] std::string render(bool color = false) const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
    std::vector<std::vector<std::string>> styles_;
};

}  // namespace portdb::cli
