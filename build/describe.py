"""Describe an article: title, publisher, cited source, URL and date.

Everything here is read from the article's own paragraphs, and each value
keeps a pointer to the paragraph it came from, so it can be checked.
Nothing is invented: an article without a headline has no title, one
without a date has no date.
"""

import functools
import re
from dataclasses import dataclass
from typing import Optional

from .dates import find_dates, resolve_date, years_mentioned
from .fold import fold_key
from .provenance import DESK_WORD, clean_outlet_name, metadata_date, outlet_from_url, url_date

# «به گزارش X به نقل از Y،» / «به گزارش X از Y،» / «به گزارش X،»
_ATTRIBUTION = re.compile(
    r"(?:^|[.!؟]\s+)(?:به گزارش|بنا بر گزارش|بنابر گزارش)\s+"
    r"(?P<publisher>[^،,:؛;.]{2,80}?)"
    r"(?:\s+(?:به نقل از|از)\s+(?P<source>[^،,:؛;.]{2,80}?))?"
    r"\s*[،,:؛;.]"
)
# The word that starts an outlet's name, for outlets no lexicon knows.
_OUTLET_HEAD = re.compile(r"\s(?=(?:خبرگزاری|روزنامه|پایگاه|باشگاه|شبکه|سایت|وب‌سایت)\s)")
# «به گزارش عصر ایران به نقل از ،»: a source left unnamed.
_TRAILING_FROM = re.compile(r"\s+(?:به نقل از|از)$")
_URL = re.compile(r"https?://[^\s«»\"'<>]+")


@dataclass
class Description:
    """What the article says about itself, with the paragraph each came from.

    Values from a record's metadata sit beside what the text says; the
    ``*_source`` and ``date_status`` fields say where each came from.
    """

    title: Optional[str] = None
    title_paragraph: Optional[int] = None
    title_source: Optional[str] = None  # 'record' or 'text'
    publisher: Optional[str] = None
    publisher_id: Optional[str] = None
    publisher_as_written: Optional[str] = None
    publisher_source: Optional[str] = None  # 'metadata', 'url' or 'text'
    cited_source: Optional[str] = None
    cited_source_id: Optional[str] = None
    cited_source_as_written: Optional[str] = None
    attribution_paragraph: Optional[int] = None
    url: Optional[str] = None
    url_paragraph: Optional[int] = None
    url_source: Optional[str] = None  # 'metadata' or 'text'
    # The publication date: from metadata, else a site's URL rule, else the text.
    published_date: Optional[str] = None
    published_datetime: Optional[str] = None
    published_date_jalali: Optional[str] = None
    published_as_written: Optional[str] = None
    date_status: Optional[str] = None  # 'metadata', 'url', 'stated', 'inferred'
    # The date the text itself states, always kept.
    published_jalali: Optional[str] = None  # as written in the text
    text_date: Optional[str] = None
    text_date_status: Optional[str] = None
    date_paragraph: Optional[int] = None


def parse_attribution(text):
    """Return ``(publisher, cited_source)`` from «به گزارش X به نقل از Y», or None.

    >>> parse_attribution("به گزارش زرین نامه به نقل از خبرگزاری بسیج؛ سردار ...")
    ('زرین نامه', 'خبرگزاری بسیج')
    """
    match = _ATTRIBUTION.search(text)
    if not match:
        return None
    publisher = _TRAILING_FROM.sub("", match.group("publisher").strip())
    publisher = _outlet(publisher)
    source = match.group("source")
    # «به گزارش خبرگزاری فارس از قم»: a desk's city, not a source.
    if source and fold_key(source.strip()) in _places():
        source = None
    return publisher, _outlet(source.strip()) if source else None


@functools.lru_cache(maxsize=1)
def _places():
    from .lexicon import read_words

    return {fold_key(place) for place in read_words("places.txt")}


def _outlet(name):
    """The outlet named at the end of «خبرنگار گروه علمی ایرنا»: ایرنا.

    A reporter or news desk named before the outlet is dropped: up to the
    last known body that ends the phrase, or else up to a word that starts
    an outlet's name (خبرگزاری، روزنامه …).  A phrase that is itself one
    body («روابط عمومی سازمان …») is kept whole.
    """
    from .recognise import recognise_paragraph

    if not DESK_WORD.match(name):
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


def describe_article(paragraphs, source=None):
    """Return a ``Description`` of an article from its classified paragraphs.

    ``source`` (a ``read.Source``) may bring a record's metadata: its URL,
    outlet and date are used first, and what the text says is kept beside
    them.
    """
    description = Description()
    title = next((p for p in paragraphs if p.kind == "title"), None)
    if title is not None:
        description.title = title.text
        description.title_paragraph = title.position
        description.title_source = "record" if title.kind_rule == "record-title" else "text"
    _describe_outlets(description, paragraphs, source)
    description.url, description.url_paragraph = find_url(paragraphs)
    if description.url:
        description.url_source = "text"
    if source is not None and source.url:
        description.url, description.url_paragraph, description.url_source = source.url, None, "metadata"
    mention, resolved, position = find_publication_date(paragraphs)
    if mention is not None:
        description.published_jalali = mention.surface
        iso = resolved.iso
        description.text_date = iso[:10]
        description.text_date_status = resolved.status
        description.date_paragraph = position
        description.published_date = iso[:10]
        description.published_datetime = iso if "T" in iso else None
        description.published_date_jalali = resolved.jalali
        description.published_as_written = mention.surface
        description.date_status = resolved.status
    found = None
    if source is not None:
        found = metadata_date(source.published) or url_date(source.url)
    if found is not None:
        description.published_date = found.date
        description.published_datetime = found.datetime
        description.published_date_jalali = found.jalali
        description.published_as_written = found.as_written
        description.date_status = found.status
    return description


def _describe_outlets(description, paragraphs, source):
    """Fill the publisher and cited source, each cleaned and linked to the lexicon.

    The text's «به گزارش X به نقل از Y» gives X and Y.  A record's own
    outlet (its publisher field, or else its URL's host) is the publisher
    when known; the text's X is then the cited source unless it is that
    same outlet.
    """
    from_text = publisher = cited = None
    for p in paragraphs:
        if p.kind not in ("body", "lede"):
            continue
        attribution = parse_attribution(p.text)
        if attribution:
            from_text, cited_text = attribution
            description.attribution_paragraph = p.position
            publisher = clean_outlet_name(from_text)
            cited = clean_outlet_name(cited_text)
            break
    source_of_publisher = "text" if publisher else None
    if source is not None:
        own = clean_outlet_name(source.publisher)
        how = "metadata"
        if own is None or own.organisation_id is None:
            by_url = outlet_from_url(source.url)
            if by_url is not None:
                own, how = by_url, "url"
        if own is not None:
            if publisher is not None and not _same_outlet(publisher, own) and cited is None:
                cited = publisher
            publisher, source_of_publisher = own, how
    if publisher is not None:
        description.publisher = publisher.name
        description.publisher_id = publisher.organisation_id
        description.publisher_as_written = publisher.as_written
        description.publisher_source = source_of_publisher
    if cited is not None and not (publisher is not None and _same_outlet(cited, publisher)):
        description.cited_source = cited.name
        description.cited_source_id = cited.organisation_id
        description.cited_source_as_written = cited.as_written


def _same_outlet(a, b):
    if a.organisation_id or b.organisation_id:
        return a.organisation_id == b.organisation_id
    return fold_key(a.name) == fold_key(b.name)

