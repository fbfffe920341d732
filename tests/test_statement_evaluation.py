"""Statement quality against the hand-written gold (tests/gold/statements/), and the scoring itself.

The thresholds are the figures the rules reach today, so they cannot slip
back unnoticed: on the seeds, and on the real gold articles built from
../shared/corpora (skipped without them, except under CI=true).
"""

import pytest

from build import evaluate_statements as ev
from conftest import ROOT, require_real_corpora

GOLD = ROOT / "tests" / "gold" / "statements"
ENTITY_GOLD = [ROOT / "tests" / "gold", ROOT / "tests" / "gold" / "real"]


@pytest.fixture(scope="module")
def seed_scores(seed_db_path):
    gold = {k: v for k, v in ev.load_gold(GOLD).items() if k in ev.seed_ids(seed_db_path)}
    assert len(gold) == 5
    return ev.evaluate(seed_db_path, gold, ENTITY_GOLD)[0]["overall"]


@pytest.fixture(scope="module")
def real_scores(tmp_path_factory, seed_db_path):
    corpora = require_real_corpora()
    seeds = ev.seed_ids(seed_db_path)
    gold = {k: v for k, v in ev.load_gold(GOLD).items() if k not in seeds}
    assert len(gold) == 30
    db_path = tmp_path_factory.mktemp("statement-gold") / "real.db"
    ev.build_real(corpora, GOLD, sorted(gold), db_path)
    return ev.evaluate(db_path, gold, ENTITY_GOLD)


def test_seed_statements(seed_scores):
    s = seed_scores
    assert s.f1 >= 0.97, (s.misses, s.false_statements)
    assert s.speaker_accuracy >= 0.97, (s.wrong_speakers, s.missing_speakers)
    assert s.kind_accuracy >= 0.99
    assert s.speaker_wrong < s.speaker_missing or s.speaker_wrong == 0, s.wrong_speakers
    assert not s.unlocated or len(s.unlocated) <= 1, s.unlocated


def test_real_gold_statements(real_scores):
    s = real_scores[0]["overall"]
    assert s.f1 >= 0.91, (s.misses, s.false_statements)
    assert s.precision >= 0.95, s.false_statements
    assert s.speaker_accuracy >= 0.90, (s.wrong_speakers, s.missing_speakers)
    assert s.speaker_wrong < s.speaker_missing, s.wrong_speakers
    assert s.kind_accuracy >= 0.99


def test_real_gold_every_outlet_is_scored(real_scores):
    outlets = real_scores[1]
    assert len(outlets) >= 6
    assert all(s.f1 >= 0.8 for s in outlets.values()), {k: round(s.f1, 3) for k, s in outlets.items()}


def test_gold_spans_are_found_by_their_first_and_last_words_in_reading_order():
    paragraphs = [("p-1", "وزیر گفت: کار بزرگی است."), ("p-2", "وی افزود: کار بزرگی است و ادامه دارد.")]
    gold = [{"quote_start": "کار بزرگی", "quote_end": "بزرگی است"}, {"quote_start": "کار بزرگی", "quote_end": "ادامه دارد"}]
    placed = ev.locate(paragraphs, gold)
    assert [(pid, paragraphs[int(pid[-1]) - 1][1][start:end]) for _, pid, start, end in placed] == [
        ("p-1", "کار بزرگی است"), ("p-2", "کار بزرگی است و ادامه دارد")]


def test_within_a_word():
    text = "وزیر گفت: کار بزرگی است"
    start = text.index("کار")
    assert ev.within_a_word(text, start, text.index("بزرگی"))
    assert not ev.within_a_word(text, start, text.index("است"))


def test_score_counts_matches_speakers_and_kinds(tmp_path):
    import sqlite_utils

    db = sqlite_utils.Database(tmp_path / "t.db")
    text = "مصطفی طزری گفت: آموزش کارکنان اولویت ماست و ادامه دارد."
    db["paragraphs"].insert({"id": "a-001", "article_id": "a", "position": 1, "text": text})
    db["people"].insert({"id": "person-1", "name": "مصطفی طزری"})
    db["organisations"].insert({"id": "org-1", "name": "x", "aliases": "[]", "acronyms": "[]"})
    start = text.index("آموزش")
    db["statements"].insert_all([
        # matches the first gold statement (ends one word short), right speaker, wrong kind
        {"id": "a-s001", "article_id": "a", "paragraph_id": "a-001", "quote_start": start, "quote_end": text.index(" دارد"),
         "quote": text[start:text.index(" دارد")], "kind": "indirect", "person_id": "person-1", "organisation_id": None, "speaker_surface": "مصطفی طزری"},
        # starts two words late: a false statement
        {"id": "a-s002", "article_id": "a", "paragraph_id": "a-001", "quote_start": text.index("اولویت"), "quote_end": len(text) - 1,
         "quote": text[text.index("اولویت"):-1], "kind": "direct", "person_id": None, "organisation_id": None, "speaker_surface": None},
    ])
    gold = {"statements": [
        {"speaker": "مصطفی طزری", "kind": "direct", "quote_start": "آموزش کارکنان", "quote_end": "ادامه دارد"},
        {"speaker": None, "kind": "direct", "quote_start": "و ادامه", "quote_end": "ادامه دارد", "optional": False},
    ]}
    score = ev.score_article(db, "a", gold)
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
    assert (score.speaker_right, score.kind_right) == (1, 0)
