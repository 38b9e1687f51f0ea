#pragma once
// What each command does, over the query and importer libraries: results on
// stdout, warnings on stderr. Each returns the exit code; errors propagate as
// exceptions for run() to report. The command table (command_table.cpp) names
// them.

#include "options.hpp"

namespace portdb::cli {

int run_import(const Options& options);
int run_info(const Options& options);
int run_lookup(const Options& options);
int run_search(const Options& options);
int run_check(const Options& options);
int run_free(const Options& options);
int run_suggest(const Options& options);
int run_export(const Options& options);
int run_update(const Options& options);
int run_reserve(const Options& options);
int run_release(const Options& options);
int run_reservations(const Options& options);
int run_diff(const Options& options);
int run_names(const Options& options);
int run_audit(const Options& options);

}  // namespace portdb::cli
