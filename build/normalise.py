"""Normalise Persian text with hazm, protecting what hazm would damage.

hazm's ``Normalizer`` fixes Arabic ي/ك, spacing around punctuation and
restores many of the zero-width non-joiners (ZWNJ) that copied news text
loses (میکنند → می‌کنند, قرارگاه های → قرارگاه‌های).  It also breaks
things: URLs (``https://www.itna.ir`` → ``https: / / www. itna. ir``),
numeric dates (``1402/05/12`` → ``۱۴۰۲ / ۰۵ / ۱۲``) and decimals.  This
module hides those spans from hazm behind placeholders, runs hazm, restores
them, then rejoins words glued together by a lost ZWNJ (تأمیناجتماعی →
تأمین‌اجتماعی) where hazm's own lexicon makes the split unambiguous.

Offsets into a paragraph always refer to the *normalised* text; the raw
text is kept beside it in the database.
"""

import functools
import re

from . import hazm_api
from .fold import HAMZA_ON

ZWNJ = "\u200c"
PERSIAN_DIGITS = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹")

# Spans hazm must not touch.  URLs and e-mail addresses are kept exactly as
# written; numbers with internal separators keep their separators (their
# digits become Persian digits, like every other number in the text).
_URL = r"(?:https?://|www\.)[^\s«»\"'<>()\[\]،؛]+[^\s«»\"'<>()\[\]،؛.,:!?]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_NUMBER = r"\d+(?:[/\-.:,٫٬]\d+)+"
_PROTECTED = re.compile(f"{_URL}|{_EMAIL}|{_NUMBER}")
# The same without e-mail addresses, for text with no @: trying the e-mail
# pattern at every letter of every word is most of the search's time.
_PROTECTED_NO_EMAIL = re.compile(f"{_URL}|{_NUMBER}")
_VERBATIM = re.compile(f"(?:{_URL}|{_EMAIL})$")
# Placeholders are runs of private-use characters, which hazm leaves alone.
_PLACEHOLDER = re.compile("\ue000([\ue100-\uf8ff])\ue001")

# Invisible characters that carry no meaning in these texts.  ZWNJ is kept:
# it is part of Persian spelling.
_INVISIBLE = re.compile("[\u200b\u200d-\u200f\u202a-\u202e\u2066-\u2069\ufeff\x00]")
_QUOTE_PAIR = re.compile(r'"([^\n"]*)"')
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
# A ZWNJ beside a space or at either end of the text separates nothing.
# hazm leaves one when it puts a space between a digit and a letter
# («0‌سازمان» → «۰ ‌سازمان»), and would remove it on a second pass.
_STRAY_ZWNJ = re.compile(r"\u200c+(?=\s|$)|(?<=\s)\u200c+|^\u200c+")
# Full stops with spaces between them («.. .»): hazm's punctuation spacing
# joins them at the end («...»), after its ellipsis rule («...» → «…») has
# run, so a second pass would change them.  They are joined first.
_SPACED_DOTS = re.compile("\\.(?:[ \u200c]+\\.)+")

_PERSIAN_WORD = re.compile("[آ-ی\u067e\u0686\u0698\u06af\u06a9\u06cc\u0621-\u064a]{4,}")
# Letters that do not join to the following letter.  A lost ZWNJ after one
# of these is invisible, so such splits are left alone.
_NON_JOINING = set("اآأإدذرزژوؤۀة")
# Suffixes written after a ZWNJ, longest first.
_SUFFIXES = ("هایمان", "هایشان", "هایی", "هایم", "هایت", "هایش", "های", "ها", "ترین", "تری", "تر")
# Endings written after a ZWNJ only when the stem ends in ـه.
_AFTER_HEH = ("ای", "اند", "ایم", "اید")
# Bare letters that news text often writes for a letter with a hamza:
# تامین for تأمین, مساله for مسأله.  A madda is never assumed: «استانه» read
# as آستانه would give «استانهای» a second reading, and none would be split.
_HAMZA_CARRIERS = {bare: hamza for hamza, bare in HAMZA_ON.items()}
# Endings always written joined to their stem.
_JOINED_ENDINGS = ("ی", "ان", "ات", "ین", "یان", "یت")


