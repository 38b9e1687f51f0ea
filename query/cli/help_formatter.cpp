#include "help_formatter.hpp"

#include "command_help.hpp"

#include <fmt/format.h>

#include <sstream>

namespace portdb::cli {
namespace {

constexpr std::size_t line_width = 80;
constexpr std::size_t name_column = 28;  // where descriptions start

/// `text` wrapped at line_width, every line after the first indented to `indent`.
std::string wrap(const std::string& text, std::size_t indent) {
    std::string out;
    std::size_t column = indent;
    std::istringstream words(text);
    std::string word;
    while (words >> word) {
        if (column > indent && column + 1 + word.size() > line_width) {
            out += '\n';
            out.append(indent, ' ');
            column = indent;
        } else if (column > indent) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
    }
    return out;
}

/// "  --instance N" padded to the description column (or a line of its own).
std::string option_line(const std::string& left, const std::string& description) {
    std::string line = fmt::format("  {}", left);
    if (description.empty()) {
        return line.append("\n");
    }
    if (line.size() + 2 > name_column) {
        line += '\n';
        line.append(name_column, ' ');
    } else {
        line.append(name_column - line.size(), ' ');
    }
    return line.append(wrap(description, name_column)).append("\n");
}

bool takes_many(const CLI::Option* opt) { return opt->get_expected_max() >= CLI::detail::expected_max_vector_size; }

/// The options of the parent (the global options) that this command reads.
std::vector<const CLI::Option*> global_options(const CLI::App* app) {
    const auto* parent = app->get_parent();
    return parent->get_options([&](const CLI::Option* opt) {
        return opt->nonpositional() && opt != parent->get_help_ptr() && opt != parent->get_version_ptr() &&
               global_option_applies(opt->get_name(), app->get_name());
    });
}

}  // namespace

std::string value_name(const CLI::Option& option) {
    if (option.get_type_size() == 0) {
        return {};  // a flag
    }
    const auto type = option.get_type_name();  // "N", or "N:validator description"
    return type.substr(0, type.find(':'));
}

HelpFormatter::HelpFormatter() {
    label("Positionals", "Arguments");
    label("OPTIONS", "OPTION...");
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const {
    if (mode == CLI::AppFormatMode::Sub) {
        return make_expanded(app);
    }
    std::string out = fmt::format("{}\n\n{}", app->get_description(), make_usage(app, name));
    out += make_positionals(app);
    out += make_groups(app, mode);
    if (app->get_parent() != nullptr) {
        const auto globals = global_options(app);
        if (!globals.empty()) {
            out += make_group("Global options (before or after the command)", false, globals);
        }
    } else {
        out += "\nCommands:\n";
        for (const auto* sub : app->get_subcommands({})) {
            out += make_subcommand(sub);
        }
    }
    return fmt::format("{}\n{}", out, make_footer(app));
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string name) const {
    std::string usage = fmt::format("Usage: {}", name);
    if (app->get_parent() == nullptr) {
        return usage.append(" [OPTION...] COMMAND [ARGUMENT...]\n");
    }
    // Required options are part of the command, not options.
    for (const auto* opt :
         app->get_options([](const CLI::Option* o) { return o->nonpositional() && o->get_required(); })) {
        usage += fmt::format(" {} {}", opt->get_name(), value_name(*opt));
    }
    usage += " [OPTION...]";
    for (const auto* opt : app->get_options([](const CLI::Option* o) { return o->get_positional(); })) {
        usage += fmt::format(" {}", make_option_usage(opt));
    }
    return usage.append("\n");
}

std::string HelpFormatter::make_group(std::string group, bool is_positional,
                                      std::vector<const CLI::Option*> opts) const {
    std::string out = fmt::format("\n{}:\n", group);
    for (const auto* opt : opts) {
        out += make_option(opt, is_positional);
    }
    return out;
}

std::string HelpFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
    return option_line(make_option_name(opt, is_positional) + make_option_opts(opt), opt->get_description());
}

std::string HelpFormatter::make_option_name(const CLI::Option* opt, bool is_positional) const {
    if (!is_positional) {
        auto names = opt->get_name(false, true);  // "-v,--all"
        for (auto comma = names.find(','); comma != std::string::npos; comma = names.find(',', comma + 2)) {
            names.insert(comma + 1, " ");
        }
        return names;
    }
    // A positional's display name, when set, says what it holds ("OLD NEW").
    const auto& shown = opt->get_option_text().empty() ? opt->get_name() : opt->get_option_text();
    return takes_many(opt) ? fmt::format("{}...", shown) : shown;
}

std::string HelpFormatter::make_option_opts(const CLI::Option* opt) const {
    if (opt->get_positional()) {
        return {};
    }
    const auto value = value_name(*opt);
    return value.empty() ? value : fmt::format(" {}", value);
}

std::string HelpFormatter::make_option_usage(const CLI::Option* opt) const {
    const auto shown = make_option_name(opt, true);
    return opt->get_required() ? shown : fmt::format("[{}]", shown);
}

std::string HelpFormatter::make_subcommand(const CLI::App* sub) const {
    return option_line(sub->get_name(), sub->get_description());
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
    const auto footer = app->get_parent() == nullptr ? general_help_footer() : command_examples(app->get_name());
    return footer.empty() ? std::string() : fmt::format("{}\n", footer);
}

}  // namespace portdb::cli
