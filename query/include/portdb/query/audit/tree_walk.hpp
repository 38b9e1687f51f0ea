#pragma once
// The files of an audited tree: every regular file under a root, less what
// .gitignore ignores, version-control and vendored folders, and symlinks that
// leave the tree.

#include <filesystem>
#include <string>
#include <vector>

namespace portdb::query::audit {

struct TreeFile {
    std::filesystem::path path;  ///< as it can be opened
    std::string relative;        ///< to the audited root, '/'-separated
};

struct TreeWalk {
    std::vector<TreeFile> files;  ///< in path order
    std::vector<std::string>
        notes;  ///< what was left out and why ("link -> /etc/passwd: leaves the tree, not followed")
};

/// Walks `root` (a folder, or a single file). Folders named .git, .hg, .svn,
/// node_modules and vendor are skipped; each folder's .gitignore applies to
/// what is under it (names, globs, a leading or inner '/' anchors, a trailing
/// '/' means folders only, '!' re-includes). A symlink is followed only when
/// it resolves inside the tree, and never into a folder (no loops). Throws
/// nothing for unreadable folders: they become notes.
[[nodiscard]] TreeWalk walk_tree(const std::filesystem::path& root);

}  // namespace portdb::query::audit
