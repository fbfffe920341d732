"""The curated lexicons behind the person recogniser are well-formed.

honorifics.yaml, roles.yaml, surname_affixes.yaml, given_names.txt,
stop_names.txt and speech_verbs.txt in build/data/ are edited by hand; these
checks keep them parseable, free of Arabic letter forms and of entries that
fold to the same key.
"""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from build.fold import fold_key

DATA = Path(__file__).resolve().parent.parent / "build" / "data"
FILES = [
    "honorifics.yaml",
    "roles.yaml",
    "surname_affixes.yaml",
    "given_names.txt",
    "stop_names.txt",
    "speech_verbs.txt",
]
KINDS = {
    "military",
    "religious",
    "academic",
    "professional",
    "courtesy",
    "posthumous",
    "lineage",
}


def load_yaml(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def load_lines(name):
    text = (DATA / name).read_text(encoding="utf-8")
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def duplicates(words):
    counts = Counter(fold_key(w) for w in words)
    return sorted(k for k, n in counts.items() if n > 1)


@pytest.mark.parametrize("name", FILES)
def test_no_arabic_yeh_or_kaf(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert "ي" not in text and "ك" not in text and "ى" not in text


@pytest.mark.parametrize("name", FILES)
def test_starts_with_comment_header(name):
    first = (DATA / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#")


def test_honorifics():
    entries = load_yaml("honorifics.yaml")
    assert isinstance(entries, list) and len(entries) >= 40
    for e in entries:
        assert {"text", "en", "kind"} <= set(e) <= {"text", "en", "kind", "starts_names"}, e
        assert isinstance(e["text"], str) and e["text"].strip() == e["text"]
        assert isinstance(e["en"], str) and e["en"]
        assert e["kind"] in KINDS, e
    assert duplicates([e["text"] for e in entries]) == []
    texts = {fold_key(e["text"]) for e in entries}
    for must in ["سرتیپ دوم پاسدار", "حجت‌الاسلام والمسلمین", "آیت‌الله العظمی", "سردار", "دکتر", "سید"]:
        assert fold_key(must) in texts


def test_roles():
    entries = load_yaml("roles.yaml")
    assert isinstance(entries, list) and len(entries) >= 60
    for e in entries:
        assert {"text", "en"} <= set(e) <= {"text", "en", "org_prefix"}, e
        assert isinstance(e["text"], str) and e["text"].strip() == e["text"]
        assert isinstance(e["en"], str) and e["en"]
    assert duplicates([e["text"] for e in entries]) == []
    texts = {fold_key(e["text"]) for e in entries}
    # رییس and مدیر عامل are spelling variants and fold onto these entries.
    for must in ["رییس", "مدیر عامل", "دبیر کل", "نایب رئیس", "نماینده ولی فقیه"]:
        assert fold_key(must) in texts


def test_surname_affixes():
    data = load_yaml("surname_affixes.yaml")
    assert set(data) == {"suffixes", "prefixes", "given_prefixes", "surname_first_words"}
    for key in ("suffixes", "prefixes", "given_prefixes", "surname_first_words"):
        items = data[key]
        assert isinstance(items, list) and items
        assert all(isinstance(s, str) and s.strip() == s and s for s in items)
        assert duplicates(items) == []
    for must in ["پور", "زاده", "نژاد", "یان", "ی"]:
        assert must in data["suffixes"]
    assert "میر" in data["prefixes"]
    assert "سید" in data["given_prefixes"]


@pytest.mark.parametrize("name", ["given_names.txt", "stop_names.txt", "speech_verbs.txt"])
def test_text_lists_have_no_duplicates(name):
    words = load_lines(name)
    assert words
    assert duplicates(words) == []


def test_given_names():
    names = load_lines("given_names.txt")
    assert len(names) >= 600
    assert all(" " not in n for n in names)
    honorifics = {fold_key(e["text"]) for e in load_yaml("honorifics.yaml")}
    assert not [n for n in names if fold_key(n) in honorifics]
    stops = {fold_key(w) for w in load_lines("stop_names.txt")}
    assert [n for n in names if fold_key(n) in stops] == []
    keys = {fold_key(n) for n in names}
    for must in ["محمدحسن", "غلامحسین", "میرهاشم", "ابوالحسن", "علی‌اکبر", "مهسا", "نازنین"]:
        assert fold_key(must) in keys


def test_stop_names_and_speech_verbs():
    stops = {fold_key(w) for w in load_lines("stop_names.txt")}
    assert len(stops) >= 250
    for must in ["سازمان", "دولت", "ایران", "گفت", "افزود", "نیز", "ضمن"]:
        assert fold_key(must) in stops
    verbs = {fold_key(w) for w in load_lines("speech_verbs.txt")}
    for must in ["گفت", "افزود", "اظهار داشت", "تاکید کرد", "می گوید", "خاطرنشان کرد"]:
        assert fold_key(must) in verbs
