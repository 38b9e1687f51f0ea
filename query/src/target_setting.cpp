#include "portdb/query/target_setting.hpp"

#include "portdb/db/input_file.hpp"
#include "portdb/query/usage_error.hpp"

#include <fmt/format.h>

namespace portdb::query {
namespace {

namespace fs = std::filesystem;

// A settings file is a line or two; more than this is not one.
constexpr std::size_t max_settings_bytes = 64U << 10U;

}  // namespace

TargetSet parse_target_settings(std::string_view text, const fs::path& file) {
    TargetSet targets;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        auto content = text.substr(start, end - start);
        content = content.substr(0, content.find('#'));
        ++line_number;
        start = end + 1;
        if (content.find_first_not_of(" \t\r,") == std::string_view::npos) {
            continue;  // blank, or a comment
        }
        try {
            const auto line_targets = parse_targets(content, fmt::format("{}:{}", file.string(), line_number));
            targets = targets.united(line_targets);
        } catch (const UsageError& error) {
            throw TargetSettingError(error.what());  // the settings file's fault, not the command line's
        }
    }
    if (targets.empty()) {
        throw TargetSettingError(
            fmt::format("{}: no target given: expected all or a list of {}", file.string(), target_words()));
    }
    return targets;
}

fs::path target_settings_path(const db::UserFolders& folders) {
    if (folders.config_home.is_absolute()) {
        return folders.config_home / "portdb" / "targets";
    }
    return folders.home.empty() ? fs::path() : folders.home / ".config" / "portdb" / "targets";
}

ResolvedTargets resolve_targets(const std::optional<std::string>& on, const char* environment_value,
                                const fs::path& settings_file) {
    if (on) {
        return {parse_targets(*on, "--on"), "--on"};
    }
    if (environment_value != nullptr && *environment_value != '\0') {
        return {parse_targets(environment_value, "PORTDB_ON"), "PORTDB_ON"};
    }
    if (!settings_file.empty()) {
        std::optional<std::string> text;
        try {
            text = db::read_configuration_file_if_present(settings_file, "targets file", max_settings_bytes);
        } catch (const db::InputFileError& error) {
            throw TargetSettingError(error.what());  // unreadable is not "no setting": the user meant one
        }
        if (text) {
            return {parse_target_settings(*text, settings_file), settings_file.string()};
        }
    }
    return {TargetSet{this_machine_os(), Target::any}, "this machine"};
}

}  // namespace portdb::query
