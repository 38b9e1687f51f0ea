#pragma once
// The audit's readers, one per format (never installed). Each reads one file
// already in memory and returns its bindings; a file it cannot parse gives a
// FileProblem with its line, never an exception.

#include "portdb/query/audit/binding.hpp"
#include "portdb/query/audit/tree_walk.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::query::audit {

/// The formats the audit reads, decided from the file's name (and, for
/// plain YAML, from its content: a Kubernetes manifest has apiVersion and kind).
enum class FileFormat { none, compose, yaml, systemd_socket, nginx, apache, sshd, dockerfile, dotenv };
[[nodiscard]] FileFormat format_of(std::string_view relative);

/// The tree's files, each read at most once (a Compose file's .env and an
/// nginx include are files of the tree too).
class FileCache {
public:
    explicit FileCache(const std::vector<TreeFile>& files);
    /// The bytes of `relative`, or null when it is not in the tree or cannot
    /// be read (`error` then says why, when the file is in the tree).
    const std::string* content(const std::string& relative, std::string* error = nullptr);
    [[nodiscard]] const std::vector<TreeFile>& files() const { return files_; }

private:
    struct Entry {
        const TreeFile* file = nullptr;
        bool read = false;
        std::optional<std::string> bytes;
        std::string error;
    };
    const std::vector<TreeFile>& files_;
    std::map<std::string, Entry, std::less<>> entries_;
};

struct ReadContext {
    const TreeFile& file;
    const std::string& content;
    FileCache& files;
};

ReadResult read_compose(const ReadContext& context);
/// Kubernetes manifests; YAML that is not one gives nothing.
ReadResult read_kubernetes(const ReadContext& context);
ReadResult read_systemd_socket(const ReadContext& context);
/// nginx.conf and what it includes inside the tree; `covered` collects the
/// included files (read with their includer, not again on their own).
ReadResult read_nginx(const ReadContext& context, std::vector<std::string>& covered);
ReadResult read_apache(const ReadContext& context);
ReadResult read_sshd(const ReadContext& context);
ReadResult read_dockerfile(const ReadContext& context);
ReadResult read_dotenv(const ReadContext& context);

/// "80" or "8000-8010" (1-65535, low <= high).
struct PortSpan {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;
};
[[nodiscard]] std::optional<PortSpan> parse_port_span(std::string_view text);
/// One port (1-65535), where a format takes no range: nullopt for a range too.
[[nodiscard]] std::optional<PortSpan> parse_single_port(std::string_view text);
/// "[::1]:80", "0.0.0.0:80", "*:80", "80": the address (empty for every
/// address, '*' and bracketed forms unwrapped) and the port's text.
struct HostPort {
    std::string address;
    std::string port;
};
[[nodiscard]] HostPort split_host_port(std::string_view text);
/// The binding of `span` written at line `line` of `file` (relative to the
/// root), as one machine's config means it: domain "host" for a host binding
/// and none for a container's, identity `owner`. A reader whose format says
/// more (a Compose project, a Kubernetes node or pod) sets those two after.
[[nodiscard]] Binding make_binding(const std::string& file, std::size_t line, const std::string& owner, PortSpan span,
                                   const std::string& protocol, Scope scope, const char* kind,
                                   const std::string& address);

/// The values of a .env file: KEY=VALUE lines, "export " and quotes allowed.
[[nodiscard]] std::map<std::string, std::string, std::less<>> parse_env(std::string_view content);
/// The folder of a relative path, with its trailing '/' ("" at the root).
[[nodiscard]] std::string folder_of(std::string_view relative);
/// The text split into lines, without their ends.
[[nodiscard]] std::vector<std::string_view> split_lines(std::string_view content);
[[nodiscard]] std::string_view trim(std::string_view text);
[[nodiscard]] std::string lower(std::string_view text);

}  // namespace portdb::query::audit
