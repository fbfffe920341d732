"""Data checks run on a freshly built database before it replaces the old one.

Each check returns a list of problems (empty when all is well).  Any
problem stops the build, so a database that fails them is never published.
"""

import functools
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import sqlite_utils

from .schema import temp_ids, within

# Bounds that a news article can plausibly fall within.  A value outside
# them points to a segmentation or decoding bug, not to real news.
MAX_PARAGRAPHS_PER_ARTICLE = 2000
MIN_WORDS_PER_ARTICLE = 5


def check_integrity(db, thorough=True):
    """SQLite's own consistency check.

    ``thorough=False`` runs ``quick_check``: every page and b-tree is still
    verified, but indexes are not compared with their tables row by row,
    which takes four times as long.  An incremental build, which changes a
    few rows of an already checked database through SQLite itself, uses it.
    """
    pragma = "integrity_check" if thorough else "quick_check"
    result = db.execute(f"pragma {pragma}").fetchall()
    return [] if result == [("ok",)] else [f"{pragma}: {result}"]


def check_foreign_keys(db):
    """Every foreign key points to an existing row."""
    rows = db.execute("pragma foreign_key_check").fetchall()
    return [f"foreign key broken: {row}" for row in rows[:20]]


def check_article_count(db, expected_articles):
    """The database holds as many articles as the build read."""
    count = db["articles"].count
    return [] if count == expected_articles else [f"articles: expected {expected_articles}, found {count}"]


def check_articles(db, scope=None):
    """Every article has body text, sane sizes and as many paragraphs as it says."""
    problems = []
    # The unary + keeps SQLite from looking paragraphs up by their kind: with
    # no statistics it would otherwise scan every body paragraph for each
    # article (16.7 s on 1,000 articles, 0.06 s with the article_id index).
    for (article_id,) in db.execute(
        f"""select articles.id from articles
        left join paragraphs on paragraphs.article_id = articles.id and +paragraphs.kind = 'body'
        where 1 {within("articles.id", scope)}
        group by articles.id having count(paragraphs.id) = 0"""
    ):
        problems.append(f"article {article_id} has no body paragraph")
    for article_id, n_paragraphs, n_words in db.execute(
        f"""select id, n_paragraphs, n_words from articles
        where (n_paragraphs > ? or n_words < ?) {within("articles.id", scope)}""",
        [MAX_PARAGRAPHS_PER_ARTICLE, MIN_WORDS_PER_ARTICLE],
    ):
        problems.append(f"article {article_id} has {n_paragraphs} paragraphs and {n_words} words")
    for (article_id,) in db.execute(
        f"""select id from articles where n_paragraphs !=
        (select count(*) from paragraphs where paragraphs.article_id = articles.id) {within("articles.id", scope)}"""
    ):
        problems.append(f"article {article_id}: n_paragraphs does not match its paragraphs")
    return problems


def article_row_problems(rows):
    """Problems with one article's rows, found before they are written.

    The same conditions the database checks look for, asked of one
    article: a problem here skips that article, with the reason, instead
    of failing the whole build.
    """
    problems = []
    paragraphs = {row["id"]: row for row in rows.get("paragraphs", [])}
    (article,) = rows["articles"]
    if not any(row["kind"] == "body" for row in paragraphs.values()):
        problems.append("has no body paragraph (every paragraph is a title, lede, dateline or page furniture)")
    if article["n_paragraphs"] > MAX_PARAGRAPHS_PER_ARTICLE or article["n_words"] < MIN_WORDS_PER_ARTICLE:
        problems.append(f"has {article['n_paragraphs']} paragraphs and {article['n_words']} words")
    people = {row["person_id"] for row in rows.get("article_people", [])}
    organisations = {row["organisation_id"] for row in rows.get("article_organisations", [])}
    for table in ("mentions", "roles"):
        for row in rows.get(table, []):
            paragraph = paragraphs.get(row["paragraph_id"])
            if paragraph is None or paragraph["text"][row["char_start"]:row["char_end"]] != row["surface"]:
                problems.append(f"{table} {row['id']}: offsets do not match the surface")
            if row["person_id"] is not None and row["person_id"] not in people:
                problems.append(f"{table} {row['id']}: names a person the article does not")
            if row["organisation_id"] is not None and row["organisation_id"] not in organisations:
                problems.append(f"{table} {row['id']}: names an organisation the article does not")
    problems.extend(statement_row_problems(rows.get("statements", []), paragraphs, people, organisations))
    for row in rows.get("mentions", []):
        if (row["person_id"] is None) == (row["organisation_id"] is None):
            problems.append(f"mention {row['id']} must name one person or one organisation")
    return problems[:5]


# A statement's quote, speaker and verb, each with the column of its paragraph.
STATEMENT_SPANS = [
    ("quote", "quote_start", "quote_end", "paragraph_id"),
    ("speaker_surface", "speaker_start", "speaker_end", "speaker_paragraph_id"),
    ("verb", "verb_start", "verb_end", "verb_paragraph_id"),
]


