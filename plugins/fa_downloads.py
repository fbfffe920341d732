"""Downloads a person can open: CSV for Excel, the database, a Data Package.

- ``.excel`` on any table or query page (``/iran_cyberspace/articles.excel``)
  gives CSV with a UTF-8 byte-order mark and CRLF line ends, which Excel
  needs to read Persian text as UTF-8 instead of mojibake.  On a table page
  it holds every row that matches the filters, not just the page shown: it
  is Datasette's own streamed CSV (``.csv?_stream=on``) with the byte-order
  mark in front, read from the database one page of rows at a time, so a
  download of every paragraph of 50,000 articles needs no more memory than
  one page.  With ``_labels=on`` each foreign key is followed by its
  label (``article_id``, ``article_id_label``), as in Datasette's own CSV;
  a linked row without a label (an article without a headline) is named
  by its id, as on the site's pages (``LabelFiller``).
  On a query page it holds the query's rows (at most
  ``max_returned_rows``).  Datasette's own ``.csv`` and ``.json`` stay
  exactly as they are for programs.
- ``/-/datapackage.json``: a Frictionless Data Package whose resources are
  the site's CSV of every table (see build/datapackage.py).
- ``/-/downloads``: one page listing all of them and the whole database.
"""

import codecs
import csv
import io
import re
import urllib.parse

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from build.datapackage import data_tables, descriptor

BOM = "\ufeff"
_TABLE_EXCEL = re.compile(r"^/(?P<database>[^/]+)/(?P<table>[^/]+)\.excel$")
# Parameters of a page that a streamed download of every row must not carry.
_PAGE_ONLY = {"_size", "_next", "_stream", "_dl", "_nofacet", "_nocount"}


def excel_csv(columns, rows):
    """CSV text Excel opens as UTF-8: a byte-order mark, then CRLF-ended rows."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


async def render_excel(datasette, columns, rows, sql, database, table, request, data):
    """A query's rows as an Excel-ready CSV attachment (a table's are streamed, see ``asgi_wrapper``)."""
    name = table or data.get("query_name") or database
    return Response(
        excel_csv(columns, rows),
        content_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}-excel.csv"'},
    )


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "excel", "render": render_excel}


async def _table_excel(datasette, scope):
    """``(database, table)`` if ``scope`` asks for a table's or a view's ``.excel``, else None."""
    match = _TABLE_EXCEL.match(scope.get("path", ""))
    if scope["type"] != "http" or not match:
        return None
    database, table = tilde_decode(match["database"]), tilde_decode(match["table"])
    try:
        db = datasette.get_database(database)
    except KeyError:
        return None
    if table in await db.table_names() or table in await db.view_names():
        return database, table
    return None


class LabelFiller:
    """Fill the empty ``X_label`` cells of a streamed CSV with the key ``X`` beside them.

    Datasette's CSV with ``_labels=on`` writes a linked row's label after its
    key, and nothing when that row has no label.  Chunks of CSV text go in,
    whole rows come out: a row ends at a CRLF outside quotes (a quote inside
    a field is doubled, so the quotes before it are even in number).
    """

    def __init__(self):
        self.pending, self.header, self.pairs = "", None, []

    def _complete(self):
        """The length of ``pending`` that holds whole rows."""
        end, quotes, cut = 0, 0, 0
        while True:
            found = self.pending.find("\r\n", end)
            if found < 0:
                return cut
            quotes += self.pending.count('"', end, found)
            end = found + 2
            if quotes % 2 == 0:
                cut = end

    def _rows(self, text):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for row in csv.reader(io.StringIO(text, newline="")):
            if self.header is None:
                self.header = row
                self.pairs = [(i - 1, i) for i, name in enumerate(row)
                              if i and name == f"{row[i - 1]}_label"]
            else:
                for key, label in self.pairs:
                    if label < len(row) and not row[label]:
                        row[label] = row[key]
            writer.writerow(row)
        return out.getvalue()

    def feed(self, text, last=False):
        """CSV text for the whole rows received so far (all of it when ``last``)."""
        if self.header is not None and not self.pairs:
            return text  # no labels: the CSV passes unchanged
        self.pending += text
        cut = len(self.pending) if last else self._complete()
        done, self.pending = self.pending[:cut], self.pending[cut:]
        return self._rows(done) if done else ""


def streamed_csv_scope(scope, database, table):
    """The request for Datasette's streamed CSV of every row the ``.excel`` request's filters select."""
    args = [(k, v) for k, v in urllib.parse.parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                                       keep_blank_values=True) if k not in _PAGE_ONLY]
    args += [("_stream", "on"), ("_size", "max"), ("_dl", "1")]
    path = scope["path"][: -len(".excel")] + ".csv"
    return dict(scope, path=path, raw_path=path.encode("latin-1"),
                query_string=urllib.parse.urlencode(args).encode("latin-1"))


@hookimpl
def asgi_wrapper(datasette):
    """Answer a table's ``.excel`` with its streamed CSV, a byte-order mark in front."""

    def wrap(app):
        async def excel(scope, receive, send):
            found = await _table_excel(datasette, scope)
            if found is None:
                await app(scope, receive, send)
                return
            database, table = found
            first = True
            ok = False
            labels = LabelFiller()
            decoder = codecs.getincrementaldecoder("utf-8")()

            async def with_bom(message):
                nonlocal first, ok
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers", [])
                               if k.lower() not in (b"content-disposition", b"content-length")]
                    ok = first = message["status"] == 200
                    if ok:
                        headers.append((b"content-disposition",
                                        f'attachment; filename="{table}-excel.csv"'.encode("utf-8")))
                    message = dict(message, headers=headers)
                elif message["type"] == "http.response.body" and ok:
                    last = not message.get("more_body", False)
                    body = labels.feed(decoder.decode(message.get("body", b""), final=last), last).encode("utf-8")
                    if first:
                        first = False
                        body = BOM.encode("utf-8") + body
                    message = dict(message, body=body)
                await send(message)

            await app(streamed_csv_scope(scope, database, table), receive, with_bom)

        return excel

    return wrap


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
