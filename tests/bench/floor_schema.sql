PRAGMA journal_mode = WAL;
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL, position INTEGER NOT NULL,
    name TEXT, protocol TEXT, lo INTEGER, hi INTEGER, description TEXT NOT NULL, status TEXT NOT NULL,
    registered TEXT, modified TEXT, note TEXT NOT NULL, unauthorized TEXT NOT NULL, service_code INTEGER,
    frequency REAL, alias_of TEXT, active INTEGER NOT NULL, flags TEXT NOT NULL);
CREATE INDEX assignments_by_protocol_port ON assignments(protocol, lo, hi);
CREATE INDEX assignments_by_port ON assignments(lo, hi);
CREATE INDEX assignments_by_name ON assignments(name COLLATE NOCASE);
CREATE INDEX assignments_by_source ON assignments(source_id);
CREATE VIRTUAL TABLE assignments_fts USING fts5(name, description, content='assignments', content_rowid='id');
