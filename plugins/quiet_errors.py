"""Answer errors without printing each one as a traceback with its local variables.

When the ``rich`` package is installed (frictionless needs it), Datasette
prints every exception it turns into an error page (a missing row, a query
stopped by the SQL time limit) as a rich traceback listing the local
variables of every frame.  Formatting one takes tenths of a second in the
single thread that answers every request, so someone sending slow queries
on purpose would slow the site down for every reader, and the log would
fill with request data.  Datasette does without it when ``rich`` is
absent: the error pages are the same, and unexpected errors (500) are
still printed, as plain tracebacks (plugins/fa_errors.py).

This is the one thing the site does that Datasette offers no public
interface for: plugins/fa_errors.py answers every error first, but
Datasette awaits every ``handle_exception`` hook, its own included, and
its own prints the traceback whatever the others answered.  So the module
holding Datasette's default handler is told that ``rich`` is absent, here
and nowhere else (tests/test_config_dir.py checks that no other plugin
reaches into Datasette).
"""

from datasette import handle_exception as default_error_pages
from datasette import hookimpl


@hookimpl
def startup(datasette):
    default_error_pages.rich = None
