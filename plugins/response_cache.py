"""Remember recent responses: the database is immutable, so they never change.

The site serves a read-only, immutable database: the same GET request
always gets the same response.  Popular pages (the home page, a table with
its facets, a search for a common word) are computed once and then served
from memory, which keeps them fast when many readers arrive at once.

Only successful GET responses without cookies are kept, at most
``MAX_ENTRIES`` of them and none larger than ``MAX_BODY_BYTES``; the least
recently used is dropped first.  Requests that carry a cookie or an
``Authorization`` header are never answered from the cache.

When many readers ask for the same page at once (a link shared widely, a
popular search), it is computed once: the others wait for that answer
instead of each running the same queries, which would slow every one of
them down and could push them past the SQL time limit.
"""

import asyncio
from collections import OrderedDict

from datasette import hookimpl

MAX_ENTRIES = 2000
MAX_BODY_BYTES = 1_000_000


class ResponseCache:
    """An ASGI middleware holding an LRU cache of whole responses."""

    def __init__(self, app):
        self.app = app
        self.entries = OrderedDict()
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
        start, body = hit
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
                captured["ok"] = message["status"] == 200 and b"set-cookie" not in headers
            elif message["type"] == "http.response.body" and captured["ok"]:
                captured["size"] += len(message.get("body", b""))
                if captured["size"] > MAX_BODY_BYTES:
                    captured["ok"] = False
                    captured["body"] = []
                else:
                    captured["body"].append(message.get("body", b""))
                if not message.get("more_body") and captured["ok"]:
                    self.entries[key] = (captured["start"], b"".join(captured["body"]))
                    if len(self.entries) > MAX_ENTRIES:
                        self.entries.popitem(last=False)
            await send(message)

        await self.app(scope, receive, capture)


def _personal(scope):
    """True for requests whose answer may depend on who asks."""
    return any(name in (b"cookie", b"authorization") for name, _ in scope.get("headers", []))


@hookimpl
def asgi_wrapper(datasette):
    if not all(db.is_mutable is False for name, db in datasette.databases.items() if name != "_internal"):
        return lambda app: app  # only an immutable database makes responses constant
    return ResponseCache
