"""Bounds inside SQLite, so that no single query can exhaust the server.

Anyone may send SQL to the site.  Datasette's ``sql_time_limit_ms`` stops a
query between SQLite's virtual-machine steps, but one step can be a single
function call that runs for minutes and allocates gigabytes
(``randomblob(500000000)``, ``printf('%999999999d', 1)``,
``zeroblob(1000000000)``).  Every connection Datasette opens is therefore
given limits of its own (``sqlite3.Connection.setlimit``), chosen from what
the dataset really holds:

- ``SQLITE_LIMIT_LENGTH`` (``MAX_VALUE_BYTES``, 10 MB): the longest string
  or blob any expression may make.  The build skips files over 2,000,000
  bytes (build/read.py), so no value in the database is longer than that
  (the longest paragraph of the seeds is 2.2 kB, of a 50,000-article corpus
  the same); 10 MB leaves room for ``group_concat`` over one article while
  making the most expensive single call a few milliseconds of work.
  Anything longer fails with "string or blob too big".
- ``SQLITE_LIMIT_SQL_LENGTH`` (100,000 bytes): the longest SQL statement.
  The longest query the site itself writes (a table page with filters and
  facets) is under 5 kB.
- expression depth, compound ``SELECT`` terms, ``LIKE`` pattern length,
  function arguments, bound variables and attached databases (see
  ``LIMITS``): each bounds how much work or memory one statement can ask
  for before it runs.

SQLite's ``printf`` (and ``format``) writes its whole result before
checking its length: ``printf('%.*c', 900000000, 'x')`` takes 8 s before it
fails.  Both are replaced by a function that refuses a width or precision
over ``MAX_PRINTF_WIDTH`` (100,000) and hands everything else to SQLite's own
``printf`` on a connection of its own.

SQLite's whole heap is also capped (``pragma hard_heap_limit``,
``HEAP_LIMIT_BYTES``, for the process): a sort or a window that would need
more fails with "out of memory" instead of growing the server.

Rows are counted as they are read: a statement whose rows hold more than
``MAX_RESULT_BYTES`` of text and blobs (16 MB; a 1,000-row page of
paragraphs holds about 2 MB) stops with a clear error before the rest is
read, so no response larger than that is built in memory.

A statement stopped by any of these bounds is answered with 400 and a
message saying which bound it met, on table pages as on query pages (left
to Datasette, a table page would answer 500; see ``refusal``).  An SQL page asked for rows
(``?sql=&_shape=array``) without a query is answered 400, not 500.
"""

import re
import sqlite3
import threading
import urllib.parse
import weakref

from datasette import hookimpl
from datasette.views.base import DatasetteError

MAX_VALUE_BYTES = 10_000_000
MAX_SQL_BYTES = 100_000
MAX_RESULT_BYTES = 16_000_000
HEAP_LIMIT_BYTES = 512_000_000
MAX_PRINTF_WIDTH = 100_000

LIMITS = {
    sqlite3.SQLITE_LIMIT_LENGTH: MAX_VALUE_BYTES,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: MAX_SQL_BYTES,
    sqlite3.SQLITE_LIMIT_COLUMN: 500,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 200,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 50,
    sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH: 10_000,
    sqlite3.SQLITE_LIMIT_FUNCTION_ARG: 100,
    sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER: 1000,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 10,
    sqlite3.SQLITE_LIMIT_WORKER_THREADS: 0,
}


class ResultTooLarge(sqlite3.DatabaseError):
    """The rows of one statement hold more than ``MAX_RESULT_BYTES``."""

    # Recognised by this mark, not by class: Datasette loads this file as a
    # plugin and plugins/fa_errors.py imports it, two modules with a class each.
    result_too_large = True

    def __init__(self):
        super().__init__(
            f"The result is larger than {MAX_RESULT_BYTES // 1_000_000} MB, the most this site returns "
            "for one query: select fewer rows or columns, or download the whole database."
        )


