"""Turn what a reader types into a safe FTS5 query over the folded index.

The index holds ``fold(text)`` (see build/fold.py), so a query must be
normalised and folded exactly the same way before it is matched:
``fold(normalise_text(query))``.  Normalising first restores ZWNJs the
reader left out (میکنند → می‌کنند, تأمیناجتماعی → تأمین‌اجتماعی); folding
then turns every ZWNJ into a space, so one written word may become several
index tokens.  Such a word must match as a phrase («می کنند»), never as two
unrelated words anywhere in the paragraph.

The result uses no FTS5 operator the reader typed: every token is quoted,
so quotes, ``*``, ``NEAR``, ``AND``/``OR``/``NOT``, colons and parentheses
are plain text and can never make a syntax error.
"""

import functools
import re

from .fold import fold
from .normalise import normalise_text

# Longest query handled, in characters.  Anything longer is cut here: no
# paragraph contains a 10,000-character phrase, and hazm's time grows with
# the length of its input.
MAX_QUERY_CHARS = 500
# A token as SQLite's unicode61 tokenizer sees it: letters, digits and
# private-use characters (everything else separates tokens).
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# A query that folds to nothing (only punctuation, or empty) must match
# nothing rather than fail or match everything: a quoted empty phrase does
# exactly that in FTS5.
MATCH_NOTHING = '""'


def _quote(tokens):
    """One FTS5 string (a phrase when there are several tokens), quotes escaped."""
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


@functools.lru_cache(maxsize=4096)
def fts_query(query):
    """Return the FTS5 MATCH expression for ``query`` as a reader typed it.

    >>> fts_query("میکنند")
    '"می کنند"'
    >>> fts_query('تأمین (NEAR "*')
    '"تامین" "near"'

    Words are ANDed (FTS5's implicit operator between strings); a written
    word that folds to several tokens is a phrase.  Returns ``'""'``, which
    matches nothing, when no word is left.
    """
    if not query:
        return MATCH_NOTHING
    query = str(query)[:MAX_QUERY_CHARS]
    parts = []
    for word in normalise_text(query).split():
        tokens = _TOKEN.findall(fold(word))
        if tokens:
            parts.append(_quote(tokens))
    return " ".join(parts) if parts else MATCH_NOTHING


def query_tokens(query):
    """The folded tokens of ``query``, for highlighting matches in text."""
    if not query:
        return []
    return _TOKEN.findall(fold(normalise_text(str(query)[:MAX_QUERY_CHARS])))
