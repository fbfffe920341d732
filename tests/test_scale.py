"""Parallel and incremental builds, hostile input and killed builds.

Speed is measured by `make bench`; these tests check that the fast paths
give exactly the same database as the plain serial build.
"""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from build import schema
from build.contents import contents_digest, table_rows
from build.fold import fold
from build.pipeline import BuildError, build_database
from conftest import ROOT, SEEDS


def copies_of_the_seeds(target, copies):
    """A corpus in ``target`` of ``copies`` copies of each seed, under different names."""
    target.mkdir()
    for copy in range(copies):
        for path in sorted(SEEDS.glob("*.txt")):
            shutil.copy(path, target / f"{copy:02d}_{path.name}")
    return target


@pytest.fixture
def corpus(tmp_path):
    """Thirty articles: six copies of each seed under different names."""
    return copies_of_the_seeds(tmp_path / "corpus", 6)


def append_line(path, line):
    """Change an article by adding a paragraph at its end."""
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_parallel_build_is_byte_identical_to_serial(corpus, tmp_path):
    build_database(corpus, tmp_path / "serial.db", jobs=1)
    build_database(corpus, tmp_path / "parallel.db", jobs=2)
    assert (tmp_path / "serial.db").read_bytes() == (tmp_path / "parallel.db").read_bytes()


def test_incremental_build_equals_full_build(corpus, tmp_path):
    db_path = tmp_path / "site.db"
    build_database(corpus, db_path)
    # Change one article, remove another, add a new one.
    changed = corpus / "02_002_ab529479935ecf1d.txt"
    append_line(changed, "مهندس سعید مهدیون در این نشست گفت: کار ادامه دارد.")
    (corpus / "04_001_306a7383131c10d2.txt").unlink()
    shutil.copy(SEEDS / "004_2b53f3ad2ca6390f.txt", corpus / "99_new.txt")
    report = build_database(corpus, db_path, incremental=True, jobs=2)
    assert report.articles == 30 and report.reused == 28
    build_database(corpus, tmp_path / "full.db")
    db = sqlite_utils.Database(db_path)
    full = sqlite_utils.Database(tmp_path / "full.db")
    for table in schema.TABLES:
        assert table_rows(db, table) == table_rows(full, table), table
    assert contents_digest(db) == contents_digest(full)
    for table in ("articles", "paragraphs", "mentions", "roles", "article_people"):
        column = "id" if table == "articles" else "article_id"
        assert db.execute(f"select count(*) from [{table}] where [{column}] = '04_001_306a7383131c10d2'").fetchone()[0] == 0


def test_incremental_build_with_many_changes_uses_the_workers_and_equals_a_full_build(corpus, tmp_path):
    from build.pipeline import MIN_FILES_FOR_WORKERS

    db_path = tmp_path / "site.db"
    build_database(corpus, db_path)
    changed = sorted(corpus.glob("*.txt"))[:MIN_FILES_FOR_WORKERS]
    for path in changed:
        append_line(path, "سردار غلامرضا جلالی در این نشست سخن گفت.")
    report = build_database(corpus, db_path, incremental=True, jobs=2)
    assert report.reused == 30 - len(changed)
    build_database(corpus, tmp_path / "full.db")
    assert contents_digest(sqlite_utils.Database(db_path)) == contents_digest(sqlite_utils.Database(tmp_path / "full.db"))


def test_incremental_build_keeps_search_in_step(corpus, tmp_path):
    db_path = tmp_path / "site.db"
    build_database(corpus, db_path)
    changed = corpus / "02_002_ab529479935ecf1d.txt"
    append_line(changed, "نشست بعدی در سپیدرود برگزار می‌شود.")
    for path in corpus.glob("*_001_306a7383131c10d2.txt"):
        path.unlink()
    build_database(corpus, db_path, incremental=True)
    db = sqlite_utils.Database(db_path)

    def found(term):
        return {row["article_id"] for row in db["paragraphs"].search(fold(term), columns=["article_id"])}

    assert found("سپیدرود") == {"02_002_ab529479935ecf1d"}
    # Only seed 001 names «بسیج مستضعفین»; all six copies of it were removed.
    assert found("مستضعفین") == set()


def test_incremental_build_of_unchanged_files_processes_nothing(corpus, tmp_path):
    db_path = tmp_path / "site.db"
    build_database(corpus, db_path)
    digest = contents_digest(sqlite_utils.Database(db_path))
    report = build_database(corpus, db_path, incremental=True)
    assert report.reused == report.articles == 30
    assert contents_digest(sqlite_utils.Database(db_path)) == digest


def test_a_damaged_previous_database_fails_the_incremental_build_and_a_full_build_mends_it(corpus, tmp_path):
    db_path = tmp_path / "site.db"
    build_database(corpus, db_path)
    db = sqlite_utils.Database(db_path)
    # Someone the changed article does not name loses their row in people.
    changed = corpus / "02_002_ab529479935ecf1d.txt"
    person = db.execute(
        "select id from people where id not in "
        "(select person_id from article_people where article_id = ?) order by id limit 1",
        [changed.stem],
    ).fetchone()[0]
    db.execute("delete from people where id = ?", [person])
    db.conn.commit()
    db.close()
    append_line(changed, "نشست بعدی در سپیدرود برگزار می‌شود.")
    with pytest.raises(BuildError, match="foreign key broken(.|\n)*without --incremental"):
        build_database(corpus, db_path, incremental=True)
    build_database(corpus, db_path)
    assert sqlite_utils.Database(db_path)["people"].get(person)


