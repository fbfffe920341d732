"""Everything the project takes from hazm, in one place, through hazm's public API.

No other module imports hazm.  What the build needs from it is:

* its ``Normalizer``'s passes (Arabic letters, quotation marks, digits,
  spacing around punctuation and affixes, repeated letters, diacritics,
  special marks and ligature words), each run through a public method;
* its lexicon (``hazm.utils.words_list()``: a word, its frequency, its
  tags), kept here as the project's own frozensets;
* its conjugation table (``hazm.utils.verbs_list()`` conjugated by
  ``hazm.Conjugation``), kept here as ``{verb form: lemma}``.

Supported: hazm 0.10.0, the newest release that installs on Python 3.11.
``tests/test_hazm_api.py`` pins the behaviour the project relies on, so a
different hazm version shows there what it changes.

One pass is the project's own, written to give what hazm 0.10 gives:
``space_punctuation``, the last step of hazm's ``correct_spacing``, which
hazm offers only inside that method.
"""

import functools
import re
from typing import NamedTuple

# normalise_text removes diacritics and special marks and replaces
# ligature words itself, before it protects URLs and numbers; nothing
# ``normalize`` does brings any back, so its own passes are switched off.
# (``seperate_mi`` stays on: hazm 0.10's spacing pass reads the verb table
# that option loads.)
NORMALIZER_OPTIONS = {"remove_diacritics": False, "remove_specials_chars": False, "unicodes_replacement": False}

# hazm's counts for the commonest ordinary words run to millions (زندگی
# 9.1 M, عالی 9.4 M); surnames that are also words stay below (موسوی 2.6 M).
VERY_COMMON = 5_000_000

_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_PUNCTUATION_AFTER, _PUNCTUATION_BEFORE = r"\.:!،؛؟»\]\)\}", r"«\[\(\{"
# The spacing of punctuation, digits and quotation marks that hazm 0.10's
# correct_spacing applies last, in its order.
PUNCTUATION_SPACING = [
    (re.compile(pattern), replacement)
    for pattern, replacement in [
        ('" ([^\n"]+) "', r'"\1"'),  # no space inside quotation marks
        (f" ([{_PUNCTUATION_AFTER}])", r"\1"),  # none before a closing mark
        (f"([{_PUNCTUATION_BEFORE}]) ", r"\1"),  # none after an opening mark
        # a space after . : ! unless a digit follows
        (f"([{_PUNCTUATION_AFTER[:3]}])([^ {_PUNCTUATION_AFTER}" + r"\d۰۱۲۳۴۵۶۷۸۹])", r"\1 \2"),
        (f"([{_PUNCTUATION_AFTER[3:]}])([^ {_PUNCTUATION_AFTER}])", r"\1 \2"),  # after the others
        (f"([^ {_PUNCTUATION_BEFORE}])([{_PUNCTUATION_BEFORE}])", r"\1 \2"),  # before an opening mark
        (rf"(\d)([{_LETTERS}])", r"\1 \2"),  # between a number and a letter: ۹متر → ۹ متر
        (rf"([{_LETTERS}])(\d)", r"\1 \2"),  # and a letter and a number: طول۹ → طول ۹
    ]
]


class Lexicon(NamedTuple):
    """hazm's word list as sets: membership only, so reading it writes nothing.

    Build workers share the parent's memory page by page until one of them
    writes to a page; asking a set whether it holds a word writes nothing,
    while reading a value out of a dictionary raises that value's
    reference count.
    """

    words: frozenset  # every entry
    counted: frozenset  # entries with a frequency above zero
    very_common: frozenset  # entries counted more than VERY_COMMON times


@functools.lru_cache(maxsize=1)
def normalizer():
    """hazm's ``Normalizer`` with ``NORMALIZER_OPTIONS``, made once per process (it reads its lexicon)."""
    from hazm import Normalizer

    return Normalizer(**NORMALIZER_OPTIONS)


@functools.lru_cache(maxsize=1)
def _character_normalizer():
    """A ``Normalizer`` for the character passes alone: it loads no lexicon."""
    from hazm import Normalizer

    return Normalizer(
        correct_spacing=False, decrease_repeated_chars=False, persian_style=False, persian_numbers=False, seperate_mi=False
    )


@functools.lru_cache(maxsize=1)
def _translation():
    """The table of hazm's letter replacements (Arabic ي and ك, letter forms …), built once.

    ``Normalizer.normalize`` builds the same 500-entry table on every call,
    which is about a fifth of its time on news paragraphs.
    """
    from hazm.utils import maketrans

    source = normalizer()
    return maketrans(source.translation_src, source.translation_dst)


def remove_diacritics(text):
    """``text`` without Arabic short vowels, tanwin, shadda and sukun."""
    return _character_normalizer().remove_diacritics(text)


def remove_specials_chars(text):
    """``text`` without Arabic superscript and subscript marks (ﷺ, ٰ …)."""
    return _character_normalizer().remove_specials_chars(text)


def replace_ligatures(text):
    """``text`` with ligature words (﷽, ﷼, ﻻ …) written out in letters."""
    return _character_normalizer().unicodes_replacement(text)


def normalize(text):
    """``Normalizer(**NORMALIZER_OPTIONS).normalize(text)``, about a fifth faster.

    The same public passes in the same order as ``normalize``, with the
    letter table built once instead of on every call.
    """
    source = normalizer()
    text = text.translate(_translation())
    text = source.persian_style(text)
    text = source.persian_number(text)
    text = source.correct_spacing(text)
    text = source.decrease_repeated_chars(text)
    return source.seperate_mi(text)


def space_punctuation(text):
    """Spacing around punctuation and digits, as the end of hazm's ``correct_spacing`` does it."""
    for pattern, replacement in PUNCTUATION_SPACING:
        text = pattern.sub(replacement, text)
    return text


@functools.lru_cache(maxsize=1)
def lexicon():
    """hazm's word list (``hazm.utils.words_list()``) as a ``Lexicon`` of frozensets.

    A word listed twice has the frequency of its last entry, as in hazm's
    own dictionary of it.
    """
    from hazm.utils import words_list

    counts = {word: count for word, count, _tags in words_list()}
    return Lexicon(
        words=frozenset(counts),
        counted=frozenset(word for word, count in counts.items() if count > 0),
        very_common=frozenset(word for word, count in counts.items() if count > VERY_COMMON),
    )


def counted_words():
    """The words hazm's lexicon has counted (frequency above zero)."""
    return lexicon().counted


def very_common_words():
    """Words hazm's lexicon counts more than ``VERY_COMMON`` times: never a surname alone."""
    return lexicon().very_common


@functools.lru_cache(maxsize=1)
def verb_lemmas():
    """``{verb form: lemma}``: every form ``hazm.Conjugation`` makes of every verb in ``verbs_list()``.

    A lemma is written past#present (``کرد#کن``).  Where two verbs share a
    form the one listed first wins, and «است» is the form of ``#است``, as
    in hazm's ``Lemmatizer``.
    """
    from hazm import Conjugation
    from hazm.utils import verbs_list

    conjugation = Conjugation()
    table = {"است": "#است"}
    for verb in reversed(verbs_list()):
        for form in conjugation.get_all(verb):
            table[form] = verb
    return table


def load():
    """Load the normaliser, the lexicon and the conjugation table now rather than on first use."""
    normalizer(), _translation(), lexicon(), verb_lemmas()


@functools.lru_cache(maxsize=1)
def default_normalizer():
    """hazm's ``Normalizer()`` with its default options: what the benchmarks compare the build against."""
    from hazm import Normalizer

    return Normalizer()
