"""What the project relies on hazm for, pinned as hazm 0.10.0 gives it.

Every pass of the normaliser the build runs, the word list facts and the
conjugation table facts the rules use.  Another hazm version that changes
any of them fails here first, with the sentence that shows the change.
"""

import pytest

from build import hazm_api
from build.sources import list_corpus
from build.pipeline import read_entry, source_paragraphs
from conftest import SEEDS

ZWNJ = "\u200c"

# One or more sentences for each pass of ``Normalizer.normalize`` the build runs.
NORMALIZED = [
    # letters: Arabic ك and ي
    ("كتاب علي", "کتاب علی"),
    # persian_style: quotation marks, decimal point, three dots
    ('"سلام" گفت', "«سلام» گفت"),
    ("قیمت 10.450 دلار است و ...", "قیمت ۱۰ ٫ ۴۵۰ دلار است و …"),
    # persian_number: digits and the per cent sign
    ("5 درصد و 20%", "۵ درصد و ۲۰ ٪"),
    # correct_spacing: spaces, digits beside letters, affixes, punctuation
    ("سلام   دنیا", "سلام دنیا"),
    ("به طول ۹متر و عرض۶", "به طول ۹ متر و عرض ۶"),
    ("جمعهها که کار نمی کنم مطالعه می کنم", f"جمعه{ZWNJ}ها که کار نمی{ZWNJ}کنم مطالعه می{ZWNJ}کنم"),
    ("زمین لرزه ای به بزرگی", f"زمین{ZWNJ}لرزه{ZWNJ}ای به بزرگی"),
    ("بزرگ ترین کتاب ها", f"بزرگ{ZWNJ}ترین کتاب{ZWNJ}ها"),
    ("اعلام کرد : « زمین لرزه »", f"اعلام کرد: «زمین{ZWNJ}لرزه»"),
    # decrease_repeated_chars
    ("سلامممم به همه", "سلام به همه"),
    # seperate_mi
    ("مدیران قرارگاه های فضای مجازی مجاهدت میکنند", f"مدیران قرارگاه{ZWNJ}های فضای مجازی مجاهدت می{ZWNJ}کنند"),
]


@pytest.mark.parametrize("raw, expected", NORMALIZED)
def test_normalize(raw, expected):
    assert hazm_api.normalize(raw) == expected


@pytest.mark.parametrize("raw, expected", NORMALIZED)
def test_normalize_is_hazms_normalize(raw, expected):
    assert hazm_api.normalize(raw) == hazm_api.normalize_with_hazm(raw)


def test_normalize_is_hazms_normalize_on_every_seed_paragraph():
    paragraphs = [raw for entry in list_corpus(SEEDS).entries for raw, _, _ in source_paragraphs(read_entry(entry))]
    assert len(paragraphs) > 50
    different = [p for p in paragraphs if hazm_api.normalize(p) != hazm_api.normalize_with_hazm(p)]
    assert different == []


def test_fused_passes_are_hazms_patterns():
    """The patterns ``normalize`` compiles are the ones hazm's normaliser holds."""
    theirs = hazm_api.normalizer()
    assert hazm_api.PERSIAN_STYLE == theirs.persian_style_patterns
    assert hazm_api.EXTRA_SPACE == theirs.extra_space_patterns
    assert hazm_api.AFFIX_SPACING == theirs.affix_spacing_patterns
    assert hazm_api.TOKEN_PATTERN == theirs.tokenizer.pattern.pattern
    assert hazm_api.SPACING_SUFFIXES == theirs.suffixes
    assert hazm_api.MORE_THAN_TWO_REPEAT == theirs.more_than_two_repeat_pattern
    assert hazm_api.REPEATED_CHARS == theirs.repeated_chars_pattern
    assert hazm_api.JOINT_MI == theirs.joint_mi_patterns
    assert hazm_api.NUMBER_TRANSLATION == (theirs.number_translation_src, theirs.number_translation_dst)


def test_fused_passes_ask_hazms_word_list():
    """``normalize`` asks ``lexicon()`` what hazm's normaliser asks its dictionary of words."""
    theirs = hazm_api.normalizer().words
    lexicon = hazm_api.lexicon()
    assert lexicon.words == theirs.keys()
    assert lexicon.counted == {word for word, (count, _tags) in theirs.items() if count > 0}


