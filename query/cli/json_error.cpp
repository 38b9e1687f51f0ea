#include "json_error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace portdb::cli {

std::string json_error(const ErrorReport& report, bool terminal) {
    auto message = report.message;
    std::replace(message.begin(), message.end(), '\n', ' ');  // one line, as on stderr
    const nlohmann::json error{
        {"error", {{"message", message}, {"exit_code", report.exit_code}, {"kind", error_kind(report.exit_code)}}}};
    auto text = error.dump(2, ' ', terminal, nlohmann::json::error_handler_t::replace);
    text += '\n';
    return text;
}

}  // namespace portdb::cli
