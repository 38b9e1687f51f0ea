// Build step: imports the registry and the de-facto list portdb ships into a
// ready database.
//   portdb_build_shipped_database REGISTRY.xml DEFACTO.toml OUT.sqlite
// The registry is recorded as coming from IANA's URL, and the list by its file
// name, not by the build machine's paths (which mean nothing where portdb runs).
#include "portdb/db/database.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/update.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s REGISTRY.xml DEFACTO.toml OUT.sqlite\n", argv[0]);
        return 2;
    }
    try {
        std::vector<std::string> warnings;
        auto source = portdb::importer::load_source_file(argv[1], warnings);
        if (source.kind != portdb::db::SourceKind::iana_xml || !warnings.empty()) {
            std::fprintf(stderr, "%s: not a clean IANA XML registry\n", argv[1]);
            return 1;
        }
        source.location = portdb::importer::iana_registry_url;
        auto defaults = portdb::importer::load_source_file(argv[2], warnings);
        if (defaults.kind != portdb::db::SourceKind::defacto_list) {
            std::fprintf(stderr, "%s: not a de-facto list\n", argv[2]);
            return 1;
        }
        defaults.location = std::filesystem::path(argv[2]).filename().string();
        const std::filesystem::path out = argv[3];
        std::filesystem::remove(out);
        std::vector<portdb::db::SourceData> sources{std::move(source), std::move(defaults)};
        std::vector<portdb::importer::ImportSummary> summaries{portdb::importer::summary_of(argv[1], sources[0]),
                                                               portdb::importer::summary_of(argv[2], sources[1])};
        portdb::db::Database writer(out, portdb::db::Database::Access::read_write);
        portdb::importer::add_parsed_sources(writer, sources, summaries, false);  // the placement rules of any import
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
