#pragma once
// portdb's --help in the manner of a man page: options as `--instance N`,
// arguments as `PORT...`, descriptions wrapped, and none of the argument
// library's own notation (type names, ranges, REQUIRED, Needs:, Excludes:).
// A command's help lists the global options it reads and its own examples.

#include <CLI/CLI.hpp>

#include <string>

namespace portdb::cli {

class HelpFormatter : public CLI::Formatter {
public:
    HelpFormatter();

    std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;
    std::string make_usage(const CLI::App* app, std::string name) const override;
    std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override;
    std::string make_option(const CLI::Option* opt, bool is_positional) const override;
    std::string make_option_name(const CLI::Option* opt, bool is_positional) const override;
    std::string make_option_opts(const CLI::Option* opt) const override;
    std::string make_option_usage(const CLI::Option* opt) const override;
    std::string make_subcommand(const CLI::App* sub) const override;
    std::string make_footer(const CLI::App* app) const override;
};

/// The word shown for an option's value: "N" for `--instance N`, "" for a flag.
[[nodiscard]] std::string value_name(const CLI::Option& option);

}  // namespace portdb::cli
