#pragma once
// A database of the hand-written fixtures and the fake /proc, for the query tests.

#include "portdb/db/database.hpp"
#include "portdb/importer/import.hpp"
#include "portdb/query/local_machine.hpp"
#include "test_support.hpp"

namespace portdb::test {

/// edge-cases.xml (iana-xml), the 2005-layout text (historic) and a small
/// services file with aliases (smtp = mail, http = www) and one production port taken.
struct QueryFixture {
    TempDir dir;
    db::Database db = [&] {
        write_file(dir / "services",
                   "smtp\t25/tcp\tmail\t# Simple Mail Transfer\nhttp\t80/tcp\twww\n"
                   "busy-prod\t31000/tcp\nhigh-daemon\t1500/tcp\n");
        importer::import_files(dir / "ports.sqlite",
                               {fixture("iana-xml/edge-cases.xml"),
                                fixture("port-numbers/port-numbers-2005-layout.txt"), dir / "services"});
        return db::Database(dir / "ports.sqlite", db::Database::Access::read_only);
    }();
    query::LocalMachine local = query::LocalMachine::read(fixture("proc"));
};

}  // namespace portdb::test
