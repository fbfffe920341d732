"""Describe an article: title, publisher, cited source, URL and date.

Everything here is read from the article's own paragraphs, and each value
keeps a pointer to the paragraph it came from, so it can be checked.
Nothing is invented: an article without a headline has no title, one
without a date has no date.
"""

import re
from dataclasses import dataclass
from typing import Optional

from .dates import find_dates, resolve_date, years_mentioned

# «به گزارش X به نقل از Y،» / «به گزارش X از Y،» / «به گزارش X،»
_ATTRIBUTION = re.compile(
    r"(?:^|[.!؟]\s+)(?:به گزارش|بنا بر گزارش|بنابر گزارش)\s+"
    r"(?P<publisher>[^،,:؛;.]{2,80}?)"
    r"(?:\s+(?:به نقل از|از)\s+(?P<source>[^،,:؛;.]{2,80}?))?"
    r"\s*[،,:؛;.]"
)
# A reporter or news desk named before its outlet: «گروه علم و پیشرفت
# خبرگزاری فارس», «خبرنگار گروه علمی ایرنا».
_DESK_WORD = re.compile(r"^(?:گروه|سرویس|دبیرخانه|میز|خبرنگار|خبرنگاران|حوزه)\s")
# The word that starts an outlet's name, for outlets no lexicon knows.
_OUTLET_HEAD = re.compile(r"\s(?=(?:خبرگزاری|روزنامه|پایگاه|باشگاه|شبکه|سایت|وب‌سایت)\s)")
_URL = re.compile(r"https?://[^\s«»\"'<>]+")


@dataclass
class Description:
    """What the article says about itself, with the paragraph each came from."""

    title: Optional[str] = None
    title_paragraph: Optional[int] = None
    publisher: Optional[str] = None
    cited_source: Optional[str] = None
    attribution_paragraph: Optional[int] = None
    url: Optional[str] = None
    url_paragraph: Optional[int] = None
    published_jalali: Optional[str] = None
    published_date: Optional[str] = None
    published_datetime: Optional[str] = None
    date_status: Optional[str] = None
    date_paragraph: Optional[int] = None


def parse_attribution(text):
    """Return ``(publisher, cited_source)`` from «به گزارش X به نقل از Y», or None.

    >>> parse_attribution("به گزارش زرین نامه به نقل از خبرگزاری بسیج؛ سردار ...")
    ('زرین نامه', 'خبرگزاری بسیج')
    """
    match = _ATTRIBUTION.search(text)
    if not match:
        return None
    publisher = _outlet(match.group("publisher").strip())
    source = match.group("source")
    return publisher, _outlet(source.strip()) if source else None


def _outlet(name):
    """The outlet named at the end of «خبرنگار گروه علمی ایرنا»: ایرنا.

    A reporter or news desk named before the outlet is dropped: up to the
    last known body that ends the phrase, or else up to a word that starts
    an outlet's name (خبرگزاری، روزنامه …).  A phrase that is itself one
    body («روابط عمومی سازمان …») is kept whole.
    """
    from .recognise import recognise_paragraph

    if not _DESK_WORD.match(name):
        return name
    found = recognise_paragraph(name)
    at_end = [o for o in found.organisations if o.last == len(found.tokens) - 1 and o.first > 0]
    if at_end:
        innermost = max(at_end, key=lambda o: o.first)
        return name[found.tokens[innermost.first].start :]
    head = _OUTLET_HEAD.search(name)
    return name[head.end() :] if head else name


def find_url(paragraphs):
    """Return ``(url, position)`` of the article's own address, if given.

    The longest URL wins: a page address beats a bare site address in a
    footer.
    """
    found = [(m.group(0).rstrip(".,،"), p.position) for p in paragraphs for m in _URL.finditer(p.text)]
    if not found:
        return None, None
    return max(found, key=lambda item: (len(item[0]), -item[1]))


def find_publication_date(paragraphs):
    """Return ``(mention, resolved, position)`` for the publication date.

    A dateline is preferred; otherwise a date in the title or the first
    text paragraph («امروز دوشنبه هفتم آذرماه ...»).  A date without a year
    is resolved from the weekday and the years the article mentions.
    """
    datelines = [p for p in paragraphs if p.kind == "dateline"]
    opening = [p for p in paragraphs if p.kind in ("title", "lede", "body")][:2]
    years = years_mentioned("\n".join(p.text for p in paragraphs))
    for p in datelines + opening:
        for mention in find_dates(p.text):
            resolved = resolve_date(mention, years)
            if resolved.iso:
                return mention, resolved, p.position
    return None, None, None


def describe_article(paragraphs):
    """Return a ``Description`` of an article from its classified paragraphs."""
    description = Description()
    title = next((p for p in paragraphs if p.kind == "title"), None)
    if title is not None:
        description.title = title.text
        description.title_paragraph = title.position
    for p in paragraphs:
        if p.kind not in ("body", "lede"):
            continue
        attribution = parse_attribution(p.text)
        if attribution:
            description.publisher, description.cited_source = attribution
            description.attribution_paragraph = p.position
            break
    description.url, description.url_paragraph = find_url(paragraphs)
    mention, resolved, position = find_publication_date(paragraphs)
    if mention is not None:
        description.published_jalali = mention.surface
        iso = resolved.iso
        description.published_date = iso[:10]
        description.published_datetime = iso if "T" in iso else None
        description.date_status = resolved.status
        description.date_paragraph = position
    return description

