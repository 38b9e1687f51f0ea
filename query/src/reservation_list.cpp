// The site layer as the list `portdb reservations` prints
// (portdb/query/reservations.hpp).
#include "portdb/query/reservations.hpp"

#include <algorithm>
#include <tuple>

namespace portdb::query {

std::vector<AnswerRow> reservations(const db::Database& database) {
    std::vector<AnswerRow> rows;
    for (const auto& source : database.sources()) {
        if (source.layer != db::Layer::site) {
            continue;
        }
        for (auto& row : database.assignments_of_source(source.id)) {
            rows.push_back({std::move(row), {db::display_name(source)}});
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const AnswerRow& a, const AnswerRow& b) {
        const auto& x = a.row.assignment;
        const auto& y = b.row.assignment;
        const int x_port = x.ports ? x.ports->lo : 70000;
        const int y_port = y.ports ? y.ports->lo : 70000;
        return std::tie(x_port, x.protocol) < std::tie(y_port, y.protocol);
    });
    return rows;
}

}  // namespace portdb::query
