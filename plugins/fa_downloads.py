"""Downloads a person can open: CSV for Excel, the database, a Data Package.

- ``.excel`` on any table or query page (``/iran_cyberspace/articles.excel``)
  gives CSV with a UTF-8 byte-order mark and CRLF line ends, which Excel
  needs to read Persian text as UTF-8 instead of mojibake.  On a table page
  it holds every row that matches the filters, not just the page shown;
  with ``_labels=on`` each foreign key is followed by its label
  (``article_id``, ``article_id_label``), as in Datasette's own CSV.
  Datasette's own ``.csv`` and ``.json`` stay exactly as they are for
  programs.
- ``/-/datapackage.json``: a Frictionless Data Package whose resources are
  the site's CSV of every table (see build/datapackage.py).
- ``/-/downloads``: one page listing all of them and the whole database.
"""

import csv
import io
import re
import sys
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from build.datapackage import data_tables, descriptor  # noqa: E402

BOM = "\ufeff"
_TRAILING_LIMIT = re.compile(r"\s+limit\s+\d+\s*$", re.IGNORECASE)


def excel_csv(columns, rows):
    """CSV text Excel opens as UTF-8: a byte-order mark, then CRLF-ended rows."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


async def with_labels(datasette, database, table, columns, rows):
    """``columns`` and ``rows`` with a ``<column>_label`` after each foreign key."""
    fks = {fk["column"] for fk in await datasette.get_database(database).foreign_keys_for_table(table)}
    labelled = [c for c in columns if c in fks]
    labels = {}
    for column in labelled:
        values = list({row[columns.index(column)] for row in rows if row[columns.index(column)] is not None})
        labels[column] = await datasette.expand_foreign_keys(database, table, column, values)
    new_columns = []
    for column in columns:
        new_columns.append(column)
        if column in labels:
            new_columns.append(f"{column}_label")
    new_rows = []
    for row in rows:
        out = []
        for i, column in enumerate(columns):
            out.append(row[i])
            if column in labels:
                out.append(labels[column].get((column, row[i])))
        new_rows.append(out)
    return new_columns, new_rows


async def render_excel(datasette, columns, rows, sql, database, table, request, data):
    """The rows as an Excel-ready CSV attachment.

    A table page's SQL ends in ``limit <page size + 1>``; without it, the
    same query gives every row the filters select, in the same order.
    """
    if table and sql and _TRAILING_LIMIT.search(sql):
        params = (data.get("query") or {}).get("params") or {}
        result = await datasette.get_database(database).execute(_TRAILING_LIMIT.sub("", sql), params, truncate=False)
        columns, rows = result.columns, result.rows
    if table and request.args.get("_labels") in ("on", "1", "true"):
        columns, rows = await with_labels(datasette, database, table, columns, rows)
    name = table or data.get("query_name") or database
    return Response(
        excel_csv(columns, rows),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}-excel.csv"'},
    )


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "excel", "render": render_excel}


def _dataset_database(datasette):
    """The served database file that holds the dataset (the first one served)."""
    for name, db in datasette.databases.items():
        if name != "_internal" and db.path:
            return name, db
    raise LookupError("no database file is served")


async def datapackage(datasette, request):
    """``/-/datapackage.json``: the Data Package of the served database."""
    name, db = _dataset_database(datasette)
    package = descriptor(
        db.path,
        lambda table: datasette.absolute_url(request, datasette.urls.path(f"/{name}/{table}.csv?_stream=on&_size=max")),
    )
    return Response.json(package, headers={"access-control-allow-origin": "*"})


async def downloads(datasette, request):
    """``/-/downloads``: every download, for every table."""
    name, db = _dataset_database(datasette)
    tables = await db.execute_fn(lambda conn: data_tables(conn))
    return Response.html(
        await datasette.render_template("downloads.html", {"database": name, "tables": tables}, request=request)
    )


@hookimpl
def register_routes():
    return [
        (r"^/-/datapackage\.json$", datapackage),
        (r"^/-/downloads$", downloads),
    ]
