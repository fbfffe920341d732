"""Properties that must hold for any text, not just the seeds.

News text copied from the web carries everything: direction marks, runs
of zero-width joiners and non-joiners, Arabic presentation forms, stray
combining marks, NUL bytes.  These tests feed the text stages arbitrary
Unicode with such characters and Persian words and digits mixed in, and
check that

* nothing crashes;
* every mention and role points at its surface: ``text[char_start:char_end]
  == surface`` in the normalised paragraph;
* normalising twice changes nothing;
* folding twice changes nothing.

Lone surrogates (U+D800–U+DFFF) cannot be encoded in UTF-8, so no article
file can contain them: ``read.decode_bytes`` only returns text decoded from
valid UTF-8 (or UTF-16 / Windows-1256, which cannot produce them either).
The text stages must still not crash on them, and that is tested.
"""

import sqlite3

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build.entities import extract_entities
from build.fold import fold
from build.normalise import normalise_text
from build.recognise import recognise_paragraph
from build.search_query import fts_query
from build.segment import Paragraph, classify_paragraphs, split_paragraphs

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DIRECTION_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
JOINERS = "\u200c\u200d"
PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكأإآؤئءةۀ"
DIGITS = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789"
PUNCTUATION = " \n\t«»،؛:.!؟?/-()\"'"
# Words that make the recognisers fire, so offsets are exercised.
WORDS = [
    "سازمان", "پدافند", "غیرعامل", "کشور", "سردار", "دکتر", "سید", "رئیس", "معاون", "دبیر",
    "مرکز", "ملی", "فضای", "مجازی", "شورای", "عالی", "شورایعالی", "بسیج", "مستضعفین", "غلامحسین",
    "غیب", "پرور", "غیبپرور", "محمد", "حسن", "موسوی", "به گزارش", "خبرگزاری", "ایسنا", "ايسنا",
    "تأمیناجتماعی", "تامین", "اجتماعی", "روابطعمومی", "می‌کنند", "میکنند", "گفت:", "و", "قرارگاه",
    "ثارالله", "سپاه", "پاسداران", "انقلاب", "اسلامی", "1402/05/12", "https://www.itna.ir/news/1",
    "۱۶ تیر ۱۴۰۳", "شنبه",
]

presentation_forms = st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF) | st.characters(
    min_codepoint=0xFE70, max_codepoint=0xFEFF
)
combining_marks = st.characters(min_codepoint=0x064B, max_codepoint=0x065F) | st.characters(
    min_codepoint=0x0300, max_codepoint=0x036F
)
special = st.sampled_from(DIRECTION_MARKS + JOINERS + "\x00\ufeff\u00a0")
piece = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.sampled_from(PERSIAN_LETTERS), min_size=1, max_size=8),
    st.text(st.sampled_from(DIGITS), min_size=1, max_size=4),
    st.text(st.sampled_from(PUNCTUATION), min_size=1, max_size=2),
    st.text(special, min_size=1, max_size=4),
    presentation_forms,
    combining_marks,
    st.characters(),
)
# Any valid Unicode string (no surrogates): what a decoded article can hold.
messy_text = st.lists(piece, max_size=30).map("".join)
surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
text_with_surrogates = st.lists(piece | surrogate, max_size=30).map("".join)


def check_spans(text, rows):
    """Every row's offsets lie inside ``text`` and select its surface."""
    for row in rows:
        assert 0 <= row["char_start"] < row["char_end"] <= len(text), row
        assert text[row["char_start"] : row["char_end"]] == row["surface"], row


@SETTINGS
@given(messy_text)
@example("\x00")
@example('""')
@example("1402/05/12\ufe70:")
def test_normalise_never_crashes(text):
    assert isinstance(normalise_text(text), str)


