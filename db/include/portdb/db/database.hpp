#pragma once
// The portdb database file: opening (and migrating), atomic replacement of
// sources, and the read queries the query library is built on.

#include "portdb/db/assignment.hpp"
#include "portdb/db/source.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portdb::db {

/// An assignment as stored: with its row id and the source it came from.
struct StoredAssignment {
    std::int64_t id = 0;
    SourceKind source = SourceKind::services;
    Assignment assignment;
    Layer layer = Layer::system;  ///< the layer of its source: decides how much the row weighs
    std::int64_t source_id = 0;
    std::string source_location{};             ///< its source's location and date: enough to name
    std::optional<std::string> source_date{};  ///< the source (display_name) without another query
};

/// One active row that holds a port range, in the least space: what a scan
/// of every port loads once instead of querying port by port.
struct PortRangeRow {
    PortRange ports;
    std::optional<std::string> protocol;  ///< absent: the row applies to every protocol
    SourceKind source = SourceKind::services;
    Layer layer = Layer::system;
    bool named = false;  ///< a service (true) or a status statement (false)
    Status status = Status::assigned;
};

/// A full-text match: the row and its bm25 rank (lower is better).
struct SearchHit {
    StoredAssignment row;
    double rank = 0;
};

/// Whether a read also loads each row's aliases, contacts and references
/// (three more queries): a collision check needs only the rows.
enum class RowDetail { row_only, full };

/// An open portdb database. Throws DatabaseError (naming the file) when the
/// file is missing (read-only), is not a portdb database, was written by a
/// newer portdb, or cannot be read or written.
class Database {
public:
    enum class Access { read_only, read_write };

    /// read_write creates the file (and its folder) when missing and migrates
    /// an older schema forward; read_only never writes. A read-only Database
    /// reads one snapshot for its whole life (a read transaction): a command
    /// that runs several queries never mixes two versions of a source, however
    /// often an import commits meanwhile. (Keep such objects short-lived: the
    /// snapshot holds back the WAL checkpoint.)
    Database(const std::filesystem::path& path, Access access);
    /// Reads a database held in memory (the bytes of a portdb database file,
    /// such as the shipped data linked into the program), read-only, without
    /// touching any file. `name` stands for the file in messages. Throws
    /// DatabaseError when the bytes are not a portdb database of this schema.
    /// With Access::read_write the copy in memory can be changed, growing by
    /// at most `room_to_grow` bytes (address space, used only as it fills;
    /// past it a write fails as on a full disk). Nothing is written back:
    /// write_image() hands out the result as a file's bytes. Its writes are
    /// not journaled: after one fails, discard the copy.
    [[nodiscard]] static Database from_image(std::string_view image, const std::string& name,
                                             Access access = Access::read_only, std::size_t room_to_grow = 0);
    /// Hands `write` the bytes of a database file holding what this database
    /// (one opened with from_image) holds now, in order, in a few pieces: what
    /// a first use writes as the new file, at once instead of page by page.
    void write_image(const std::function<void(std::string_view)>& write) const;
    /// A writable copy of this database (of its snapshot) in memory: changes
    /// to it touch no file. For a reader that cannot write the file but must
    /// see a change for one run (a site file on a shared, read-only database).
    [[nodiscard]] Database copy_in_memory() const;
    ~Database();
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;

    [[nodiscard]] const std::filesystem::path& path() const;
    [[nodiscard]] int schema_version() const;

    /// Decides, for a source about to be added, its layer (by setting it in the
    /// source) and what happens to the sources already there. It sees the
    /// sources as they are at that moment, earlier additions of the same call
    /// included; it may throw to refuse, which undoes the whole call.
    using Placer = std::function<Displacement(SourceData& incoming, const std::vector<SourceInfo>& existing)>;

    /// Adds the sources one by one as `place` decides (the importer's
    /// placement rules, importer/src/source_placement.cpp), all in one
    /// transaction: afterwards the database holds either all of it or, after
    /// any failure (an exception here, a crash, kill -9), exactly what it held
    /// before. Waits for a concurrent writer rather than failing at once.
    void add_sources(std::vector<SourceData>& sources, const Placer& place);

