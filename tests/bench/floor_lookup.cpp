// The least work for a lookup: a read-only open, one indexed query, print.
// NAME looks the name up; PORT/PROTO the rows whose range holds the port.
// With --proc it also reads /proc/net/tcp and tcp6, as a local check must:
// the floor of `portdb check`.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

int main(int argc, char** argv) {
    if (argc != 3 && !(argc == 4 && std::strcmp(argv[3], "--proc") == 0)) {
        std::fprintf(stderr, "usage: floor_lookup DATABASE NAME|PORT/PROTO [--proc]\n");
        return 2;
    }
    if (argc == 4) {
        for (const char* file : {"/proc/net/tcp", "/proc/net/tcp6"}) {
            const int fd = open(file, O_RDONLY);
            char buffer[16384];
            while (fd >= 0 && read(fd, buffer, sizeof buffer) > 0) {
            }
            close(fd);
        }
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "floor_lookup: %s\n", sqlite3_errmsg(db));
        return 3;
    }
    sqlite3_stmt* query = nullptr;
    const char* slash = std::strchr(argv[2], '/');
    if (slash != nullptr) {
        sqlite3_prepare_v2(db,
                           "SELECT name, lo, hi, protocol, description FROM assignments "
                           "WHERE protocol = ?2 AND lo BETWEEN ?1 - 1000 AND ?1 AND hi >= ?1",
                           -1, &query, nullptr);
        sqlite3_bind_int(query, 1, std::atoi(argv[2]));
        sqlite3_bind_text(query, 2, slash + 1, -1, SQLITE_STATIC);
    } else {
        sqlite3_prepare_v2(db,
                           "SELECT name, lo, hi, protocol, description FROM assignments WHERE name = ?1 COLLATE NOCASE",
                           -1, &query, nullptr);
        sqlite3_bind_text(query, 1, argv[2], -1, SQLITE_STATIC);
    }
    int rows = 0;
    while (sqlite3_step(query) == SQLITE_ROW) {
        ++rows;
        std::printf("%s\t%d-%d/%s\t%s\n", reinterpret_cast<const char*>(sqlite3_column_text(query, 0)),
                    sqlite3_column_int(query, 1), sqlite3_column_int(query, 2),
                    reinterpret_cast<const char*>(sqlite3_column_text(query, 3)),
                    reinterpret_cast<const char*>(sqlite3_column_text(query, 4)));
    }
    sqlite3_finalize(query);
    sqlite3_close(db);
    return rows > 0 ? 0 : 1;
}