def statement_row_problems(statements, paragraphs, people, organisations):
    """Problems with one article's statements: offsets that miss their words, unknown speakers.

    ``paragraphs`` is ``{id: paragraph row}``; ``people`` and
    ``organisations`` are the ids the article names.
    """
    problems = []
    for row in statements:
        for words, start, end, paragraph_id in STATEMENT_SPANS:
            if row[words] is None and row[start] is None:
                continue
            paragraph = paragraphs.get(row[paragraph_id])
            if paragraph is None or paragraph["text"][row[start]:row[end]] != row[words]:
                problems.append(f"statements {row['id']}: {start}/{end} do not match {words}")
        if not row["quote"]:
            problems.append(f"statements {row['id']}: empty quote")
        if row["person_id"] is not None and row["person_id"] not in people:
            problems.append(f"statements {row['id']}: names a person the article does not")
        if row["organisation_id"] is not None and row["organisation_id"] not in organisations:
            problems.append(f"statements {row['id']}: names an organisation the article does not")
    return problems


def _ids(db, sql):
    """The ids a problem-finding query returns (at most 20)."""
    return [row[0] for row in db.execute(sql + " limit 20").fetchall()]


def check_paragraphs(db, scope=None):
    """Paragraph text is never empty and the raw text is always kept."""
    sql = f"""select id from paragraphs
        where (text = '' or text is null or text_raw is null or text_folded is null)
        {within("paragraphs.article_id", scope)}"""
    return [f"paragraph {pid} has empty text" for pid in _ids(db, sql)]


def check_offsets(db, scope=None):
    """Every mention, role and statement points at its exact text: text[start:end] == surface.

    For a statement, its quote, its speaker's words and its verb, each in
    its own paragraph.
    """
    problems = []
    for table in ("mentions", "roles"):
        sql = f"""select {table}.id from {table} join paragraphs on paragraphs.id = {table}.paragraph_id
            where substr(paragraphs.text, {table}.char_start + 1, {table}.char_end - {table}.char_start)
              != {table}.surface {within(f"{table}.article_id", scope)}"""
        problems.extend(f"{table} {rid}: offsets do not match the surface" for rid in _ids(db, sql))
    for words, start, end, paragraph_id in STATEMENT_SPANS:
        sql = f"""select statements.id from statements join paragraphs on paragraphs.id = statements.{paragraph_id}
            where substr(paragraphs.text, {start} + 1, {end} - {start}) != {words}
            {within("statements.article_id", scope)}"""
        problems.extend(f"statements {rid}: {start}/{end} do not match {words}" for rid in _ids(db, sql))
        sql = f"""select id from statements where ({words} is null) != ({start} is null)
            or ({words} is not null and {paragraph_id} is null) {within("statements.article_id", scope)}"""
        problems.extend(f"statements {rid}: {words} without its offsets or paragraph" for rid in _ids(db, sql))
    return problems


def check_entities(db, scope=None):
    """Every mention names exactly one entity."""
    sql = f"""select id from mentions
        where (person_id is null) = (organisation_id is null) {within("mentions.article_id", scope)}"""
    return [f"mention {mid} must name one person or one organisation" for mid in _ids(db, sql)]


# Checks of rows that belong to one article: an incremental build runs them
# on the articles it wrote (the other rows were checked when they were).
ARTICLE_ROW_CHECKS = [check_paragraphs, check_offsets, check_entities, check_articles]


def check_database(db, expected_articles, articles=None):
    """Run every check; return the list of problems found.

    ``articles``: ids of the only articles whose rows need checking (an
    incremental build's new and changed ones), or None for all.  Checks
    that span tables (integrity, foreign keys, the article count) always
    cover the whole database, SQLite's own at the quicker level when
    ``articles`` is given.

    SQLite's integrity and foreign-key checks each read the whole file, so
    for a database on disk they run at the same time on connections of
    their own (SQLite works outside Python's interpreter lock), while the
    row checks run on ``db``.  ``db`` is committed first, so that those
    connections see every row.
    """
    scope = None if articles is None else temp_ids(db, "checked_articles", articles)
    whole_file = [functools.partial(check_integrity, thorough=articles is None), check_foreign_keys]
    db.conn.commit()
    path = _file_of(db)
    if not path:  # a database in memory: no other connection can open it
        return [problem for check in whole_file for problem in check(db)] + _row_problems(db, scope, expected_articles)
    with ThreadPoolExecutor(max_workers=len(whole_file)) as pool:
        futures = [pool.submit(_run_on_own_connection, path, check) for check in whole_file]
        rows = _row_problems(db, scope, expected_articles)
        return [problem for future in futures for problem in future.result()] + rows


def _row_problems(db, scope, expected_articles):
    """The row checks on the articles in ``scope``, then the article count."""
    problems = [problem for check in ARTICLE_ROW_CHECKS for problem in check(db, scope)]
    return problems + check_article_count(db, expected_articles)


def _file_of(db):
    """The file of ``db``'s main database, or "" for one in memory."""
    return db.execute("pragma database_list").fetchone()[2]


def _run_on_own_connection(path, check):
    """Run ``check`` on a new read-only connection to the database at ``path``."""
    uri = Path(path).as_uri() + "?mode=ro"
    db = sqlite_utils.Database(sqlite3.connect(uri, uri=True, check_same_thread=False))
    try:
        return check(db)
    finally:
        db.close()
