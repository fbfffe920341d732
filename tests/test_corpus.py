"""The synthetic corpus used by the benchmarks: deterministic, and a valid build input."""

import random

import jdatetime
import sqlite_utils

from build.corpus import WEEKDAYS, dateline, write_corpus
from build.pipeline import build_database


def contents(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_the_same_seed_gives_the_same_files(tmp_path):
    write_corpus(30, tmp_path / "a", seed=1)
    write_corpus(30, tmp_path / "b", seed=1)
    write_corpus(30, tmp_path / "c", seed=2)
    assert contents(tmp_path / "a") == contents(tmp_path / "b")
    assert contents(tmp_path / "a") != contents(tmp_path / "c")


def test_files_are_named_by_number_and_hash(tmp_path):
    import hashlib

    write_corpus(12, tmp_path, seed=1)
    for i, path in enumerate(sorted(tmp_path.iterdir())):
        number, digest = path.stem.split("_")
        assert number == f"{i:06d}"
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def test_a_smaller_corpus_is_the_start_of_a_larger_one(tmp_path):
    write_corpus(5, tmp_path / "small", seed=1)
    write_corpus(10, tmp_path / "large", seed=1)
    assert contents(tmp_path / "small").items() <= contents(tmp_path / "large").items()


def test_datelines_have_a_weekday_that_agrees_with_the_date():
    digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    months = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
    rng = random.Random(0)
    for _ in range(200):
        words = dateline(rng).translate(digits).split()
        if words[0] in WEEKDAYS:
            day, month, year = int(words[1]), months.index(words[2]) + 1, int(words[3])
            assert WEEKDAYS[jdatetime.date(year, month, day).weekday()] == words[0]


def test_thirty_synthetic_articles_build_without_errors(tmp_path):
    write_corpus(30, tmp_path / "corpus", seed=1)
    report = build_database(tmp_path / "corpus", tmp_path / "site.db")
    assert report.articles == 30 and report.skipped == []
    db = sqlite_utils.Database(tmp_path / "site.db")
    assert db["mentions"].count > 0
    # Every stated dateline was understood as a date.
    undated = db.execute(
        "select count(*) from paragraphs p join articles a on a.id = p.article_id"
        " where p.kind = 'dateline' and a.published_date is null"
    ).fetchone()[0]
    assert undated == 0
