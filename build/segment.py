"""Split an article into paragraphs and say what kind each one is.

Kinds:

``title``       the headline: the first short line that is not furniture
``dateline``    a short line that is mostly a date (and perhaps the agency)
``lede``        the opening summary before the «به گزارش ...» attribution,
                or a paragraph opening with an agency tag («ایتنا- ...»)
``heading``     a short sub-headline inside the body
``body``        the article's text
``boilerplate`` page furniture (build/data/boilerplate.yaml) and exact
                repeats of the title or lede

Every rule is a pattern about the *shape* of Persian news pages, not about
the seed texts, so it catches the same furniture on other sites.  Each
paragraph records the rule that gave it its kind (``kind_rule``).
"""

import functools
import re
from dataclasses import dataclass

from .dates import find_dates
from .fold import fold
from .lexicon import read_yaml


# Titles and sub-headlines are short; longer lines are text.
MAX_TITLE_WORDS = 25
MAX_HEADING_WORDS = 20
MAX_DATELINE_WORDS = 12
MAX_FOOTER_WORDS = 4

_WORD = re.compile(r"[\w\u200c]+")
_SENTENCE_END = re.compile(r"[.!؟?…]\s*[»\")]*\s*$")
# «به گزارش ...»: the attribution that marks the start of the story proper.
_ATTRIBUTION = re.compile(r"^(?:به گزارش|بنا بر گزارش|بنابر گزارش|به نقل از)\s")
# An agency tag at the start of a lede: «ایتنا- ...», «تهران - ایرنا - ...».
_AGENCY_TAG = re.compile(r"^[^\s.،:؛]{2,20}(?:\s[^\s.،:؛]{2,20}){0,2}\s?[-–—]\s?(?=\S)")


@dataclass
class Paragraph:
    """One paragraph of an article, its kind and the rule that decided it."""

    position: int
    text: str
    text_raw: str
    kind: str = "body"
    kind_rule: str = ""


def count_words(text):
    """Count the words in ``text`` (a ZWNJ joins, a space separates)."""
    return len(_WORD.findall(text))


def split_paragraphs(text):
    """Split raw article text into paragraphs: one per non-empty line.

    The sources put each paragraph on its own line, sometimes with blank
    lines between them; surrounding whitespace is dropped.
    """
    return [line.strip() for line in text.split("\n") if line.strip()]


# A headline set apart by layout may be longer than one found by shape alone.
MAX_LAYOUT_TITLE_WORDS = 40


def headline_by_layout(text):
    r"""True when the text's first line is set apart as a headline.

    This is how Persian news is written to text files: the headline, a
    blank line, then the story.  The first line counts as a headline when a
    blank line follows it, more text comes after, it is no longer than
    ``MAX_LAYOUT_TITLE_WORDS`` words, and it is shorter than the longest
    line of the story.  Without the blank line nothing is assumed: a text
    that starts straight with its story has no headline.

    >>> headline_by_layout("قطعی اینترنت در سه استان؟\n\nبه گزارش ایسنا، اینترنت همراه در سه استان کشور از صبح امروز قطع شد.")
    True
    >>> headline_by_layout("به گزارش ایسنا، اینترنت همراه قطع شد.\nمردم ناراضی اند.")
    False
    """
    lines = text.lstrip("\n").split("\n")
    first = lines[0].strip()
    if len(lines) < 3 or lines[1].strip():
        return False
    rest = [line for line in lines[2:] if line.strip()]
    if not rest:
        return False
    n_words = count_words(first)
    return 0 < n_words <= MAX_LAYOUT_TITLE_WORDS and n_words < max(count_words(line) for line in rest)


@functools.lru_cache(maxsize=1)
def boilerplate_rules():
    """Load the boilerplate patterns from build/data/boilerplate.yaml."""
    rules = read_yaml("boilerplate.yaml")
    compiled = []
    for rule in rules:
        pattern = re.compile(rule["pattern"], re.IGNORECASE)
        compiled.append((rule["rule"], rule["match"], pattern))
    return compiled


def boilerplate_rule(text):
    """Return the name of the boilerplate rule ``text`` matches, or None."""
    folded = fold(text)
    for name, how, pattern in boilerplate_rules():
        if how == "whole" and pattern.fullmatch(folded):
            return name
        if how == "start" and pattern.match(folded):
            return name
    return None


