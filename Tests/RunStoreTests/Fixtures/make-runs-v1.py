#!/usr/bin/env python3
"""Writes runs-v1.sqlite: a run store as Fanout's first schema version (migration "v1") left it.

Made once and committed, so the migration test opens a file no later Fanout wrote. The runs come
from a store the current `fanout` wrote (`SOURCE`, e.g. from `fanout sweep` and
`fanout simulate --db`); only the v1 tables are copied, with the v1 table definitions taken
verbatim from that store (the v1 migration has not changed since), and `grdb_migrations` holds
"v1" only.

    python3 make-runs-v1.py SOURCE.sqlite runs-v1.sqlite
"""
import sqlite3
import sys

V1_TABLES = ["runs", "line_items", "limits", "metrics", "timeseries"]

source, target = sys.argv[1], sys.argv[2]
src = sqlite3.connect(source)
out = sqlite3.connect(target)
out.execute("PRAGMA journal_mode = DELETE")
out.execute("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
out.execute("INSERT INTO grdb_migrations VALUES ('v1')")
for table in V1_TABLES:
    (sql,) = src.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    out.execute(sql)
for (sql,) in src.execute(
    "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (%s)"
    % ",".join("?" * len(V1_TABLES)),
    V1_TABLES,
):
    out.execute(sql)
for table in V1_TABLES:
    rows = src.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
    if rows:
        out.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
(application_id,) = src.execute("PRAGMA application_id").fetchone()
out.execute(f"PRAGMA application_id = {application_id}")
out.commit()
out.execute("VACUUM")
out.close()
