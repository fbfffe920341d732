"""Run the build: seed files in, one SQLite database out.

Stages, each a plain function in its own module:

1. read      ``read.read_article``           bytes → decoded text, or SeedError
2. normalise ``normalise.normalise_text``    per paragraph, raw text kept
3. segment   ``segment.classify_paragraphs`` kind of every paragraph
4. describe  ``describe.describe_article``   title, publisher, URL, date
5. write     sqlite-utils, ``schema.ensure_db_shape``, ``checks.check_database``

The database is written to a temporary file beside the target and renamed
over it only after the data checks pass, so a failed build never leaves a
half-written database and always keeps the previous one.
"""

import functools
import gc
import os
import sqlite3
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import checks, schema
from .describe import describe_article
from .entities import build_entity_tables, extract_entities
from .fold import fold
from .normalise import normalise_text
from .provenance import unify_outlet_spellings
from .read import SeedError
from .sources import list_corpus, read_entry, sources
from .statements import extract_statements
from .segment import (
    Paragraph,
    boilerplate_rule,
    classify_paragraphs,
    count_words,
    headline_by_layout,
    is_dateline,
    split_paragraphs,
)

COUNTED_KINDS = ("title", "lede", "heading", "body")


@dataclass
class BuildReport:
    """What a build did: counts, and every file it did not use and why."""

    db_path: str = ""
    articles: int = 0
    paragraphs: int = 0
    reused: int = 0  # articles copied unchanged from the previous database
    skipped: list = field(default_factory=list)  # [(file, problem)]
    ignored: list = field(default_factory=list)  # [(file, reason)]: files the build does not read


class BuildError(Exception):
    """The build failed; the previous database (if any) is untouched."""


def paragraph_id(article_id, position):
    """Stable id of a paragraph: the article id and its 1-based position."""
    return f"{article_id}-{position:03d}"


def process_article(source):
    """Turn one decoded ``Source`` into rows, as ``{table name: [row, ...]}``.

    This is a pure function of the file's content, so articles can be
    processed in any order or in parallel and give the same rows.
    """
    paragraphs = [
        Paragraph(position=i, text=normalise_text(raw), text_raw=raw, kind=kind, kind_rule=rule)
        for i, (raw, kind, rule) in enumerate(source_paragraphs(source), start=1)
    ]
    paragraphs = [p for p in paragraphs if p.text]
    classify_paragraphs(paragraphs)
    description = describe_article(paragraphs, source)

    def pid(position):
        return paragraph_id(source.id, position) if position else None

    paragraph_rows = [
        {
            "id": pid(p.position),
            "article_id": source.id,
            "position": p.position,
            "kind": p.kind,
            "kind_rule": p.kind_rule,
            "text": p.text,
            "text_raw": p.text_raw,
            "text_folded": fold(p.text),
            "n_words": count_words(p.text),
        }
        for p in paragraphs
    ]
    published_date = description.published_date
    article_row = {
        "id": source.id,
        "title": description.title,
        "title_paragraph_id": pid(description.title_paragraph),
        "title_source": description.title_source,
        "publisher": description.publisher,
        "publisher_id": description.publisher_id,
        "publisher_as_written": description.publisher_as_written,
        "publisher_source": description.publisher_source,
        "cited_source": description.cited_source,
        "cited_source_id": description.cited_source_id,
        "cited_source_as_written": description.cited_source_as_written,
        "attribution_paragraph_id": pid(description.attribution_paragraph),
        "url": description.url,
        "url_source": description.url_source,
        "categories": _json_list(source.categories),
        "tags": _json_list(source.tags),
        "published_date": published_date,
        "published_datetime": description.published_datetime,
        "published_date_jalali": description.published_date_jalali,
        "published_year": int(published_date[:4]) if published_date else None,
        "published_year_jalali": int(description.published_date_jalali[:4]) if description.published_date_jalali else None,
        "date_status": description.date_status,
        "published_as_written": description.published_as_written,
        "published_jalali": description.published_jalali,
        "text_date": description.text_date,
        "text_date_status": description.text_date_status,
        "date_paragraph_id": pid(description.date_paragraph),
        "file": source.file,
        "record": source.record,
        "sha256": source.sha256,
        "encoding": source.encoding,
        "n_bytes": source.n_bytes,
        "n_paragraphs": len(paragraph_rows),
        "n_words": sum(row["n_words"] for row in paragraph_rows if row["kind"] in COUNTED_KINDS),
        "title_folded": fold(description.title) if description.title else None,
    }
    rows = {"articles": [article_row], "paragraphs": paragraph_rows}
    rows.update(extract_entities(source.id, [(r["id"], r["kind"], r["text"]) for r in paragraph_rows]))
    rows.update(extract_statements(source.id, [(r["id"], r["kind"], r["text"]) for r in paragraph_rows], rows))
    return rows


