"""What a row's page shows beyond the row: the text it comes from.

Datasette's page for one row shows its columns and counts of linked rows.
A reader arriving from a search or a chart wants the text itself:

* an article's page shows the article: every paragraph in order, each with
  its kind, linked to its own page, its mentions of people and
  organisations marked and linked as on a paragraph's page
  (``fa_cells.highlight_spans``), and every quote (``statements``)
  marked, with the words naming its speaker linked to the person or body,
  each quote carrying its statement's id so ``…/articles/<id>#<statement id>`` opens the article
  at that quote; boilerplate is greyed, as it is part of the file, not
  of the article;
* a person's page lists what they said (their statements, newest first,
  each with its article, date, kind, verb and words, linked to the quote in
  its article), the roles the texts state for them, and the paragraphs
  that name them with each mention marked;
* an organisation's page lists the same: its statements, the people whose
  roles belong to it, the paragraphs that name it, and links to the body
  it is part of;
* a statement's page shows its paragraph (and the earlier one naming its
  speaker, for a pronoun) with the quote and the speaker marked, and links
  to the quote in the whole article;
* a paragraph's page links to its article and to the paragraphs before
  and after it.

Every row's page is named for what the row is (``row_name``): an
article's headline, a person's or a body's name (the columns are listed
in data/display.yaml, ``row_title``), a paragraph's position in its
article, a statement's speaker and article; the id is shown beside it.

Long lists are cut: at ``MAX_PARAGRAPHS`` paragraphs, with a link to the
canned query that lists every mention, at the ``MAX_ROLES`` roles stated
most often, and at the ``MAX_STATEMENTS`` newest statements, with a link
to the statements table filtered to the speaker.
"""

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_decode

from plugins.fa_i18n import row_title_columns, translate, language
from plugins.fa_cells import (
    STATEMENT_MARKS_SQL, has_entity_tables, has_statements, highlight_spans, mention_link, mentions_by_paragraph,
    row_url, statement_marks,
)

MAX_PARAGRAPHS = 20
MAX_ROLES = 50
MAX_STATEMENTS = 50
_ARTICLE_PARAGRAPHS_SQL = "select id, position, kind, text from paragraphs where article_id = :id order by position"
# The first paragraphs naming one person or organisation, in article order.
# Each article holds at least one of them, so the first N lie in the first
# N articles: those are found in the (…_id, article_id) index, and only
# their mentions are read, however often the name occurs.
_NAMING_PARAGRAPHS_SQL = """with first_articles as (
  select distinct article_id from mentions where {column} = :id order by article_id limit {limit}
)
select paragraphs.id, paragraphs.position, paragraphs.kind, paragraphs.text,
  paragraphs.article_id, coalesce(articles.title, articles.id) as article
from paragraphs join articles on articles.id = paragraphs.article_id
where paragraphs.id in (
  select paragraph_id from mentions where {column} = :id and article_id in first_articles
)
order by paragraphs.id
limit {limit}"""
# Roles are counted first, from the roles(…_id, …, role, paragraph_id)
# indexes alone; names are looked up only for the roles shown.
_ROLES_SQL = """select counted.role, counted.person_id, people.name as person,
  counted.organisation_id, organisations.name as organisation,
  counted.times, counted.first_evidence
from (
  select role, person_id, organisation_id, count(*) as times, min(paragraph_id) as first_evidence
  from roles
  where {column} = :id
  group by person_id, organisation_id, role
  order by times desc, role, person_id
  limit {limit}
) as counted
left join people on people.id = counted.person_id
left join organisations on organisations.id = counted.organisation_id
order by counted.times desc, counted.role, counted.person_id"""
# One speaker's statements, newest first (the article's date of
# publication), read from the (person_id|organisation_id, published_date)
# indexes.
_SPEAKER_STATEMENTS_SQL = """select statements.id, statements.article_id, statements.paragraph_id,
  statements.published_date, articles.published_date_jalali, statements.kind, statements.verb, statements.quote,
  coalesce(articles.title, articles.id) as article, paragraphs.position as paragraph_position
from statements
join articles on articles.id = statements.article_id
join paragraphs on paragraphs.id = statements.paragraph_id
where statements.{column} = :id
order by statements.published_date desc, statements.article_id, statements.position
limit {limit}"""


def statement_url(datasette, database, statement):
    """Where a statement is read in its article: the article's page at the quote (``#<statement id>``).

    The article's page marks every quote, each with its statement's id, so
    the address stays valid as long as the statement's id does, and the
    paragraph around it is on the screen.
    """
    return row_url(datasette, database, "articles", statement["article_id"]) + f"#{statement['id']}"