def _size(value):
    """Bytes a value adds to a response (text as its characters; numbers are small)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    return 8


def counting_row_factory(inner=sqlite3.Row, limit=None):
    """A row factory that builds rows with ``inner`` and stops a statement whose rows grow past ``limit`` bytes.

    The total is kept per cursor (Datasette opens one cursor per statement).
    """
    totals = weakref.WeakKeyDictionary()

    def factory(cursor, row):
        total = totals.get(cursor, 0) + sum(_size(value) for value in row)
        if total > (MAX_RESULT_BYTES if limit is None else limit):
            raise ResultTooLarge()
        totals[cursor] = total
        return inner(cursor, row) if inner is not None else row

    return factory


# One printf conversion: flags, width, precision, length modifier, type (SQLite's own syntax).
_CONVERSION = re.compile(r"%([-+ 0#,!]*)(\*|\d+)?(?:\.(\*|\d+))?(?:ll|l)?(.)", re.DOTALL)
_plain = threading.local()


def _int(value):
    try:
        return abs(int(value))
    except (TypeError, ValueError, OverflowError):
        return 0


def printf_widths(fmt, args):
    """Every width and precision ``fmt`` asks for, literal or taken from ``args`` (``*``)."""
    args = iter(args)
    for _, width, precision, kind in _CONVERSION.findall(fmt):
        for part in (width, precision):
            if part == "*":
                yield _int(next(args, 0))
            elif part:
                yield int(part)
        if kind != "%":
            next(args, None)


def safe_printf(fmt=None, *args):
    """SQLite's ``printf(fmt, ...)``, refused when a width or precision is over ``MAX_PRINTF_WIDTH``."""
    if fmt is None:
        return None
    fmt = fmt.decode("utf-8", "replace") if isinstance(fmt, bytes) else str(fmt)
    if any(width > MAX_PRINTF_WIDTH for width in printf_widths(fmt, args)):
        raise ValueError(f"printf widths and precisions may be at most {MAX_PRINTF_WIDTH:,}")
    conn = getattr(_plain, "conn", None)
    if conn is None:
        conn = _plain.conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    placeholders = ", ".join("?" * (1 + len(args)))
    return conn.execute(f"select printf({placeholders})", (fmt, *args)).fetchone()[0]


def bound(conn):
    """Apply every limit above to ``conn``."""
    for category, value in LIMITS.items():
        conn.setlimit(category, min(value, conn.getlimit(category)))
    conn.execute(f"pragma hard_heap_limit = {HEAP_LIMIT_BYTES}")
    conn.row_factory = counting_row_factory(conn.row_factory)
    for name in ("printf", "format"):
        conn.create_function(name, -1, safe_printf, deterministic=True)


@hookimpl(tryfirst=True)
def prepare_connection(conn):
    bound(conn)


# SQLite's messages for a statement stopped by one of the limits above.
_BOUND_MESSAGES = ("string or blob too big", "out of memory", "too many", "too long", "too big", "parser stack overflow",
                   "expression tree is too large", "LIKE or GLOB pattern too complex")


def stopped_by_a_bound(exception):
    """True if ``exception`` is SQLite (or this plugin) refusing work beyond one of the bounds."""
    if getattr(exception, "result_too_large", False):
        return True
    return isinstance(exception, sqlite3.DatabaseError) and any(m in str(exception) for m in _BOUND_MESSAGES)


def refusal(exception):
    """The 400 error to answer for a statement stopped by a bound, naming it; None for other errors.

    Datasette reports such an error as a 400 on query pages but as a 500 on
    table pages; plugins/fa_errors.py answers this instead, so the page is
    drawn as every other error page of the site.
    """
    if not stopped_by_a_bound(exception):
        return None
    message = str(exception)
    if not getattr(exception, "result_too_large", False):
        message = (f"{message}: a value may be at most {MAX_VALUE_BYTES // 1_000_000} MB and SQLite's memory "
                   f"at most {HEAP_LIMIT_BYTES // 1_000_000} MB on this site")
    return DatasetteError(message, title="Query too large", status=400)


_ROW_SHAPES = {"array", "arrays", "arrayfirst", "object", "objects"}


@hookimpl
def asgi_wrapper(datasette):
    """Answer a database's JSON asked for rows without a query with 400 (Datasette fails with 500)."""

    def wrap(app):
        async def rows_need_a_query(scope, receive, send):
            if scope["type"] == "http" and scope["path"].endswith(".json") and scope["path"].count("/") == 1:
                args = urllib.parse.parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
                if args.get("_shape", [""])[-1] in _ROW_SHAPES and not args.get("sql", [""])[-1].strip():
                    body = (b'{"ok": false, "error": "_shape=' + args["_shape"][-1].encode()
                            + b' needs a query: add ?sql=select ...", "status": 400}')
                    await send({"type": "http.response.start", "status": 400, "headers": [
                        (b"content-type", b"application/json; charset=utf-8"),
                        (b"content-length", str(len(body)).encode())]})
                    await send({"type": "http.response.body", "body": body})
                    return
            await app(scope, receive, send)

        return rows_need_a_query

    return wrap
