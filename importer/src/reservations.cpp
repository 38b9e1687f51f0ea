#include "portdb/importer/reservations.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/db/database.hpp"
#include "portdb/db/protocol.hpp"
#include "portdb/db/writer_lock.hpp"
#include "portdb/importer/import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>

namespace portdb::importer {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> protocols_of(const ReservationRequest& request) {
    return db::protocols_or_default(request.protocol);
}

std::string where(std::uint16_t port, const std::string& protocol) { return fmt::format("{}/{}", port, protocol); }

db::PartialDate today() {
    const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::year_month_day date{days};
    return {static_cast<int>(date.year()), static_cast<int>(static_cast<unsigned>(date.month())),
            static_cast<int>(static_cast<unsigned>(date.day()))};
}

/// The reservations `portdb reserve` keeps, and every site row (for conflicts).
struct SiteState {
    std::optional<db::SourceInfo> own;
    std::vector<db::Assignment> own_rows;
    std::vector<std::pair<db::Assignment, std::string>> all_rows;  ///< with the source's name
};

SiteState read_site(const fs::path& database) {
    SiteState state;
    std::error_code ec;
    if (!fs::exists(database, ec)) {
        return state;
    }
    const db::Database reader(database, db::Database::Access::read_only);
    for (const auto& source : reader.sources()) {
        if (source.kind != db::SourceKind::site) {
            continue;
        }
        for (auto& row : reader.assignments_of_source(source.id)) {
            if (source.location == db::reservations_location) {
                state.own_rows.push_back(row.assignment);
            }
            state.all_rows.emplace_back(std::move(row.assignment), db::display_name(source));
        }
        if (source.location == db::reservations_location) {
            state.own = source;
        }
    }
    return state;
}

void store(const fs::path& database, const SiteState& state, std::vector<db::Assignment> rows) {
    db::Database writer(database, db::Database::Access::read_write);
    if (rows.empty()) {
        if (state.own) {
            writer.remove_sources({state.own->id});
        }
        return;
    }
    db::SourceData source;
    source.kind = db::SourceKind::site;
    source.layer = db::Layer::site;
    source.location = std::string(db::reservations_location);
    source.sha256 = std::string(db::reservations_location);  // made here, not read from a file: no bytes to hash
    std::uint32_t position = 0;
    for (auto& row : rows) {
        row.position = ++position;
    }
    source.assignments = std::move(rows);
    std::vector<db::SourceData> batch;
    batch.push_back(std::move(source));
    writer.add_sources(batch, [&](db::SourceData&, const std::vector<db::SourceInfo>&) {
        db::Displacement displacement;
        if (state.own) {
            displacement.remove.push_back(state.own->id);
        }
        return displacement;
    });
}

}  // namespace

std::vector<db::Assignment> reserve(const fs::path& database, const ReservationRequest& request,
                                    const std::function<void()>& on_wait) {
    const db::WriterLock lock(database, on_wait);
    const auto state = read_site(database);
    std::vector<db::Assignment> made;
    auto rows = state.own_rows;
    for (const auto& protocol : protocols_of(request)) {
        for (const auto& [row, source] : state.all_rows) {
            if (row.ports && row.ports->contains(request.port) && row.protocol == protocol && row.name &&
                !db::equals_ignoring_ascii_case(*row.name, request.name)) {
                throw ReservationRefused(fmt::format("{} is reserved for {} already ({}); release it first",
                                                     where(request.port, protocol), *row.name, source));
            }
        }
        const bool already = std::any_of(rows.begin(), rows.end(), [&](const db::Assignment& row) {
            return row.ports == db::PortRange{request.port, request.port} && row.protocol == protocol &&
                   db::equals_ignoring_ascii_case(row.name.value_or(""), request.name);
        });
        if (already) {
            continue;  // reserving again is no change
        }
        db::Assignment a;
        a.name = request.name;
        a.ports = db::PortRange{request.port, request.port};
        a.protocol = protocol;
        a.description = request.note;
        a.registered = today();
        rows.push_back(a);
        made.push_back(std::move(a));
    }
    if (!made.empty()) {
        store(database, state, std::move(rows));
    }
    return made;
}

std::vector<db::Assignment> release(const fs::path& database, const ReservationRequest& request,
                                    const std::function<void()>& on_wait) {
    const db::WriterLock lock(database, on_wait);
    const auto state = read_site(database);
    const auto protocols = protocols_of(request);
    std::vector<db::Assignment> kept;
    std::vector<db::Assignment> released;
    for (const auto& row : state.own_rows) {
        const bool match = row.ports == db::PortRange{request.port, request.port} && row.name &&
                           db::equals_ignoring_ascii_case(*row.name, request.name) &&
                           std::find(protocols.begin(), protocols.end(), row.protocol.value_or("")) != protocols.end();
        (match ? released : kept).push_back(row);
    }
    if (released.empty()) {
        throw ReservationRefused(
            fmt::format("{}{} is not reserved for {} (portdb reservations lists them)", request.port,
                        request.protocol ? fmt::format("/{}", *request.protocol) : std::string(), request.name));
    }
    store(database, state, std::move(kept));
    return released;
}

bool sync_site_file(const fs::path& database, const fs::path& file, const std::function<void()>& on_wait) {
    std::vector<std::string> warnings;
    auto source =
        load_source_file(file, warnings, InputKind::configuration);  // services(5) lines, errors naming FILE:LINE
    source.kind = db::SourceKind::site;
    source.layer = db::Layer::site;
    std::error_code ec;
    if (fs::exists(database, ec)) {
        for (const auto& s : db::Database(database, db::Database::Access::read_only).sources()) {
            if (s.kind == db::SourceKind::site && s.location == source.location && s.sha256 == source.sha256) {
                return false;  // unchanged: a command that names the file costs one read of it
            }
        }
    }
    const db::WriterLock lock(database, on_wait);
    db::Database writer(database, db::Database::Access::read_write);
    std::vector<db::SourceData> batch;
    batch.push_back(std::move(source));
    writer.add_sources(batch, [](db::SourceData& incoming, const std::vector<db::SourceInfo>& existing) {
        db::Displacement displacement;
        for (const auto& old : existing) {
            if (old.kind == db::SourceKind::site && old.location == incoming.location) {
                displacement.remove.push_back(old.id);
            }
        }
        return displacement;
    });
    return true;
}

std::optional<fs::path> default_site_file() {
    const char* configured = std::getenv("PORTDB_SITE");
    return configured != nullptr && *configured != '\0' ? std::optional(fs::path(configured)) : std::nullopt;
}

}  // namespace portdb::importer
