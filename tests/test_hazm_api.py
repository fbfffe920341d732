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
    assert hazm_api.normalize(raw) == hazm_api.normalizer().normalize(raw)


def test_normalize_is_hazms_normalize_on_every_seed_paragraph():
    paragraphs = [raw for entry in list_corpus(SEEDS).entries for raw, _, _ in source_paragraphs(read_entry(entry))]
    assert len(paragraphs) > 50
    different = [p for p in paragraphs if hazm_api.normalize(p) != hazm_api.normalizer().normalize(p)]
    assert different == []


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
    different = [p for p in paragraphs if hazm_api.normalize(p) != hazm_api.normalizer().normalize(p)]
    assert different == []
