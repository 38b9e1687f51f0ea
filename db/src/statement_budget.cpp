#include "statement_budget.hpp"

#include <sqlite3.h>

namespace portdb::db::detail {
namespace {

constexpr int instructions_per_step = 1000;

}  // namespace

StatementBudget::StatementBudget(std::uint64_t instructions)
    : allowed_steps_(instructions / instructions_per_step + 1) {}

void StatementBudget::install(sqlite3* connection) {
    sqlite3_progress_handler(connection, instructions_per_step, &StatementBudget::on_progress, this);
    sqlite3_trace_v2(connection, SQLITE_TRACE_STMT | SQLITE_TRACE_ROW, &StatementBudget::on_trace, this);
}

int StatementBudget::on_progress(void* self) {
    auto& budget = *static_cast<StatementBudget*>(self);
    return ++budget.steps_ > budget.allowed_steps_ ? 1 : 0;  // non-zero interrupts the statement
}

int StatementBudget::on_trace(unsigned, void* self, void*, void*) {
    static_cast<StatementBudget*>(self)->steps_ = 0;  // a statement starts, or a row is out: a fresh budget
    return 0;
}

}  // namespace portdb::db::detail
