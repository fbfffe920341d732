"""Search that ignores how Persian is spelled, in the search box and in SQL.

The full-text index holds folded text (build/fold.py), so what the reader
types must be normalised and folded the same way before matching
(build/search_query.py).  Datasette's search box, ``?_search=`` and
``?_search_<column>=`` all pass the reader's text through the SQL function
``escape_fts``; this plugin registers its own ``escape_fts`` after
Datasette's, so every search on the site folds the query while the page
still shows what the reader typed.  ``?_searchmode=raw`` keeps FTS5 syntax
for experts, unchanged.

SQL functions for everyone writing SQL:

- ``fa_fold(text)``: the folded form the index holds for ``text``;
- ``fa_match(query)``: a safe FTS5 query, e.g.
  ``where paragraphs_fts match fa_match('تامین اجتماعی')``;
- ``escape_fts(query)``: the same as ``fa_match`` on this site.

Each refuses an input longer than it can answer quickly, with an error
naming the limit: ``fa_fold`` at ``MAX_FOLD_CHARS`` (10,000 characters,
about 15 ms of work; the longest paragraph is 2,216).  SQLite checks the SQL
time limit only every thousand instructions, which may hold dozens of calls:
a call must stay short for the limit to hold, ``fa_match``
reads the first ``MAX_QUERY_CHARS`` (500) as the search box does.  A blob is
read as UTF-8 (invalid bytes become U+FFFD, as Datasette shows them), never
as Python's repr of bytes.  Folded forms are remembered, up to
``FOLD_MEMO_BYTES`` (16 MB) in all: a paragraph folded once per row of a
query is not folded again.
"""

import asyncio
import functools
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from datasette import hookimpl

from build import hazm_api
from build.fold import fold
from build.normalise import normalise_text
from build.search_query import MAX_QUERY_CHARS, fts_query, known_words

MAX_FOLD_CHARS = 10_000
FOLD_MEMO_BYTES = 16_000_000


class Memo:
    """A least-recently-used memo of strings, bounded in bytes (4 bytes a character, at most), safe across threads."""

    def __init__(self, max_bytes):
        self.max_bytes, self.bytes = max_bytes, 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def cost(key, value):
        return 4 * (len(key) + len(value)) + 200  # + the entry's own objects

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        cost = self.cost(key, value)
        if cost > self.max_bytes:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = value
            self.bytes += cost
            while self.bytes > self.max_bytes:
                old_key, old_value = self.entries.popitem(last=False)
                self.bytes -= self.cost(old_key, old_value)


_folded = Memo(FOLD_MEMO_BYTES)


def as_text(value):
    """``value`` as SQL text: a blob read as UTF-8 (bad bytes replaced), a number written out."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def fa_fold(text):
    """``fold(normalise_text(text))``: the form the build indexes for ``text``."""
    if text is None:
        return None
    text = as_text(text)
    if len(text) > MAX_FOLD_CHARS:
        raise ValueError(f"fa_fold takes at most {MAX_FOLD_CHARS:,} characters, not {len(text):,}")
    folded = _folded.get(text)
    if folded is None:
        folded = fold(normalise_text(text))
        _folded.put(text, folded)
    return folded


def fa_match(query):
    """A safe FTS5 MATCH expression for the first ``MAX_QUERY_CHARS`` of ``query`` (see build/search_query.py)."""
    return fts_query("" if query is None else as_text(query)[:MAX_QUERY_CHARS])


@hookimpl(trylast=True)
def prepare_connection(conn):
    """Register the folding functions, replacing Datasette's ``escape_fts``.

    ``trylast`` runs this after Datasette's own registration, so the search
    box's ``escape_fts(:search)`` calls ``fa_match``.  This is the one place
    the site depends on the order of hooks, as no documented interface does
    it: Datasette's own search filter (``filters_from_request``) adds its
    ``match escape_fts(:search)`` clause to every search and applies its
    parameters after a plugin's, so a plugin's own filter cannot fold the
    reader's words.  tests/test_search.py fails if the order changes.
    """
    conn.create_function("fa_fold", 1, fa_fold, deterministic=True)
    conn.create_function("fa_match", 1, fa_match, deterministic=True)
    conn.create_function("escape_fts", 1, fa_match, deterministic=True)


def _is_search(scope):
    """True for a request that will run a search (so hazm will be needed)."""
    if scope.get("type") != "http":
        return False
    query = scope.get("query_string", b"")
    return b"_search" in query or b"fa_q=" in query or b"q=" in query


def _load_search_words():
    """hazm's normaliser, lexicon and verbs, and the known words glued query words are split into."""
    hazm_api.load()
    known_words()


@functools.lru_cache(maxsize=1)
def _load_hazm():
    """Start loading hazm and its words in a thread of its own, once; return the Future of the load."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="hazm").submit(_load_search_words)


@hookimpl
def startup(datasette):
    """Load hazm before the server takes its first request.

    hazm needs about two seconds to read its lexicon, nearly all of it
    holding Python's interpreter lock.  Loaded while requests are being
    answered, it would stall them all and could push queries past the SQL
    time limit; loaded now, the server starts two seconds later.
    """

    async def inner():
        await asyncio.wrap_future(_load_hazm())

    return inner


@hookimpl
def asgi_wrapper(datasette):
    """Make searches wait until hazm is loaded, outside the SQL time limit.

    Loading it inside a SQL function would stop the first search with
    "query took too long".  ``datasette serve`` loads it at start-up; an
    application that skipped the start-up hooks loads it, once, on its first
    search, and other searches arriving meanwhile wait for that same load.
    """

    def wrap(app):
        async def wrapped(scope, receive, send):
            if _is_search(scope):
                load = _load_hazm()
                if not load.done():
                    await asyncio.wrap_future(load)
            await app(scope, receive, send)

        return wrapped

    return wrap
