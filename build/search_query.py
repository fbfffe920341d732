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
def query_phrases(query):
    """The folded phrases of ``query``: one tuple of tokens per written word.

    >>> query_phrases("تأمیناجتماعی کشور")
    (('تامین', 'اجتماعی'), ('کشور',))
    """
    if not query:
        return ()
    query = str(query)[:MAX_QUERY_CHARS]
    phrases = []
    for word in normalise_text(query).split():
        tokens = tuple(_TOKEN.findall(fold(word)))
        if tokens:
            phrases.append(tokens)
    return tuple(phrases)


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
    phrases = query_phrases(query)
    return " ".join(_quote(p) for p in phrases) if phrases else MATCH_NOTHING


def tokens_with_spans(text):
    """Each token of ``text`` (as the index splits it) with its folded form.

    Yields ``(start, end, folded)``; offsets point into ``text`` itself, so
    matches can be highlighted in the text the reader sees, never in the
    folded copy.
    """
    for match in _TOKEN.finditer(text or ""):
        folded = fold(match.group(0))
        # Folding can remove a whole token (a lone hamza) or, rarely, split one.
        for piece in _TOKEN.findall(folded):
            yield match.start(), match.end(), piece


def match_spans(text, query):
    """Spans of ``text`` where a phrase of ``query`` occurs, in order.

    >>> text = "مؤسسه عالی پژوهش تأمین‌اجتماعی"
    >>> [text[s:e] for s, e in match_spans(text, "تأمیناجتماعی موسسه")]
    ['مؤسسه', 'تأمین‌اجتماعی']
    """
    phrases = query_phrases(query)
    if not phrases or not text:
        return []
    tokens = list(tokens_with_spans(text))
    folded = [t[2] for t in tokens]
    spans = []
    i = 0
    while i < len(tokens):
        for phrase in sorted(phrases, key=len, reverse=True):
            if tuple(folded[i : i + len(phrase)]) == phrase:
                spans.append((tokens[i][0], tokens[i + len(phrase) - 1][1]))
                i += len(phrase)
                break
        else:
            i += 1
    return spans
