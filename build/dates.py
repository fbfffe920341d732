"""Find Jalali (Solar Hijri) dates in Persian news text and resolve them.

Iranian news gives dates in the Jalali calendar, in several shapes::

    شنبه 16 تیر 1403                 weekday, day, month name, year
    25 مرداد 1393 ساعت 12:13         ... and a time of day
    دوشنبه هفتم آذرماه               day as an ordinal word, no year
    ۱۴۰۳/۰۴/۱۶  or  1403-04-16       numeric, year first

``find_dates()`` finds these and reports exactly where they are, so they can
be linked back to the text.  ``resolve_date()`` turns one into a Gregorian
ISO 8601 date (or date and time, with Tehran's UTC offset).  Articles often
leave the year out («امروز دوشنبه هفتم آذرماه»); the weekday together with
the years the article mentions elsewhere (``years_mentioned()``) is then
usually enough to tell which year was meant.

Month names, weekday names and ordinal words live in ``data/jalali.yaml``.
Calendar arithmetic is done by jdatetime.
"""

import collections
import dataclasses
import datetime
import functools
import pathlib
import re

import jdatetime

from .lexicon import read_yaml

DATA_PATH = pathlib.Path(__file__).parent / "data" / "jalali.yaml"

# A written four-digit number is taken as a Jalali year in this range and as
# a Gregorian year in the second.  The two do not overlap.
JALALI_YEARS = range(1300, 1500)
GREGORIAN_YEARS = range(1900, 2100)


# Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII, Arabic ي/ى/ك to
# Persian ی/ک.  Every character maps to exactly one character.
_FOLD = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩يىك",
    "01234567890123456789ییک",
)

# A space or zero-width non-joiner, never a line break: a date does not run
# across lines.
_GAP = r"(?:[^\S\r\n]|\u200c)"
_SPACE = _GAP + "+"
_MAYBE_SPACE = _GAP + "*"
_LETTER = r"[^\W\d_]"


@dataclasses.dataclass(frozen=True)
class DateMention:
    """A date as written in a text, with the parts it spells out.

    ``text[char_start:char_end] == surface`` (0-based, end exclusive).
    ``weekday`` counts the Iranian week: 0 is Saturday (شنبه), 6 is Friday
    (جمعه).  ``year``, ``weekday``, ``hour`` and ``minute`` are None when the
    text does not give them.
    """

    surface: str
    char_start: int
    char_end: int
    weekday: int | None
    day: int
    month: int
    year: int | None
    hour: int | None = None
    minute: int | None = None


@dataclasses.dataclass(frozen=True)
class ResolvedDate:
    """A date mention placed on the calendar.

    ``jalali`` is 'YYYY-MM-DD' in ASCII digits.  ``iso`` is the Gregorian
    date 'YYYY-MM-DD', or 'YYYY-MM-DDTHH:MM:00+03:30' when the time of day
    is known.  ``status`` says where the year came from: 'stated' (written
    in the mention), 'inferred' (worked out from the weekday and the years
    around it) or 'unresolved' (jalali and iso are then None).
    ``weekday_checks`` says whether a written weekday agrees with the date;
    None when no weekday was written or the date is unresolved.
    """

    jalali: str | None
    iso: str | None
    status: str
    weekday_checks: bool | None


def load_vocabulary(path=DATA_PATH):
    """Read the weekday, month and ordinal-day words from the YAML data file."""
    return read_yaml(path)


def _fold_same_length(text):
    """Fold digits to ASCII and Arabic letters to Persian, keeping the length.

    ``build.fold.fold`` is the project's folding for search and names; it
    changes lengths (ZWNJ, diacritics, NFKC), so date matching uses this
    one-for-one subset of it instead.

    One character in, one character out: an offset into the folded text is
    the same offset into the original, so matches found in the folded text
    can be reported against the text exactly as it was given.
    """
    return text.translate(_FOLD)


def _squash(words):
    """Drop spaces and ZWNJs, so «آذر ماه», «آذر‌ماه» and «آذرماه» compare equal."""
    return re.sub(r"[\s\u200c]", "", words)


