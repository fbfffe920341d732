"""Error pages (404 and others) drawn like every other page of the site.

Datasette renders its error page from a bare context: no request, no
stylesheet from metadata.yml, no template variables from plugins, so a 404
came out unstyled and in English.  This ``handle_exception`` hook answers
every error before Datasette's own: web pages are rendered from the same
templates (``404.html``, ``error.html``) through
``datasette.render_template``, which gives them the site's stylesheet,
language, navigation and licence line; JSON errors (``.json``) are the
object Datasette gives (``ok``, ``error``, ``errors``, ``status``,
``title``), CSV errors the message as text, as Datasette 1.0 gives them.

Answering every error here also keeps errors from being printed as rich
tracebacks: when the ``rich`` package is installed (frictionless needs it),
Datasette's own error handler prints each exception it answers with the
local variables of every frame, which takes tenths of a second of the one
thread that answers every request; someone sending slow queries on purpose
would slow the site down for every reader.  Unexpected errors (500) are
still printed, as plain tracebacks.

A statement stopped by one of the bounds of plugins/sql_limits.py is
answered with 400 and the bound it met (``sql_limits.refusal``), on table
pages as on query pages.
"""

import traceback

from markupsafe import Markup

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError

from plugins.sql_limits import refusal


TOO_LONG = ("SQL query took too long. The time limit is controlled by the sql_time_limit_ms "
            "configuration option.")


def describe(exception):
    """``(status, title, message, extra)`` for an exception, as Datasette reports it.

    A query stopped by the SQL time limit is a 400 on every page, as
    Datasette 0.65 reports it (1.0 lets it through a table page as a 500).
    """
    if isinstance(exception, QueryInterrupted):
        return 400, "SQL Interrupted", TOO_LONG, {}
    if isinstance(exception, Base400):
        return exception.status, None, exception.args[0] if exception.args else "", {}
    if isinstance(exception, DatasetteError):
        message = Markup(exception.message) if exception.message_is_html else exception.message
        return exception.status, exception.title, message, dict(exception.error_dict or {})
    return 500, None, str(exception), {}


def json_error(exception):
    """The JSON body of an error: what Datasette 0.65 and 1.0 both give."""
    status, title, message, extra = describe(exception)
    plain = getattr(exception, "plain_message", None) or str(message)
    return status, {**extra, "ok": False, "error": plain, "errors": [plain], "status": status, "title": title}


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    exception = refusal(exception) or exception

    async def inner():
        status = describe(exception)[0]
        if status == 500:
            traceback.print_exception(exception)
        if request is None or request.path.endswith(".json"):
            status, body = json_error(exception)
            return Response.json(body, status=status)
        if request.path.endswith(".csv"):
            status, body = json_error(exception)
            return Response.text(body["error"], status=status)
        _, title, message, _ = describe(exception)
        # Pages rendered outside a view may lack the CSRF token function
        # render_template reads; error pages hold no form that needs one.
        request.scope.setdefault("csrftoken", lambda: "")
        html = await datasette.render_template(
            [f"{status}.html", "error.html"],
            {"ok": False, "error": message, "status": status, "title": title},
            request=request,
        )
        return Response.html(html, status=status)

    return inner