def source_paragraphs(source):
    """``(raw text, kind, kind rule)`` of each paragraph of a ``Source``, in order.

    A record's title and lead are its first paragraphs, with the kinds the
    record gives them (``record-title``, ``record-lead``); a .txt file's
    first line is its title when the layout sets it apart
    (``first-line-before-blank``).  Every other paragraph's kind is left
    for ``classify_paragraphs`` to decide (an empty rule).
    """
    if source.paragraphs is not None:
        out = []
        if source.title:
            out.append((" ".join(source.title.split()), "title", "record-title"))
        if source.lead:
            out.append((" ".join(source.lead.split()), "lede", "record-lead"))
        out.extend((line.strip(), "body", "") for line in source.paragraphs if line.strip())
        return out
    lines = split_paragraphs(source.text)
    out = [(line, "body", "") for line in lines]
    if lines and headline_by_layout(source.text) and not boilerplate_rule(lines[0]) and not is_dateline(lines[0]):
        out[0] = (lines[0], "title", "first-line-before-blank")
    return out


def _json_list(values):
    """A list as the JSON array Datasette facets (``_facet_array``), or None when empty."""
    import json

    return json.dumps(list(values), ensure_ascii=False) if values else None


def write_rows(db, rows):
    """Insert one article's rows, table by table, in a fixed order.

    Straight ``executemany`` with the declared columns: the build writes
    hundreds of thousands of rows from one process while the workers wait
    for it, and sqlite-utils' general-purpose ``insert_all`` (which checks
    and converts every value) took twice the time.
    """
    for table in schema.TABLES:
        if rows.get(table):
            sql, columns = _insert_statement(table)
            values = []
            for row in rows[table]:
                if not row.keys() <= columns.keys():
                    raise ValueError(f"{table}: unknown columns {sorted(row.keys() - columns.keys())}")
                values.append([row.get(column) for column in columns])
            db.conn.executemany(sql, values)
    db.conn.commit()


@functools.lru_cache(maxsize=None)
def _insert_statement(table):
    """``(sql, columns)``: an INSERT of every declared column of ``table``."""
    columns = schema.TABLES[table]["columns"]
    names = ", ".join(f"[{column}]" for column in columns)
    return f"insert into [{table}] ({names}) values ({', '.join('?' * len(columns))})", columns


def people_named(db, article_ids):
    """The ids of the people named in these articles (as their rows are now)."""
    articles = schema.temp_ids(db, "named_in", article_ids)
    sql = f"select distinct person_id from article_people where article_id in (select id from {articles})"
    return {person_id for (person_id,) in db.execute(sql)}


def list_seed_files(seeds_dir, fields=None):
    """The ``sources.Corpus`` at ``seeds_dir`` (a folder or one file), or ``BuildError``.

    Its records are not kept (``lazy``): they are read again as they are built.
    """
    try:
        return list_corpus(seeds_dir, fields, lazy=True)
    except SeedError as error:
        raise BuildError(str(error)) from None


