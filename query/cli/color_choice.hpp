#pragma once

#include "settings.hpp"

namespace portdb::cli {

/// Colour only for a person at a terminal that shows it: stdout is a
/// terminal, NO_COLOR is unset or empty (no-color.org), and TERM is set and
/// not "dumb" (the manners of ripgrep and fd). `no_color` and `term` are the
/// variables' values, nullptr when unset.
[[nodiscard]] bool wants_color(bool stdout_is_terminal, const char* no_color, const char* term);

/// wants_color() for this process's stdout and its settings.
[[nodiscard]] bool use_color(const Settings& settings);

}  // namespace portdb::cli
