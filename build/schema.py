"""The shape of the database, declared once as data and applied by one function.

Tables are created with explicit columns so that an empty table still has
its full schema; foreign keys are declared so Datasette links rows; every
foreign key and faceted column is indexed; FTS5 indexes the *folded* text
(see build/fold.py) because SQLite's unicode61 tokenizer neither folds
Arabic and Persian letters nor removes Arabic diacritics.
"""

TABLES = {
    "articles": {
        "columns": {
            "id": str,
            "title": str,
            "published_date": str,
            "publisher": str,
            "title_paragraph_id": str,
            "title_source": str,
            "publisher_id": str,
            "publisher_as_written": str,
            "publisher_source": str,
            "cited_source": str,
            "cited_source_id": str,
            "cited_source_as_written": str,
            "attribution_paragraph_id": str,
            "url": str,
            "url_source": str,
            "categories": str,
            "tags": str,
            "published_datetime": str,
            "published_date_jalali": str,
            "published_year": int,
            "published_year_jalali": int,
            "date_status": str,
            "published_as_written": str,
            "published_jalali": str,
            "text_date": str,
            "text_date_status": str,
            "date_paragraph_id": str,
            "file": str,
            "record": int,
            "sha256": str,
            "encoding": str,
            "n_bytes": int,
            "n_paragraphs": int,
            "n_words": int,
            "title_folded": str,
        },
        "pk": "id",
    },
    "paragraphs": {
        "columns": {
            "id": str,
            "article_id": str,
            "position": int,
            "kind": str,
            "kind_rule": str,
            "text": str,
            "text_raw": str,
            "text_folded": str,
            "n_words": int,
        },
        "pk": "id",
    },
    "mentions": {
        "columns": {
            "id": str,
            "article_id": str,
            "paragraph_id": str,
            "person_id": str,
            "organisation_id": str,
            "surface": str,
            "char_start": int,
            "char_end": int,
            "mention_kind": str,
            "method": str,
        },
        "pk": "id",
    },
    "roles": {
        "columns": {
            "id": str,
            "person_id": str,
            "organisation_id": str,
            "role": str,
            "article_id": str,
            "paragraph_id": str,
            "surface": str,
            "char_start": int,
            "char_end": int,
            "method": str,
        },
        "pk": "id",
    },
    "statements": {
        "columns": {
            "id": str,
            "article_id": str,
            "paragraph_id": str,
            "position": int,
            "published_date": str,
            "person_id": str,
            "organisation_id": str,
            "speaker_surface": str,
            "speaker_start": int,
            "speaker_end": int,
            "speaker_paragraph_id": str,
            "attribution": str,
            "verb": str,
            "verb_start": int,
            "verb_end": int,
            "verb_paragraph_id": str,
            "quote": str,
            "quote_start": int,
            "quote_end": int,
            "kind": str,
            "method": str,
            "quote_folded": str,
        },
        "pk": "id",
    },
    "article_people": {
        "columns": {"article_id": str, "person_id": str, "name": str, "honorifics": str},
        "pk": ("article_id", "person_id"),
    },
    "article_organisations": {
        "columns": {
            "article_id": str,
            "organisation_id": str,
            "name": str,
            "kind": str,
            "parent_id": str,
            "source": str,
        },
        "pk": ("article_id", "organisation_id"),
    },
    "people": {
        "columns": {
            "id": str,
            "name": str,
            "honorifics": str,
            "n_mentions": int,
            "n_articles": int,
            "method": str,
            "evidence": str,
            "confidence": str,
            "same_as": str,
            "name_folded": str,
        },
        "pk": "id",
    },
    "organisations": {
        "columns": {
            "id": str,
            "name": str,
            "name_en": str,
            "kind": str,
            "parent_id": str,
            "aliases": str,
            "acronyms": str,
            "source": str,
            "n_mentions": int,
            "n_articles": int,
            "method": str,
            "evidence": str,
            "confidence": str,
            "name_folded": str,
        },
        "pk": "id",
    },
    "skipped_files": {
        "columns": {"file": str, "problem": str},
        "pk": "file",
    },
    "build_info": {
        "columns": {"key": str, "value": str},
        "pk": "key",
    },
}

# Tables whose rows belong to one article (``articles`` by ``id``, the rest
# by ``article_id``): an incremental build copies these per article.
PER_ARTICLE_TABLES = [
    name for name, spec in TABLES.items() if name == "articles" or "article_id" in spec["columns"]
]

FOREIGN_KEYS = [
    ("paragraphs", "article_id", "articles", "id"),
    ("articles", "title_paragraph_id", "paragraphs", "id"),
    ("articles", "attribution_paragraph_id", "paragraphs", "id"),
    ("articles", "publisher_id", "organisations", "id"),
    ("articles", "cited_source_id", "organisations", "id"),
    ("articles", "date_paragraph_id", "paragraphs", "id"),
    ("mentions", "article_id", "articles", "id"),
    ("mentions", "paragraph_id", "paragraphs", "id"),
    ("mentions", "person_id", "people", "id"),
    ("mentions", "organisation_id", "organisations", "id"),
    ("roles", "person_id", "people", "id"),
    ("roles", "organisation_id", "organisations", "id"),
    ("roles", "article_id", "articles", "id"),
    ("roles", "paragraph_id", "paragraphs", "id"),
    ("statements", "article_id", "articles", "id"),
    ("statements", "paragraph_id", "paragraphs", "id"),
    ("statements", "speaker_paragraph_id", "paragraphs", "id"),
    ("statements", "verb_paragraph_id", "paragraphs", "id"),
    ("statements", "person_id", "people", "id"),
    ("statements", "organisation_id", "organisations", "id"),
    ("article_people", "article_id", "articles", "id"),
    ("article_people", "person_id", "people", "id"),
    ("article_organisations", "article_id", "articles", "id"),
    ("article_organisations", "organisation_id", "organisations", "id"),
    ("organisations", "parent_id", "organisations", "id"),
    ("people", "same_as", "people", "id"),
]