def pipeline_version():
    """A hash of the build's own code and data (and hazm's version).

    Stored in ``build_info``: an incremental build reuses a previous
    database's rows only if they were made by exactly this pipeline.
    """
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256(f"hazm {version('hazm')}\n".encode())
    package = Path(__file__).parent
    for path in sorted([*package.glob("*.py"), *(package / "data").glob("*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def previous_articles(db_path, version):
    """``{article id: sha256}`` of a previous database built by this pipeline, else None."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    try:
        db = sqlite_utils.Database(db_path)
        info = dict(db.execute("select key, value from build_info").fetchall())
        if info.get("pipeline_version") != version:
            return None
        return dict(db.execute("select id, sha256 from articles").fetchall())
    except Exception:
        return None  # not a database of ours, or damaged: build in full


def _process_entry(entry):
    """Read and process one entry (in a worker process, or in this one).

    Returns ``("rows", rows)``, or ``("error", problem)`` for an article
    that cannot be used: unreadable, failing in a processing step, or
    giving rows that would break a data check.
    """
    try:
        source = read_entry(entry)
    except SeedError as error:
        return ("error", error.problem)
    try:
        rows = process_article(source)
    except Exception as error:
        # A fault met on this article's text: it is reported like any
        # other that cannot be used (and fails a --strict build), and the
        # others are still built.
        return ("error", f"could not be processed ({type(error).__name__}: {error})")
    problems = checks.article_row_problems(rows)
    if problems:
        return ("error", "; ".join(problems))
    return ("rows", rows)


def _unchanged(entries, previous):
    """The ids of entries whose content is what the ``previous`` database was built from.

    A record's hash is known already; a .txt file is hashed here.
    """
    import hashlib

    unchanged = set()
    for entry in entries:
        if entry.id not in previous:
            continue
        digest = entry.sha256
        if digest is None:
            try:
                digest = hashlib.sha256(entry.path.read_bytes()).hexdigest()
            except OSError:
                continue  # read_article will report it
        if digest == previous[entry.id]:
            unchanged.add(entry.id)
    return unchanged


# Below this many files to process, forking workers costs more than it saves.
MIN_FILES_FOR_WORKERS = 16


def load_resources():
    """Load hazm and the lexicons now rather than on first use.

    Done before worker processes are forked, so they share what was loaded
    instead of each loading its own.
    """
    from . import hazm_api
    from .lexicon import load_lexicon
    from .recognise import light_verb_forms

    hazm_api.load(), load_lexicon(), light_verb_forms()


def _outcomes(entries, unchanged, jobs):
    """Each entry's outcome, in corpus order, computed by ``jobs`` processes.

    Unchanged entries (ids in ``unchanged``) are not processed: their rows
    are already in the database.  Results are consumed in order, so the
    database is written in the same order whatever the number of
    processes: parallel and serial builds are byte-identical.  Records are
    read again as they are wanted (``sources.sources``), and only a few
    articles are in the workers' hands at once, so memory does not grow
    with the corpus.
    """
    todo = [entry for entry in entries if entry.id not in unchanged]
    if jobs <= 1 or len(todo) < MIN_FILES_FOR_WORKERS:
        results = (_process_entry(read) for _, read in sources(todo))
        for entry in entries:
            yield ("reuse", entry.id) if entry.id in unchanged else next(results)
        return
    load_resources()
    # Move everything loaded so far out of the collector's reach: a
    # collection in a worker would otherwise write to every object's
    # header and so copy every page it shares with this process.
    gc.freeze()
    # A worker that dies (killed, or out of memory) breaks the pool, and
    # waiting for its results raises BrokenProcessPool instead of waiting
    # for ever.
    with _forked_pool(jobs) as pool:
        results = _in_order(pool, (read for _, read in sources(todo)), jobs * CHUNKS_AHEAD)
        for entry in entries:
            yield ("reuse", entry.id) if entry.id in unchanged else next(results)


# Articles sent to a worker at a time, and chunks in flight per worker:
# enough to keep every worker busy, few enough that the articles and rows
# waiting are a few dozen, whatever the size of the corpus.
CHUNK = 4
CHUNKS_AHEAD = 4


def _in_order(pool, entries, window):
    """``_process_entry`` of each of ``entries`` by ``pool``, in order, with at most ``window`` chunks submitted."""
    import collections
    import itertools

    pending = collections.deque()
    entries = iter(entries)
    while chunk := list(itertools.islice(entries, CHUNK)):
        pending.append(pool.submit(_process_entries, chunk))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _process_entries(entries):
    """``_process_entry`` of each entry of a chunk (in a worker process)."""
    results = [_process_entry(entry) for entry in entries]
    _bound_caches()
    return results


# Remembered answers about words (fold keys, glued-word splits, name
# tests …) grow with the vocabulary of the corpus.  A worker forgets them
# all when they pass this many entries together, so its memory stays
# within bounds on any corpus; answers do not depend on what is
# remembered, only their cost does.
MAX_CACHED_ANSWERS = 150_000


@functools.lru_cache(maxsize=1)
def _word_caches():
    """Every remembered function of the build's modules that remembers more than a few thousand answers."""
    import sys

    found = []
    for name, module in sorted(sys.modules.items()):
        if name.startswith(f"{__package__}.") and module is not None:
            for value in vars(module).values():
                info = getattr(value, "cache_info", None)
                if info is not None and hasattr(value, "cache_clear") and (info().maxsize or 0) > 10_000 and value not in found:
                    found.append(value)
    return found


def _bound_caches(limit=MAX_CACHED_ANSWERS):
    """Clear the word caches if together they hold more than ``limit`` answers."""
    caches = _word_caches()
    if sum(cache.cache_info().currsize for cache in caches) > limit:
        for cache in caches:
            cache.cache_clear()


def _forked_pool(processes):
    """A pool of ``processes`` worker processes forked from this one."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        processes, mp_context=multiprocessing.get_context("fork"),
        initializer=_end_with_parent, initargs=(os.getpid(),),
    )


def _end_with_parent(parent):
    """Ask the kernel to end this worker when the build that forked it dies.

    A build killed with SIGKILL cannot stop its workers itself; on Linux
    ``PR_SET_PDEATHSIG`` has them sent SIGTERM instead of each holding its
    memory until it finishes its queue.  Elsewhere nothing is done.
    """
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _new_database(path):
    """An empty database with every table, for a full build."""
    path.unlink(missing_ok=True)
    db = _open_working_file(path)
    schema.create_tables(db)
    return db


def _start_from_previous(db_path, path, entries, previous):
    """Copy the previous database to ``path`` and find the unchanged entries.

    For an incremental build.  The copy (done by the kernel, in a thread)
    and the hashing of every file (in a process of its own, so that it
    does not wait on this one's interpreter lock) run while this process
    loads hazm, which processing any changed file will need: each takes
    seconds on a large corpus.  Returns ``(database, ids of unchanged
    entries)``.
    """
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    # The hashing process is forked first, while this one has no other thread.
    with _forked_pool(1) as hasher, ThreadPoolExecutor(max_workers=1) as copier:
        hashing = hasher.submit(_unchanged, entries, previous)
        copy = copier.submit(shutil.copyfile, db_path, path)
        load_resources()
        copy.result()
        unchanged = hashing.result()
    return _open_working_file(path), unchanged


def _open_working_file(path):
    """Open the build's working file.

    It is thrown away if the build fails, so it needs no journal and no
    syncing; the finished file is synced before the rename that
    publishes it.
    """
    db = sqlite_utils.Database(path)
    db.execute("pragma journal_mode = off")
    db.execute("pragma synchronous = off")
    return db


def remove_articles(db, article_ids):
    """Delete every row that belongs to these articles, in every per-article table.

    The full-text indexes follow by their triggers.
    """
    removed = schema.temp_ids(db, "removed", article_ids)
    for table in schema.PER_ARTICLE_TABLES:
        column = "id" if table == "articles" else "article_id"
        db.execute(f"delete from [{table}] where [{column}] in (select id from {removed})")


def remove_stale_temporary_files(db_path):
    """Delete temporary files left by builds that were killed."""
    for path in db_path.parent.glob(f".{db_path.name}.tmp-*"):
        try:
            pid = int(path.name.split(".tmp-", 1)[1].split("-")[0])
            os.kill(pid, 0)
        except (ValueError, ProcessLookupError):
            path.unlink(missing_ok=True)
        except PermissionError:
            pass  # another user's build is running


def build_database(seeds_dir, db_path, strict=False, progress=None, jobs=1, incremental=False, fields=None):
    """Build the database at ``db_path`` from the corpus at ``seeds_dir``.

    ``seeds_dir`` is a folder or one file, of .txt articles or of records
    (build/sources.py); ``fields`` maps record field names where a corpus
    uses unusual ones (``{"text": "body"}``).  An article that cannot be
    used is skipped and reported (or, with ``strict``, fails the build).
    ``jobs`` processes do the work.

    With ``incremental``, and a previous database made by this same
    pipeline, the build starts from a copy of that database: it deletes the
    rows of articles whose file changed or went away, processes only new and
    changed files, and remakes the tables that span articles.  It has the
    same rows as a full build (rowids and page layout aside, which nothing
    published refers to).  Otherwise it starts from an empty database and
    ends with a compacted file that is byte-identical for the same seeds.

    Either way the work is done on a temporary file that replaces
    ``db_path`` only once the data checks pass.  Returns a
    ``BuildReport``; raises ``BuildError`` if the build fails, leaving any
    existing database as it was.
    """
    db_path = Path(db_path)
    check_target(db_path)
    corpus = list_seed_files(seeds_dir, fields)
    if strict and corpus.skipped:
        name, problem = corpus.skipped[0]
        raise BuildError(f"{name}: {problem}")
    entries = corpus.entries
    report = BuildReport(db_path=str(db_path), ignored=list(corpus.ignored))
    remove_stale_temporary_files(db_path)
    tmp_path = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    final_path = tmp_path.with_name(tmp_path.name + "-final")
    version = pipeline_version()
    previous = previous_articles(db_path, version) if incremental else None
    from_previous = previous is not None
    try:
        if not from_previous:
            db, unchanged = _new_database(tmp_path), set()
        else:
            db, unchanged = _start_from_previous(db_path, tmp_path, entries, previous)
            gone = set(previous) - unchanged
            touched_people = people_named(db, gone)
            remove_articles(db, gone)
            # Every file not known to be unchanged is read again, and
            # reported again if it cannot be used.
            db["skipped_files"].delete_where()
        for name, problem in corpus.skipped:
            report.skipped.append((name, problem))
            db["skipped_files"].insert({"file": name, "problem": problem})
        outcomes = _outcomes(entries, unchanged, jobs)
        written = []  # ids of the articles processed (not reused)
        for n, (entry, (kind, value)) in enumerate(zip(entries, outcomes), start=1):
            if progress:
                progress(n, len(entries), entry.name)
            if kind == "error":
                if strict:
                    raise BuildError(f"{entry.name}: {value}")
                report.skipped.append((entry.name, value))
                db["skipped_files"].insert({"file": entry.name, "problem": value})
                continue
            if kind == "reuse":
                report.reused += 1
            else:
                write_rows(db, value)
                written.append(entry.id)
            report.articles += 1
        # Done with the workers: they end now, before the tables that span
        # articles are made, rather than when the build returns.
        outcomes.close()
        if report.articles == 0:
            raise BuildError(f"{seeds_dir}: no readable articles found")
        report.paragraphs = db["paragraphs"].count
        unify_outlet_spellings(db)
        if from_previous:
            # Remake the rows of the people named before or after the change.
            build_entity_tables(db, person_ids=touched_people | people_named(db, written))
        else:
            db["build_info"].insert({"key": "pipeline_version", "value": version})
            build_entity_tables(db)
        schema.ensure_db_shape(db)
        problems = checks.check_database(
            db, expected_articles=report.articles, articles=written if from_previous else None
        )
        if problems:
            hint = ""
            if from_previous:
                hint = f"\n(this build started from {db_path.name}; a full build, without --incremental, makes it afresh)"
            raise BuildError("data checks failed:\n  " + "\n  ".join(problems) + hint)
        db.conn.commit()
        finished = tmp_path
        if not from_previous:
            # VACUUM INTO writes a fresh, compact file whose bytes depend only
            # on the rows, so the same seeds always give the same file.
            finished = final_path
            finished.unlink(missing_ok=True)
            db.execute("vacuum into ?", [str(finished)])
        db.close()
        with open(finished, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(finished, db_path)
        tmp_path.unlink(missing_ok=True)
    except BaseException as error:
        tmp_path.unlink(missing_ok=True)
        final_path.unlink(missing_ok=True)
        if isinstance(error, BrokenProcessPool):
            raise BuildError(f"a build process died (killed, or out of memory?): {error}") from error
        if isinstance(error, (OSError, sqlite3.Error)):
            # A full disk, a file system gone read-only: a plain message
            # naming the database, not a traceback.
            raise BuildError(f"{db_path}: {error}") from error
        raise
    return report


def check_target(db_path):
    """Raise ``BuildError`` unless a database file can be written at ``db_path``.

    Checked before any work, so that a mistyped ``--db`` fails at once
    rather than after the whole corpus has been processed.
    """
    if db_path.is_dir():
        raise BuildError(f"{db_path}: is a directory (--db takes the path of the database file)")
    folder = db_path.parent
    if not folder.is_dir():
        raise BuildError(f"{folder}: directory does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BuildError(f"{folder}: no permission to write there")
    if db_path.is_file() and db_path.stat().st_size > 0:
        with open(db_path, "rb") as handle:
            header = handle.read(16)
        if header != b"SQLite format 3\x00":
            raise BuildError(f"{db_path}: exists and is not a SQLite database; it is not replaced (remove it, or choose another --db)")
