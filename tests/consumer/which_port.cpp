// A consumer of the installed library: starts a database from the registry
// portdb ships, imports a file of its own, and asks what a program would ask.
//   which_port DATABASE SERVICES_FILE
#include <portdb/db/database.hpp>
#include <portdb/importer/database_birth.hpp>
#include <portdb/importer/import.hpp>
#include <portdb/query/checker.hpp>
#include <portdb/query/lookup.hpp>
#include <portdb/query/policy.hpp>
#include <portdb/query/suggester.hpp>

#include <cstdio>
#include <exception>

namespace {

using portdb::db::Database;
namespace query = portdb::query;

void print_lookup(const Database& database, const char* what) {
    for (const auto& answer : query::lookup(database, what).services) {
        const auto& a = answer.row.assignment;
        std::printf("lookup %s: %s %u/%s from %s\n", what, a.name->c_str(), unsigned(a.ports->lo), a.protocol->c_str(),
                    answer.seen_in.front().c_str());
    }
}

void print_check(const query::Checker& checker, const char* port) {
    const auto report = checker.check(query::parse_check_argument(port));
    std::printf("check %s: %s\n", port, std::string(query::to_string(report.verdict())).c_str());
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc != 3) {
        std::fprintf(stderr, "usage: which_port DATABASE SERVICES_FILE\n");
        return 2;
    }
    portdb::importer::create_on_first_use(argv[1], std::filesystem::path(PORTDB_SHIPPED_DATABASE));
    portdb::importer::import_files(argv[1], {argv[2]});

    const Database database(argv[1], Database::Access::read_only);
    print_lookup(database, "finger");
    print_lookup(database, "mydaemon");

    const query::TargetSet linux_only{query::Target::linux_os};
    const query::Checker checker(database, query::builtin_policy(), nullptr, linux_only);
    print_check(checker, "79/tcp");
    print_check(checker, "30079/tcp");
    print_check(checker, "31007/tcp");

    const query::Suggester suggester(database, query::builtin_policy(), nullptr, linux_only);
    const auto suggestion = suggester.counterpart("finger", 2);
    std::printf("suggest finger, server 2: %u\n", unsigned(suggestion.port.value_or(0)));
    return 0;
} catch (const std::exception& error) {
    std::fprintf(stderr, "which_port: %s\n", error.what());
    return 1;
}