def _protect(text):
    """Replace fragile spans with placeholders; return text and originals."""
    spans = []

    def stash(match):
        value = match.group(0)
        if not _VERBATIM.match(value):
            value = value.translate(PERSIAN_DIGITS)
        spans.append(value)
        return f" \ue000{chr(0xE100 + len(spans) - 1)}\ue001 "

    pattern = _PROTECTED if "@" in text else _PROTECTED_NO_EMAIL
    return pattern.sub(stash, text), spans


def _restore(text, spans):
    """Put protected spans back in place of their placeholders."""
    return _PLACEHOLDER.sub(lambda m: spans[ord(m.group(1)) - 0xE100], text)


def _is_common(word, counted):
    """True if hazm's lexicon has seen ``word`` in its corpus (in ``counted``, frequency > 0).

    Most of hazm's 190,000 entries have frequency 0 and many of those are
    fragments (دند, ابت); only counted entries are trusted as halves of a
    glued word.  An adjective in ـی counts when its stem does
    (اجتماعی ← اجتماع, عمومی ← عموم).  A word written without its hamza
    counts when its spelling with the hamza does: the lexicon counts تأمین,
    not تامین.
    """
    if _is_counted(word, counted):
        return True
    if word.endswith("ی") and len(word) > 3:
        return _is_counted(word[:-1], counted)
    return False


def _is_counted(word, counted):
    """True if ``word``, as written or with one hamza restored, is in ``counted``."""
    return any(spelling in counted for spelling in (word, *hamza_spellings(word)))


def hamza_spellings(word):
    """``word`` with one bare letter written with a hamza, each way.

    >>> hamza_spellings("تامین")
    ['تأمین', 'تامئن']

    Only one of them need be a word: the lexicon decides.
    """
    return [word[:i] + carrier + word[i + 1 :] for i, letter in enumerate(word) for carrier in _HAMZA_CARRIERS.get(letter, "")]


# Where a hamza sits, and where else writers put the same hamza: هیئت and
# هیأت, مسئول and مسؤول.  أ and ؤ never stand for each other: رأی would
# become رؤی, which folds to روی («on»).
_HAMZA_MOVES = {"أ": "ئ", "ئ": "أؤ", "ؤ": "ئ"}


def other_hamza_spellings(word, words):
    """Spellings of ``word`` with its hamza on another letter that ``words`` holds.

    News writes one word several ways: هیئت, هیأت and هیات; مسئول, مسؤول and
    مسوول.  Folding maps each carrier to its own bare letter, so هیئت (هییت)
    and هیأت (هیات) fold apart; search looks for each.  A word written
    without its hamza (هیات) is first given it where that makes a word of
    the lexicon.

    >>> other_hamza_spellings("هیئت", hazm_api.lexicon().words)
    ['هیأت']
    >>> other_hamza_spellings("مسوول", hazm_api.lexicon().words)
    ['مسؤول', 'مسئول']
    """
    written = [word, *(w for w in hamza_spellings(word) if w in words)]
    spellings = {
        w[:i] + other + w[i + 1 :]
        for w in written
        for i, letter in enumerate(w)
        for other in _HAMZA_MOVES.get(letter, "")
    }
    return sorted(s for s in spellings.union(written) if s != word and s in words)


def _is_inflected(word, counted):
    """True if ``word`` is a counted word plus an attached ending.

    Endings such as ـی, ـان, ـات are written joined, so میلیونی (میلیون + ی)
    is a real word and must not be read as two glued words.
    """
    return any(
        word.endswith(ending) and _is_common(word[: -len(ending)], counted)
        for ending in _JOINED_ENDINGS
    )


def _suffix_readings(word, lexicon, verbs):
    """Every way to read ``word`` as a stem plus a ZWNJ-separated suffix (``lexicon``: a ``hazm_api.Lexicon``)."""
    readings = set()
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < 2:
            continue
        if _is_common(stem, lexicon.counted) or ZWNJ in stem and stem in lexicon.words:
            readings.add((stem, suffix))
        else:
            split_stem = split_glued_word(stem, lexicon, verbs)
            if split_stem != stem:
                readings.add((split_stem, suffix))
    for ending in _AFTER_HEH:
        stem = word[: -len(ending)]
        if word.endswith(ending) and stem.endswith("ه") and _is_common(stem, lexicon.counted):
            readings.add((stem, ending))
    return readings


