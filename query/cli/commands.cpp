#include "commands.hpp"

#include "exit_codes.hpp"
#include "output.hpp"
#include "terminal_text.hpp"
#include "portdb/db/database.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/query/lookup.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace portdb::cli {
namespace {

// Enough to see what went wrong without burying the summary.
constexpr std::size_t max_warnings_shown = 20;

void print(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

void print_json(const nlohmann::json& value) { print(value.dump(2) + "\n"); }

void print_warnings(const std::vector<std::string>& warnings) {
    for (std::size_t i = 0; i < warnings.size() && i < max_warnings_shown; ++i) {
        fmt::print(stderr, "portdb: warning: {}\n", terminal_text(warnings[i]));
    }
    if (warnings.size() > max_warnings_shown) {
        fmt::print(stderr, "portdb: warning: ... and {} more warnings\n", warnings.size() - max_warnings_shown);
    }
}

int run_import(const Options& options) {
    const auto result = importer::import_files(options.database, options.files);
    print_warnings(result.warnings);
    if (options.json) {
        print_json(to_json(options.database, result));
    } else {
        print(format_import(options.database, result));
    }
    return exit_ok;
}

// With no database yet, start from the system's services file and say so.
void create_database_on_first_use(const Options& options) {
    if (const auto created = importer::create_from_system_services(options.database)) {
        fmt::print(stderr,
                   "portdb: no database yet: created {} from {} ({} entries); "
                   "run portdb import FILE for a full registry\n",
                   options.database.string(), created->file.string(), created->assignments);
    }
}

int run_info(const Options& options) {
    create_database_on_first_use(options);
    const db::Database database(options.database, db::Database::Access::read_only);
    const auto sources = database.sources();
    if (options.json) {
        print_json(to_json(database, sources));
    } else {
        print(format_info(database, sources));
    }
    return exit_ok;
}

int run_lookup(const Options& options) {
    const auto query = query::parse_lookup_query(options.query);  // usage errors before any file is touched
    create_database_on_first_use(options);
    const db::Database database(options.database, db::Database::Access::read_only);
    const auto result = query::lookup(database, query);
    if (options.json) {
        print_json(to_json(options.query, result));
    } else if (result.services.empty() && result.statuses.empty()) {
        fmt::print(stderr, "portdb: nothing found for \"{}\"\n", terminal_text(options.query.substr(0, 200)));
    } else {
        print(format_lookup(result));
    }
    return result.found() ? exit_ok : exit_not_found;
}

}  // namespace

int execute(const Options& options) {
    switch (options.command) {
        case Command::import:
            return run_import(options);
        case Command::lookup:
            return run_lookup(options);
        case Command::info:
            break;
    }
    return run_info(options);
}

}  // namespace portdb::cli
