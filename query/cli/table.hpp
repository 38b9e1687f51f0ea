#pragma once

#include <string>
#include <vector>

namespace portdb::cli {

/// Left-aligned text columns separated by two blanks; the last column is not
/// padded, so long descriptions do not push trailing blanks into pipes.
class Table {
public:
    explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
    void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    [[nodiscard]] bool empty() const { return rows_.empty(); }
    [[nodiscard]] std::string render() const;

private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace portdb::cli
