"""Extraction quality on the seed articles, against the hand-written gold annotation."""

import pytest

from build.evaluate import Score, evaluate, match_sets
from conftest import ROOT

GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def results(seed_db_path):
    return evaluate(seed_db_path, GOLD)


@pytest.mark.parametrize("kind", ["people", "organisations"])
def test_precision_and_recall_at_least_095(results, kind):
    overall = results[kind]["overall"]
    assert overall.precision >= 0.95, overall.false_positives
    assert overall.recall >= 0.95, overall.misses


def test_roles_are_mostly_right(results):
    overall = results["roles"]["overall"]
    assert overall.f1 >= 0.8, (overall.misses, overall.false_positives)


def test_scoring_counts_misses_and_false_positives():
    gold = [{"name": "سازمان پدافند غیرعامل"}, {"name": "شورای عالی فضای مجازی", "also": ["شورایعالی فضای مجازی"]}]
    predicted = {"شورای‌عالی فضای مجازی": {"شورایعالیفضایمجازی"}, "دولت": {"دولت"}}
    score = match_sets(predicted, gold)
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
    assert score.misses == ["سازمان پدافند غیرعامل"] and score.false_positives == ["دولت"]


def test_optional_gold_items_count_neither_way():
    gold = [{"name": "دولت سیزدهم", "optional": True}]
    assert (lambda s: (s.tp, s.fp, s.fn))(match_sets({"دولت سیزدهم": {"دولتسیزدهم"}}, gold)) == (0, 0, 0)
    assert (lambda s: (s.tp, s.fp, s.fn))(match_sets({}, gold)) == (0, 0, 0)


def test_empty_score_is_perfect_not_a_division_error():
    assert Score().precision == 1.0 and Score().recall == 1.0