def test_letter_and_digit_table_on_every_character():
    """One table for letters and digits gives what hazm's two give, for every character they name."""
    theirs = hazm_api.normalizer()
    text = "".join(sorted(set(theirs.translation_src + theirs.number_translation_src + "a1۱")))
    assert hazm_api.normalize(text) == hazm_api.normalize_with_hazm(text)


def test_character_passes_on_every_character():
    """The marks and ligatures passes equal hazm's on every character of the Basic Multilingual Plane."""
    text = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)
    expected = hazm_api.remove_specials_chars(hazm_api.remove_diacritics(text))
    assert hazm_api.remove_marks(text) == expected
    assert hazm_api.replace_ligatures_if_any(expected) == hazm_api.replace_ligatures(expected)
    assert hazm_api.replace_ligatures_if_any("بدون نشانه") == "بدون نشانه"


def test_character_passes():
    assert hazm_api.remove_diacritics("حَذفِ اِعراب") == "حذف اعراب"
    assert hazm_api.remove_specials_chars("پیامبر اکرم ﷺ") == "پیامبر اکرم "
    assert hazm_api.replace_ligatures("۱۰۰ ﷼") == "۱۰۰ ریال"
    assert hazm_api.replace_ligatures("ﻻ") == "لا"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("گفت : «سلام »", "گفت: «سلام»"),
        ("( متن)", "(متن)"),
        ("۹متر", "۹ متر"),
        ("طول۹", "طول ۹"),
        ("گفت.سپس", "گفت. سپس"),
        ("ساعت ۱۰:۳۰", "ساعت ۱۰:۳۰"),
        ('" نقل "', '"نقل"'),
    ],
)
def test_space_punctuation(raw, expected):
    assert hazm_api.space_punctuation(raw) == expected


def test_space_punctuation_is_hazms_last_spacing_step():
    """The project's copy of the patterns is hazm's, where hazm still has them."""
    patterns = getattr(hazm_api.normalizer(), "punctuation_spacing_patterns", None)
    if patterns is None:
        pytest.skip("this hazm has no punctuation_spacing_patterns to compare with")
    assert [(pattern.pattern, replacement) for pattern, replacement in hazm_api.PUNCTUATION_SPACING] == patterns


def test_word_list_facts():
    lexicon = hazm_api.lexicon()
    assert (len(lexicon.words), len(lexicon.counted), len(lexicon.very_common)) == (193_350, 27_071, 976)
    # counted spellings with a hamza, listed but uncounted ones without
    assert {"تأمین", "هیئت", "مسئول"} <= lexicon.counted
    assert {"تامین", "هیأت", "مسؤول"} <= lexicon.words - lexicon.counted
    # compounds listed whole, so normalising never splits them
    assert {"مدیرعامل", f"رئیس{ZWNJ}جمهور"} <= lexicon.counted
    # a surname that is listed but not counted
    assert "اسفندیاری" in lexicon.words - lexicon.counted
    # counts: ordinary words above VERY_COMMON, surnames that are words below
    assert "زندگی" in lexicon.very_common
    assert "موسوی" in lexicon.counted - lexicon.very_common


def test_verb_table_facts():
    verbs = hazm_api.verb_lemmas()
    assert len(verbs) == 346_014
    assert verbs["است"] == "#است"
    assert verbs[f"می{ZWNJ}کنند"] == "کرد#کن"
    assert verbs[f"نمی{ZWNJ}شود"] == verbs["شد"] == "شد#شو"
    assert verbs["گفتند"] == "گفت#گو"
    # a rare verb whose form is a common adjective (recognise._is_verb)
    assert verbs["فرهنگی"] == "فرهیخت#فرهنگ"


def test_verb_table_is_the_normalisers():
    """The table built from verbs_list() is the one hazm's normaliser uses, where it exposes it."""
    theirs = getattr(hazm_api.normalizer(), "verbs", None)
    if theirs is None:
        pytest.skip("this hazm's Normalizer exposes no verb table to compare with")
    assert hazm_api.verb_lemmas() == theirs


def test_normalize_is_hazms_normalize_on_real_news():
    """Every tenth article of the real corpora (about 640), paragraph by paragraph."""
    from conftest import require_real_corpora

    entries = list_corpus(require_real_corpora()).entries[::10]
    paragraphs = [raw for entry in entries for raw, _, _ in source_paragraphs(read_entry(entry))]
    assert len(paragraphs) > 4_000
    different = [p for p in paragraphs if hazm_api.normalize(p) != hazm_api.normalize_with_hazm(p)]
    assert different == []
