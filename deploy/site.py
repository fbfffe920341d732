"""The Datasette configuration directory the site is served from.

Datasette's "configuration directory mode" (``datasette serve DIR``) reads
everything from one directory: the databases (``*.db``), the metadata, the
settings, ``plugins/``, ``templates/``, ``static/`` and ``inspect-data.json``,
whose databases it serves immutable.  ``make serve``, ``deploy/public.py``,
the benchmarks and the tests all serve the directory this module makes, so
the site is configured in one place:

- ``<name>.db``: a symbolic link to the database;
- ``inspect-data.json``: ``datasette inspect`` of it (made again when the
  database is newer): the database is served immutable, its counts known;
- ``metadata.yml``: the repository's metadata.yml, the dataset's entry
  (``databases: iran_cyberspace``) given to the database under the name it
  is served by (``make serve DB=/path/other.db`` serves ``other`` with the
  same descriptions, facets and label columns), with the ranked search page
  (``search``, ``search_statements``, see plugins/fa_search_page.py) among its queries;
- the settings of settings.json: as ``settings.json`` for Datasette 0.x; for
  Datasette 1.0, whose configuration (settings, plugins, queries, table
  options such as facets and sort) lives in ``datasette.yaml`` apart from
  the metadata (titles, descriptions, licence), as ``datasette.yaml``, the
  configuration keys moved there from metadata.yml;
- ``plugins/``, ``templates/``, ``static/``: symbolic links to the
  repository's.

    python -m deploy.site --db iran_cyberspace.db --dir .cache/site
"""

import argparse
import copy
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATASET = "iran_cyberspace"
LINKED = ("plugins", "templates", "static")
# Table options that Datasette 1.0 reads from its configuration, not from metadata.
TABLE_CONFIG_KEYS = ("hidden", "sort", "sort_desc", "size", "sortable_columns", "label_column", "facets",
                     "fts_table", "fts_pk", "searchmode")
# Top-level keys that are configuration in Datasette 1.0.
INSTANCE_CONFIG_KEYS = ("plugins", "extra_css_urls", "extra_js_urls")


def datasette_major():
    """The major version of the installed Datasette (0 or 1)."""
    from datasette.version import __version__

    return int(__version__.split(".")[0])


def settings():
    """settings.json: the site's Datasette settings."""
    return json.loads((ROOT / "settings.json").read_text(encoding="utf-8"))


def has_tables(db, names):
    """True if the database file ``db`` has every table in ``names``."""
    conn = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True)
    try:
        found = {row[0] for row in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
    finally:
        conn.close()
    return set(names) <= found


def metadata_for(db, name):
    """metadata.yml for the database ``db`` served as ``name``, with the search pages among its queries."""
    from plugins.fa_search_page import search_queries

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    databases = metadata.get("databases") or {}
    entry = copy.deepcopy(databases.pop(DATASET, {}))
    if has_tables(db, ["paragraphs_fts", "paragraphs", "articles"]):
        queries = entry.setdefault("queries", {})
        queries.update(
            search_queries(
                has_entities=has_tables(db, ["mentions", "people", "organisations"]),
                has_statements=has_tables(db, ["statements_fts", "people", "organisations"]),
            )
        )
    databases[name] = entry
    metadata["databases"] = databases
    return metadata


def split_config(metadata, site_settings):
    """``(metadata, config)`` as Datasette 1.0 reads them: configuration keys go to datasette.yaml."""
    metadata = copy.deepcopy(metadata)
    config = {"settings": dict(site_settings)}
    for key in INSTANCE_CONFIG_KEYS:
        if key in metadata:
            config[key] = metadata.pop(key)
    for name, database in (metadata.get("databases") or {}).items():
        database_config = config.setdefault("databases", {}).setdefault(name, {})
        if "queries" in database:
            database_config["queries"] = database.pop("queries")
        for table_name, table in (database.get("tables") or {}).items():
            options = {key: table.pop(key) for key in TABLE_CONFIG_KEYS if key in table}
            if options:
                database_config.setdefault("tables", {})[table_name] = options
    return metadata, config


def _dump(path, data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _link(link, target):
    """Make ``link`` a symbolic link to ``target`` (replacing whatever is there)."""
    target = Path(target).resolve()
    if link.is_symlink() and link.resolve() == target:
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    link.symlink_to(target, target_is_directory=target.is_dir())


def inspect(directory, db_name):
    """``inspect-data.json`` for ``db_name`` in ``directory``, made again when the database is newer."""
    inspect_file = directory / "inspect-data.json"
    database = directory / db_name
    if inspect_file.exists() and inspect_file.stat().st_mtime >= database.resolve().stat().st_mtime:
        try:
            if any(entry.get("file") == db_name for entry in json.loads(inspect_file.read_text()).values()):
                return inspect_file
        except ValueError:
            pass
    datasette = str(Path(sys.executable).with_name("datasette"))
    # Run in the directory, so the file is named as Datasette finds it there.
    subprocess.run([datasette, "inspect", db_name, "--inspect-file", "inspect-data.json.tmp"],
                   cwd=directory, check=True, stdout=subprocess.DEVNULL)
    (directory / "inspect-data.json.tmp").replace(inspect_file)
    return inspect_file


def default_directory(db):
    """Where the site of ``db`` is assembled unless told: beside it, ``.<name>.site``."""
    db = Path(db)
    return db.parent / f".{db.stem}.site"


def assemble(db, directory=None, major=None):
    """Make (or bring up to date) the configuration directory serving ``db``; return its absolute path."""
    db = Path(db)
    if not db.is_file():
        raise FileNotFoundError(f"no database at {db}")
    directory = Path(directory or default_directory(db)).absolute()
    directory.mkdir(parents=True, exist_ok=True)
    major = datasette_major() if major is None else major
    name = db.stem
    db_name = f"{name}.db"
    for old in directory.glob("*.db"):
        if old.name != db_name:
            old.unlink()
    _link(directory / db_name, db)
    for folder in LINKED:
        _link(directory / folder, ROOT / folder)
    metadata = metadata_for(db, name)
    site_settings = settings()
    if major >= 1:
        metadata, config = split_config(metadata, site_settings)
        _dump(directory / "datasette.yaml", config)
        (directory / "settings.json").unlink(missing_ok=True)
    else:
        (directory / "settings.json").write_text(json.dumps(site_settings, indent=4) + "\n", encoding="utf-8")
        (directory / "datasette.yaml").unlink(missing_ok=True)
    _dump(directory / "metadata.yml", metadata)
    inspect(directory, db_name)
    return directory


def serve_command(directory, port, host="127.0.0.1"):
    """``datasette serve DIR``: the site served from its configuration directory."""
    datasette = str(Path(sys.executable).with_name("datasette"))
    return [datasette, "serve", str(directory), "-h", host, "-p", str(port)]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m deploy.site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=f"{DATASET}.db")
    parser.add_argument("--dir", help="the directory to make (default: beside the database, .<name>.site)")
    args = parser.parse_args(argv)
    print(assemble(args.db, args.dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
