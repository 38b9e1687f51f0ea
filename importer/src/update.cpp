#include "portdb/importer/update.hpp"

#include "portdb/db/database.hpp"
#include "portdb/db/writer_lock.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/import.hpp"
#include "source_placement.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace portdb::importer {
namespace {

namespace fs = std::filesystem;

struct Origin {
    std::string url;  ///< http(s), or empty for a file
    fs::path file;    ///< a local file, or empty
    std::optional<db::SourceKind> expected;
};

Origin resolve(const std::string& source) {
    if (source == "iana") {
        return {iana_registry_url, {}, db::SourceKind::iana_xml};
    }
    if (source == "rfc1700") {
        return {rfc1700_url, {}, db::SourceKind::port_numbers_text};
    }
    if (source.rfind("http://", 0) == 0 || source.rfind("https://", 0) == 0) {
        return {source, {}, std::nullopt};
    }
    if (source.rfind("file://", 0) == 0) {
        const auto path = source.substr(7);
        if (path.empty() || path.front() != '/') {
            throw InputError(fmt::format("{}: a file URL needs an absolute path (file:///path/to/file)", source));
        }
        return {{}, path, std::nullopt};
    }
    if (source == standard_input) {
        // A refresh continues a source known by where it is read from; a pipe is nowhere.
        throw InputError("update --source -: standard input cannot be refreshed; use portdb import - to read it");
    }
    if (source.find("://") != std::string::npos) {
        throw InputError(fmt::format("{}: only iana, rfc1700, http(s)://, file:// or a path can be a source", source));
    }
    return {{}, source, std::nullopt};
}

// The source this refresh continues: the one read from the same location, or
// for "iana" / "rfc1700" the current source of that kind.
std::optional<db::SourceInfo> find_source(const std::vector<db::SourceInfo>& sources, const std::string& location,
                                          std::optional<db::SourceKind> kind) {
    for (const auto& s : sources) {
        if (s.location == location) {
            return s;
        }
    }
    for (const auto& s : sources) {
        if (kind && s.kind == *kind && s.layer != db::Layer::history) {
            return s;
        }
    }
    return std::nullopt;
}

}  // namespace

UpdateResult update(const fs::path& database, const UpdateOptions& options) {
    const auto origin = resolve(options.source);
    const db::WriterLock lock(database, options.on_wait);

    UpdateResult result;
    std::error_code ec;
    const std::string location =
        origin.url.empty() ? fs::absolute(origin.file, ec).lexically_normal().string() : origin.url;
    result.location = location;

    std::vector<db::SourceInfo> sources;
    if (fs::exists(database, ec)) {
        sources = db::Database(database, db::Database::Access::read_only).sources();
    }
    const auto current = find_source(sources, location, origin.expected);

    std::string bytes;
    FetchResult fetched;
    if (origin.url.empty()) {
        bytes = read_registry_file(origin.file);
    } else {
        FetchOptions fetch_options = options.fetch;
        const bool conditional = current && current->location == location && !options.force;
        if (conditional) {
            fetch_options.etag = current->etag;
            fetch_options.last_modified = current->last_modified;
        }
        fetched = fetch(origin.url, fetch_options);
        result.attempts = fetched.attempts;
        if (fetched.not_modified) {
            if (!conditional || (!current->etag && !current->last_modified)) {
                throw FetchError(
                    fmt::format("{}: the server answered 304 Not Modified to a request that named no "
                                "version; nothing was updated",
                                origin.url));
            }
            result.up_to_date_reason = "the server says it has not changed (HTTP 304)";
            db::Database(database, db::Database::Access::read_write).mark_checked(current->id);
            result.kind = current->kind;
            result.name = db::display_name(*current);
            result.layer = current->layer;
            result.assignments_before = result.assignments_after = static_cast<std::size_t>(current->assignment_count);
            return result;
        }
        bytes = std::move(fetched.body);
    }

    auto source = source_from_bytes(std::move(bytes), location, result.warnings);
    if (origin.expected && source.kind != *origin.expected) {
        throw InputError(fmt::format("{}: expected {}, but the content is {}", location,
                                     db::to_string(*origin.expected), db::to_string(source.kind)));
    }
    source.etag = fetched.etag;
    source.last_modified = fetched.last_modified;
    source.checked = !origin.url.empty();
    result.kind = source.kind;
    result.assignments_after = db::count_active_assignments(source.assignments);

    // Decided once, under the writer lock, so the write applies exactly this.
    detail::PlacementReport report;
    const auto displacement = detail::place_source(source, sources, options.force, report);
    result.layer = report.layer;
    result.note = report.note;
    result.replaced = report.replaced;
    result.name = db::display_name(source.kind, source.location, source.registry_date);

    std::vector<db::Assignment> before;
    for (const auto& replaced : report.replaced) {
        if (replaced.kind != source.kind) {
            continue;
        }
        if (replaced.sha256 == source.sha256 && !options.force) {
            result.up_to_date_reason = "the content is unchanged (same SHA-256)";
            if (!origin.url.empty()) {
                db::Database(database, db::Database::Access::read_write).mark_checked(replaced.id);
            }
            result.assignments_before = static_cast<std::size_t>(replaced.assignment_count);
            return result;
        }
        const db::Database reader(database, db::Database::Access::read_only);
        for (auto& row : reader.assignments_of_source(replaced.id)) {
            before.push_back(std::move(row.assignment));
        }
    }
    result.assignments_before = db::count_active_assignments(before);
    result.changes = diff_registries(before, source.assignments);
    std::vector<db::SourceData> batch;
    batch.push_back(std::move(source));
    db::Database(database, db::Database::Access::read_write)
        .add_sources(batch, [&](db::SourceData&, const std::vector<db::SourceInfo>&) { return displacement; });
    result.updated = true;
    return result;
}

FileDiff diff_files(const fs::path& before, const fs::path& after, std::vector<std::string>& warnings) {
    const auto old_source = load_source_file(before, warnings);
    const auto new_source = load_source_file(after, warnings);
    return {old_source.kind, new_source.kind, diff_registries(old_source.assignments, new_source.assignments)};
}

}  // namespace portdb::importer
