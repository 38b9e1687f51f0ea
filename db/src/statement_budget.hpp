#pragma once
// A bound on the work of one SQLite statement (internal to db).

#include <cstdint>

struct sqlite3;

namespace portdb::db::detail {

/// SQLite virtual-machine instructions a statement may run without producing
/// a row: about ten seconds of work on a slow machine. No query portdb
/// writes comes near it (a full export sorts a million rows in a tenth of
/// it); a database crafted to loop (a view with an endless recursive CTE)
/// is interrupted instead of hanging the command.
inline constexpr std::uint64_t default_statement_budget = 500'000'000;

/// Installs a progress handler that interrupts a statement (SQLITE_INTERRUPT)
/// once it has run `instructions` VM instructions since it started or since
/// its last result row. Time spent outside SQLite between rows (a blocked
/// write of the output) does not count. The object must outlive the
/// connection's use.
class StatementBudget {
public:
    explicit StatementBudget(std::uint64_t instructions = default_statement_budget);
    void install(sqlite3* connection);

private:
    static int on_progress(void* self);
    static int on_trace(unsigned event, void* self, void* statement, void* detail);

    std::uint64_t allowed_steps_;  ///< progress callbacks allowed between rows
    std::uint64_t steps_ = 0;
};

}  // namespace portdb::db::detail
