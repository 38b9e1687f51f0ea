#pragma once
// A database in a fresh folder, filled through `portdb import`, for the
// end-to-end tests of the binary; and the one most of them ask.

#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace portdb::test {

struct CliDatabase {
    TempDir dir;
    std::filesystem::path db = dir / "ports.sqlite";

    void import(const std::vector<std::filesystem::path>& files) const {
        std::vector<std::string> args{"import"};
        for (const auto& file : files) {
            args.push_back(file.string());
        }
        const auto result = run_portdb(args, db);
        REQUIRE(result.exit_code == 0);
    }
    [[nodiscard]] CommandResult run(const std::vector<std::string>& args) const { return run_portdb(args, db); }
};

/// The database most CLI tests ask: the edge cases of the IANA registry
/// (iana-xml/edge-cases.xml) and a services file (services/etc-services).
struct ImportedDatabase : CliDatabase {
    ImportedDatabase() { import({fixture("iana-xml/edge-cases.xml"), fixture("services/etc-services")}); }
};

}  // namespace portdb::test
