#include "color_choice.hpp"

#include <unistd.h>
#include <string_view>

namespace portdb::cli {

bool wants_color(bool stdout_is_terminal, const char* no_color, const char* term) {
    const bool no_color_set = no_color != nullptr && *no_color != '\0';
    const bool capable = term != nullptr && *term != '\0' && std::string_view(term) != "dumb";
    return stdout_is_terminal && !no_color_set && capable;
}

bool use_color(const Settings& settings) {
    return wants_color(isatty(STDOUT_FILENO) != 0, settings.no_color ? "1" : nullptr,
                       settings.term ? settings.term->c_str() : nullptr);
}

}  // namespace portdb::cli
