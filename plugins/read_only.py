"""Answer every request that is not a read with 405 Method Not Allowed.

The site serves an immutable database and has no writable canned queries,
logins or uploads, so only GET, HEAD and OPTIONS mean anything.  Without
this, Datasette 0.65.5 answers a POST to a read-only canned query with an
internal server error (500) instead of refusing it.
"""

from datasette import hookimpl

READ_METHODS = {"GET", "HEAD", "OPTIONS"}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope["type"] == "http" and scope.get("method", "GET").upper() not in READ_METHODS:
                body = b'{"ok": false, "error": "This site is read-only", "status": 405}'
                await send({
                    "type": "http.response.start",
                    "status": 405,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"allow", b"GET, HEAD, OPTIONS"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                })
                await send({"type": "http.response.body", "body": body})
                return
            await app(scope, receive, send)

        return read_only

    return wrap
