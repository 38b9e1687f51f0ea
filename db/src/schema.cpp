#include "schema.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string>

namespace portdb::db::detail {
namespace {

// Version 1. Names stay byte-exact; case-insensitive lookups go through
// NOCASE indexes. No uniqueness on (port, protocol) or (name, protocol): real
// registries have several names per port and several ports per name.
constexpr const char* schema_v1 = R"sql(
CREATE TABLE sources (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL UNIQUE,
    location         TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    registry_date    TEXT,
    imported_at      TEXT NOT NULL,
    etag             TEXT,
    last_modified    TEXT,
    record_count     INTEGER NOT NULL,
    assignment_count INTEGER NOT NULL,
    people_count     INTEGER NOT NULL,
    warning_count    INTEGER NOT NULL,
    widest_range     INTEGER NOT NULL  -- max(hi - lo): bounds the port-lookup index scan
);
CREATE TABLE assignments (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources(id),
    position     INTEGER NOT NULL,
    name         TEXT,
    protocol     TEXT,
    lo           INTEGER,
    hi           INTEGER,
    description  TEXT NOT NULL,
    status       TEXT NOT NULL,
    registered   TEXT,
    modified     TEXT,
    note         TEXT NOT NULL,
    unauthorized TEXT NOT NULL,
    service_code INTEGER,
    frequency    REAL,
    alias_of     TEXT,
    active       INTEGER NOT NULL,
    flags        TEXT NOT NULL,
    CHECK ((lo IS NULL) = (hi IS NULL)),
    CHECK (lo IS NULL OR (lo BETWEEN 0 AND 65535 AND hi BETWEEN lo AND 65535))
);
CREATE INDEX assignments_by_protocol_port ON assignments(protocol, lo, hi);
CREATE INDEX assignments_by_port ON assignments(lo, hi);
CREATE INDEX assignments_by_name ON assignments(name COLLATE NOCASE);
CREATE INDEX assignments_by_source ON assignments(source_id);
CREATE TABLE aliases (
    assignment_id INTEGER NOT NULL REFERENCES assignments(id),
    alias         TEXT NOT NULL
);
CREATE INDEX aliases_by_alias ON aliases(alias COLLATE NOCASE);
CREATE INDEX aliases_by_assignment ON aliases(assignment_id);
CREATE TABLE contacts (
    assignment_id INTEGER NOT NULL REFERENCES assignments(id),
    role          TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    name          TEXT NOT NULL,
    org           TEXT NOT NULL,
    email         TEXT NOT NULL,
    direct        INTEGER NOT NULL
);
CREATE INDEX contacts_by_assignment ON contacts(assignment_id);
CREATE TABLE refs (
    assignment_id INTEGER NOT NULL REFERENCES assignments(id),
    kind          TEXT NOT NULL,
    value         TEXT NOT NULL
);
CREATE INDEX refs_by_assignment ON refs(assignment_id);
CREATE TABLE people (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    person_id TEXT NOT NULL,
    name      TEXT NOT NULL,
    org       TEXT NOT NULL,
    uris      TEXT NOT NULL,  -- newline-separated, as written
    updated   TEXT
);
CREATE VIRTUAL TABLE assignments_fts USING fts5(
    name, description, content='assignments', content_rowid='id'
);
)sql";

// Version 2: layers. Several sources of one kind live side by side (services
// files keyed by path, older IANA snapshots kept as history), and each source
// records the layer it answers in. SQLite cannot drop the UNIQUE on kind, so
// the table is rebuilt; a v1 file's sources land in the layer their kind
// implies (a CSV beside an XML is history: the XML was the better registry).
// The columns are v1's written out again on purpose: a step stays as it was
// released, since files made by earlier portdb versions hold the text their
// steps wrote; a piece shared with a later step could change under them.
constexpr const char* schema_v2 = R"sql(
CREATE TABLE sources_v2 (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,
    layer            TEXT NOT NULL,
    location         TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    registry_date    TEXT,
    imported_at      TEXT NOT NULL,
    etag             TEXT,
    last_modified    TEXT,
    record_count     INTEGER NOT NULL,
    assignment_count INTEGER NOT NULL,
    people_count     INTEGER NOT NULL,
    warning_count    INTEGER NOT NULL,
    widest_range     INTEGER NOT NULL  -- max(hi - lo): bounds the port-lookup index scan
);
INSERT INTO sources_v2
SELECT id, kind,
       CASE kind
           WHEN 'iana-xml' THEN 'registry'
           WHEN 'iana-csv' THEN (CASE WHEN EXISTS (SELECT 1 FROM sources WHERE kind = 'iana-xml')
                                      THEN 'history' ELSE 'registry' END)
           WHEN 'port-numbers-text' THEN 'history'
           WHEN 'nmap-services' THEN 'defacto'
           ELSE 'system'
       END,
       location, sha256, registry_date, imported_at, etag, last_modified,
       record_count, assignment_count, people_count, warning_count, widest_range
FROM sources;
DROP TABLE sources;
ALTER TABLE sources_v2 RENAME TO sources;
CREATE INDEX sources_by_layer ON sources(layer);
)sql";

// Version 3: when `portdb update` last asked a source's server, whether or not
// it had changed, so that "run portdb update" is not advised right after one.
constexpr const char* schema_v3 = R"sql(
ALTER TABLE sources ADD COLUMN checked_at TEXT;
)sql";

// Index i holds the step from version i to version i + 1.
constexpr std::array<const char*, current_schema_version> migrations{schema_v1, schema_v2, schema_v3};

}  // namespace

void migrate(SQLite::Database& db) {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    const int from_version = db.execAndGet("PRAGMA user_version").getInt();
    if (from_version >= current_schema_version) {
        return;  // another process migrated first; the transaction rolls back (nothing written)
    }
    for (int version = from_version; version < current_schema_version; ++version) {
        db.exec(migrations[static_cast<std::size_t>(version)]);
    }
    db.exec("PRAGMA application_id = " + std::to_string(application_id));
    db.exec("PRAGMA user_version = " + std::to_string(current_schema_version));
    transaction.commit();
}

}  // namespace portdb::db::detail
