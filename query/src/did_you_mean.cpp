#include "portdb/query/did_you_mean.hpp"

#include "portdb/db/ascii_case.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

namespace portdb::query {
namespace {}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    if ((n > m ? n - m : m - n) > limit) {
        return limit + 1;  // the lengths alone are too far apart
    }
    // Three rows of the dynamic-programming table: two back for transpositions.
    std::vector<std::size_t> before(m + 1);
    std::vector<std::size_t> previous(m + 1);
    std::vector<std::size_t> current(m + 1);
    for (std::size_t j = 0; j <= m; ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = i;
        std::size_t row_best = current[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = db::ascii_lower(a[i - 1]) == db::ascii_lower(b[j - 1]) ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && db::ascii_lower(a[i - 1]) == db::ascii_lower(b[j - 2]) &&
                db::ascii_lower(a[i - 2]) == db::ascii_lower(b[j - 1])) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
            row_best = std::min(row_best, current[j]);
        }
        if (row_best > limit) {
            return limit + 1;  // every path is already too long
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return std::min(previous[m], limit + 1);
}

std::vector<std::string> closest_names(const std::vector<std::string>& names, std::string_view wanted,
                                       std::size_t count) {
    const auto target = db::latin_lower(wanted);
    const std::size_t limit = target.size() <= 4 ? 1 : 2;
    // Closest first; among equals, the one sharing the longest start with what
    // was typed (people get the start right), then the shortest.
    std::set<std::tuple<std::size_t, std::size_t, std::size_t, std::string>> ranked;
    for (const auto& name : names) {
        const auto folded = db::latin_lower(name);
        if (folded == target) {
            continue;
        }
        auto distance = edit_distance(folded, target, limit);
        if (distance > limit && folded.size() > target.size() && folded.rfind(target, 0) == 0 && target.size() >= 4) {
            distance = 1;  // "postgres" -> "postgresql": the user typed the start of it
        }
        if (distance <= limit) {
            const auto shared = static_cast<std::size_t>(
                std::mismatch(folded.begin(), folded.end(), target.begin(), target.end()).first - folded.begin());
            ranked.emplace(distance, target.size() - std::min(shared, target.size()), folded.size(), folded);
        }
    }
    std::vector<std::string> out;
    for (const auto& [distance, unshared, length, name] : ranked) {
        if (out.size() == count) {
            break;
        }
        out.push_back(name);
    }
    return out;
}

}  // namespace portdb::query
