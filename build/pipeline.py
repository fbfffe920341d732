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

import os
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import checks, schema
from .describe import describe_article
from .entities import build_entity_tables, extract_entities
from .fold import fold
from .normalise import normalise_text
from .read import SeedError, read_article
from .segment import Paragraph, classify_paragraphs, count_words, split_paragraphs

COUNTED_KINDS = ("title", "lede", "heading", "body")


@dataclass
class BuildReport:
    """What a build did: counts, and every file it did not use and why."""

    db_path: str = ""
    articles: int = 0
    paragraphs: int = 0
    skipped: list = field(default_factory=list)  # [(file, problem)]
    ignored: list = field(default_factory=list)  # files that are not *.txt


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
        Paragraph(position=i, text=normalise_text(raw), text_raw=raw)
        for i, raw in enumerate(split_paragraphs(source.text), start=1)
    ]
    paragraphs = [p for p in paragraphs if p.text]
    classify_paragraphs(paragraphs)
    description = describe_article(paragraphs)

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
        "publisher": description.publisher,
        "cited_source": description.cited_source,
        "attribution_paragraph_id": pid(description.attribution_paragraph),
        "url": description.url,
        "published_jalali": description.published_jalali,
        "published_date": published_date,
        "published_datetime": description.published_datetime,
        "published_year": int(published_date[:4]) if published_date else None,
        "published_year_jalali": _jalali_year(published_date),
        "date_status": description.date_status,
        "date_paragraph_id": pid(description.date_paragraph),
        "file": source.file,
        "sha256": source.sha256,
        "encoding": source.encoding,
        "n_bytes": source.n_bytes,
        "n_paragraphs": len(paragraph_rows),
        "n_words": sum(row["n_words"] for row in paragraph_rows if row["kind"] in COUNTED_KINDS),
        "title_folded": fold(description.title) if description.title else None,
    }
    rows = {"articles": [article_row], "paragraphs": paragraph_rows}
    rows.update(extract_entities(source.id, [(r["id"], r["kind"], r["text"]) for r in paragraph_rows]))
    return rows


def _jalali_year(iso_date):
    """The Jalali year of an ISO Gregorian date, or None."""
    if not iso_date:
        return None
    import datetime

    import jdatetime

    return jdatetime.date.fromgregorian(date=datetime.date.fromisoformat(iso_date)).year


def write_rows(db, rows):
    """Insert one article's rows, table by table, in a fixed order."""
    for table in schema.TABLES:
        if rows.get(table):
            db[table].insert_all(rows[table])


def finalise_database(db):
    """Steps that need every article at once (run after all rows are written)."""
    for step in FINALISE_STEPS:
        step(db)


# Functions of ``db`` run in order by ``finalise_database``.
FINALISE_STEPS = [build_entity_tables]


def list_seed_files(seeds_dir):
    """Return ``(articles, ignored)``: the *.txt files, sorted, and the rest."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise BuildError(f"{seeds_dir}: seeds directory does not exist")
    articles, ignored = [], []
    for path in sorted(seeds_dir.iterdir()):
        if path.name.startswith("."):
            continue
        (articles if path.suffix == ".txt" else ignored).append(path)
    return articles, ignored


def build_database(seeds_dir, db_path, strict=False, progress=None):
    """Build the database at ``db_path`` from the article files in ``seeds_dir``.

    A file that cannot be read is skipped and reported (or, with
    ``strict``, fails the build).  Returns a ``BuildReport``; raises
    ``BuildError`` if the build fails, leaving any existing database as it
    was.
    """
    db_path = Path(db_path)
    files, ignored = list_seed_files(seeds_dir)
    report = BuildReport(db_path=str(db_path), ignored=[p.name for p in ignored])
    tmp_path = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    tmp_path.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp_path)
        schema.create_tables(db)
        for n, path in enumerate(files, start=1):
            try:
                source = read_article(path)
            except SeedError as error:
                if strict:
                    raise BuildError(str(error)) from error
                report.skipped.append((path.name, error.problem))
                db["skipped_files"].insert({"file": path.name, "problem": error.problem})
                continue
            write_rows(db, process_article(source))
            report.articles += 1
            if progress:
                progress(n, len(files), path.name)
        if report.articles == 0:
            raise BuildError(f"{seeds_dir}: no readable article files (*.txt) found")
        report.paragraphs = db["paragraphs"].count
        finalise_database(db)
        schema.ensure_db_shape(db)
        problems = checks.check_database(db, expected_articles=report.articles)
        if problems:
            raise BuildError("data checks failed:\n  " + "\n  ".join(problems))
        db.execute("vacuum")
        db.close()
        os.replace(tmp_path, db_path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return report