def split_glued_word(word, lexicon, verbs=frozenset()):
    """Return ``word`` with a ZWNJ put back where one was lost, or unchanged.

    ``lexicon`` is a ``hazm_api.Lexicon`` and ``verbs`` holds verb forms.

    A word that is in the lexicon, is a known verb form, or is a counted
    word with a joined ending (میلیونی) is never split.  Otherwise it is
    split only when exactly one reading exists, tried in this order:

    1. inserting a ZWNJ gives a lexicon entry or verb form written with a
       ZWNJ (بینالمللی → بین‌المللی, داشتهایم → داشته‌ایم), or a counted
       stem takes a plural or comparative suffix, or a stem in ـه takes
       ای/اند/ایم (تلاشهای → تلاش‌های, بزرگترین → بزرگ‌ترین, عدهای →
       عده‌ای); a word with two such readings is left alone (مجموعهای
       could be مجموع‌های or مجموعه‌ای; نهادهای could be نهاد‌های or
       نهاده‌ای);
    2. failing that, the word is two counted words of three and four letters or more
       (تأمیناجتماعی → تأمین‌اجتماعی, روابطعمومی → روابط‌عمومی).

    A ZWNJ after a letter that does not join the next one is invisible, so
    no split is made there (تهدیدها stays as written).
    """
    if len(word) < 4 or word in lexicon.words or word in verbs or _is_inflected(word, lexicon.counted):
        return word
    readings = {
        (word[:i], word[i:])
        for i in range(2, len(word) - 1)
        if (word[:i] + ZWNJ + word[i:]) in lexicon.words or (word[:i] + ZWNJ + word[i:]) in verbs
    }
    readings |= _suffix_readings(word, lexicon, verbs)
    if readings:
        if len(readings) > 1:
            return word
        stem, suffix = readings.pop()
        if stem[-1] in _NON_JOINING:
            return word
        return stem + ZWNJ + suffix
    pairs = [
        i
        for i in range(3, len(word) - 3)
        if _is_common(word[:i], lexicon.counted) and _is_common(word[i:], lexicon.counted)
    ]
    if len(pairs) == 1 and word[pairs[0] - 1] not in _NON_JOINING:
        i = pairs[0]
        return word[:i] + ZWNJ + word[i:]
    return word


@functools.lru_cache(maxsize=500_000)
def _split_with_hazm_lexicon(word):
    """``split_glued_word`` with hazm's lexicon, remembered per word."""
    return split_glued_word(word, hazm_api.lexicon(), hazm_api.verb_lemmas())


def restore_zwnj(text):
    """Split every glued Persian word in ``text`` (see ``split_glued_word``)."""
    words = _PERSIAN_WORD.findall(text)
    # Most paragraphs have no glued word: the remembered answers say so
    # without a call back from the pattern for every word.
    if list(map(_split_with_hazm_lexicon, words)) == words:
        return text
    return _PERSIAN_WORD.sub(lambda m: _split_with_hazm_lexicon(m.group(0)), text)


def normalise_text(text):
    """Return the normalised form of one paragraph of Persian text.

    Normalising twice changes nothing.  hazm alone does not promise that:
    it removes special marks, replaces ligatures such as ﷽ and converts
    quotation marks only after it has fixed spacing, and a second pass then
    respaces what they leave behind.  Those steps are therefore done first,
    and hazm's punctuation spacing once more at the end.

    >>> normalise_text("مدیران قرارگاه های فضای مجازی مجاهدت میکنند")
    'مدیران قرارگاه\u200cهای فضای مجازی مجاهدت می\u200cکنند'
    """
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = " ".join(text.split())
    if not text:
        return ""
    text = hazm_api.replace_ligatures_if_any(hazm_api.remove_marks(text))
    text = _QUOTE_PAIR.sub(r"«\1»", text)
    text = _SPACED_DOTS.sub(lambda dots: dots.group(0).replace(" ", "").replace("\u200c", ""), text)
    protected, spans = _protect(text)
    text = hazm_api.normalize(protected)
    text = restore_zwnj(text)
    if ZWNJ in text:
        text = " ".join(_STRAY_ZWNJ.sub("", text).split())
    else:
        text = " ".join(text.split())
    text = hazm_api.space_punctuation(text)
    if spans:
        text = _restore(text, spans)
    return " ".join(text.split())
