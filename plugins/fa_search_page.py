"""A ranked search page over paragraphs: the query ``search``.

Datasette's table search filters rows but does not rank them.  This page
ranks paragraphs by BM25 (FTS5's ``bm25()``), shows a snippet of the text
the reader sees (``fa_excerpt``; the page marks every match, JSON and CSV
hold the plain text), and links each
result to its paragraph, its article and, when the entity tables exist, the
people and organisations it mentions.  It is defined here
(``search_query``) rather than in metadata.yml so that it can leave out the
entities column on a database built without entity tables; deploy/site.py
writes it into the site's configuration among the database's queries.
"""

import html

from datasette import hookimpl

from build.search_query import match_spans

SNIPPET_CHARS = 320
RESULTS = 100

_ENTITIES = """,
  (select json_group_array(json_array(
       case when m.person_id is not null then 'people' else 'organisations' end,
       coalesce(m.person_id, m.organisation_id),
       coalesce(people.name, organisations.name)))
   from (select distinct person_id, organisation_id from mentions where paragraph_id = paragraphs.id) m
   left join people on people.id = m.person_id
   left join organisations on organisations.id = m.organisation_id) as entities"""

_SEARCH_SQL = """select
  fa_excerpt(paragraphs.text, :q) as snippet,
  articles.title as title{entities},
  articles.published_date,
  articles.publisher,
  round(-bm25(paragraphs_fts), 2) as score,
  paragraphs.id as paragraph_id,
  paragraphs.article_id,
  paragraphs.kind
from paragraphs_fts
join paragraphs on paragraphs.rowid = paragraphs_fts.rowid
join articles on articles.id = paragraphs.article_id
where paragraphs_fts match fa_match(:q)
order by bm25(paragraphs_fts), paragraphs.id
limit {limit}"""


def snippet(text, query, width=SNIPPET_CHARS, marks=True):
    """A window of ``text`` around its first match, matches in ``<mark>``.

    The text is HTML-escaped; ``<mark>`` and ``</mark>`` are the only tags.
    The window starts and ends at spaces so no word is cut.  With
    ``marks=False`` it is the same window as plain, unescaped text.

    >>> snippet("سازمان تأمین‌اجتماعی و بسیج", "تامین")
    'سازمان <mark>تأمین</mark>\u200cاجتماعی و بسیج'
    >>> snippet("سازمان <تأمین>", "تامین", marks=False)
    'سازمان <تأمین>'
    """
    if not text:
        return ""
    spans = merge_adjacent(text, match_spans(text, query))
    start, end = 0, len(text)
    if len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, first - width // 3)
        if start:
            start = text.find(" ", start) + 1 or start
        end = min(len(text), start + width)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    if not marks:
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    pieces = ["…" if start else ""]
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        pieces += [html.escape(text[cursor:s], quote=False), "<mark>", html.escape(text[s:e], quote=False), "</mark>"]
        cursor = e
    pieces += [html.escape(text[cursor:end], quote=False), "…" if end < len(text) else ""]
    return "".join(pieces)


def merge_adjacent(text, spans):
    """Join matches separated only by spaces or ZWNJs into one mark.

    «پدافند غیرعامل» is marked as one phrase, not as two words.
    """
    merged = []
    for start, end in spans:
        if merged and not text[merged[-1][1] : start].strip(" \u200c"):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


@hookimpl
def prepare_connection(conn):
    """``fa_snippet(text, query)``: a window of the text, matches in ``<mark>``;
    ``fa_excerpt(text, query)``: the same window as plain text (the search page's)."""
    conn.create_function("fa_snippet", 2, snippet, deterministic=True)
    conn.create_function("fa_excerpt", 2, lambda text, query: snippet(text, query, marks=False), deterministic=True)


def search_query(has_entities=True):
    """The query ``search``, as a database's ``queries`` entry in the site's configuration.

    deploy/site.py puts it among the queries of a database that has the
    paragraphs index, with the entities column when the database has the
    entity tables (``has_entities``).
    """
    return {
        "title": "Search paragraphs, best matches first · جست‌وجو در بندها",
        "description_html": (
            "<p>Type words as you would write them: <bdi>«تامین اجتماعی»</bdi>, <bdi>«تأمین‌اجتماعی»</bdi> and "
            "<bdi>«تأمیناجتماعی»</bdi> find the same paragraphs. Results are ranked by relevance (BM25).</p>"
            '<p dir="rtl" lang="fa">واژه‌ها را هر طور که می‌نویسید وارد کنید: «تامین اجتماعی»، '
            "«تأمین‌اجتماعی» و «تأمیناجتماعی» همان بندها را می‌یابند. نتیجه‌ها به ترتیب ارتباط مرتب شده‌اند.</p>"
        ),
        "sql": _SEARCH_SQL.format(entities=_ENTITIES if has_entities else "", limit=RESULTS),
        "hide_sql": True,
    }
