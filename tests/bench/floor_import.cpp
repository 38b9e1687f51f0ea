// The least work that gives the same searchable database as portdb import of
// the IANA XML: pugixml parse, one transaction, one prepared insert per record
// (plus its FTS row), the same indexes. No validation, no contacts, no people.
#include "floor_schema.hpp"

#include <sqlite3.h>
#include <pugixml.hpp>

#include <cstdio>
#include <cstring>
#include <string>

namespace {

void text_of(const pugi::xml_node& node, std::string& out) {
    for (const auto& child : node.children()) {
        if (child.type() == pugi::node_pcdata) {
            out += child.value();
        } else if (std::strcmp(child.name(), "br") == 0) {
            out += '\n';
        } else {
            text_of(child, out);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: floor_import REGISTRY.xml DATABASE\n");
        return 2;
    }
    pugi::xml_document document;
    if (!document.load_file(argv[1])) {
        std::fprintf(stderr, "floor_import: cannot parse %s\n", argv[1]);
        return 3;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(argv[2], &db) != SQLITE_OK ||
        sqlite3_exec(db, portdb::bench::floor_schema, nullptr, nullptr, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "floor_import: %s\n", sqlite3_errmsg(db));
        return 3;
    }
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_stmt* fts = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO assignments (source_id, position, name, protocol, lo, hi, description, status, "
                       "note, unauthorized, active, flags) VALUES (1, ?, ?, ?, ?, ?, ?, ?, '', '', 1, '')",
                       -1, &insert, nullptr);
    sqlite3_prepare_v2(db, "INSERT INTO assignments_fts (rowid, name, description) VALUES (?, ?, ?)", -1, &fts,
                       nullptr);
    int position = 0;
    std::string description;
    for (const auto& record : document.document_element().children("record")) {
        const char* name = record.child_value("name");
        const char* protocol = record.child_value("protocol");
        const char* number = record.child_value("number");
        description.clear();
        text_of(record.child("description"), description);
        sqlite3_bind_int(insert, 1, ++position);
        *name != 0 ? sqlite3_bind_text(insert, 2, name, -1, SQLITE_STATIC) : sqlite3_bind_null(insert, 2);
        *protocol != 0 ? sqlite3_bind_text(insert, 3, protocol, -1, SQLITE_STATIC) : sqlite3_bind_null(insert, 3);
        if (*number != 0) {
            const char* dash = std::strchr(number, '-');
            sqlite3_bind_int(insert, 4, std::atoi(number));
            sqlite3_bind_int(insert, 5, std::atoi(dash != nullptr ? dash + 1 : number));
        } else {
            sqlite3_bind_null(insert, 4);
            sqlite3_bind_null(insert, 5);
        }
        sqlite3_bind_text(insert, 6, description.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 7, *name != 0 ? "assigned" : "status", -1, SQLITE_STATIC);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        sqlite3_bind_int64(fts, 1, sqlite3_last_insert_rowid(db));
        *name != 0 ? sqlite3_bind_text(fts, 2, name, -1, SQLITE_STATIC) : sqlite3_bind_null(fts, 2);
        sqlite3_bind_text(fts, 3, description.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(fts);
        sqlite3_reset(fts);
    }
    sqlite3_finalize(insert);
    sqlite3_finalize(fts);
    const bool ok = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    std::printf("%d records\n", position);
    return ok ? 0 : 3;
}
