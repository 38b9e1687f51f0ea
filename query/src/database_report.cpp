#include "portdb/query/database_report.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

namespace portdb::query {

std::optional<long> days_since(const std::optional<std::string>& date) {
    if (!date) {
        return std::nullopt;
    }
    const auto parsed = db::PartialDate::parse(*date);
    if (!parsed) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const sys_days then{year{parsed->year} / month{static_cast<unsigned>(parsed->month)} /
                        day{static_cast<unsigned>(parsed->day == 0 ? 1 : parsed->day)}};
    const auto today = floor<days>(system_clock::now());
    return static_cast<long>((today - then).count());
}

DatabaseReport describe(const db::Database& database) {
    DatabaseReport report;
    report.path = database.path();
    report.schema_version = database.schema_version();
    std::error_code ec;
    if (const auto size = std::filesystem::file_size(database.path(), ec); !ec) {
        report.size_bytes = size;
    }
    for (auto& source : database.sources()) {
        SourceReport entry;
        entry.assignments_by_protocol = database.assignment_counts_by_protocol(source.id);
        if (const auto age = days_since(source.registry_date)) {
            entry.future_date = *age < 0;
            entry.age_days = std::max(*age, 0L);
        }
        if (source.layer == db::Layer::registry && !report.has_registry) {
            report.has_registry = true;
            // checked_at is a UTC timestamp: its day is what counts.
            const auto checked =
                days_since(source.checked_at ? std::optional(source.checked_at->substr(0, 10)) : std::nullopt);
            report.registry_stale =
                entry.age_days && *entry.age_days > stale_registry_days && !(checked && *checked <= recent_check_days);
        }
        entry.source = std::move(source);
        report.sources.push_back(std::move(entry));
    }
    return report;
}

}  // namespace portdb::query