def _spelling_pattern(spelling):
    """Regex for one spelling from the data file.

    A space in the spelling matches a space, a ZWNJ or nothing, because news
    text writes compound words all three ways («سه شنبه», «سه‌شنبه»,
    «سهشنبه»).
    """
    return _MAYBE_SPACE.join(re.escape(word) for word in spelling.split())


def _alternatives(spellings):
    """Regex alternation over spellings, longest first."""
    ordered = sorted(spellings, key=len, reverse=True)
    return "|".join(_spelling_pattern(spelling) for spelling in ordered)


def _lookup(numbered_spellings):
    """Map each squashed spelling to its number, given {number: [spellings]}."""
    return {
        _squash(spelling): number
        for number, spellings in numbered_spellings.items()
        for spelling in spellings
    }


def _date_regex(vocabulary):
    """Compile the pattern for every supported date shape.

    The pattern runs over folded text (ASCII digits, Persian letters).  A
    date may start with a weekday, optionally followed by «،».  It then has
    either a day (digits or an ordinal word) and a month name, optionally
    «ماه» and a four-digit year (optionally after «سال»), or a numeric
    year-first date.  It may end with «ساعت HH:MM».  Numbers and names must
    not be glued to other digits or letters, so «۱۱۶ تیر» and «۵ تیرانداز»
    are not dates.
    """
    weekdays = _alternatives(s for names in vocabulary["weekdays"] for s in names)
    months = _alternatives(s for names in vocabulary["months"] for s in names)
    ordinals = _alternatives(
        s for names in vocabulary["ordinal_days"].values() for s in names
    )
    words = vocabulary["words"]
    month_word = _spelling_pattern(words["month"])
    year_word = _spelling_pattern(words["year"])
    time_word = _spelling_pattern(words["time"])
    # Not inside a word, not the tail of a number like 12:16 or 1403/16.
    word_start = r"(?<![\w\u200c])(?<![0-9][:/.\-])"
    weekday_gap = rf"(?:{_MAYBE_SPACE}[،,]{_MAYBE_SPACE}|{_SPACE})"
    time_gap = rf"(?:{_MAYBE_SPACE}[،,\-–]{_MAYBE_SPACE}|{_SPACE})"
    return re.compile(
        rf"""
        (?P<date>
            (?: {word_start} (?P<weekday>{weekdays}) {weekday_gap} )?
            {word_start}
            (?:
                (?: (?P<day>[0-9]{{1,2}}) {_MAYBE_SPACE}
                  | (?P<ordinal>{ordinals}) {_SPACE} )
                (?P<month>{months})
                (?: {_MAYBE_SPACE} {month_word} )?
                (?! {_LETTER} | \u200c{_LETTER} )
                (?: {_MAYBE_SPACE} (?: {year_word} {_SPACE} )?
                    (?P<year>[0-9]{{4}}) (?![0-9]) )?
            |
                (?P<numeric_year>1[34][0-9]{{2}})
                (?P<separator>[/\-])
                (?P<numeric_month>[0-9]{{1,2}})
                (?P=separator)
                (?P<numeric_day>[0-9]{{1,2}})
                (?! [0-9] | [/\-.][0-9] )
            )
        )
        (?: {time_gap} {time_word} {_MAYBE_SPACE}
            (?P<hour>[0-9]{{1,2}}) : (?P<minute>[0-9]{{2}})
            (?! [0-9] | :[0-9] ) )?
        """,
        re.VERBOSE,
    )


VOCABULARY = load_vocabulary()
WEEKDAY_NUMBERS = _lookup(dict(enumerate(VOCABULARY["weekdays"])))
MONTH_NUMBERS = _lookup(dict(enumerate(VOCABULARY["months"], start=1)))
ORDINAL_DAYS = _lookup(VOCABULARY["ordinal_days"])
DATE_RE = _date_regex(VOCABULARY)

# Four digits standing alone: not part of a longer number, a decimal
# (1401.5) or a thousands group (12,1400).
_YEAR_RE = re.compile(r"(?<![0-9])(?<![0-9][.,٫٬])[0-9]{4}(?![0-9])(?![.,٫٬][0-9])")


