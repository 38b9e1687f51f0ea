#pragma once
// A team's site file: services(5) lines in its own repository, naming the
// ports the team has given out (doc/design.md, "The site layer").

#include "portdb/db/assignment.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::importer {

/// A site file as read: its rows (position = the line), and the SHA-256 of
/// its bytes, which says whether the copy a database holds is still current.
struct SiteFile {
    std::string location;  ///< the file's absolute path, as the database records it
    std::string sha256;
    std::vector<db::Assignment> rows;
};

/// Reads a site file. An empty or comment-only file has no rows. Throws
/// ParseError naming FILE:LINE for a line that is not NAME PORT/PROTO, a name
/// that is not a service name, port 0, or a port/protocol already given to
/// another name earlier in the file (naming that line too).
[[nodiscard]] SiteFile read_site_file(const std::filesystem::path& file);

/// The rows of a site file's bytes, checked as read_site_file says; `name`
/// names the file in messages. Throws ParseError.
[[nodiscard]] std::vector<db::Assignment> parse_site_file(std::string_view bytes, std::string_view name);

/// Why `name` is not a service name by RFC 6335 §5.1 (1-15 characters of
/// letters, digits and hyphens, at least one letter, no hyphen at either end
/// or next to another), or nullopt when it is one. Upper case is accepted
/// (service names compare without case) and folded by canonical_service_name.
[[nodiscard]] std::optional<std::string> service_name_problem(std::string_view name);
[[nodiscard]] std::string canonical_service_name(std::string_view name);

}  // namespace portdb::importer
