// The audit: walk, read each file once with the reader of its format, weigh
// host ports with one Checker, find the collisions.
#include "portdb/query/audit/audit.hpp"

#include "portdb/query/audit/tree_walk.hpp"
#include "readers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace portdb::query::audit {
namespace {

constexpr std::string_view nodeport_rule = "k8s-nodeport";

/// A Kubernetes manifest names its apiVersion and kind; other YAML is not read.
bool looks_like_kubernetes(const std::string& content) {
    return content.find("apiVersion") != std::string::npos && content.find("kind") != std::string::npos;
}

ReadResult read_one(FileFormat format, const ReadContext& context, std::vector<std::string>& covered) {
    switch (format) {
        case FileFormat::compose:
            return read_compose(context);
        case FileFormat::yaml:
            return read_kubernetes(context);
        case FileFormat::systemd_socket:
            return read_systemd_socket(context);
        case FileFormat::nginx:
            return read_nginx(context, covered);
        case FileFormat::apache:
            return read_apache(context);
        case FileFormat::sshd:
            return read_sshd(context);
        case FileFormat::dockerfile:
            return read_dockerfile(context);
        case FileFormat::dotenv:
            return read_dotenv(context);
        case FileFormat::none:
            break;
    }
    return {};
}

/// Weighs host ports; the reports of one port and protocol are shared (one
/// query per port, whatever the number of files that bind it).
class Weigher {
public:
    Weigher(const Checker& checker, const Policy& policy, const AuditOptions& options)
        : checker_(checker), options_(options) {
        for (const auto& rule : policy.rules) {
            if (rule.id == nodeport_rule) {
                nodeports_ = rule.ports;
            }
        }
    }

    void weigh(CheckedBinding& checked) {
        const auto& b = checked.binding;
        checked.checked = true;
        checked.targets = (options_.targets ? *options_.targets : b.targets.value_or(checker_.targets()))
                              .united(TargetSet{Target::any});
        CheckReport merged;
        merged.targets = checked.targets;
        std::set<std::pair<std::string, std::string>> seen;
        for (std::uint32_t port = b.lo; port <= b.hi; ++port) {
            for (const auto& finding : report(static_cast<std::uint16_t>(port), b.protocol).findings) {
                if (finding.level < Level::caution || !finding.weighed_for(checked.targets) ||
                    (b.kind == "k8s-nodeport" && finding.code == nodeport_rule)) {
                    continue;  // a nodePort inside the NodePort range is where it belongs
                }
                if (seen.insert({finding.code, finding.summary}).second) {
                    merged.findings.push_back(finding);
                }
            }
        }
        if (b.kind == "k8s-nodeport" && !nodeports_.empty() && !inside_nodeports(b.lo)) {
            Finding outside;
            outside.level = Level::conflict;
            outside.code = "k8s-nodeport-outside-range";
            outside.title = "a nodePort outside the NodePort range";
            outside.summary = fmt::format("a nodePort outside the NodePort range ({}-{}): the API server refuses it",
                                          nodeports_.front().lo, nodeports_.front().hi);
            outside.message = outside.summary + ", unless kube-apiserver --service-node-port-range includes it";
            outside.origin = "audit";
            merged.findings.insert(merged.findings.begin(), outside);
        }
        std::stable_sort(merged.findings.begin(), merged.findings.end(),
                         [](const Finding& x, const Finding& y) { return x.level > y.level; });
        checked.verdict = merged.verdict();
        checked.findings = std::move(merged.findings);
    }

private:
    const CheckReport& report(std::uint16_t port, const std::string& protocol) {
        const auto key = std::pair{port, protocol};
        auto found = cache_.find(key);
        if (found == cache_.end()) {
            found = cache_.emplace(key, checker_.check(port, std::vector<std::string>{protocol})).first;
        }
        return found->second;
    }

    bool inside_nodeports(std::uint16_t port) const {
        return std::any_of(nodeports_.begin(), nodeports_.end(),
                           [&](const db::PortRange& r) { return r.contains(port); });
    }

