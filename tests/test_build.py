"""The build end to end: the seeds become the tables the README describes."""

import hashlib
import sqlite3
import subprocess
import sys

import pytest
import sqlite_utils

from build import checks

from build import schema
from build.checks import check_database
from build.pipeline import BuildError, build_database
from conftest import ROOT, SEEDS

A003 = "003_67594997d190f86c"


def test_seed_files_match_their_checksums():
    for line in (SEEDS / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest


def test_tables_and_counts(seed_db):
    assert {"articles", "paragraphs", "skipped_files"} <= set(seed_db.table_names())
    assert seed_db["articles"].count == 5
    assert seed_db["skipped_files"].count == 0
    counts = dict(seed_db.execute("select article_id, count(*) from paragraphs group by article_id").fetchall())
    # Non-empty lines of each seed file.
    for path in SEEDS.glob("*.txt"):
        lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
        assert counts[path.stem] == len(lines)


def test_foreign_keys_declared(seed_db):
    fks = {(fk.table, fk.column, fk.other_table) for t in seed_db.tables for fk in t.foreign_keys}
    assert ("paragraphs", "article_id", "articles") in fks
    assert ("articles", "title_paragraph_id", "paragraphs") in fks


def test_every_foreign_key_is_served_by_exactly_one_index(seed_db):
    # Looking up the rows that point at a row (Datasette's "links from other
    # tables") needs an index starting with the column; a second one only
    # makes the file larger.
    for table in seed_db.tables:
        leading = schema.leading_columns(seed_db, table.name)
        for fk in table.foreign_keys:
            assert len(leading.get(fk.column, [])) == 1, (table.name, fk.column, leading.get(fk.column))


def test_entity_counts_are_read_from_indexes_alone(seed_db):
    # build_entity_tables counts each organisation's mentions and articles;
    # on 10,000 articles reading the table for it took half a second.
    plan = seed_db.execute(
        "explain query plan select organisation_id, count(*), count(distinct article_id) "
        "from mentions where organisation_id is not null group by organisation_id"
    ).fetchall()
    assert any("COVERING INDEX" in row[-1] for row in plan), plan


def test_kinds_of_the_seed_boilerplate(seed_db):
    rows = seed_db.execute("select id, kind, kind_rule from paragraphs where kind != 'body'").fetchall()
    kinds = {pid: (kind, rule) for pid, kind, rule in rows}
    assert kinds["001_306a7383131c10d2-017"] == ("boilerplate", "end-marker")  # انتهای پیام/
    assert kinds["001_306a7383131c10d2-021"] == ("boilerplate", "comments-widget")  # ارسال دیدگاه
    assert kinds["002_ab529479935ecf1d-001"] == ("dateline", "short-line-with-date")
    assert kinds["002_ab529479935ecf1d-004"] == ("boilerplate", "repeat-of-title")
    assert kinds["002_ab529479935ecf1d-015"] == ("boilerplate", "edit-suggest")
    assert kinds["004_2b53f3ad2ca6390f-001"] == ("boilerplate", "qr-code")
    assert kinds["004_2b53f3ad2ca6390f-012"] == ("boilerplate", "item-code")
    assert kinds["004_2b53f3ad2ca6390f-015"] == ("boilerplate", "bare-url")
    headings = [pid for pid, (kind, _) in kinds.items() if kind == "heading"]
    assert headings == [f"{A003}-028", f"{A003}-032"]
    # Every article keeps at least one body paragraph.
    assert seed_db.execute(
        "select count(distinct article_id) from paragraphs where kind = 'body'"
    ).fetchone()[0] == 5


def test_article_descriptions(seed_db):
    articles = {row["id"]: row for row in seed_db["articles"].rows}
    assert articles["000_fee858d04f0e5e41"]["published_date"] is None
    assert articles["001_306a7383131c10d2"]["published_date"] is None
    a002 = articles["002_ab529479935ecf1d"]
    assert (a002["published_date"], a002["date_status"]) == ("2024-07-06", "stated")
    assert a002["publisher"] == "خبرگزاری فارس"
    a003 = articles[A003]
    assert (a003["published_date"], a003["date_status"]) == ("2022-11-28", "inferred")
    assert a003["title"] is None
    a004 = articles["004_2b53f3ad2ca6390f"]
    assert (a004["published_date"], a004["date_status"]) == ("2014-08-16", "stated")
    assert a004["published_datetime"] == "2014-08-16T12:13:00+04:30"
    assert a004["url"] == (
        "https://www.itna.ir/news/31892/تشکیل-کارگروه-راهبردی-امور-بین-الملل-مرکز-ملی-فضای-مجازی"
    )
    assert a004["encoding"] == "utf-8"
    assert articles["001_306a7383131c10d2"]["cited_source"] == "خبرگزاری بسیج"


def test_raw_text_kept_beside_normalised_text(seed_db):
    row = seed_db["paragraphs"].get("001_306a7383131c10d2-003")
    assert "میکنند" in row["text_raw"]
    assert "می\u200cکنند" in row["text"]
    raw_lines = [l.strip() for l in (SEEDS / "001_306a7383131c10d2.txt").read_text(encoding="utf-8").splitlines() if l.strip()]
    stored = [r[0] for r in seed_db.execute(
        "select text_raw from paragraphs where article_id = '001_306a7383131c10d2' order by position")]
    assert stored == raw_lines


def test_full_text_search_is_on_folded_text(seed_db):
    # The text has «تأمین‌اجتماعی»; the folded index finds «تامین اجتماعی».
    hits = seed_db.execute(
        "select count(*) from paragraphs_fts where paragraphs_fts match ?", ['"تامین اجتماعی"']
    ).fetchone()[0]
    assert hits > 5
    assert seed_db.execute(
        "select count(*) from articles_fts where articles_fts match 'کارگروه'"
    ).fetchone()[0] == 1


def test_same_seeds_give_byte_identical_database(tmp_path, seed_db_path):
    again = tmp_path / "again.db"
    build_database(SEEDS, again)
    assert again.read_bytes() == seed_db_path.read_bytes()


def test_ids_are_stable(seed_db):
    ids = [r[0] for r in seed_db.execute("select id from paragraphs where article_id = ? order by position", [A003])]
    assert ids[:2] == [f"{A003}-001", f"{A003}-002"]


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("bad_utf8.txt", b"\xd8\xb3\xd9 \xff\xfe broken " * 3, "not valid UTF-8"),
        ("empty.txt", b"", "file is empty"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary data"),
    ],
)
def test_bad_files_are_skipped_and_reported(seeds_copy, tmp_path, name, data, problem):
    (seeds_copy / name).write_bytes(data)
    report = build_database(seeds_copy, tmp_path / "out.db")
    assert report.articles == 5
    assert [(f, p) for f, p in report.skipped if f == name] and problem in report.skipped[0][1]
    db = sqlite_utils.Database(tmp_path / "out.db")
    assert db["skipped_files"].get(name)["problem"] == report.skipped[0][1]


