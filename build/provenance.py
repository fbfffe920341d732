"""Where an article came from: its outlet and its date, from metadata or its URL.

A record of a collected corpus carries metadata beside its text (an outlet,
a URL, a publication date).  These functions turn that metadata into the
dataset's columns without ever overwriting what the text itself says:

* ``clean_outlet_name`` tidies an outlet's name as written («"تابناک"»,
  «تابناک ورزشی», «گروه سلامت خبرگزاری فارس») and finds it in the
  organisations lexicon;
* ``outlet_from_url`` names the outlet from the URL's host, where the
  lexicon knows that outlet's web domains (``asriran.com`` → عصر ایران);
* ``metadata_date`` reads a date field (a Gregorian date and time without a
  zone is Tehran local time; a year below 1700 is a Jalali date);
* ``url_date`` reads a date from a URL, by the per-site rules in
  ``build/data/url_dates.yaml`` (Fars News codes begin with the Jalali date).
"""

import datetime
import functools
import re
import urllib.parse
from dataclasses import dataclass
from typing import Optional

import jdatetime

from .dates import tehran_utc_offset
from .fold import fold, fold_key
from .lexicon import load_lexicon, read_words, read_yaml

_QUOTES = re.compile(r"[«»\"“”'‘’()\[\]{}<>]")
_EDGE_PUNCTUATION = re.compile(r"^[\s\-–—_:،,؛;.|/]+|[\s\-–—_:،,؛;.|/]+$")
# A reporter or news desk named before its outlet: «گروه علم و پیشرفت
# خبرگزاری فارس», «خبرنگار گروه علمی ایرنا».
DESK_WORD = re.compile(r"^(?:گروه|سرویس|دبیرخانه|میز|خبرنگار|خبرنگاران|حوزه)\s")
# A collector's key for an outlet: ASCII letters, digits and underscores only
# (``asriran_1_data``, ``sobhane2``); it names no outlet a reader knows.
_KEY = re.compile(r"^[A-Za-z0-9_.\-]+$")


@dataclass
class Outlet:
    """An outlet as a source gives it, cleaned, and its lexicon entry if known."""

    as_written: str
    name: str
    organisation_id: Optional[str] = None


@functools.lru_cache(maxsize=1)
def _section_words():
    return {fold_key(w) for w in read_words("news_sections.txt")}


def clean_outlet_name(value):
    """Return an ``Outlet`` for an outlet's name as written, or None if none is left.

    Quotation marks and punctuation are stripped, a news desk or reporter
    before the outlet is dropped («گروه سلامت خبرگزاری فارس» → خبرگزاری
    فارس), and so is a section after it («تابناک ورزشی» → تابناک).  A name
    the lexicon knows takes the lexicon's spelling.

    >>> clean_outlet_name("«تابناک»").name
    'تابناک'
    >>> clean_outlet_name("تابناک ورزشی").organisation_id
    'tabnak'
    >>> clean_outlet_name("روزنو").name
    'روز نو'
    """
    if not value:
        return None
    as_written = " ".join(str(value).split())
    name = _EDGE_PUNCTUATION.sub("", _QUOTES.sub(" ", as_written))
    name = " ".join(name.split())
    if not name or _KEY.match(name):
        return None
    lexicon = load_lexicon()
    words = name.split()
    # The longest run of words the lexicon knows as an outlet, at the end of
    # the name (after a desk) or at its start (before a section).
    for first in range(len(words)):
        for last in range(len(words), first, -1):
            oid = lexicon.outlet_keys.get(fold_key(" ".join(words[first:last])))
            if oid is None:
                continue
            before, after = words[:first], words[last:]
            if before and not DESK_WORD.match(" ".join(before) + " "):
                continue
            if after and not all(fold_key(w) in _section_words() for w in after):
                continue
            return Outlet(as_written, lexicon.organisations[oid].name, oid)
    if DESK_WORD.match(name + " "):
        return None  # a desk with no outlet named
    return Outlet(as_written, name, None)


