"""Describe the database as a Frictionless Data Package.

``datapackage.json`` lists one resource per table with its CSV, its schema
(field names, types, descriptions, primary and foreign keys, taken from the
database itself and from metadata.yml), the licences and the sources.  The
same descriptor is served by the site (paths are the site's CSV addresses)
and written by ``python -m build.datapackage`` next to CSV files of every
table, which is what the tests validate with the ``frictionless`` library.
"""

import argparse
import csv
import json
import sqlite3
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NAME = "iran-cyberspace-news"
# The licences and the sources are kept in metadata.yml (``datapackage:``),
# beside the licence line the site shows; the outlets the articles come
# from are listed from the database itself (``outlet_sources``).


def outlet_sources(conn):
    """One source per publisher of the build's articles, with its web address where known."""
    from .lexicon import load_lexicon

    lexicon = load_lexicon()
    sources = []
    try:
        rows = conn.execute(
            "select publisher, publisher_id, count(*) from articles where publisher is not null group by 1, 2 order by 3 desc, 1"
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    for name, org_id, n in rows:
        source = {"title": f"{name} ({n} articles; texts © the publisher)"}
        org = lexicon.organisations.get(org_id)
        if org and org.domains:
            source["path"] = f"https://{org.domains[0]}/"
        sources.append(source)
    return sources


_TYPES = {"INTEGER": "integer", "REAL": "number", "FLOAT": "number", "TEXT": "string", "BLOB": "string"}
_INTERNAL = ("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")


def data_tables(conn):
    """Names of the tables holding data (not views, FTS shadow tables or SQLite's own)."""
    names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
    return [n for n in names if not n.startswith("sqlite_") and not n.endswith(_INTERNAL)]


def table_schema(conn, table, descriptions):
    """A Table Schema for ``table``: fields, primary key and foreign keys."""
    columns = conn.execute(f"pragma table_info([{table}])").fetchall()
    fields = []
    for _, name, declared, _notnull, _default, _pk in columns:
        field = {"name": name, "type": _TYPES.get((declared or "TEXT").upper(), "string")}
        if descriptions.get(name):
            field["description"] = descriptions[name]
        fields.append(field)
    schema = {"fields": fields}
    pk = [name for _, name, *_rest, pk in sorted(columns, key=lambda c: c[5]) if pk]
    if pk:
        schema["primaryKey"] = pk
    foreign_keys = [
        {"fields": [row[3]], "reference": {"resource": "" if row[2] == table else row[2], "fields": [row[4]]}}
        for row in conn.execute(f"pragma foreign_key_list([{table}])").fetchall()
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def load_metadata(path=ROOT / "metadata.yml"):
    """Table descriptions from metadata.yml (for the database ``iran_cyberspace``)."""
    metadata = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return metadata, (metadata.get("databases") or {}).get("iran_cyberspace", {}).get("tables", {})


def descriptor(db_path, csv_path, metadata_path=ROOT / "metadata.yml"):
    """The datapackage.json descriptor; ``csv_path(table)`` gives each CSV's path."""
    metadata, tables = load_metadata(metadata_path)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        resources = []
        for table in data_tables(conn):
            meta = tables.get(table, {})
            resource = {
                "name": table,
                "path": csv_path(table),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(conn, table, meta.get("columns") or {}),
            }
            if meta.get("description"):
                resource["description"] = meta["description"]
            resources.append(resource)
        outlets = outlet_sources(conn)
    finally:
        conn.close()
    package_meta = metadata.get("datapackage") or {}
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": metadata.get("title", NAME),
        "description": "Persian-language news about Iran's governance of cyberspace, passive defence and the Basij, "
        "split into paragraphs and linked to the people and organisations they name.",
        "licenses": package_meta.get("licenses", []),
        "sources": package_meta.get("sources", []) + outlets,
        "resources": resources,
    }


def export(db_path, directory):
    """Write ``datapackage.json`` and one UTF-8 CSV per table into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    package = descriptor(db_path, lambda table: f"{table}.csv")
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        for resource in package["resources"]:
            names = [f["name"] for f in resource["schema"]["fields"]]
            cursor = conn.execute(f"select {', '.join(f'[{n}]' for n in names)} from [{resource['name']}]")
            with open(directory / resource["path"], "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(names)
                writer.writerows(cursor)
    finally:
        conn.close()
    (directory / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return directory / "datapackage.json"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m build.datapackage", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="iran_cyberspace.db")
    parser.add_argument("--out", default="dist/datapackage")
    args = parser.parse_args(argv)
    print(export(args.db, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
