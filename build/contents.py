"""What a database publishes, independent of how its file is laid out.

A full build and an incremental build of the same seeds hold the same rows,
but not at the same rowids or on the same pages: the incremental one
deletes and appends.  Everything published (table and row pages, exports,
search) addresses rows by primary key, so two databases publish the same
thing when every table has the same rows in primary-key order and every
full-text index agrees with its table.

    python -m build.contents site.db      # prints the digest
"""

import hashlib
import json
import sys

import sqlite_utils

from . import schema


def table_rows(db, table):
    """Every row of ``table`` (its declared columns), in primary-key order."""
    pk = schema.TABLES[table]["pk"]
    order = ", ".join(f"[{c}]" for c in (pk if isinstance(pk, tuple) else (pk,)))
    columns = ", ".join(f"[{c}]" for c in schema.TABLES[table]["columns"])
    return db.execute(f"select {columns} from [{table}] order by {order}").fetchall()


def fts_problems(db):
    """Full-text indexes that do not match their table (FTS5 'integrity-check')."""
    import sqlite3

    problems = []
    for table in schema.FTS_CONFIG:
        fts = db[table].detect_fts()
        if not fts:
            problems.append(f"{table}: no full-text index")
            continue
        try:
            db.execute(f"insert into [{fts}]([{fts}]) values ('integrity-check')")
        except sqlite3.DatabaseError as error:
            problems.append(f"{fts}: {error}")
    return problems


def contents_digest(db):
    """SHA-256 of every table's rows in primary-key order.

    Raises ``ValueError`` if a full-text index does not match its table,
    since then searches would differ even though the rows are the same.
    """
    problems = fts_problems(db)
    if problems:
        raise ValueError("; ".join(problems))
    digest = hashlib.sha256()
    for table in schema.TABLES:
        digest.update(table.encode() + b"\0")
        for row in table_rows(db, table):
            digest.update(json.dumps(row, ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()


if __name__ == "__main__":
    print(contents_digest(sqlite_utils.Database(sys.argv[1])))
