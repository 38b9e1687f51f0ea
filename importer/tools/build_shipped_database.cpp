// Build step: imports the registry portdb ships into a ready database.
//   portdb_build_shipped_database REGISTRY.xml OUT.sqlite
// The source is recorded as the IANA registry's URL, where the file came
// from, not the build machine's path (which means nothing where portdb runs).
#include "portdb/db/database.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/importer/update.hpp"

#include <cstdio>
#include <exception>
#include <filesystem>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s REGISTRY.xml OUT.sqlite\n", argv[0]);
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
        const std::filesystem::path out = argv[2];
        std::filesystem::remove(out);
        portdb::db::Database(out, portdb::db::Database::Access::read_write).replace_sources({source});
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
