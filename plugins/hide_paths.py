"""Keep the server's file paths out of what the site shows.

Datasette reveals where files live on the server in three places:

* ``/-/databases.json`` (and ``/-/databases``) lists each database's
  absolute ``path``; this plugin rewrites it to the file name alone;
* ``/-/threads.json`` (and ``/-/threads``) prints the repr of every
  running task, with the source file paths of the server's code; it is a
  debugging page, so this plugin answers 404;
* SQL can read ``file`` from ``pragma_database_list()``; an SQLite
  authorizer refuses that one column («not authorized»), everything else
  in SQL is unchanged.

Nothing in the dataset depends on those paths, and they tell an attacker
how the server is laid out.
"""

import sqlite3
from pathlib import Path

from datasette import hookimpl

HIDDEN_PAGES = {"/-/threads", "/-/threads.json"}
REWRITTEN_PREFIX = "/-/"


def _authorizer(action, arg1, arg2, database, trigger):
    """Refuse reading ``pragma_database_list.file``; allow everything else."""
    if action == sqlite3.SQLITE_READ and arg1 == "pragma_database_list" and arg2 == "file":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn):
    conn.set_authorizer(_authorizer)


def _directories(datasette):
    """Directories (with a trailing slash) of every served database file, longest first."""
    found = set()
    for db in datasette.databases.values():
        if db.path:
            path = Path(db.path)
            found.update({f"{path.parent}/", f"{path.resolve().parent}/"})
    return sorted(found, key=len, reverse=True)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def hide_paths(scope, receive, send):
            path = scope.get("path", "")
            if scope["type"] != "http" or not path.startswith(REWRITTEN_PREFIX):
                await app(scope, receive, send)
                return
            if path in HIDDEN_PAGES:
                await _not_found(send)
                return
            await _rewritten(app, scope, receive, send, _directories(datasette))

        return hide_paths

    return wrap


async def _not_found(send):
    body = b'{"ok": false, "error": "Not found", "status": 404}'
    await send({"type": "http.response.start", "status": 404,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _rewritten(app, scope, receive, send, directories):
    """Run ``app``, buffer its response and remove ``directories`` from the body."""
    start, chunks = None, []

    async def capture(message):
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
            return
        if message["type"] != "http.response.body":
            await send(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return
        body = b"".join(chunks)
        for directory in directories:
            body = body.replace(directory.encode("utf-8"), b"")
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send(dict(start, headers=headers))
        await send({"type": "http.response.body", "body": body})

    await app(scope, receive, capture)
