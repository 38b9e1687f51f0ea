// The checker over a command line's worth of arguments (ports and ranges
// together, one verdict for all), and over a port about to be reserved.
#include "portdb/query/checker.hpp"

#include <algorithm>

namespace portdb::query {

Verdict ChecksReport::verdict() const {
    auto worst = Verdict::ok;
    for (const auto& result : results) {
        worst = std::max(worst, std::visit([](const auto& report) { return report.verdict(); }, result));
    }
    return worst;
}

bool ChecksReport::single_port() const {
    return results.size() == 1 && std::holds_alternative<CheckReport>(results.front());
}

std::vector<std::string> protocols_of(const std::vector<CheckArgument>& arguments) {
    std::vector<std::string> protocols;
    for (const auto& argument : arguments) {
        for (auto& protocol : argument.protocols()) {
            if (std::find(protocols.begin(), protocols.end(), protocol) == protocols.end()) {
                protocols.push_back(std::move(protocol));
            }
        }
    }
    return protocols;
}

CheckReport Checker::check_reservation(const CheckArgument& argument) const {
    auto report = check(argument);
    std::erase_if(report.findings, [](const Finding& f) { return f.layer == db::to_string(db::Layer::site); });
    return report;
}

ChecksReport Checker::check_all(const std::vector<CheckArgument>& arguments,
                                std::optional<std::uint32_t> instance) const {
    ChecksReport report;
    report.targets = targets_;
    report.results.reserve(arguments.size());
    for (const auto& argument : arguments) {
        if (argument.is_range()) {
            report.results.emplace_back(check_range(argument));
        } else {
            report.results.emplace_back(check(argument, instance));
        }
    }
    return report;
}

}  // namespace portdb::query
