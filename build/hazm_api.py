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

    source = _character_normalizer()
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


def _class_characters(pattern):
    """The characters of a pattern that is one character class (``[…]``) with no ranges."""
    if not (pattern.startswith("[") and pattern.endswith("]")) or "-" in pattern or "\\" in pattern:
        raise ValueError(f"not a plain character class: {pattern!r}")
    return pattern[1:-1]


@functools.lru_cache(maxsize=1)
def _character_passes():
    """``(pattern of the marks deleted, ligature characters)`` from hazm's own patterns.

    hazm's diacritic and special-mark passes each delete the characters of
    one character class, so one pattern does both; every pattern
    of its ligature pass matches one of a few characters, so text without
    them is left as it is.
    """
    source = _character_normalizer()
    deleted = ""
    for pattern, replacement in [*source.diacritics_patterns, *source.specials_chars_patterns]:
        if replacement != "":
            raise ValueError(f"{pattern!r} is replaced by {replacement!r}, not deleted")
        deleted += _class_characters(pattern)
    ligatures = frozenset("".join(old for old, _ in source.replacements)) - set("()|")
    return re.compile("[" + re.escape(deleted) + "]"), ligatures


def remove_marks(text):
    """``remove_specials_chars(remove_diacritics(text))``, in one pass."""
    return _character_passes()[0].sub("", text)


def replace_ligatures_if_any(text):
    """``replace_ligatures(text)``, quickly when ``text`` holds no ligature."""
    if _character_passes()[1].isdisjoint(text):
        return text
    return replace_ligatures(text)


# hazm 0.10's ``Normalizer.normalize`` passes with NORMALIZER_OPTIONS, as its
# attributes hold them (``tests/test_hazm_api.py`` checks each copy against
# hazm's own), compiled once and in hazm's order.
_LETTER = "[" + _LETTERS + "]"
NUMBER_TRANSLATION = ("0123456789%٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹٪۰۱۲۳۴۵۶۷۸۹")
PERSIAN_STYLE = [('"([^\n"]+)"', r"«\1»"), (r"([\d+])\.([\d+])", r"\1٫\2"), (r" ?\.\.\.", " …")]
EXTRA_SPACE = [
    (r" {2,}", " "),
    (r"\n{3,}", "\n\n"),
    (r"\u200c{2,}", "\u200c"),
    (r"\u200c{1,} ", " "),
    (r" \u200c{1,}", " "),
    (r"\b\u200c*\B", ""),
    (r"\B\u200c*\b", ""),
    (r"[ـ\r]", ""),
]
_AROUND = _PUNCTUATION_AFTER + _PUNCTUATION_BEFORE
AFFIX_SPACING = [
    (r"([^ ]ه) ی ", "\\1\u200cی "),
    (r"(^| )(ن?می) ", "\\1\\2\u200c"),
    (r"(?<=[^\n\d " + _AROUND + r"]{2}) (تر(ین?)?|گری?|های?)(?=[ " + "\n" + _AROUND + r"]|$)", "\u200c\\1"),
    (r"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n" + _PUNCTUATION_AFTER + r"]|$)", "\\1\u200c\\2"),
    ("(ه)(ها)", "\\1\u200c\\2"),
]
TOKEN_PATTERN = r'([؟!?]+|[\d.:]+|[:.،؛»\])}"«\[({/\\])'
SPACING_SUFFIXES = frozenset({"ی", "ای", "ها", "های", "هایی", "تر", "تری", "ترین", "گر", "گری", "ام", "ات", "اش"})
MORE_THAN_TWO_REPEAT = f"({_LETTER})\\1{{2,}}"
REPEATED_CHARS = f"{_LETTER}*{MORE_THAN_TWO_REPEAT}{_LETTER}*"
JOINT_MI = rf"\bن?می{_LETTER}+"


class _Passes(NamedTuple):
    translated: re.Pattern  # any character the letter or digit table changes
    translation: dict  # character -> what the tables make of it
    persian_style: list
    extra_space: list
    affix_spacing: list
    token: re.Pattern
    more_than_two: re.Pattern
    repeated: re.Pattern
    joint_mi: re.Pattern
    mi_prefix: re.Pattern
    words: frozenset
    counted: frozenset
    verbs: dict


@functools.lru_cache(maxsize=1)
def _passes():
    """The compiled passes, the letter and digit table in one, and the word and verb tables."""
    numbers = dict(zip(map(ord, NUMBER_TRANSLATION[0]), NUMBER_TRANSLATION[1]))
    letters = _translation()
    # The letter table, then persian_style (which neither reads nor writes
    # a digit or a per cent sign), then the digit table: one table does both.
    table = {}
    for code in set(letters) | set(numbers):
        value = letters.get(code, chr(code))
        if isinstance(value, int):
            value = chr(value)
        table[code] = "".join(numbers.get(ord(c), c) for c in value)
    # str.translate looks every character up in the table; a pattern finds
    # the few it changes several times faster.
    table = {chr(code): value for code, value in table.items() if value != chr(code)}
    compiled = lambda patterns: [(re.compile(p), r) for p, r in patterns]  # noqa: E731
    lex = lexicon()
    return _Passes(
        translated=re.compile("[" + re.escape("".join(table)) + "]"),
        translation=table,
        persian_style=compiled(PERSIAN_STYLE),
        extra_space=compiled(EXTRA_SPACE),
        affix_spacing=compiled(AFFIX_SPACING),
        token=re.compile(TOKEN_PATTERN),
        more_than_two=re.compile(MORE_THAN_TWO_REPEAT),
        repeated=re.compile(REPEATED_CHARS),
        joint_mi=re.compile(JOINT_MI),
        mi_prefix=re.compile("^(ن?می)"),
        words=lex.words,
        counted=lex.counted,
        verbs=verb_lemmas(),
    )


