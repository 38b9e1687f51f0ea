#pragma once
// YAML for the audit's readers: yaml-cpp's documents, its marks as 1-based lines.

#include "readers.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

namespace portdb::query::audit {

/// Every document of the file; a parse error becomes a FileProblem at its line.
[[nodiscard]] std::optional<std::vector<YAML::Node>> load_documents(const ReadContext& context, ReadResult& result);
/// The 1-based line of a node, from the parser's mark.
[[nodiscard]] std::size_t line_of(const YAML::Node& node);
/// The text of a scalar; nullopt for anything else (absent, a map, a list).
[[nodiscard]] std::optional<std::string> scalar(const YAML::Node& node);
/// node[key] without inserting it (yaml-cpp's non-const operator[] would).
[[nodiscard]] YAML::Node child(const YAML::Node& node, const char* key);

}  // namespace portdb::query::audit