async def _paragraphs_html(datasette, database, paragraphs, mention_filter, statements=()):
    """``paragraphs`` as dicts with their text as HTML, mentions (and quotes) marked and linked.

    ``mention_filter`` is ``(where clause, params)`` choosing the mentions
    to mark, or None for none; ``statements`` are rows of
    ``STATEMENT_MARKS_SQL`` whose quotes and speakers are marked.
    """
    db = datasette.get_database(database)
    mentions = await mentions_by_paragraph(db, *mention_filter) if mention_filter else {}
    quotes, speakers = statement_marks(statements)
    link = mention_link(datasette, database)
    return [
        {
            **{key: p[key] for key in p.keys() if key != "text"},
            "url": row_url(datasette, database, "paragraphs", p["id"]),
            "article_url": row_url(datasette, database, "articles", p["article_id"]) if "article_id" in p.keys() else None,
            "html": highlight_spans(p["text"] or "", link, mentions=mentions.get(p["id"], []),
                                    speakers=speakers.get(p["id"], []), quotes=quotes.get(p["id"], [])),
        }
        for p in paragraphs
    ]


async def article_section(datasette, database, article_id):
    """Template variables for an article's page: its paragraphs in order, quotes and speakers marked."""
    db = datasette.get_database(database)
    if not await db.table_exists("paragraphs"):
        return {}  # another database with a table called articles
    paragraphs = (await db.execute(_ARTICLE_PARAGRAPHS_SQL, {"id": article_id})).rows
    mention_filter = ("mentions.article_id = :id", {"id": article_id}) if await has_entity_tables(db) else None
    statements = []
    if await has_statements(db):
        sql = STATEMENT_MARKS_SQL.format(where="statements.article_id = :id")
        statements = (await db.execute(sql, {"id": article_id})).rows
    return {
        "article_paragraphs": await _paragraphs_html(datasette, database, paragraphs, mention_filter, statements),
        "article_has_statements": bool(statements),
    }


async def statement_section(datasette, database, statement_id, lang):
    """Template variables for a statement's page: its paragraph (and its speaker's) with the quote marked."""
    db = datasette.get_database(database)
    if not await has_statements(db):
        return {}
    sql = STATEMENT_MARKS_SQL.format(where="statements.id = :id")
    statement = (await db.execute(sql, {"id": statement_id})).first()
    if statement is None:
        return {}
    article = (await db.execute(
        "select articles.id, coalesce(articles.title, articles.id) as title from statements "
        "join articles on articles.id = statements.article_id where statements.id = :id", {"id": statement_id})).first()
    ids = {"a": statement["paragraph_id"], "b": statement["speaker_paragraph_id"] or statement["paragraph_id"]}
    paragraphs = (await db.execute(
        "select id, position, kind, text, article_id from paragraphs where id in (:a, :b) order by position", ids)).rows
    mention_filter = ("mentions.paragraph_id in (:a, :b)", ids)
    speaker = statement["speaker_name"] or translate("speaker_not_known", lang)
    return {
        "row_name": translate("statement_of", lang, speaker=speaker, title=article["title"]),
        "statement_paragraphs": await _paragraphs_html(datasette, database, paragraphs, mention_filter, [statement]),
        "statement_in_article": {"url": statement_url(datasette, database, {"id": statement_id, "article_id": article["id"]}),
                                 "title": article["title"]},
    }


async def speaker_statements(datasette, database, table, entity_id):
    """Template variables for the statements of a person or a body, newest first, at most ``MAX_STATEMENTS``."""
    db = datasette.get_database(database)
    if not await has_statements(db):
        return {}
    column = "person_id" if table == "people" else "organisation_id"
    params = {"id": entity_id}
    rows = (await db.execute(_SPEAKER_STATEMENTS_SQL.format(column=column, limit=MAX_STATEMENTS), params)).rows
    if not rows:
        return {}
    total = (await db.execute(f"select count(*) from statements where {column} = :id", params)).first()[0]
    statements = [
        {
            **dict(row),
            "url": statement_url(datasette, database, row),
            "article_url": row_url(datasette, database, "articles", row["article_id"]),
            "row_url": row_url(datasette, database, "statements", row["id"]),
        }
        for row in rows
    ]
    return {
        "entity_statements": statements,
        "entity_statements_total": total,
        "entity_statements_url": datasette.urls.table(database, "statements") + "?"
        + urlencode({column: entity_id, "_sort_desc": "published_date"}),
    }