def is_possible_date(year, month, day):
    """True if day/month (and year, when not None) can be a Jalali date.

    Months 1-6 have 31 days, months 7-11 have 30 and Esfand (12) has 29,
    or 30 in a leap year.  Without a year, 30 Esfand is allowed: some year
    has it.
    """
    if year is None:
        return 1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)
    try:
        jdatetime.date(year, month, day)
    except (ValueError, OverflowError):
        return False
    return True


def _mention(text, match):
    """Build a DateMention from a regex match, or None if it is no real date."""
    if match["numeric_year"]:
        year = int(match["numeric_year"])
        month = int(match["numeric_month"])
        day = int(match["numeric_day"])
    else:
        year = int(match["year"]) if match["year"] else None
        month = MONTH_NUMBERS[_squash(match["month"])]
        if match["day"]:
            day = int(match["day"])
        else:
            day = ORDINAL_DAYS[_squash(match["ordinal"])]
    # «۱۶ تیر ۲۰۲۴» mixes calendars: better skipped than guessed.
    if year is not None and year not in JALALI_YEARS:
        return None
    if not is_possible_date(year, month, day):
        return None
    weekday = WEEKDAY_NUMBERS[_squash(match["weekday"])] if match["weekday"] else None
    hour = minute = None
    end = match.end("date")
    if match["hour"] is not None:
        if int(match["hour"]) <= 23 and int(match["minute"]) <= 59:
            hour, minute = int(match["hour"]), int(match["minute"])
            end = match.end()
    start = match.start()
    return DateMention(
        surface=text[start:end],
        char_start=start,
        char_end=end,
        weekday=weekday,
        day=day,
        month=month,
        year=year,
        hour=hour,
        minute=minute,
    )


def find_dates(text):
    """Every Jalali date written in ``text``, in order of appearance.

    Digits may be Persian, Arabic-Indic or ASCII; Arabic ي/ك are accepted
    for Persian ی/ک.  Impossible dates («۳۲ تیر», «۳۱ مهر», «1403/13/01»,
    «۳۰ اسفند ۱۴۰۴») are skipped, as are day+month expressions followed by
    a four-digit number that cannot be a Jalali year.  A time that cannot
    be one («ساعت ۲۵:۰۰») is left out of the mention.  Two-digit years are
    not read as years: «۱۶ تیر ۸۸» is found as «۱۶ تیر».
    """
    mentions = []
    for match in DATE_RE.finditer(_fold_same_length(text)):
        mention = _mention(text, match)
        if mention is not None:
            mentions.append(mention)
    return mentions


def jalali_years(year):
    """The Jalali years a written year can stand for.

    A Jalali year (1300-1499) stands for itself.  A Gregorian year
    (1900-2099) overlaps two Jalali years: 1 January falls in Dey of year
    G - 622 and 31 December in Dey of year G - 621, so 2022 gives
    [1400, 1401].  Any other number is taken to be a Jalali year already.
    """
    if year in GREGORIAN_YEARS:
        return [year - 622, year - 621]
    return [year]


def years_mentioned(text):
    """Jalali years written in ``text`` as four-digit numbers, in order.

    Numbers 1300-1499 are Jalali years; 1900-2099 are Gregorian years and
    give the two Jalali years they overlap (see ``jalali_years()``).  Any
    digit set is accepted.  Repeats are kept, so the list also says how often
    each year comes up.  Two-digit years («سال ۸۸») are too ambiguous to
    count.  Quantities such as «۱۴۰۰ نفر» cannot be told apart from years
    and are counted too.
    """
    years = []
    for match in _YEAR_RE.finditer(_fold_same_length(text)):
        number = int(match.group())
        if number in JALALI_YEARS or number in GREGORIAN_YEARS:
            years.extend(jalali_years(number))
    return years


