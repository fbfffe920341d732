"""Error pages (404 and others) drawn like every other page of the site.

Datasette renders its error page from a bare context: no request, no
stylesheet from metadata.yml, no template variables from plugins, so a 404
came out unstyled and in English.  This ``handle_exception`` hook runs
before Datasette's own and renders the same templates (``404.html``,
``error.html``) through ``datasette.render_template``, which gives them the
site's stylesheet, language, navigation and licence line.  JSON errors
are left to Datasette, unchanged.
"""

import traceback

from markupsafe import Markup

from datasette import hookimpl
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError


def describe(exception):
    """``(status, title, message)`` for an exception, as Datasette reports it."""
    if isinstance(exception, Base400):
        return exception.status, None, exception.args[0] if exception.args else ""
    if isinstance(exception, DatasetteError):
        message = Markup(exception.message) if exception.message_is_html else exception.message
        return exception.status, exception.title, message
    return 500, None, str(exception)


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    if request is None or request.path.endswith(".json"):
        return None

    async def inner():
        status, title, message = describe(exception)
        if status == 500:
            traceback.print_exception(exception)
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
