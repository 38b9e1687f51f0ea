// reserve and release: the changes `portdb reserve` makes to the site layer
// (portdb/importer/reservations.hpp).
#include "portdb/importer/reservations.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/db/database.hpp"
#include "portdb/db/protocol.hpp"
#include "portdb/db/writer_lock.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/site_layer.hpp"

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

/// The site layer as `reserve` and `release` weigh it: the rows `portdb
/// reserve` keeps, and every row of the layer with where it was written.
struct SiteState {
    std::optional<db::SourceInfo> own;
    std::vector<db::Assignment> own_rows;
    struct Row {
        db::Assignment assignment;
        std::string written;  ///< "site reservations" (portdb reserve), or FILE:LINE of the site file
        bool in_file = false;
    };
    std::vector<Row> all_rows;
};

SiteState read_site(const db::Database& database) {
    SiteState state;
    for (const auto& source : database.sources()) {
        if (source.layer != db::Layer::site) {
            continue;
        }
        const bool own = source.location == db::reservations_location;
        for (auto& row : database.assignments_of_source(source.id)) {
            if (own) {
                state.own_rows.push_back(row.assignment);
            }
            auto written =
                own ? db::display_name(source) : fmt::format("{}:{}", source.location, row.assignment.position);
            state.all_rows.push_back({std::move(row.assignment), std::move(written), !own});
        }
        if (own) {
            state.own = source;
        }
    }
    return state;
}

void store(db::Database& writer, const SiteState& state, std::vector<db::Assignment> rows) {
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
    // The placement rules of every import: a site source replaces the one from the same place.
    std::vector<ImportSummary> summaries{summary_of(db::reservations_location, batch.front())};
    add_parsed_sources(writer, batch, summaries, true);
}

}  // namespace

ReservationRequest checked(const ReservationRequest& request) {
    if (const auto problem = service_name_problem(request.name)) {
        throw InvalidReservation(fmt::format("\"{}\" is not a service name: {}", request.name, *problem));
    }
    if (request.port == 0) {
        throw InvalidReservation("port 0 cannot be reserved (ports are 1-65535)");
    }
    auto canonical = request;
    canonical.name = canonical_service_name(request.name);
    return canonical;
}

namespace {

/// Changes the site layer under the writer lock, after bringing it to the
/// current site file, so that every rule weighs what every reader sees.
template <typename Change>
std::vector<db::Assignment> change_site_layer(const fs::path& database, const std::optional<SiteFile>& site,
                                              const std::function<void()>& on_wait, Change change) {
    const db::WriterLock lock(database, on_wait);
    db::Database writer(database, db::Database::Access::read_write);
    bring_site_layer_to(writer, site);
    return change(writer, read_site(writer));
}

}  // namespace

std::vector<db::Assignment> reserve(const fs::path& database, const ReservationRequest& asked,
                                    const std::optional<SiteFile>& site, const std::function<void()>& on_wait) {
    const auto request = checked(asked);
    return change_site_layer(database, site, on_wait, [&](db::Database& writer, const SiteState& state) {
        std::vector<db::Assignment> made;
        auto rows = state.own_rows;
        for (const auto& protocol : protocols_of(request)) {
            for (const auto& [row, written, in_file] : state.all_rows) {
                if (row.ports && row.ports->contains(request.port) && row.protocol == protocol && row.name &&
                    !db::equals_ignoring_ascii_case(*row.name, request.name)) {
                    throw ReservationRefused(fmt::format("{} is reserved for {} already ({}); {}",
                                                         where(request.port, protocol), *row.name, written,
                                                         in_file ? "the site file gives it out" : "release it first"));
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
            store(writer, state, std::move(rows));
        }
        return made;
    });
}

std::vector<db::Assignment> release(const fs::path& database, const ReservationRequest& asked,
                                    const std::optional<SiteFile>& site, const std::function<void()>& on_wait) {
    const auto request = checked(asked);
    return change_site_layer(database, site, on_wait, [&](db::Database& writer, const SiteState& state) {
        const auto protocols = protocols_of(request);
        const auto matches = [&](const db::Assignment& row) {
            return row.ports == db::PortRange{request.port, request.port} && row.name &&
                   db::equals_ignoring_ascii_case(*row.name, request.name) &&
                   std::find(protocols.begin(), protocols.end(), row.protocol.value_or("")) != protocols.end();
        };
        std::vector<db::Assignment> kept;
        std::vector<db::Assignment> released;
        for (const auto& row : state.own_rows) {
            (matches(row) ? released : kept).push_back(row);
        }
        if (released.empty()) {
            for (const auto& [row, written, in_file] : state.all_rows) {
                if (matches(row)) {  // the site file's: the file is the record, so it is changed there
                    throw ReservationRefused(fmt::format("{} gives {}/{} to {}: edit that line to release it", written,
                                                         request.port, *row.protocol, *row.name));
                }
            }
            throw ReservationRefused(
                fmt::format("{}{} is not reserved for {} (portdb reservations lists them)", request.port,
                            request.protocol ? fmt::format("/{}", *request.protocol) : std::string(), request.name));
        }
        store(writer, state, std::move(kept));
        return released;
    });
}

}  // namespace portdb::importer