def test_incremental_build_after_a_pipeline_change_is_a_full_build(corpus, tmp_path):
    db_path = tmp_path / "site.db"
    build_database(corpus, db_path)
    db = sqlite_utils.Database(db_path)
    db.execute("update build_info set value = 'older' where key = 'pipeline_version'")
    db.conn.commit()
    db.close()
    report = build_database(corpus, db_path, incremental=True)
    assert report.reused == 0


def test_stale_temporary_files_of_killed_builds_are_removed(corpus, tmp_path):
    stale = tmp_path / ".site.db.tmp-999999999"
    stale.write_bytes(b"half a database")
    build_database(corpus, tmp_path / "site.db")
    assert not stale.exists()


def test_hostile_files_are_reported_and_good_files_still_build(corpus, tmp_path):
    persian = "مرکز ملی فضای مجازی کشور نخستین جلسه کارگروه را برگزار کرد و دبیر شورا سخن گفت.\n"
    (corpus / "h_invalid_utf8.txt").write_bytes(b"\xd8\xb3\xd9 \xff\xfe broken" * 5)
    (corpus / "h_windows_1256.txt").write_bytes(persian.replace("ی", "ي").encode("cp1256"))
    (corpus / "h_utf16.txt").write_bytes(persian.encode("utf-16"))
    (corpus / "h_empty.txt").write_bytes(b"")
    with open(corpus / "h_one_line_50mb.txt", "wb") as handle:
        handle.write(("بسیج " * 10_000_000).encode("utf-8")[: 50 * 1024 * 1024])
    (corpus / "h_page.txt").write_text("<!DOCTYPE html><html><body><p>خبر</p></body></html>", encoding="utf-8")
    os.symlink("h_loop_b.txt", corpus / "h_loop_a.txt")
    os.symlink("h_loop_a.txt", corpus / "h_loop_b.txt")
    (corpus / "h_directory.txt").mkdir()
    report = build_database(corpus, tmp_path / "site.db", jobs=2)
    skipped = dict(report.skipped)
    assert "not valid UTF-8" in skipped["h_invalid_utf8.txt"]
    assert skipped["h_empty.txt"] == "file is empty"
    assert "larger than" in skipped["h_one_line_50mb.txt"]
    assert "HTML page" in skipped["h_page.txt"]
    assert "symbolic links" in skipped["h_loop_a.txt"] and "symbolic links" in skipped["h_loop_b.txt"]
    assert "not a regular file" in skipped["h_directory.txt"]
    assert report.articles == 32  # 30 seeds + the Windows-1256 and UTF-16 files
    db = sqlite_utils.Database(tmp_path / "site.db")
    encodings = dict(db.execute("select file, encoding from articles where file like 'h_%'").fetchall())
    assert encodings == {"h_windows_1256.txt": "windows-1256", "h_utf16.txt": "utf-16"}
    assert {r["file"] for r in db["skipped_files"].rows} == set(skipped)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their permissions")
def test_unreadable_file_is_reported(corpus, tmp_path):
    path = corpus / "h_secret.txt"
    path.write_text("متن", encoding="utf-8")
    path.chmod(0)
    report = build_database(corpus, tmp_path / "site.db")
    assert "cannot be read" in dict(report.skipped)["h_secret.txt"]


@pytest.mark.parametrize("options", [[], ["--incremental"]], ids=["full", "incremental"])
def test_killed_builds_never_damage_the_previous_database(corpus, tmp_path, options):
    db_path = tmp_path / "site.db"
    build_database(corpus, db_path)
    before = db_path.read_bytes()
    (corpus / "zz_new.txt").write_text((SEEDS / "003_67594997d190f86c.txt").read_text(encoding="utf-8"), encoding="utf-8")
    # A build that gets as far as renaming its file into place leaves the new database.
    build_database(corpus, tmp_path / "expected.db")
    after = contents_digest(sqlite_utils.Database(tmp_path / "expected.db"))
    rng = random.Random(7)
    command = [sys.executable, "-m", "build", "--seeds", str(corpus), "--db", str(db_path), "--jobs", "2", "-q", *options]
    for delay in sorted(rng.uniform(0.2, 6.0) for _ in range(5)):
        process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        if process.poll() is not None:
            break  # the build finished before the kill: nothing left to test at this delay
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert sqlite3.connect(db_path).execute("pragma integrity_check").fetchone() == ("ok",)
        if db_path.read_bytes() != before:
            assert contents_digest(sqlite_utils.Database(db_path)) == after
            break


def _children(pid):
    """Ids of the processes whose parent is ``pid`` (from /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process has gone
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def test_a_killed_worker_fails_the_build_instead_of_hanging_it(tmp_path):
    # The out-of-memory killer picks the largest process: a worker holding a
    # huge file.  Its articles are lost, so the build must stop and say so.
    corpus = copies_of_the_seeds(tmp_path / "corpus", 60)
    db_path = tmp_path / "site.db"
    build_database(SEEDS, db_path)
    before = db_path.read_bytes()
    command = [sys.executable, "-m", "build", "--seeds", str(corpus), "--db", str(db_path), "--jobs", "2", "-q"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the build finished before a worker could be killed"
    os.kill(_children(process.pid)[0], signal.SIGKILL)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "a build process died" in stderr and "was not changed" in stderr
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "site.db"]  # no temporary file left


def test_workers_end_when_the_build_is_killed(tmp_path):
    # SIGKILL gives the build no chance to stop its workers; the kernel ends
    # them (PR_SET_PDEATHSIG) instead of each running on with its memory.
    corpus = copies_of_the_seeds(tmp_path / "corpus", 60)
    command = [sys.executable, "-m", "build", "--seeds", str(corpus), "--db", str(tmp_path / "site.db"), "--jobs", "2", "-q"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the build finished before it could be killed"
    workers = _children(process.pid)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)] == []


def _state(pid):
    """A process's state letter from /proc (Z for a zombie), or "" once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""
