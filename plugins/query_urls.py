"""The SQL addresses of Datasette 0.65 answer directly on Datasette 1.0 too.

Datasette 0.65 runs a reader's SQL at ``/<db>?sql=…`` and ``/<db>.json?sql=…``
(any format); Datasette 1.0 runs it at ``/<db>/-/query?sql=…`` and answers
the old addresses with a redirect there.  Links, bookmarks and scripts
written for this site use the old addresses, and a redirect costs a second
request (and a second entry in the response cache), so on Datasette 1.0 a
request for an old address is answered as the new one is, without a
redirect.  On 0.65 nothing changes.
"""

import re
import urllib.parse

from datasette import hookimpl
from datasette.version import __version__

MOVED = int(__version__.split(".")[0]) >= 1
_DATABASE_PAGE = re.compile(r"^/(?P<database>[^/.]+)(?P<format>\.[a-z]+)?$")


def new_path(path, query_string, databases):
    """The 1.0 address of a 0.65 SQL address, or None when ``path`` is not one.

    >>> new_path("/news.json", b"sql=select+1", ["news"])
    '/news/-/query.json'
    >>> new_path("/news", b"sql=", ["news"]), new_path("/news/articles", b"sql=select+1", ["news"])
    (None, None)
    """
    match = _DATABASE_PAGE.match(path)
    if not match or match["database"] not in databases:
        return None
    sql = urllib.parse.parse_qs(query_string.decode("latin-1")).get("sql", [""])[-1]
    if not sql.strip():
        return None
    return f"/{match['database']}/-/query{match['format'] or ''}"


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        if not MOVED:
            return app

        async def query_urls(scope, receive, send):
            if scope["type"] == "http":
                path = new_path(scope.get("path", ""), scope.get("query_string", b""), datasette.databases)
                if path:
                    scope = dict(scope, path=path, raw_path=path.encode("latin-1"))
            await app(scope, receive, send)

        return query_urls

    return wrap
