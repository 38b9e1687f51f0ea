#pragma once
// What Database's three files share (internal to db, never installed): the
// connection and its owner's state. database_open.cpp opens and migrates it,
// database_write.cpp writes sources, database_read.cpp answers the queries.

#include "image_memory.hpp"
#include "portdb/db/database.hpp"
#include "portdb/db/database_error.hpp"
#include "statement_budget.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::db {
namespace detail {

// Long enough for a concurrent import to finish; a lookup never waits this long
// in practice because writers hold the lock only while committing (WAL).
inline constexpr int busy_timeout_ms = 30'000;

/// The columns a statement reads or writes, by name. The statement's SQL
/// lists them from here (list()), so `columns["name"]` is that column's
/// index in a result row and `columns.parameter("name")` the parameter that
/// fills it in an INSERT (insert_sql), both found when compiling: a row is
/// mapped by name at no cost per row, and a name the list lacks does not compile.
template <std::size_t N>
struct Columns {
    std::array<std::string_view, N> names;

    [[nodiscard]] constexpr int index_of(std::string_view name) const {
        for (std::size_t i = 0; i < N; ++i) {
            if (names[i] == name) {
                return static_cast<int>(i);
            }
        }
        throw std::invalid_argument("not one of the columns");
    }
    consteval int operator[](std::string_view name) const { return index_of(name); }
    consteval int parameter(std::string_view name) const { return index_of(name) + 1; }
    /// "a, b, c": the names as an SQL list.
    [[nodiscard]] std::string list() const { return fmt::format("{}", fmt::join(names, ", ")); }
};
template <typename... Name>
Columns(Name...) -> Columns<sizeof...(Name)>;

// The tables of an assignment's details, written and read as a whole.
inline constexpr Columns alias_columns{"assignment_id", "alias"};
inline constexpr Columns contact_columns{"assignment_id", "role", "person_id", "name", "org", "email", "direct"};
inline constexpr Columns ref_columns{"assignment_id", "kind", "value"};

}  // namespace detail

struct Database::Impl {
    std::filesystem::path path;
    std::unique_ptr<detail::ImageMemory> memory;  ///< an in-memory database's pages: outlives `sql`
    std::unique_ptr<SQLite::Database> sql;
    detail::StatementBudget budget{detail::default_statement_budget};

    [[noreturn]] void fail(const std::exception& error) const {
        throw DatabaseError(fmt::format("database {}: {}", path.string(), explain(error)));
    }
    [[nodiscard]] std::string explain(const std::exception& error) const;

    /// Runs `work` and returns what it returns; an SQLite::Exception becomes the
    /// DatabaseError that names the file (fail). Every query and write goes
    /// through here; other exceptions (a DatabaseError of its own) pass as they are.
    template <typename Work>
    decltype(auto) guarded(const Work& work) const {
        try {
            return work();
        } catch (const SQLite::Exception& error) {
            fail(error);
        }
    }

    // database_open.cpp
    void open(Access access);
    void open_image(std::string_view image, std::optional<std::size_t> room_to_grow);
    void remove_if_still_empty() noexcept;
    void check_identity_and_migrate(Access access);

    // database_write.cpp
    void delete_source(std::int64_t source_id);
    void insert_source(const SourceData& source);

    // database_read.cpp
    /// Reads rows of `row_columns`; a further column after them (a rank) goes to `extra`.
    /// With `max_rows`, stops after that many (the statement then goes on from there).
    std::vector<StoredAssignment> read_rows(SQLite::Statement& query, std::vector<double>* extra = nullptr,
                                            RowDetail detail = RowDetail::full, std::size_t max_rows = 0) const;
    void read_details(std::vector<StoredAssignment>& rows) const;
};

}  // namespace portdb::db