async def entity_section(datasette, database, table, entity_id):
    """Template variables for a person's or an organisation's page: roles and naming paragraphs."""
    db = datasette.get_database(database)
    if not (await has_entity_tables(db) and await db.table_exists("roles")):
        return {}
    column = "person_id" if table == "people" else "organisation_id"
    params = {"id": entity_id}
    sql = _NAMING_PARAGRAPHS_SQL.format(column=column, limit=MAX_PARAGRAPHS + 1)
    paragraphs = (await db.execute(sql, params)).rows
    shown = paragraphs[:MAX_PARAGRAPHS]
    # Only this person's or organisation's mentions are marked.
    names = {f"p{i}": p["id"] for i, p in enumerate(shown)}
    placeholders = ", ".join(f":{name}" for name in names) or "null"
    mention_filter = (f"mentions.{column} = :id and mentions.paragraph_id in ({placeholders})", {**params, **names})
    roles = [dict(r) for r in (await db.execute(_ROLES_SQL.format(column=column, limit=MAX_ROLES + 1), params)).rows]
    for role in roles:
        role["person_url"] = role["person_id"] and row_url(datasette, database, "people", role["person_id"])
        role["organisation_url"] = role["organisation_id"] and row_url(datasette, database, "organisations", role["organisation_id"])
        role["evidence_url"] = row_url(datasette, database, "paragraphs", role["first_evidence"])
    query = "mentions_of_person" if table == "people" else "mentions_of_organisation"
    parameter = "person" if table == "people" else "organisation"
    return {
        "entity_roles": roles[:MAX_ROLES],
        "entity_roles_cut": len(roles) > MAX_ROLES,
        "entity_paragraphs": await _paragraphs_html(datasette, database, shown, mention_filter),
        "entity_paragraphs_cut": len(paragraphs) > MAX_PARAGRAPHS,
        "entity_all_mentions_url": datasette.urls.database(database) + f"/{query}?" + urlencode({parameter: entity_id}),
        "entity_is_person": table == "people",
    }


async def row_name(db, table, pk):
    """The value naming one row (its headline, its name), or None."""
    columns = await db.table_columns(table)
    wanted = [c for c in row_title_columns(table) if c in columns]
    pks = await db.primary_keys(table)
    if not wanted or len(pks) != 1:
        return None
    sql = "select {} from [{}] where [{}] = :pk".format(", ".join(f"[{c}]" for c in wanted), table, pks[0])
    row = (await db.execute(sql, {"pk": pk})).first()
    return next((row[c] for c in wanted if row and row[c]), None)


async def paragraph_context(datasette, database, paragraph_id):
    """A paragraph's article (title, address) and the paragraphs beside it."""
    db = datasette.get_database(database)
    if not await db.table_exists("articles"):
        return None
    row = (await db.execute(
        """select paragraphs.position, paragraphs.article_id, coalesce(articles.title, articles.id) as title,
             (select id from paragraphs p where p.article_id = paragraphs.article_id and p.position = paragraphs.position - 1) as previous_id,
             (select id from paragraphs p where p.article_id = paragraphs.article_id and p.position = paragraphs.position + 1) as next_id
           from paragraphs join articles on articles.id = paragraphs.article_id where paragraphs.id = :id""",
        {"id": paragraph_id},
    )).first()
    if row is None:
        return None
    return {
        "position": row["position"],
        "title": row["title"],
        "url": row_url(datasette, database, "articles", row["article_id"]) + f"#{paragraph_id}",
        "previous_url": row["previous_id"] and row_url(datasette, database, "paragraphs", row["previous_id"]),
        "next_url": row["next_id"] and row_url(datasette, database, "paragraphs", row["next_id"]),
    }


async def organisation_parent(datasette, database, organisation_id):
    """The body an organisation is part of, as a name and an address, or None."""
    db = datasette.get_database(database)
    if "parent_id" not in await db.table_columns("organisations"):
        return None
    row = (await db.execute(
        "select parent.id, parent.name from organisations join organisations parent on parent.id = organisations.parent_id "
        "where organisations.id = :id", {"id": organisation_id})).first()
    if row is None:
        return None
    return {"name": row["name"] or row["id"], "url": row_url(datasette, database, "organisations", row["id"])}


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    if template != "row.html" or request is None or not table:
        return {}

    async def inner():
        pk = tilde_decode(request.url_vars.get("pks", ""))
        db = datasette.get_database(database)
        found = {"row_name": await row_name(db, table, pk)}
        if table == "paragraphs":
            context = await paragraph_context(datasette, database, pk)
            if context:
                found["paragraph_article"] = context
                found["row_name"] = "{} «{}»".format(
                    translate("article_of", language(request), position=context["position"]), context["title"])
        elif table == "organisations":
            found["organisation_parent"] = await organisation_parent(datasette, database, pk)
        if table == "articles":
            found.update(await article_section(datasette, database, pk))
        elif table == "statements":
            found.update(await statement_section(datasette, database, pk, language(request)))
        elif table in ("people", "organisations"):
            found.update(await entity_section(datasette, database, table, pk))
            found.update(await speaker_statements(datasette, database, table, pk))
        return found

    return inner
