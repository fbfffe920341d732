"""Two addresses that should give what a reader expects of them.

- ``/<db>/<table>.csv`` (or a view's) with no ``_size``, ``_next`` or
  ``_stream``: Datasette gives the first page only (50 rows), while the
  CSV link on the table page asks for every row.  The plain address is
  answered as that link is: streamed, every row the filters select.
- ``/<db>/paragraphs?_search=…`` (or ``statements``) as a web page, with
  nothing but the search (no filter, sort or facet): Datasette lists
  matching rows in id order.  The reader is sent to the ranked search page
  (``/<db>/search?q=…``, ``/<db>/search_statements?q=…``,
  plugins/fa_search_page.py), best matches first, with the matched words
  marked.  The table's search box sends its default
  sort along, which counts as no sort.  JSON and CSV, and a search combined
  with filters or another sort, stay on the table.
"""

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

# Tables whose plain search goes to a ranked search page, and that page.
RANKED = {"paragraphs": "search", "statements": "search_statements"}
_KEEP = {"_search", "_lang"}


def _args(scope):
    return parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"), keep_blank_values=True)


async def _is_table(datasette, database, table):
    try:
        db = datasette.get_database(database)
    except KeyError:
        return False
    return await db.table_exists(table) or table in await db.view_names()


async def table_options(datasette, database, table):
    """A table's options (``sort``, ``facets`` …): Datasette 1.0's ``table_config``, 0.65's ``metadata``."""
    if hasattr(datasette, "table_config"):
        return await datasette.table_config(database, table) or {}
    return datasette.metadata(database=database, table=table) or {}


async def _only_search(datasette, database, table, args):
    """True if ``args`` ask for a search and nothing else (the default sort aside)."""
    default = await table_options(datasette, database, table)
    for key, value in args:
        if key in _KEEP:
            continue
        if key in ("_sort", "_sort_desc") and default.get(key[1:]) == value:
            continue
        return False
    return True


def _redirect(location):
    return [
        {"type": "http.response.start", "status": 302,
         "headers": [(b"location", location.encode("utf-8")), (b"content-length", b"0")]},
        {"type": "http.response.body", "body": b""},
    ]


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def exports(scope, receive, send):
            if scope["type"] != "http" or scope.get("method") != "GET":
                await app(scope, receive, send)
                return
            parts = scope.get("path", "").strip("/").split("/")
            args = _args(scope)
            names = {k for k, _ in args}
            if len(parts) == 2 and parts[1].endswith(".csv") and not names & {"_size", "_next", "_stream"}:
                if await _is_table(datasette, parts[0], parts[1][: -len(".csv")]):
                    query = urlencode(args + [("_stream", "on")]).encode("utf-8")
                    scope = dict(scope, query_string=query)
            elif len(parts) == 2 and parts[1] in RANKED and "_search" in names and await _only_search(datasette, parts[0], parts[1], args):
                search = dict(args)["_search"]
                if search.strip() and await _is_table(datasette, parts[0], f"{parts[1]}_fts"):
                    target = {"q": search, **({"_lang": dict(args)["_lang"]} if "_lang" in names else {})}
                    page = f"/{RANKED[parts[1]]}?"
                    for message in _redirect(datasette.urls.database(parts[0]) + page + urlencode(target)):
                        await send(message)
                    return
            await app(scope, receive, send)

        return exports

    return wrap