def tehran_utc_offset(year, month, day):
    """UTC offset of Iran's official time on a Jalali date, or None if unknown.

    Read from the tz database's Asia/Tehran, from the pinned ``tzdata``
    package (so every machine gives the same answer, whatever its system
    zone files), at noon of that day.  The offset is decided by the date
    alone: clocks changed at midnight, so the hour skipped on 2 Farvardin
    and the hour repeated on 30 Shahrivar are both given +04:30, as noon
    of those days is.  Before 1360 (1981) the base offset itself changed
    (+04:00 in 1356-1357), and dates that old are rare in this corpus, so
    None is returned.

    >>> tehran_utc_offset(1399, 6, 30), tehran_utc_offset(1399, 6, 31), tehran_utc_offset(1402, 3, 1)
    ('+04:30', '+03:30', '+03:30')
    """
    if year < 1360:
        return None
    gregorian = jdatetime.date(year, month, day).togregorian()
    noon = datetime.datetime(gregorian.year, gregorian.month, gregorian.day, 12, tzinfo=_tehran())
    minutes = int(noon.utcoffset().total_seconds() // 60)
    return f"+{minutes // 60:02d}:{minutes % 60:02d}"


@functools.lru_cache(maxsize=1)
def _tehran():
    """Asia/Tehran from the ``tzdata`` package, not the system's zone files."""
    from importlib.resources import files
    from zoneinfo import ZoneInfo

    with files("tzdata.zoneinfo").joinpath("Asia", "Tehran").open("rb") as handle:
        return ZoneInfo.from_file(handle, key="Asia/Tehran")


def _weekday(year, month, day):
    """Weekday (0 = Saturday) of a Jalali date, or None if there is no such date."""
    if not is_possible_date(year, month, day):
        return None
    return jdatetime.date(year, month, day).weekday()


def infer_year(mention, context_years=()):
    """Guess the year of a mention that does not state one, or return None.

    The candidates are each Jalali year in ``context_years`` (Gregorian years
    are converted with ``jalali_years()``) and the years either side of it,
    since a text written early in a year often mentions the previous one.  A
    candidate fits if the mention's weekday falls on its day and month in
    that year.  One fitting candidate is the answer.  Among several, the one
    nearest the most frequent context year wins; a tie is not guessed.  With
    no weekday there is nothing to check against, so None.
    """
    if mention.weekday is None:
        return None
    years = [j for year in context_years for j in jalali_years(year)]
    if not years:
        return None
    candidates = sorted({c for year in years for c in (year - 1, year, year + 1)})
    fitting = [
        c for c in candidates
        if _weekday(c, mention.month, mention.day) == mention.weekday
    ]
    if len(fitting) <= 1:
        return fitting[0] if fitting else None
    counts = collections.Counter(years)
    most = max(counts.values())
    favourites = [year for year, count in counts.items() if count == most]

    def distance(candidate):
        return min(abs(candidate - year) for year in favourites)

    nearest = min(distance(c) for c in fitting)
    best = [c for c in fitting if distance(c) == nearest]
    return best[0] if len(best) == 1 else None


def resolve_date(mention, context_years=()):
    """Place a DateMention on the calendar, as a ResolvedDate.

    A written year is used as it is ('stated'), even when the written weekday
    disagrees with it (``weekday_checks`` is then False).  Otherwise the year
    is inferred from the weekday and ``context_years``, typically
    ``years_mentioned(article_text)`` (see ``infer_year()``); if that fails
    the result is 'unresolved'.  With a time of day, ``iso`` carries
    Tehran's UTC offset from ``tehran_utc_offset()``, or no offset before
    1360, when it is not known.
    """
    year, status = mention.year, "stated"
    if year is None:
        year, status = infer_year(mention, context_years), "inferred"
        if year is None:
            return ResolvedDate(None, None, "unresolved", None)
    date = jdatetime.date(year, mention.month, mention.day)
    iso = date.togregorian().isoformat()
    if mention.hour is not None and mention.minute is not None:
        offset = tehran_utc_offset(year, mention.month, mention.day) or ""
        iso += f"T{mention.hour:02d}:{mention.minute:02d}:00{offset}"
    checks = None if mention.weekday is None else date.weekday() == mention.weekday
    return ResolvedDate(
        jalali=f"{year:04d}-{mention.month:02d}-{mention.day:02d}",
        iso=iso,
        status=status,
        weekday_checks=checks,
    )
