#pragma once
// "did you mean finger?": the names closest to one that found nothing.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query {

/// Edits between two names, ignoring ASCII case: insertions, deletions,
/// substitutions, and two neighbouring letters swapped (optimal string
/// alignment). Stops counting past `limit` and then returns limit + 1.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// Up to `count` of `names` within a small edit distance of `wanted` (1 for
/// names of up to four letters, 2 for longer ones), closest first, then
/// sharing the longest start with `wanted`, then shortest, then alphabetical. A name that extends `wanted` ("postgres"
/// for "postgresql") counts as one edit.
[[nodiscard]] std::vector<std::string> closest_names(const std::vector<std::string>& names, std::string_view wanted,
                                                     std::size_t count = 3);

}  // namespace portdb::query
