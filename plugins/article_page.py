"""An article's page shows the article: its paragraphs in order, to read.

Datasette's page for one row of ``articles`` shows the row's columns and
counts of linked rows.  A reader who arrives from a search or a mention
wants the text itself: this adds every paragraph below the row, in order,
each with its kind, linked to its own page, and with its mentions of people
and organisations marked and linked as on a paragraph's page
(``fa_cells.highlight_mentions``).  Boilerplate is shown greyed: it is part
of the file, not of the article.
"""

import sys
from collections import defaultdict
from pathlib import Path

from datasette import hookimpl
from datasette.utils import tilde_decode

_PLUGINS = str(Path(__file__).resolve().parent)
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)

from fa_cells import highlight_mentions, row_url  # noqa: E402

_PARAGRAPHS_SQL = "select id, position, kind, text from paragraphs where article_id = :id order by position"
_MENTIONS_SQL = """select mentions.paragraph_id, mentions.char_start, mentions.char_end,
  case when mentions.person_id is not null then 'person' else 'organisation' end as kind,
  coalesce(mentions.person_id, mentions.organisation_id) as entity_id,
  coalesce(people.name, organisations.name) as name
from mentions
left join people on people.id = mentions.person_id
left join organisations on organisations.id = mentions.organisation_id
where mentions.article_id = :id"""


async def article_paragraphs(datasette, database, article_id):
    """The article's paragraphs in order: dicts of id, position, kind, url and html."""
    db = datasette.get_database(database)
    paragraphs = (await db.execute(_PARAGRAPHS_SQL, {"id": article_id})).rows
    mentions = defaultdict(list)
    if all([await db.table_exists(t) for t in ("mentions", "people", "organisations")]):
        for row in (await db.execute(_MENTIONS_SQL, {"id": article_id})).rows:
            mentions[row["paragraph_id"]].append(dict(row))

    def link(mention):
        table = "people" if mention["kind"] == "person" else "organisations"
        return row_url(datasette, database, table, mention["entity_id"])

    return [
        {
            "id": p["id"],
            "position": p["position"],
            "kind": p["kind"],
            "url": row_url(datasette, database, "paragraphs", p["id"]),
            "html": highlight_mentions(p["text"] or "", mentions[p["id"]], link),
        }
        for p in paragraphs
    ]


@hookimpl
def extra_template_vars(template, database, table, request, datasette):
    if template != "row.html" or table != "articles" or request is None:
        return {}

    async def inner():
        pks = request.url_vars.get("pks", "")
        return {"article_paragraphs": await article_paragraphs(datasette, database, tilde_decode(pks))}

    return inner
