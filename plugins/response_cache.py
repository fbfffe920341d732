"""Remember recent responses, and build every absolute URL from the site's configured address.

The site serves a read-only, immutable database: the same GET request
always gets the same response.  Popular pages (the home page, a table with
its facets, a search for a common word) are computed once and then served
from memory, which keeps them fast when many readers arrive at once.

Only successful GET responses without cookies are kept, at most
``MAX_ENTRIES`` of them, none larger than ``MAX_BODY_BYTES`` (1 MB) and
``MAX_CACHE_BYTES`` (64 MB) in all, counting each response's key, headers
and body; the least recently used is dropped first.  Requests that carry a
cookie or an ``Authorization`` header are never answered from the cache,
nor responses that declare they ``Vary`` with a request header other
than those two (Datasette adds ``Vary: Cookie, Authorization``).

A response is keyed by its path and query string alone, so nothing else in
the request may change it.  Datasette writes absolute URLs (the data of
dashboard charts, ``/-/datapackage.json``, alternate links, ``toggle_url``,
blob links in CSV) from the request's ``Host`` header and scheme, which a
client chooses, and uvicorn takes the scheme from ``X-Forwarded-Proto``.
Every request is therefore rewritten, before Datasette or the cache sees
it, to the site's own address: ``SITE_URL`` from the environment (for
instance ``https://news.example.org``; ``make serve`` sets
``http://127.0.0.1:$(PORT)``), or ``http://localhost`` when it is unset.
``X-Forwarded-*`` and ``Forwarded`` headers are removed.  A path prefix
belongs in Datasette's ``base_url`` setting, not in ``SITE_URL``.

When many readers ask for the same page at once (a link shared widely, a
popular search), it is computed once: the others wait for that answer
instead of each running the same queries, which would slow every one of
them down and could push them past the SQL time limit.
"""

import asyncio
import os
import urllib.parse
from collections import OrderedDict

from datasette import hookimpl

MAX_ENTRIES = 2000
MAX_BODY_BYTES = 1_000_000
MAX_CACHE_BYTES = 64_000_000
DEFAULT_SITE_URL = "http://localhost"
ENTRY_OVERHEAD = 500  # bytes of Python objects per entry besides its key, headers and body


def site_address(url=None):
    """``(scheme, host)`` of the site's own address: ``url``, else ``$SITE_URL``, else ``http://localhost``."""
    parsed = urllib.parse.urlsplit(url or os.environ.get("SITE_URL") or DEFAULT_SITE_URL)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"SITE_URL must be an http:// or https:// address, not {url!r}")
    return parsed.scheme, parsed.netloc


_FORWARDED = (b"x-forwarded-", b"forwarded", b"x-real-ip", b"x-original-")


def canonical(scope, address):
    """``scope`` as if the request had been sent to ``address``: its Host and scheme, no forwarding headers."""
    scheme, host = address
    headers = [(k, v) for k, v in scope.get("headers", [])
               if k.lower() != b"host" and not k.lower().startswith(_FORWARDED)]
    headers.append((b"host", host.encode("latin-1")))
    return dict(scope, scheme=scheme, headers=headers)


class SiteAddress:
    """An ASGI middleware that gives every request the site's own address (see ``canonical``)."""

    def __init__(self, app, url=None):
        self.app, self.address = app, site_address(url)

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            scope = canonical(scope, self.address)
        await self.app(scope, receive, send)


class ResponseCache:
    """An ASGI middleware holding an LRU cache of whole responses."""

    def __init__(self, app):
        self.app = app
        self.entries = OrderedDict()
        self.bytes = 0
        self.computing = {}  # key → Event set when its first request has been answered

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or _personal(scope):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        waited = key in self.computing
        if waited:
            await self.computing[key].wait()
        if await self._replay(key, send):
            return
        if waited:
            # The answer could not be kept (an error, or too large).
            await self.app(scope, receive, send)
            return
        self.computing[key] = asyncio.Event()
        try:
            await self._compute(key, scope, receive, send)
        finally:
            self.computing.pop(key).set()

    async def _replay(self, key, send):
        """Send the remembered response for ``key``; False if there is none."""
        hit = self.entries.get(key)
        if hit is None:
            return False
        self.entries.move_to_end(key)
        start, body, _ = hit
        await send(start)
        await send({"type": "http.response.body", "body": body})
        return True

    async def _compute(self, key, scope, receive, send):
        """Answer from the application, remembering the response if it may be kept."""
        captured = {"start": None, "body": [], "size": 0, "ok": True}

        async def capture(message):
            if message["type"] == "http.response.start":
                captured["start"] = message
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                captured["ok"] = (message["status"] == 200 and b"set-cookie" not in headers
                                  and _varies_only_by_who_asks(headers.get(b"vary", b"")))
            elif message["type"] == "http.response.body" and captured["ok"]:
                captured["size"] += len(message.get("body", b""))
                if captured["size"] > MAX_BODY_BYTES:
                    captured["ok"] = False
                    captured["body"] = []
                else:
                    captured["body"].append(message.get("body", b""))
                if not message.get("more_body") and captured["ok"]:
                    self._keep(key, captured["start"], b"".join(captured["body"]))
            await send(message)

        await self.app(scope, receive, capture)

    def _keep(self, key, start, body):
        """Remember a response, then drop the least recently used until both bounds hold."""
        size = (len(key[0]) + len(key[1]) + len(body) + ENTRY_OVERHEAD
                + sum(len(k) + len(v) for k, v in start.get("headers", [])))
        if key in self.entries:
            self.bytes -= self.entries.pop(key)[2]
        self.entries[key] = (start, body, size)
        self.bytes += size
        while self.entries and (len(self.entries) > MAX_ENTRIES or self.bytes > MAX_CACHE_BYTES):
            self.bytes -= self.entries.popitem(last=False)[1][2]


def _varies_only_by_who_asks(vary):
    """True if a ``Vary`` value names no request header but those that keep a request out of the cache."""
    names = {name.strip().lower() for name in vary.split(b",") if name.strip()}
    return names <= {b"cookie", b"authorization"}


def _personal(scope):
    """True for requests whose answer may depend on who asks."""
    return any(name in (b"cookie", b"authorization") for name, _ in scope.get("headers", []))


@hookimpl(trylast=True)
def asgi_wrapper(datasette):
    """The site's address outermost (``trylast`` wraps last), then the cache if every database is immutable."""
    address = site_address()
    immutable = all(db.is_mutable is False for name, db in datasette.databases.items() if name != "_internal")

    def wrap(app):
        # Only an immutable database makes responses constant.
        inner = ResponseCache(app) if immutable else app
        return SiteAddress(inner, "{}://{}".format(*address))

    return wrap