@SETTINGS
@given(messy_text)
@example("\u200c\u200c\u200c")
@example("0\u200cسازمان")
@example("گفت:\u200c")
@example("0\u200c0")
@example("\ufdfa")  # one presentation form that NFKC turns into 18 characters
# Inputs on which hazm 0.10.0 alone needs a second pass to settle:
@example('""')  # '" "', then '«»'
@example("1402/05/12\ufe70:")  # a mark between the date and «:» goes after spacing
@example("0\u0653:")  # a mark after a digit goes after spacing
@example("\ufdfd")  # the ligature ﷽ is spelled out after spacing
@example(":\u200c:")  # a ZWNJ left beside a space
@example(".. .")  # full stops joined only by the last spacing, after the ellipsis rule
def test_normalising_twice_changes_nothing(text):
    """``normalise_text`` is idempotent on any text, including the inputs
    on which hazm's ``Normalizer`` by itself is not."""
    once = normalise_text(text)
    assert normalise_text(once) == once


@SETTINGS
@given(text_with_surrogates)
def test_normalise_survives_lone_surrogates(text):
    """Surrogates cannot come from a file, but the normaliser must not crash on them."""
    assert isinstance(normalise_text(text), str)


@SETTINGS
@given(messy_text | text_with_surrogates)
def test_fold_never_crashes_and_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once


@pytest.fixture(scope="module")
def fts():
    """An FTS5 table like the site's, holding one folded paragraph."""
    connection = sqlite3.connect(":memory:")
    connection.execute("create virtual table t using fts5(text_folded, tokenize='unicode61')")
    connection.execute("insert into t values (?)", (fold(normalise_text("مدیر عامل سازمان تأمین‌اجتماعی می‌کنند")),))
    yield connection
    connection.close()


@SETTINGS
@given(messy_text | text_with_surrogates)
@example('"(NEAR OR) AND *')
@example("مدیرعامل شورای عالی")
def test_every_query_is_a_valid_fts5_expression(fts, text):
    """Whatever a reader types, the search expression is one FTS5 accepts."""
    fts.execute("select count(*) from t where t match ?", (fts_query(text),)).fetchone()


@SETTINGS
@given(st.lists(messy_text, min_size=1, max_size=8).map("\n".join))
def test_segmentation_gives_every_paragraph_a_kind(article):
    raws = split_paragraphs(article)
    assert all(raw and raw == raw.strip() for raw in raws)
    paragraphs = [Paragraph(position=i, text=normalise_text(raw), text_raw=raw) for i, raw in enumerate(raws, 1)]
    paragraphs = [p for p in paragraphs if p.text]
    classify_paragraphs(paragraphs)
    kinds = {"title", "dateline", "lede", "heading", "body", "boilerplate"}
    assert all(p.kind in kinds and p.kind_rule for p in paragraphs)


@SETTINGS
@given(messy_text)
def test_recognised_spans_lie_inside_the_paragraph(raw):
    text = normalise_text(raw)
    found = recognise_paragraph(text)
    n = len(found.tokens)
    for mention in found.organisations + found.people + found.roles:
        assert 0 <= mention.first <= mention.last < n
    for token in found.tokens:
        assert text[token.start : token.end] == token.text


@SETTINGS
@given(st.lists(messy_text, min_size=1, max_size=6))
def test_every_mention_and_role_offset_selects_its_surface(raws):
    texts = [normalise_text(raw) for raw in raws]
    paragraphs = [(f"a-{i:03d}", "body", t) for i, t in enumerate(texts, 1) if t]
    rows = extract_entities("a", paragraphs)
    by_id = {pid: text for pid, _, text in paragraphs}
    for table in ("mentions", "roles"):
        for row in rows[table]:
            check_spans(by_id[row["paragraph_id"]], [row])


def decoded_or_none(data):
    from build.read import SeedError, decode_bytes

    try:
        return decode_bytes(data)[0]
    except SeedError:
        return None


@pytest.mark.parametrize(
    "data",
    [
        # U+D800 written as if it were UTF-8 (not valid UTF-8): rejected, or
        # read as Windows-1256 letters, never as a surrogate.
        "سازمان پدافند غیرعامل کشور".encode() + b"\xed\xa0\x80",
        b"\xed\xa0\x80" * 10,
        # A lone surrogate in UTF-16: not valid UTF-16, rejected.
        b"\xff\xfe" + "سازمان \ud800".encode("utf-16-le", "surrogatepass"),
    ],
)
def test_a_decoded_file_never_holds_surrogates(data):
    """Why surrogates only need to be survived, not processed: files cannot carry them."""
    text = decoded_or_none(data)
    assert text is None or not any("\ud800" <= c <= "\udfff" for c in text)
