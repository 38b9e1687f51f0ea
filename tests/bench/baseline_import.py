#!/usr/bin/env python3
"""The obvious importer: ElementTree + sqlite3, the floors' schema, one
transaction. What someone would write in an afternoon: the baseline."""
import sqlite3
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.iana.org/assignments}"


def text(element):
    return "".join(element.itertext()) if element is not None else ""


def main():
    registry, database = sys.argv[1], sys.argv[2]
    root = ET.parse(registry).getroot()
    schema = open(__file__.rsplit("/", 1)[0] + "/floor_schema.sql").read()
    db = sqlite3.connect(database)
    db.executescript(schema)
    with db:
        for position, record in enumerate(root.findall(NS + "record"), 1):
            name = (record.findtext(NS + "name") or "").strip() or None
            protocol = (record.findtext(NS + "protocol") or "").strip() or None
            number = (record.findtext(NS + "number") or "").strip()
            lo = hi = None
            if number:
                lo, _, high = number.partition("-")
                lo, hi = int(lo), int(high or lo)
            description = text(record.find(NS + "description")).strip()
            cursor = db.execute(
                "INSERT INTO assignments (source_id, position, name, protocol, lo, hi, description, status, note,"
                " unauthorized, active, flags) VALUES (1, ?, ?, ?, ?, ?, ?, ?, '', '', 1, '')",
                (position, name, protocol, lo, hi, description, "assigned" if name else "status"))
            db.execute("INSERT INTO assignments_fts (rowid, name, description) VALUES (?, ?, ?)",
                       (cursor.lastrowid, name, description))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


if __name__ == "__main__":
    main()
