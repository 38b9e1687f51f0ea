#pragma once
// Which targets a check weighs when the command line does not say: the
// user's saved setting, else this machine's OS.

#include "portdb/db/database_path.hpp"
#include "portdb/db/error.hpp"
#include "portdb/query/target.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace portdb::query {

/// A settings file that cannot be used; the message names the file and line.
class TargetSettingError : public Error {
public:
    explicit TargetSettingError(const std::string& message) : Error(ErrorKind::data, message) {}
};

/// Where the targets came from, for --json and for messages.
struct ResolvedTargets {
    TargetSet targets;
    std::string origin;  ///< "--on", "PORTDB_ON", the settings file's path, or "this machine"
};

/// config_home/portdb/targets (an absolute XDG_CONFIG_HOME only, as XDG
/// says), else home/.config/portdb/targets; empty when neither applies.
std::filesystem::path target_settings_path(const db::UserFolders& folders);

/// The targets a settings file's text names (targets separated by commas,
/// blanks or lines; `#` starts a comment). Throws TargetSettingError naming
/// `file` and the line of a word that is not a target, or when none is given.
TargetSet parse_target_settings(std::string_view text, const std::filesystem::path& file);

/// The targets to weigh, first match wins: `on` (the --on option), then
/// `environment_value` (PORTDB_ON; nullptr or empty: unset), then
/// `settings_file` (empty: none; targets separated by commas, blanks or
/// lines; `#` starts a comment), then this machine's OS. `any` is always
/// included. A settings file that does not exist is no setting; one that
/// exists but is not a regular file, cannot be read or is over 64 KiB is a
/// TargetSettingError naming it (as is a bad word in it). Throws UsageError
/// for a bad --on or PORTDB_ON.
ResolvedTargets resolve_targets(const std::optional<std::string>& on, const char* environment_value,
                                const std::filesystem::path& settings_file);

}  // namespace portdb::query