def test_bom_and_crlf_files_build_like_plain_ones(seeds_copy, tmp_path):
    plain = (SEEDS / "002_ab529479935ecf1d.txt").read_bytes()
    (seeds_copy / "002_ab529479935ecf1d.txt").write_bytes(b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n"))
    build_database(seeds_copy, tmp_path / "variant.db")
    build_database(SEEDS, tmp_path / "plain.db")
    query = "select id, kind, text from paragraphs order by id"
    variant = sqlite_utils.Database(tmp_path / "variant.db").execute(query).fetchall()
    assert variant == sqlite_utils.Database(tmp_path / "plain.db").execute(query).fetchall()
    encoding = sqlite_utils.Database(tmp_path / "variant.db")["articles"].get("002_ab529479935ecf1d")["encoding"]
    assert encoding == "utf-8-sig"


def test_a_directory_given_as_the_database_fails_before_any_work(tmp_path):
    with pytest.raises(BuildError, match="is a directory"):
        build_database(SEEDS, tmp_path)
    assert list(tmp_path.parent.glob(f".{tmp_path.name}.tmp-*")) == []


def test_seeds_that_do_not_exist_are_named(tmp_path):
    with pytest.raises(BuildError, match="nowhere: seeds directory does not exist"):
        build_database(tmp_path / "nowhere", tmp_path / "site.db")


def test_one_article_file_is_a_corpus_of_one(tmp_path):
    report = build_database(SEEDS / f"{A003}.txt", tmp_path / "site.db")
    assert report.articles == 1
    assert [row["id"] for row in sqlite_utils.Database(tmp_path / "site.db")["articles"].rows] == [A003]


def test_a_database_in_a_missing_directory_fails_before_any_work(tmp_path):
    with pytest.raises(BuildError, match="missing: directory does not exist"):
        build_database(SEEDS, tmp_path / "missing" / "site.db")


@pytest.mark.parametrize("incremental", [False, True])
def test_a_failed_write_is_a_clear_error_and_keeps_the_old_database(seeds_copy, tmp_path, monkeypatch, incremental):
    from build import pipeline

    db_path = tmp_path / "site.db"
    build_database(seeds_copy, db_path)
    before = db_path.read_bytes()
    (seeds_copy / "006_new.txt").write_bytes((SEEDS / "002_ab529479935ecf1d.txt").read_bytes())

    def disk_full(db, rows):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(pipeline, "write_rows", disk_full)
    with pytest.raises(BuildError, match="site.db: database or disk is full"):
        build_database(seeds_copy, db_path, incremental=incremental)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "site.db"]  # no temporary file left