def normalize(text):
    """``Normalizer(**NORMALIZER_OPTIONS).normalize(text)``, several times faster.

    hazm's passes in hazm's order, each compiled once, with the letter and
    digit tables applied as one, hazm's word list and verb table asked by
    membership (``lexicon()``, ``verb_lemmas()``: the same words), and a
    pass skipped when the text lacks what its pattern needs, so it could
    change nothing.  ``tests/test_hazm_api.py`` holds it equal to hazm's
    ``normalize`` on every paragraph of the seeds and the real corpora.
    """
    passes = _passes()
    translation = passes.translation
    text = passes.translated.sub(lambda match: translation[match.group()], text)
    # persian_style
    if '"' in text:
        pattern, replacement = passes.persian_style[0]
        text = pattern.sub(replacement, text)
    if "." in text:
        for pattern, replacement in passes.persian_style[1:]:
            text = pattern.sub(replacement, text)
    # correct_spacing
    extra = passes.extra_space
    if "  " in text:
        text = extra[0][0].sub(" ", text)
    if "\n\n\n" in text:
        text = extra[1][0].sub("\n\n", text)
    if "\u200c" in text:
        for pattern, replacement in extra[2:7]:
            text = pattern.sub(replacement, text)
    if "ـ" in text or "\r" in text:
        text = extra[7][0].sub("", text)
    token = passes.token
    text = "\n".join(
        " ".join(_token_spacing([w for w in token.sub(r" \1 ", line.replace("\t", " ")).split(" ") if w], passes))
        for line in text.split("\n")
    )
    affix = passes.affix_spacing
    if " ی " in text:
        text = affix[0][0].sub(affix[0][1], text)
    if "می " in text:
        text = affix[1][0].sub(affix[1][1], text)
    if " تر" in text or " گر" in text or " ها" in text:
        text = affix[2][0].sub(affix[2][1], text)
    if "ه ا" in text:
        text = affix[3][0].sub(affix[3][1], text)
    if "هها" in text:
        text = affix[4][0].sub(affix[4][1], text)
    text = space_punctuation(text)
    # decrease_repeated_chars
    if passes.more_than_two.search(text):
        text = _decrease_repeated_chars(text, passes)
    # seperate_mi
    if "می" in text:
        for word in passes.joint_mi.findall(text):
            joined = passes.mi_prefix.sub("\\1\u200c", word)
            if joined in passes.verbs:
                text = text.replace(word, joined)
    return text


def _token_spacing(tokens, passes):
    """hazm's ``Normalizer.token_spacing``: join a token to the one before where the pair is a word."""
    verbs, words, counted = passes.verbs, passes.words, passes.counted
    result = []
    last = len(tokens) - 1
    for t, token in enumerate(tokens):
        if result:
            pair = result[-1] + "\u200c" + token
            if pair in verbs or pair in counted:
                if t < last and token + "_" + tokens[t + 1] in verbs:
                    result.append(token)
                else:
                    result[-1] = pair
                continue
            if token in SPACING_SUFFIXES and result[-1] in words:
                result[-1] = pair
                continue
        result.append(token)
    return result


def _decrease_repeated_chars(text, passes):
    """hazm's ``Normalizer.decrease_repeated_chars``."""
    words, more_than_two = passes.words, passes.more_than_two
    for match in passes.repeated.finditer(text):
        word = match.group()
        if word not in words:
            no_repeat = more_than_two.sub(r"\1", word)
            two_repeat = more_than_two.sub(r"\1\1", word)
            if (no_repeat in words) != (two_repeat in words):
                text = text.replace(word, no_repeat if no_repeat in words else two_repeat)
            else:
                text = text.replace(word, two_repeat)
    return text


def normalize_with_hazm(text):
    """hazm's own ``Normalizer(**NORMALIZER_OPTIONS).normalize``: the reference ``normalize`` is held to."""
    return normalizer().normalize(text)


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
    """Load the normaliser's passes, the lexicon and the conjugation table now rather than on first use.

    hazm's own ``Normalizer`` with its word and verb tables is not loaded:
    ``normalize`` asks the same words of ``lexicon()`` and ``verb_lemmas()``.
    """
    _passes(), _character_passes()


@functools.lru_cache(maxsize=1)
def default_normalizer():
    """hazm's ``Normalizer()`` with its default options: what the benchmarks compare the build against."""
    from hazm import Normalizer

    return Normalizer()