    /// Stops syncing each commit to disk (SQLite's synchronous = OFF), for a
    /// file nobody else sees yet (a database being staged): its creator syncs
    /// the file once, whole, before it is published. Never for a live database.
    void defer_syncing();

    /// Removes these sources and everything they hold, in one transaction.
    void remove_sources(const std::vector<std::int64_t>& ids);

    /// Records that an update asked this source's server just now and found nothing new.
    void mark_checked(std::int64_t source_id);

    [[nodiscard]] std::vector<SourceInfo> sources() const;
    /// One source whole, as an import would write it again: its rows with
    /// their details, its people, its location, date and validators.
    [[nodiscard]] SourceData source_data(const SourceInfo& source) const;
    /// Active assignments (rows with name, protocol and port) of one source, by protocol.
    [[nodiscard]] std::map<std::string, std::int64_t> assignment_counts_by_protocol(std::int64_t source_id) const;

    /// Active rows whose name or one of whose aliases equals `name`, ignoring ASCII case.
    [[nodiscard]] std::vector<StoredAssignment> find_by_name(std::string_view name) const;
    /// Active rows whose port range contains `port`: for `protocol` and the
    /// protocol-less rows, or for every protocol when none is given.
    [[nodiscard]] std::vector<StoredAssignment> find_by_port(std::uint16_t port,
                                                             std::optional<std::string_view> protocol,
                                                             RowDetail detail = RowDetail::full) const;

    /// Every row of one source, or of all sources, with aliases, contacts and
    /// references, in source and file order (for export).
    [[nodiscard]] std::vector<StoredAssignment> all_assignments(std::optional<SourceKind> source) const;
    /// Every row of one source, in file order, with aliases, contacts and references.
    [[nodiscard]] std::vector<StoredAssignment> assignments_of_source(std::int64_t source_id) const;
    /// The rows of all_assignments(), in its order, handed to `each` one at a
    /// time: memory does not grow with the database (rows are read a few
    /// hundred at a time). An exception thrown by `each` stops the reading.
    void for_each_assignment(std::optional<SourceKind> source,
                             const std::function<void(const StoredAssignment&)>& each) const;

    /// Runs an FTS5 MATCH expression over names and descriptions, best first.
    /// The expression must already be safe FTS5 syntax (query::search builds
    /// one from user text); it is bound as a parameter, never spliced into SQL.
    /// With `sources`, only rows of those sources. With RowDetail::row_only,
    /// load_details() completes the rows that are shown.
    [[nodiscard]] std::vector<SearchHit> search(const std::string& fts_expression, int limit,
                                                const std::optional<std::vector<std::int64_t>>& sources = std::nullopt,
                                                RowDetail detail = RowDetail::full) const;
    /// Loads the aliases, contacts and references of rows read with RowDetail::row_only.
    void load_details(std::vector<StoredAssignment>& rows) const;

    /// Every distinct active service name and alias, for "did you mean".
    [[nodiscard]] std::vector<std::string> all_names() const;
    /// The distinct names and aliases of the active rows outside the history
    /// layer that start with `prefix` (ASCII case ignored), sorted without
    /// regard to case: what shell completion offers, through the NOCASE indexes.
    [[nodiscard]] std::vector<std::string> names_starting_with(std::string_view prefix) const;

    /// Every active row with a port range (statuses included), in one query.
    [[nodiscard]] std::vector<PortRangeRow> port_ranges() const;

    /// Active rows whose port range overlaps `lo`-`hi`: for `protocol` and the
    /// protocol-less rows, or for every protocol when none is given. Ordered by
    /// source kind, then port, protocol (protocol-less rows last), name.
    [[nodiscard]] std::vector<StoredAssignment> find_overlapping(std::uint16_t lo, std::uint16_t hi,
                                                                 std::optional<std::string_view> protocol,
                                                                 RowDetail detail = RowDetail::full) const;

private:
    Database();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace portdb::db