def test_a_file_that_makes_processing_fail_is_reported_and_the_rest_is_built(seeds_copy, tmp_path, monkeypatch):
    from build import pipeline

    process_article = pipeline.process_article

    def fails_on_one(source):
        if source.id == A003:
            raise IndexError("string index out of range")
        return process_article(source)

    monkeypatch.setattr(pipeline, "process_article", fails_on_one)
    report = build_database(seeds_copy, tmp_path / "site.db", jobs=1)
    assert report.articles == 4
    assert report.skipped == [(f"{A003}.txt", "could not be processed (IndexError: string index out of range)")]
    with pytest.raises(BuildError, match=f"{A003}.txt: could not be processed"):
        build_database(seeds_copy, tmp_path / "strict.db", jobs=1, strict=True)


def test_strict_build_fails_and_keeps_the_old_database(seeds_copy, tmp_path):
    db_path = tmp_path / "site.db"
    build_database(seeds_copy, db_path)
    before = db_path.read_bytes()
    (seeds_copy / "zz_bad.txt").write_bytes(b"\xd8\xb3 \xfa not utf8 \x81")
    with pytest.raises(BuildError, match="zz_bad.txt"):
        build_database(seeds_copy, db_path, strict=True)
    assert db_path.read_bytes() == before
    assert not list(tmp_path.glob(".site.db.tmp-*"))


def test_an_article_that_would_fail_a_check_is_skipped_and_the_rest_built(seeds_copy, tmp_path):
    # An article that is only furniture has no body paragraph.
    (seeds_copy / "zz_furniture.txt").write_text("انتهای پیام\nنظرات\nارسال دیدگاه\n", encoding="utf-8")
    report = build_database(seeds_copy, tmp_path / "site.db")
    assert report.articles == 5
    assert [name for name, _ in report.skipped] == ["zz_furniture.txt"]
    assert "has no body paragraph" in report.skipped[0][1]
    db = sqlite_utils.Database(tmp_path / "site.db")
    assert [row["file"] for row in db["skipped_files"].rows] == ["zz_furniture.txt"]
    with pytest.raises(BuildError, match="zz_furniture.txt: has no body paragraph"):
        build_database(seeds_copy, tmp_path / "strict.db", strict=True)


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "incremental"])
def test_failed_data_check_keeps_the_old_database(seeds_copy, tmp_path, incremental, monkeypatch):
    db_path = tmp_path / "site.db"
    build_database(seeds_copy, db_path)
    before = db_path.read_bytes()
    (seeds_copy / "006_new.txt").write_bytes((SEEDS / "002_ab529479935ecf1d.txt").read_bytes())
    # A check of the whole database (integrity, foreign keys, counts) that fails.
    monkeypatch.setattr(checks, "check_foreign_keys", lambda db: ["foreign key broken: ('roles', 1, 'organisations', 2)"])
    with pytest.raises(BuildError, match="foreign key broken"):
        build_database(seeds_copy, db_path, incremental=incremental)
    assert db_path.read_bytes() == before
    assert sqlite3.connect(db_path).execute("pragma integrity_check").fetchone() == ("ok",)