    const Checker& checker_;
    const AuditOptions& options_;
    std::vector<db::PortRange> nodeports_;
    std::map<std::pair<std::uint16_t, std::string>, CheckReport> cache_;
};

void audit_root(const std::filesystem::path& root, const std::string& prefix, AuditReport& report,
                std::vector<Binding>& found) {
    auto walk = walk_tree(root);
    for (auto& file : walk.files) {
        file.relative = prefix + file.relative;
    }
    for (auto& note : walk.notes) {
        report.notes.push_back(prefix + note);
    }
    FileCache cache(walk.files);
    std::vector<std::string> covered;  // nginx includes, read with their nginx.conf (few: a list will do)
    // nginx.conf first: the files it includes are then read as part of it.
    std::vector<const TreeFile*> order;
    for (const auto& file : walk.files) {
        if (format_of(file.relative) == FileFormat::nginx && file.relative.ends_with("nginx.conf")) {
            order.push_back(&file);
        }
    }
    for (const auto& file : walk.files) {
        if (format_of(file.relative) != FileFormat::nginx || !file.relative.ends_with("nginx.conf")) {
            order.push_back(&file);
        }
    }
    for (const auto* file : order) {
        const auto format = format_of(file->relative);
        if (format == FileFormat::none || std::find(covered.begin(), covered.end(), file->relative) != covered.end()) {
            continue;
        }
        std::string error;
        const auto* content = cache.content(file->relative, &error);
        if (content == nullptr) {
            ++report.files_examined;
            ++report.files_skipped;
            report.problems.push_back({file->relative, 0, error});
            continue;
        }
        if (format == FileFormat::yaml && !looks_like_kubernetes(*content)) {
            continue;
        }
        ++report.files_examined;
        auto result = read_one(format, ReadContext{*file, *content, cache}, covered);
        if (result.skipped) {
            ++report.files_skipped;
        }
        std::move(result.bindings.begin(), result.bindings.end(), std::back_inserter(found));
        std::move(result.unresolved.begin(), result.unresolved.end(), std::back_inserter(report.unresolved));
        std::move(result.problems.begin(), result.problems.end(), std::back_inserter(report.problems));
    }
}

}  // namespace

AuditReport run_audit(const std::vector<std::filesystem::path>& roots, const Checker& checker, const Policy& policy,
                      const AuditOptions& options) {
    AuditReport report;
    std::vector<Binding> found;
    for (const auto& root : roots) {
        auto prefix = roots.size() > 1 ? root.generic_string() : std::string();
        if (!prefix.empty() && prefix.back() != '/') {
            prefix += '/';
        }
        audit_root(root, prefix, report, found);
    }
    std::stable_sort(found.begin(), found.end(), [](const Binding& a, const Binding& b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    Weigher weigher(checker, policy, options);
    for (auto& binding : found) {
        auto& checked = report.bindings.emplace_back();
        checked.binding = std::move(binding);
        if (checked.binding.scope == Scope::host) {
            weigher.weigh(checked);
        }
    }
    report.collisions = find_collisions(report.bindings);
    return report;
}

std::string_view to_string(Scope scope) { return scope == Scope::host ? "host" : "container"; }

std::size_t AuditReport::files_with_bindings() const {
    std::set<std::string_view> files;
    for (const auto& b : bindings) {
        files.insert(b.binding.file);
    }
    return files.size();
}

std::size_t AuditReport::count(Verdict verdict) const {
    return static_cast<std::size_t>(
        std::count_if(bindings.begin(), bindings.end(), [&](const CheckedBinding& b) { return b.verdict == verdict; }));
}

Verdict AuditReport::verdict() const {
    if (!collisions.empty() || count(Verdict::conflict) > 0) {
        return Verdict::conflict;
    }
    if (!unresolved.empty() || count(Verdict::caution) > 0) {
        return Verdict::caution;
    }
    return Verdict::ok;
}

std::vector<bool> AuditReport::colliding() const {
    std::vector<bool> out(bindings.size(), false);
    for (const auto& c : collisions) {
        for (const auto index : c.bindings) {
            out[index] = true;
        }
    }
    return out;
}

std::vector<AuditReport::FileGroup> AuditReport::files_worst_first() const {
    const auto in_collision = colliding();
    std::vector<FileGroup> groups;
    std::map<std::string_view, std::size_t> where;
    for (std::size_t i = 0; i < bindings.size(); ++i) {
        const auto& file = bindings[i].binding.file;
        auto found = where.find(file);
        if (found == where.end()) {
            found = where.emplace(file, groups.size()).first;
            groups.push_back({file, Verdict::ok, {}});
        }
        auto& group = groups[found->second];
        group.bindings.push_back(i);
        group.worst = std::max({group.worst, bindings[i].verdict, in_collision[i] ? Verdict::conflict : Verdict::ok});
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const FileGroup& a, const FileGroup& b) { return a.worst > b.worst; });
    return groups;
}

}  // namespace portdb::query::audit