def host_of(url):
    """The host of a URL, lower-case, without «www.», or None."""
    try:
        host = urllib.parse.urlsplit(url or "").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def outlet_from_url(url):
    """The ``Outlet`` whose web domain the URL is on (or a sub-domain of it), or None.

    >>> outlet_from_url("https://www.asriran.com/fa/news/707587/x").name
    'عصر ایران'
    >>> outlet_from_url("https://example.com/") is None
    True
    """
    host = host_of(url)
    if not host:
        return None
    lexicon = load_lexicon()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        oid = lexicon.domains.get(".".join(parts[i:]))
        if oid:
            return Outlet(host, lexicon.organisations[oid].name, oid)
    return None


@dataclass
class PublishedDate:
    """A publication date read from metadata or a URL."""

    as_written: str
    date: str  # ISO Gregorian date
    datetime: Optional[str]  # ISO date and time with Tehran's offset, when a time is given
    jalali: str  # YYYY-MM-DD, Jalali
    status: str  # 'metadata' or 'url'


_DATE = re.compile(
    r"^\s*(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?\s*$"
)
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def metadata_date(value, status="metadata"):
    """Read a date field: ``PublishedDate``, or None when it is not a date.

    Gregorian ``YYYY-MM-DD[ HH:MM[:SS]]`` without a zone is Tehran local
    time; a zone written in the value is kept.  A year below 1700 is a
    Jalali date (``1399/10/17``).

    >>> d = metadata_date("2020-01-07 15:32:00")
    >>> d.date, d.datetime, d.jalali
    ('2020-01-07', '2020-01-07T15:32:00+03:30', '1398-10-17')
    >>> metadata_date("1399/01/02").date
    '2020-03-21'
    >>> metadata_date("yesterday") is None
    True
    """
    if value is None:
        return None
    as_written = str(value).strip()
    match = _DATE.match(as_written.translate(_DIGITS))
    if not match:
        return None
    y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
    try:
        if y < 1700:
            jalali = jdatetime.date(y, m, d)
            gregorian = jalali.togregorian()
        else:
            gregorian = datetime.date(y, m, d)
            jalali = jdatetime.date.fromgregorian(date=gregorian)
    except ValueError:
        return None
    when = None
    if match["H"] is not None:
        hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            return None
        zone = match["zone"]
        if zone == "Z":
            offset = "+00:00"
        elif zone:
            offset = zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
        else:
            offset = tehran_utc_offset(jalali.year, jalali.month, jalali.day) or ""
        when = f"{gregorian.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{offset}"
    return PublishedDate(
        as_written=as_written,
        date=gregorian.isoformat(),
        datetime=when,
        jalali=f"{jalali.year:04d}-{jalali.month:02d}-{jalali.day:02d}",
        status=status,
    )


@functools.lru_cache(maxsize=1)
def _url_date_rules():
    rules = []
    for rule in read_yaml("url_dates.yaml"):
        rules.append((set(rule["hosts"]), re.compile(rule["pattern"]), rule.get("century", "")))
    return rules


def url_date(url):
    """The date a site writes in its URLs, by the rules in url_dates.yaml, or None.

    >>> url_date("https://www.farsnews.ir/news/13950404000869/x").date
    '2016-06-24'
    >>> url_date("https://www.farsnews.ir/news/8707060255").jalali
    '1387-07-06'
    """
    host = host_of(url)
    if not host:
        return None
    for hosts, pattern, century in _url_date_rules():
        if host not in hosts:
            continue
        match = pattern.search(url)
        if match:
            written = match.group(0)
            found = metadata_date(f"{century}{match['y']}-{match['m']}-{match['d']}", status="url")
            if found:
                found.as_written = written
                return found
    return None


def unify_outlet_spellings(db):
    """Give each outlet no lexicon knows one spelling across the whole corpus.

    Two articles may write one unknown outlet «روزنامه فلان» and
    «روزنامه‌فلان»: the same name once folded.  Each such group takes its
    most frequent spelling (the first in sorted order on a tie), so the
    publisher facet lists the outlet once.  Outlets in the lexicon already
    have one spelling.  Runs once all articles are written.
    """
    for column in ("publisher", "cited_source"):
        groups = {}
        for name, n in db.execute(f"select [{column}], count(*) from articles where [{column}] is not null group by 1"):
            groups.setdefault(fold_key(name), []).append((-n, name))
        for spellings in groups.values():
            if len(spellings) < 2:
                continue
            chosen = min(spellings)[1]
            for _, name in spellings:
                if name != chosen:
                    db.execute(f"update articles set [{column}] = ? where [{column}] = ?", [chosen, name])