def test_cli_summary_and_exit_codes(tmp_path, seeds_copy):
    (seeds_copy / "empty.txt").write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--seeds", str(seeds_copy), "--db", str(tmp_path / "cli.db")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "5 articles" in result.stderr and "skipped empty.txt: file is empty" in result.stderr
    failed = subprocess.run(
        [sys.executable, "-m", "build", "--seeds", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.db")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert failed.returncode == 1 and "does not exist" in failed.stderr


def test_cli_help():
    result = subprocess.run([sys.executable, "-m", "build", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "--seeds" in result.stdout and "--db" in result.stdout


def test_entity_ids_survive_adding_an_article(seeds_copy, tmp_path, seed_db):
    # A new article that names a body and a person already in the seeds.
    (seeds_copy / "000_aaaa_new.txt").write_text(
        "نشست مرکز ملی فضای مجازی برگزار شد\n"
        "به گزارش ایسنا، مهندس سعید مهدیون در نشست مرکز ملی فضای مجازی گفت: کارگروه‌ها فعال هستند.\n",
        encoding="utf-8",
    )
    build_database(seeds_copy, tmp_path / "more.db")
    more = sqlite_utils.Database(tmp_path / "more.db")
    for table in ("people", "organisations"):
        before = {r["id"]: r["name"] for r in seed_db[table].rows}
        after = {r["id"]: r["name"] for r in more[table].rows}
        assert before.items() <= after.items()
    assert more["organisations"].get("national-center-for-cyberspace")["n_articles"] == 3
    mahdiyoun = [r for r in more["people"].rows if r["name"] == "سعید مهدیون"]
    assert len(mahdiyoun) == 1 and mahdiyoun[0]["n_articles"] == 2


@pytest.fixture
def seed_db_copy(seed_db_path, tmp_path):
    """A copy of the seed database that a test may damage."""
    import shutil

    shutil.copy(seed_db_path, tmp_path / "broken.db")
    return sqlite_utils.Database(tmp_path / "broken.db")


def test_data_checks_catch_a_broken_offset(seed_db_copy):
    db = seed_db_copy
    assert check_database(db, expected_articles=5) == []
    db.execute("update mentions set char_start = char_start + 1 where rowid = 1")
    db.conn.commit()
    problems = check_database(db, expected_articles=5)
    assert len(problems) == 1 and "offsets do not match" in problems[0]


def test_article_checks_of_some_articles_look_at_those_articles_only(seed_db_copy):
    db = seed_db_copy
    article = db.execute("select id from articles order by id limit 1").fetchone()[0]
    db.execute("update articles set n_paragraphs = n_paragraphs + 1 where id = ?", [article])
    db.conn.commit()
    others = [a for (a,) in db.execute("select id from articles where id != ?", [article])]
    assert check_database(db, expected_articles=5, articles=others) == []
    assert check_database(db, expected_articles=5, articles=[article]) == [
        f"article {article}: n_paragraphs does not match its paragraphs"
    ]
    assert check_database(db, expected_articles=4, articles=others) == ["articles: expected 4, found 5"]


def test_data_checks_run_on_a_database_in_memory(seed_db_path):
    db = sqlite_utils.Database(memory=True)
    sqlite_utils.Database(seed_db_path).conn.backup(db.conn)
    assert check_database(db, expected_articles=5) == []
    db.execute("delete from articles where id = (select min(id) from articles)")
    assert any("foreign key" in problem for problem in check_database(db, expected_articles=4))


def test_data_checks_of_some_articles_look_at_their_rows_only(seed_db_copy):
    db = seed_db_copy
    broken, article = db.execute("select id, article_id from mentions order by id limit 1").fetchone()
    db.execute("update mentions set char_start = char_start + 1 where id = ?", [broken])
    db.conn.commit()
    others = [a for (a,) in db.execute("select id from articles where id != ?", [article])]
    assert check_database(db, expected_articles=5, articles=others) == []
    problems = check_database(db, expected_articles=5, articles=[article])
    assert len(problems) == 1 and broken in problems[0]
