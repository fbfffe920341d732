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
from . import hazm_api
from .normalise import normalise_text, other_hamza_spellings

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
# A glued word is read as two known words of at least this many letters
# each.  With two, «تامین» would also be searched as «تا مین».  A glued
# preposition («باتوجه») is still found when the reader writes the words
# apart («با توجه»), by joining them.
MIN_HALF = 3
_PERSIAN_LETTERS = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+")


def _quote(tokens):
    """One FTS5 string (a phrase when there are several tokens), quotes escaped."""
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def query_words(query):
    """The written words of ``query``, normalised, each with its folded tokens.

    Words that fold to nothing (punctuation) are left out.  Only the first
    ``MAX_QUERY_CHARS`` characters count, and only they are remembered, so
    the memo stays small however long the queries readers send.
    """
    if not query:
        return ()
    return _query_words(str(query)[:MAX_QUERY_CHARS])


@functools.lru_cache(maxsize=4096)
def _query_words(query):
    words = ((word, folded_tokens(word)) for word in normalise_text(query).split())
    return tuple((word, tokens) for word, tokens in words if tokens)


def folded_tokens(text):
    """The tokens the index holds for ``text`` (already normalised)."""
    return tuple(_TOKEN.findall(fold(text)))


def query_phrases(query):
    """The folded phrases of ``query``: one tuple of tokens per written word.

    >>> query_phrases("تأمیناجتماعی کشور")
    (('تامین', 'اجتماعی'), ('کشور',))
    """
    return tuple(tokens for _, tokens in query_words(query))


@functools.lru_cache(maxsize=1)
def known_words():
    """Folded words hazm's lexicon has counted: the halves a glued word may have."""
    folded = (fold(word) for word in hazm_api.counted_words())
    return frozenset(word for word in folded if " " not in word)


def splits(token):
    """Every way to read one folded ``token`` as two known words glued together.

    Normalising splits a glued word only when the split is unambiguous and
    the word is not in hazm's lexicon.  «مدیرعامل» is in the lexicon, yet
    news also writes «مدیر عامل»; search tries every reading instead.

    >>> splits("مدیرعامل")
    (('مدیر', 'عامل'),)
    """
    if not _PERSIAN_LETTERS.fullmatch(token):
        return ()
    words = known_words()
    return tuple(
        (token[:i], token[i:])
        for i in range(MIN_HALF, len(token) - MIN_HALF + 1)
        if token[:i] in words and token[i:] in words
    )


def query_spellings(query):
    """``_query_spellings`` of the first ``MAX_QUERY_CHARS`` characters (remembered by those alone)."""
    return _query_spellings(str(query or "")[:MAX_QUERY_CHARS])


@functools.lru_cache(maxsize=4096)
def _query_spellings(query):
    """For each written word of ``query``, every token sequence that writes it.

    A word is found written as the reader wrote it, with its parts glued
    together («تأمین‌اجتماعی» as «تامیناجتماعی»), split into two known words
    («مدیرعامل» as «مدیر عامل»), with its hamza on another letter («هیئت» as
    «هیأت»), or glued to the word before or after it («شورای عالی» as
    «شورایعالی»).  Returns one tuple of alternatives (each a tuple of
    tokens) per written word.

    >>> query_spellings("مدیر عامل")
    ((('مدیر',), ('مدیرعامل',)), (('عامل',), ('مدیرعامل',)))
    """
    words = query_words(query)
    phrases = [phrase for _, phrase in words]
    lexicon = hazm_api.lexicon().words
    spellings = []
    for i, (word, phrase) in enumerate(words):
        alternatives = [phrase]
        if len(phrase) > 1:
            alternatives.append(("".join(phrase),))
        else:
            alternatives.extend(splits(phrase[0]))
        alternatives.extend(folded_tokens(other) for other in other_hamza_spellings(word, lexicon))
        for pair in (phrases[i - 1 : i + 1] if i else (), phrases[i : i + 2]):
            if len(pair) == 2 and all(len(p) == 1 and _PERSIAN_LETTERS.fullmatch(p[0]) for p in pair):
                alternatives.append((pair[0][0] + pair[1][0],))
        spellings.append(tuple(dict.fromkeys(alternatives)))
    return tuple(spellings)


def fts_query(query):
    """Return the FTS5 MATCH expression for ``query`` as a reader typed it.

    >>> fts_query("شورای عالی")
    '("شورای" OR "شورایعالی") AND ("عالی" OR "شورایعالی")'
    >>> fts_query('تأمین (NEAR "*')
    '("تامین") AND ("near")'

    Written words are ANDed; each may match any of its spellings (see
    ``query_spellings``), and a spelling of several tokens is a phrase.
    Returns ``'""'``, which matches nothing, when no word is left.
    """
    spellings = query_spellings(query)
    if not spellings:
        return MATCH_NOTHING
    return " AND ".join("(" + " OR ".join(_quote(a) for a in alternatives) + ")" for alternatives in spellings)


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
    phrases = {a for alternatives in query_spellings(query) for a in alternatives}
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
