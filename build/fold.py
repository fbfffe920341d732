"""One folding function for comparing and searching Persian text.

Persian is written many ways that a reader treats as the same word: Arabic
ي/ك or Persian ی/ک, تأمین or تامین, مؤسسه or موسسه, ۱۴۰۳ or 1403, می‌کنند
with a zero-width non-joiner (ZWNJ), a space or nothing.  ``fold`` maps all
of those to one form.  It is used for the full-text index, for the search
box (the Datasette plugin calls the same function on what the user types)
and for comparing names of people and organisations, so that the three can
never disagree.

Folded text is for matching only: it is never shown, and no character
offsets ever point into it.
"""

import functools
import re
import unicodedata

ZWNJ = "\u200c"

# A hamza on alef, yeh or waw, and the bare letter each is written as when
# the hamza is left out (normalise.py reads the same table the other way).
HAMZA_ON = {"أ": "ا", "ئ": "ی", "ؤ": "و"}
# Letters that have more than one written form.  Hamza carriers fold to the
# bare letter, alef with madda to alef (آمریکا/امریکا), Arabic yeh/kaf to
# Persian, teh marbuta and heh with hamza above to heh.
_LETTERS = {
    **HAMZA_ON,
    "ي": "ی",
    "ى": "ی",
    "ك": "ک",
    "إ": "ا",
    "ٱ": "ا",
    "آ": "ا",
    "ة": "ه",
    "ۀ": "ه",
    "ء": "",
    "ـ": "",  # tatweel (kashida)
}
_DIGITS = {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")})
_TABLE = {ord(k): v for k, v in _LETTERS.items()}
_TABLE.update(_DIGITS)
# The same table for ``re.sub``: these letters are a few in a hundred, so
# finding them is several times faster than ``str.translate``, which looks
# every character of the text up in the table.
_FOLDED = {chr(k): v for k, v in _TABLE.items()}
_TO_FOLD = re.compile("[" + "".join(re.escape(c) for c in _FOLDED) + "]")

# Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef and the
# combining hamza above/below).  unicode61's remove_diacritics does not know
# them, so they are removed here.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
# Joiners, non-joiners and invisible direction marks become a word break,
# as does any run of white space (no-break space included):
# تأمین‌اجتماعی, تأمین اجتماعی and (once normalised) تأمیناجتماعی agree.
_INVISIBLE_BREAKS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+")


def fold(text):
    """Return ``text`` in the one form used for matching and search.

    >>> fold("تأمين‌اجتماعي ۱۴۰۳")
    'تامین اجتماعی 1403'
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _TO_FOLD.sub(lambda m: _FOLDED[m.group()], text)
    text = _DIACRITICS.sub("", text)
    # Removing letters can bring combining marks together; order them the
    # way a second fold would.
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(_INVISIBLE_BREAKS.sub(" ", text).split())
    return text.casefold().strip()


@functools.lru_cache(maxsize=500_000)
def fold_key(text):
    """Return a key that ignores word breaks altogether.

    Names are compared with this key, because the same name is written with
    a space, a ZWNJ or nothing (شورای عالی / شورایعالی, غیب پرور / غیبپرور).
    Keys of words are asked for again and again, so they are remembered.
    """
    return fold(text).replace(" ", "")
