#include "portdb/importer/site_layer.hpp"

#include "portdb/db/ascii_case.hpp"
#include "portdb/db/writer_lock.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/reservations.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>

namespace portdb::importer {
namespace {

namespace fs = std::filesystem;

bool is_site_file_source(const db::SourceInfo& source) {
    return source.layer == db::Layer::site && source.location != db::reservations_location;
}

bool is_current_copy(const db::SourceInfo& source, const SiteFile& site) {
    return source.location == site.location && source.sha256 == site.sha256;
}

/// The stored site-file sources that no longer stand for the current file.
std::vector<std::int64_t> outdated_sources(const std::vector<db::SourceInfo>& sources,
                                           const std::optional<SiteFile>& site) {
    std::vector<std::int64_t> ids;
    for (const auto& source : sources) {
        if (is_site_file_source(source) && (!site || !is_current_copy(source, *site))) {
            ids.push_back(source.id);
        }
    }
    return ids;
}

bool needs_storing(const std::vector<db::SourceInfo>& sources, const std::optional<SiteFile>& site) {
    return site && !site->rows.empty() && std::none_of(sources.begin(), sources.end(), [&](const auto& source) {
               return is_site_file_source(source) && is_current_copy(source, *site);
           });
}

bool is_current(const std::vector<db::SourceInfo>& sources, const std::optional<SiteFile>& site) {
    return outdated_sources(sources, site).empty() && !needs_storing(sources, site);
}

/// One owner per port: a file row on a port `portdb reserve` gave to another
/// name is the second owner, and is refused.
void refuse_ports_reserved_by_others(const db::Database& database, const SiteFile& site) {
    for (const auto& source : database.sources()) {
        if (source.layer != db::Layer::site || source.location != db::reservations_location) {
            continue;
        }
        for (const auto& stored : database.assignments_of_source(source.id)) {
            const auto& reserved = stored.assignment;
            for (const auto& row : site.rows) {
                if (reserved.ports && row.protocol == reserved.protocol && row.ports->lo <= reserved.ports->hi &&
                    reserved.ports->lo <= row.ports->hi &&
                    !db::equals_ignoring_ascii_case(*row.name, reserved.name.value_or(""))) {
                    throw ReservationRefused(
                        fmt::format("{}:{}: {}/{} is reserved for {} already (site reservations): release it, or give "
                                    "{} another port",
                                    site.location, row.position, reserved.ports->lo, *reserved.protocol,
                                    reserved.name.value_or(""), *row.name));
                }
            }
        }
    }
}

db::SourceData source_of(const SiteFile& site) {
    db::SourceData source;
    source.kind = db::SourceKind::site;
    source.layer = db::Layer::site;
    source.location = site.location;
    source.sha256 = site.sha256;
    source.assignments = site.rows;
    return source;
}

// The lock file and the journal live beside the database: all three must be writable.
bool can_write(const fs::path& database) {
    const auto folder = database.has_parent_path() ? database.parent_path() : fs::path(".");
    const auto lock = fs::path(database.string() + ".lock");
    std::error_code ec;
    return ::access(database.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0 &&
           (!fs::exists(lock, ec) || ::access(lock.c_str(), W_OK) == 0);
}

}  // namespace

SiteLayerUpdate bring_site_layer_to(db::Database& writer, const std::optional<SiteFile>& site) {
    const auto sources = writer.sources();
    SiteLayerUpdate update;
    if (is_current(sources, site)) {
        return update;
    }
    if (site) {
        refuse_ports_reserved_by_others(writer, *site);
    }
    for (const auto& source : sources) {
        if (is_site_file_source(source) && (!site || source.location != site->location)) {
            update.files_forgotten.push_back(source.location);
        }
    }
    if (!needs_storing(sources, site)) {
        writer.remove_sources(outdated_sources(sources, site));
        return update;
    }
    std::vector<db::SourceData> batch;
    batch.push_back(source_of(*site));
    // The placement rules of every import: the file's source replaces the site
    // file stored before it. Forced: the file is the record, however much it shrank.
    std::vector<ImportSummary> summaries{summary_of(site->location, batch.front())};
    add_parsed_sources(writer, batch, summaries, true);
    update.file_stored = true;
    return update;
}

OpenedDatabase open_with_site_layer(const fs::path& database, const std::optional<SiteFile>& site,
                                    const std::function<void()>& on_wait) {
    {
        db::Database reader(database, db::Database::Access::read_only);
        if (is_current(reader.sources(), site)) {
            return {std::move(reader), {}};
        }
        if (!can_write(database)) {
            auto copy = reader.copy_in_memory();
            auto update = bring_site_layer_to(copy, site);
            update.in_memory = true;
            return {std::move(copy), std::move(update)};
        }
    }
    SiteLayerUpdate update;
    {
        const db::WriterLock lock(database, on_wait);
        db::Database writer(database, db::Database::Access::read_write);
        update = bring_site_layer_to(writer, site);
    }
    return {db::Database(database, db::Database::Access::read_only), std::move(update)};
}

}  // namespace portdb::importer
