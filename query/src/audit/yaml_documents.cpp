#include "yaml_documents.hpp"

#include <algorithm>

namespace portdb::query::audit {

std::optional<std::vector<YAML::Node>> load_documents(const ReadContext& context, ReadResult& result) {
    try {
        return YAML::LoadAll(context.content);
    } catch (const YAML::Exception& error) {
        result.problems.push_back({context.file.relative, static_cast<std::size_t>(std::max(error.mark.line, 0)) + 1,
                                   "not valid YAML: " + error.msg});
        result.skipped = true;
    }
    return std::nullopt;
}

std::size_t line_of(const YAML::Node& node) { return static_cast<std::size_t>(std::max(node.Mark().line, 0)) + 1; }

std::optional<std::string> scalar(const YAML::Node& node) {
    if (!node.IsDefined() || !node.IsScalar()) {
        return std::nullopt;
    }
    return node.Scalar();
}

YAML::Node child(const YAML::Node& node, const char* key) {
    if (node.IsDefined() && node.IsMap()) {
        const YAML::Node& constant = node;
        if (auto found = constant[key]; found.IsDefined()) {
            return found;
        }
    }
    // yaml-cpp's missing key is an invalid node that throws when asked its type:
    // an undefined one answers false to every question instead.
    return YAML::Node(YAML::NodeType::Undefined);
}

}  // namespace portdb::query::audit