def strip_agency_tag(text):
    """Remove a leading agency tag («ایتنا- ») from ``text``."""
    return _AGENCY_TAG.sub("", text, count=1)


def is_dateline(text):
    """True for a short line that is mostly a date, perhaps with an agency.

    «شنبه 16 تیر 1403»; «خبرگزاری ایسنا , 25 مرداد 1393 ساعت 12:13».
    """
    n_words = count_words(text)
    if n_words > MAX_DATELINE_WORDS:
        return False
    dates = find_dates(text)
    if not dates:
        return False
    rest = text
    for date in dates:
        rest = rest.replace(date.surface, " ")
    return count_words(rest) <= 4 and not _SENTENCE_END.search(text.rstrip(" »\""))


def looks_like_headline(text, max_words):
    """True for a short line that does not end like a sentence."""
    return 0 < count_words(text) <= max_words and not _SENTENCE_END.search(text)


def mark_footer(paragraphs):
    """Mark short lines among the furniture at the end of a page as boilerplate.

    After «کد مطلب» and «آدرس مطلب» come lines such as a bare site name
    («ایتنا»); they are footer only because of where they stand: below
    furniture, with no text after them.
    """
    tail = []
    for p in reversed(paragraphs):
        if p.kind == "boilerplate" or (p.kind == "body" and looks_like_headline(p.text, MAX_FOOTER_WORDS)):
            tail.append(p)
        else:
            break
    if any(p.kind == "boilerplate" for p in tail):
        for p in tail:
            if p.kind == "body":
                p.kind, p.kind_rule = "boilerplate", "footer"


def classify_paragraphs(paragraphs):
    """Set ``kind`` and ``kind_rule`` on each of an article's ``Paragraph``s.

    Furniture and datelines first, then the title (the first remaining line
    if it is headline-shaped), then the lede, then sub-headlines.  A line
    that repeats the title or the lede (ignoring an agency tag) is
    boilerplate.
    """
    # Kinds a record states (its title, its lead) are kept as they are.
    for p in paragraphs:
        if p.kind_rule:
            continue
        rule = boilerplate_rule(p.text)
        if rule:
            p.kind, p.kind_rule = "boilerplate", rule
        elif is_dateline(p.text):
            p.kind, p.kind_rule = "dateline", "short-line-with-date"

    mark_footer(paragraphs)
    text_paragraphs = [p for p in paragraphs if p.kind == "body"]
    if not text_paragraphs:
        return paragraphs
    first = text_paragraphs[0]
    has_title = any(p.kind == "title" for p in paragraphs)
    if not has_title and looks_like_headline(first.text, MAX_TITLE_WORDS) and len(text_paragraphs) > 1:
        first.kind, first.kind_rule = "title", "first-short-line"

    earlier = {}
    for p in paragraphs:
        if p.kind not in ("title", "lede", "body"):
            continue
        key = fold(strip_agency_tag(p.text))
        if p.kind == "body" and key in earlier:
            p.kind, p.kind_rule = "boilerplate", f"repeat-of-{earlier[key]}"
        else:
            earlier.setdefault(key, p.kind if p.kind != "body" else "earlier-paragraph")

    body = [p for p in paragraphs if p.kind == "body"]
    if body and not any(p.kind == "lede" for p in paragraphs):
        lead = body[0]
        later_attribution = any(_ATTRIBUTION.match(p.text) for p in body[1:])
        if _AGENCY_TAG.match(lead.text) and not _ATTRIBUTION.match(lead.text) and len(body) > 1:
            lead.kind, lead.kind_rule = "lede", "agency-tag"
        elif later_attribution and not _ATTRIBUTION.match(lead.text):
            lead.kind, lead.kind_rule = "lede", "before-attribution"

    body = [p for p in paragraphs if p.kind == "body"]
    for p, following in zip(body, body[1:]):
        if looks_like_headline(p.text, MAX_HEADING_WORDS) and count_words(following.text) > count_words(p.text):
            p.kind, p.kind_rule = "heading", "short-line-in-body"
    for p in paragraphs:
        if p.kind == "body" and not p.kind_rule:
            p.kind_rule = "text"
    return paragraphs