# Columns people facet or sort on.  Foreign keys are indexed too, unless
# an index here (or a primary key) already starts with their column.
INDEXES = [
    # Counting an entity's mentions and articles reads these indexes alone.
    ("mentions", ["organisation_id", "article_id"]),
    ("mentions", ["person_id", "article_id"]),
    ("article_organisations", ["organisation_id", "article_id"]),
    ("articles", ["publisher"]),
    ("articles", ["published_date"]),
    ("articles", ["published_year"]),
    ("articles", ["date_status"]),
    # A kind and the default sort (id): «paragraphs where kind = body» pages
    # read the index in order instead of sorting 160,000 rows per page.
    ("paragraphs", ["kind", "id"]),
    ("paragraphs", ["article_id", "position"]),
    ("mentions", ["mention_kind", "id"]),
    ("mentions", ["method"]),
    ("organisations", ["kind"]),
    ("organisations", ["source"]),
    ("organisations", ["confidence"]),
    ("people", ["confidence"]),
    ("roles", ["role"]),
    # A person's or an organisation's page counts the roles stated for them
    # from these alone, in group order (plugins/row_pages.py).
    ("roles", ["person_id", "organisation_id", "role", "paragraph_id"]),
    ("roles", ["organisation_id", "person_id", "role", "paragraph_id"]),
    # Facets of statements, and a person's or a body's statements, newest first.
    ("statements", ["kind", "id"]),
    ("statements", ["verb"]),
    ("statements", ["attribution"]),
    ("statements", ["person_id", "published_date"]),
    ("statements", ["organisation_id", "published_date"]),
    ("statements", ["published_date"]),
]

FTS_CONFIG = {
    "articles": ["title_folded"],
    "paragraphs": ["text_folded"],
    "statements": ["quote_folded"],
    "people": ["name_folded"],
    "organisations": ["name_folded"],
}

VIEWS = {
    "article_paragraphs": """
select
  paragraphs.id as paragraph_id,
  paragraphs.article_id,
  articles.title as article_title,
  articles.publisher,
  articles.published_date,
  paragraphs.position,
  paragraphs.kind,
  paragraphs.text,
  paragraphs.n_words
from paragraphs join articles on articles.id = paragraphs.article_id
order by paragraphs.article_id, paragraphs.position
""",
    "articles_per_year": """
select
  published_year,
  published_year_jalali,
  count(*) as n_articles,
  sum(n_words) as n_words
from articles
group by published_year, published_year_jalali
order by published_year
""",
}


def temp_ids(db, name, ids):
    """Fill the temporary table ``temp.<name>`` with ``ids``; return its name.

    Steps that work on some articles or people only select them with
    ``... in (select id from temp.<name>)``: one query however many ids.
    """
    db.execute(f"create temp table if not exists [{name}] (id text primary key)")
    db.execute(f"delete from temp.[{name}]")
    db.conn.executemany(f"insert into temp.[{name}] values (?)", [(i,) for i in sorted(set(ids))])
    return f"temp.[{name}]"


def within(column, scope):
    """SQL that keeps rows whose ``column`` is an id in the temporary table ``scope``.

    ``scope`` (a name from ``temp_ids``) is None for every row, which gives
    an empty condition.
    """
    return f"and {column} in (select id from {scope})" if scope else ""


def create_tables(db):
    """Create the tables with their declared columns, primary and foreign keys.

    Foreign keys are added while the tables are still empty: SQLite cannot
    add one to an existing table, so adding them later means copying every
    table, which takes seconds on a large database.
    """
    for name, spec in TABLES.items():
        pk = spec["pk"]
        not_null = set(pk) if isinstance(pk, tuple) else {pk}
        db[name].create(spec["columns"], pk=pk, not_null=not_null, if_not_exists=True)
    db.add_foreign_keys(FOREIGN_KEYS)


def index_foreign_keys(db):
    """Index every foreign key column that no index starts with.

    sqlite-utils' own ``index_foreign_keys`` looks at one-column indexes
    only, so it would add an index that the primary key of
    ``article_people`` or the ``(article_id, position)`` index of
    ``paragraphs`` already provides.
    """
    for table, column, _, _ in FOREIGN_KEYS:
        if column not in leading_columns(db, table):
            db[table].create_index([column], find_unique_name=True)


def leading_columns(db, table):
    """``{column: [names of the indexes of table that start with it]}``, primary keys included."""
    leading = {}
    for (_, index, *_) in db.execute(f"pragma index_list([{table}])").fetchall():
        first = db.execute(f"pragma index_info([{index}])").fetchone()[2]
        leading.setdefault(first, []).append(index)
    return leading


def ensure_db_shape(db):
    """Add indexes (foreign keys' too), full-text search and views.

    Called once all rows are written: indexes and FTS are cheaper to build
    in one pass than to maintain row by row.  Whatever is there already is
    left as it is (an incremental build starts from a finished database).
    """
    for table, columns in INDEXES:
        db[table].create_index(columns, if_not_exists=True)
    index_foreign_keys(db)
    for table, columns in FTS_CONFIG.items():
        if not db[table].detect_fts():
            # Built in one pass over the rows; the triggers then keep it in
            # step as an incremental build deletes and inserts rows.
            db[table].enable_fts(columns, fts_version="FTS5", tokenize="unicode61", create_triggers=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
