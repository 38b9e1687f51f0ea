#include "portdb/query/audit/tree_walk.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <string_view>
#include <system_error>

namespace portdb::query::audit {
namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 5> skipped_folders{".git", ".hg", ".svn", "node_modules", "vendor"};

/// One line of a .gitignore, in the folder that holds it.
struct IgnoreRule {
    std::string base;  ///< the folder of the .gitignore, relative to the root ("" or "a/b/")
    std::string pattern;
    bool negated = false;
    bool folders_only = false;
    bool anchored = false;  ///< matched against the path from `base`, not the last name
};

std::vector<IgnoreRule> read_gitignore(const fs::path& file, const std::string& base) {
    std::vector<IgnoreRule> rules;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
            line.pop_back();
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        IgnoreRule rule;
        rule.base = base;
        if (line.front() == '!') {
            rule.negated = true;
            line.erase(0, 1);
        }
        if (!line.empty() && line.back() == '/') {
            rule.folders_only = true;
            line.pop_back();
        }
        if (!line.empty() && line.front() == '/') {
            rule.anchored = true;
            line.erase(0, 1);
        }
        if (line.find('/') != std::string::npos) {
            rule.anchored = true;
        }
        if (line.starts_with("**/")) {  // "**/name" is "name" anywhere
            line.erase(0, 3);
            rule.anchored = line.find('/') != std::string::npos;
        }
        if (line.empty()) {
            continue;
        }
        rule.pattern = line;
        rules.push_back(std::move(rule));
    }
    return rules;
}

bool matches(const IgnoreRule& rule, const std::string& relative, bool folder) {
    if (rule.folders_only && !folder) {
        return false;
    }
    if (!relative.starts_with(rule.base)) {
        return false;
    }
    const std::string below = relative.substr(rule.base.size());
    if (rule.anchored) {
        return fnmatch(rule.pattern.c_str(), below.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0;
    }
    const auto slash = below.rfind('/');
    const std::string name = slash == std::string::npos ? below : below.substr(slash + 1);
    return fnmatch(rule.pattern.c_str(), name.c_str(), FNM_PERIOD) == 0;
}

/// The last rule that matches decides, as git does.
bool ignored(const std::vector<IgnoreRule>& rules, const std::string& relative, bool folder) {
    bool result = false;
    for (const auto& rule : rules) {
        if (matches(rule, relative, folder)) {
            result = !rule.negated;
        }
    }
    return result;
}

bool inside(const fs::path& root, const fs::path& path) {
    const auto mismatch = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return mismatch.first == root.end();
}

class Walker {
public:
    Walker(fs::path root, TreeWalk& out) : root_(std::move(root)), out_(out) {
        std::error_code error;
        canonical_root_ = fs::canonical(root_, error);
        if (error) {
            canonical_root_ = fs::absolute(root_);
        }
    }

    void folder(const fs::path& path, const std::string& relative, std::vector<IgnoreRule> rules) {
        std::error_code error;
        const auto gitignore = path / ".gitignore";
        if (fs::is_regular_file(gitignore, error)) {
            auto more = read_gitignore(gitignore, relative.empty() ? "" : relative + "/");
            rules.insert(rules.end(), more.begin(), more.end());
        }
        std::vector<fs::directory_entry> entries;
        fs::directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
        if (error) {
            out_.notes.push_back((relative.empty() ? std::string(".") : relative) + ": cannot be read (" +
                                 error.message() + ")");
            return;
        }
        for (; it != fs::directory_iterator(); it.increment(error)) {
            if (error) {
                break;
            }
            entries.push_back(*it);
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
        for (const auto& entry : entries) {
            const std::string name = entry.path().filename().string();
            const std::string child = relative.empty() ? name : relative + "/" + name;
            const bool is_link = entry.is_symlink(error);
            if (is_link) {
                link(entry.path(), child, rules);
                continue;
            }
            if (entry.is_directory(error)) {
                if (std::find(skipped_folders.begin(), skipped_folders.end(), name) != skipped_folders.end() ||
                    ignored(rules, child, true)) {
                    continue;
                }
                folder(entry.path(), child, rules);
            } else if (entry.is_regular_file(error) && !ignored(rules, child, false)) {
                out_.files.push_back({entry.path(), child});
            }
        }
    }

private:
    void link(const fs::path& path, const std::string& relative, const std::vector<IgnoreRule>& rules) {
        std::error_code error;
        const auto target = fs::canonical(path, error);
        if (error) {
            out_.notes.push_back(relative + ": a broken symlink, skipped");
            return;
        }
        if (!inside(canonical_root_, target)) {
            out_.notes.push_back(relative + " -> " + target.string() + ": leaves the tree, not followed");
            return;
        }
        if (fs::is_directory(target, error)) {
            out_.notes.push_back(relative + ": a symlink to a folder, not followed");
            return;
        }
        if (fs::is_regular_file(target, error) && !ignored(rules, relative, false)) {
            out_.files.push_back({path, relative});
        }
    }

    fs::path root_;
    fs::path canonical_root_;
    TreeWalk& out_;
};

}  // namespace

TreeWalk walk_tree(const std::filesystem::path& root) {
    TreeWalk out;
    std::error_code error;
    const auto status = fs::symlink_status(root, error);
    if (error || !fs::exists(status)) {
        out.notes.push_back(root.string() + ": no such file or folder");
        return out;
    }
    if (!fs::is_directory(fs::status(root, error))) {
        out.files.push_back({root, root.filename().string()});
        return out;
    }
    Walker walker(root, out);
    walker.folder(root, "", {});
    return out;
}

}  // namespace portdb::query::audit
