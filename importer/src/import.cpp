#include "portdb/importer/import.hpp"

#include "portdb/db/database.hpp"
#include "portdb/db/database_error.hpp"
#include "portdb/db/input_file.hpp"
#include "portdb/db/writer_lock.hpp"
#include "portdb/importer/defacto_list_parser.hpp"
#include "portdb/importer/errors.hpp"
#include "portdb/importer/format_detect.hpp"
#include "portdb/importer/iana_csv_parser.hpp"
#include "portdb/importer/iana_xml_parser.hpp"
#include "portdb/importer/nmap_services_parser.hpp"
#include "portdb/importer/port_numbers_text_parser.hpp"
#include "portdb/importer/services_parser.hpp"
#include "repeated_records.hpp"
#include "sha256.hpp"
#include "source_placement.hpp"

#include <fmt/format.h>

#include <set>

#include <unistd.h>

namespace portdb::importer {
namespace {

namespace fs = std::filesystem;

// A file's source is known by its absolute path: the same file imported from
// another folder replaces itself.
db::SourceData with_absolute_location(db::SourceData source, const fs::path& file) {
    std::error_code ec;
    const auto absolute = fs::absolute(file, ec);
    source.location = ec ? file.string() : absolute.lexically_normal().string();
    return source;
}

}  // namespace

std::string read_registry_file(const fs::path& file) {
    if (file == standard_input) {
        return db::read_registry_input(STDIN_FILENO, "standard input (-)", max_input_bytes);
    }
    return db::read_registry_input(file, max_input_bytes);
}

namespace {

// The parser of a detected format, over bytes the caller keeps.
ParsedSource parse_as(db::SourceKind kind, std::string_view bytes, std::string_view source_name) {
    switch (kind) {
        case db::SourceKind::iana_xml:
            return parse_iana_xml(bytes, source_name);
        case db::SourceKind::iana_csv:
            return parse_iana_csv(bytes, source_name);
        case db::SourceKind::port_numbers_text:
            return parse_port_numbers_text(bytes, source_name);
        case db::SourceKind::nmap_services:
            return parse_nmap_services(bytes, source_name);
        case db::SourceKind::defacto_list:
            return parse_defacto_list(bytes, source_name);
        case db::SourceKind::site:  // never detected: a site file is read as services(5) by sync_site_file
        case db::SourceKind::services:
            break;
    }
    return parse_services(bytes, source_name);
}

}  // namespace

ParsedSource parse_registry_in_place(std::string bytes, std::string_view source_name) {
    const auto kind = detect_format(bytes, source_name);
    auto parsed = kind == db::SourceKind::iana_xml ? parse_iana_xml_in_place(std::move(bytes), source_name)
                                                   : parse_as(kind, bytes, source_name);
    detail::drop_repeated_records(parsed, source_name);
    return parsed;
}

ParsedSource parse_registry(std::string_view bytes, std::string_view source_name) {
    auto parsed = parse_as(detect_format(bytes, source_name), bytes, source_name);
    detail::drop_repeated_records(parsed, source_name);
    return parsed;
}

db::SourceData source_from_bytes(std::string bytes, const std::string& location, std::vector<std::string>& warnings) {
    db::SourceData source;
    source.sha256 = detail::sha256_hex(bytes);  // before parsing: the parser may reuse the bytes
    ParsedSource parsed = parse_registry_in_place(std::move(bytes), location);
    source.kind = parsed.kind;
    source.layer = db::default_layer(parsed.kind);
    source.location = location;
    source.registry_date = std::move(parsed.registry_date);
    source.assignments = std::move(parsed.assignments);
    source.people = std::move(parsed.people);
    source.warning_count = parsed.warnings.size();
    warnings.insert(warnings.end(), std::make_move_iterator(parsed.warnings.begin()),
                    std::make_move_iterator(parsed.warnings.end()));
    return source;
}

db::SourceData load_source_file(const fs::path& file, std::vector<std::string>& warnings) {
    if (file == standard_input) {
        return source_from_bytes(read_registry_file(file), "standard input", warnings);
    }
    return with_absolute_location(source_from_bytes(read_registry_file(file), file.string(), warnings), file);
}

ImportSummary summary_of(const fs::path& file, const db::SourceData& source) {
    ImportSummary summary;
    summary.file = file;
    summary.kind = source.kind;
    summary.records = source.assignments.size();
    summary.assignments = db::count_active_assignments(source.assignments);
    summary.people = source.people.size();
    return summary;
}

void add_parsed_sources(const fs::path& database, std::vector<db::SourceData>& sources,
                        std::vector<ImportSummary>& summaries, const ImportOptions& options) {
    const db::WriterLock lock(database, options.on_wait);
    db::Database writer(database, db::Database::Access::read_write);
    add_parsed_sources(writer, sources, summaries, options.force);
}

void add_parsed_sources(db::Database& writer, std::vector<db::SourceData>& sources,
                        std::vector<ImportSummary>& summaries, bool force) {
    std::size_t next = 0;
    writer.add_sources(sources, [&](db::SourceData& incoming, const std::vector<db::SourceInfo>& existing) {
        auto& summary = summaries.at(next++);
        detail::PlacementReport report;
        auto displacement = detail::place_source(incoming, existing, force, report);
        summary.layer = report.layer;
        summary.replaced = std::move(report.replaced);
        summary.note = std::move(report.note);
        summary.registry_date = incoming.registry_date;
        summary.name = db::display_name(incoming.kind, incoming.location, incoming.registry_date);
        return displacement;
    });
}

ImportResult import_files(const fs::path& database, const std::vector<fs::path>& files, const ImportOptions& options) {
    ImportResult result;
    std::vector<db::SourceData> sources;
    std::set<std::string> locations;
    for (const auto& file : files) {
        auto source = load_source_file(file, result.warnings);
        if (!locations.insert(source.location).second) {
            throw InputError(fmt::format("{}: the same file twice in one import", file.string()));
        }
        result.files.push_back(summary_of(file, source));
        sources.push_back(std::move(source));
    }
    add_parsed_sources(database, sources, result.files, options);
    return result;
}

}  // namespace portdb::importer
