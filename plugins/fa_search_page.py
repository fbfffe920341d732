"""Ranked search pages over paragraphs and statements: the queries ``search`` and ``search_statements``.

Datasette's table search filters rows but does not rank them.  ``search``
ranks paragraphs by BM25 (FTS5's ``bm25()``), shows a snippet of the text
the reader sees (``fa_excerpt``; the page marks every match, JSON and CSV
hold the plain text), and links each
result to its paragraph, its article and, when the entity tables exist, the
people and organisations it mentions.

``search_statements`` does the same over what people and bodies said
(``statements_fts``, which indexes each quote folded as paragraphs are, so
the same spellings find it): each hit shows the words of the quote around
the match, the speaker (linked; a JSON list ``[[table, id, name]]`` as the
paragraphs' ``entities``), the verb, the kind, and the article, and links
to the statement, its paragraph and its article.  Each page links to the
other with the same words (``search_choice``, drawn by query.html).

They are defined here (``search_queries``) rather than in metadata.yml so
that a database built without entity tables or statements gets the pages
it can answer; deploy/site.py writes them into the site's configuration
among the database's queries.
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


_SEARCH_STATEMENTS_SQL = """select
  fa_excerpt(statements.quote, :q) as quote,
  case when statements.person_id is not null then json_array(json_array('people', statements.person_id, people.name))
       when statements.organisation_id is not null then json_array(json_array('organisations', statements.organisation_id, organisations.name))
  end as speaker,
  statements.verb,
  statements.kind as statement_kind,
  articles.title as title,
  articles.published_date,
  round(-bm25(statements_fts), 2) as score,
  statements.id as statement_id,
  statements.paragraph_id,
  statements.article_id
from statements_fts
join statements on statements.rowid = statements_fts.rowid
join articles on articles.id = statements.article_id
left join people on people.id = statements.person_id
left join organisations on organisations.id = statements.organisation_id
where statements_fts match fa_match(:q)
order by bm25(statements_fts), statements.id
limit {limit}"""

# What the search pages search, as (canned query, table searched): each
# page offers the others with the same words.
SEARCHES = (("search", "paragraphs"), ("search_statements", "statements"))


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


def search_queries(has_entities=True, has_statements=True):
    """The queries ``search`` and (with ``has_statements``) ``search_statements``, as a database's ``queries`` entries.

    deploy/site.py puts them among the queries of a database that has the
    paragraphs index: the entities column when the database has the entity
    tables (``has_entities``), the statement search when it also has the
    statements index (``has_statements``).
    """
    choice = [list(pair) for pair in SEARCHES]
    if not has_statements:
        choice = choice[:1]
    queries = {
        "search": {
            "title": "Search paragraphs, best matches first · جست‌وجو در بندها",
            "description_html": (
                "<p>Type words as you would write them: <bdi>«تامین اجتماعی»</bdi>, <bdi>«تأمین‌اجتماعی»</bdi> and "
                "<bdi>«تأمیناجتماعی»</bdi> find the same paragraphs. Results are ranked by relevance (BM25).</p>"
                '<p dir="rtl" lang="fa">واژه‌ها را هر طور که می‌نویسید وارد کنید: «تامین اجتماعی»، '
                "«تأمین‌اجتماعی» و «تأمیناجتماعی» همان بندها را می‌یابند. نتیجه‌ها به ترتیب ارتباط مرتب شده‌اند.</p>"
            ),
            "sql": _SEARCH_SQL.format(entities=_ENTITIES if has_entities else "", limit=RESULTS),
            "hide_sql": True,
            "search_choice": choice,
        }
    }
    if has_statements:
        queries["search_statements"] = {
            "title": "Search statements: who said what, best matches first · جست‌وجو در گفته‌ها",
            "description_html": (
                "<p>Search the words people and bodies are reported to have said, spelled any way: "
                "<bdi>«تامین اجتماعی»</bdi> and <bdi>«تأمین‌اجتماعی»</bdi> find the same statements. "
                "Each result gives the speaker, the verb and the article. Ranked by relevance (BM25).</p>"
                '<p dir="rtl" lang="fa">در سخنانی که از افراد و سازمان‌ها نقل شده است جست‌وجو کنید، به هر املایی: '
                "«تامین اجتماعی» و «تأمین‌اجتماعی» همان گفته‌ها را می‌یابند. هر نتیجه گوینده، فعل و خبرش را نشان می‌دهد "
                "و نتیجه‌ها به ترتیب ارتباط مرتب شده‌اند.</p>"
            ),
            "sql": _SEARCH_STATEMENTS_SQL.format(limit=RESULTS),
            "hide_sql": True,
            "search_choice": choice,
        }
    return queries
