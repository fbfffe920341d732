"""How cells are shown: marked matches, highlighted mentions, links to rows.

- ``snippet`` (the search page): escaped text whose only markup is
  ``<mark>``; anything else in the value is shown as text.
- ``entities`` (the search page): a JSON list of [table, id, name], shown as
  links to the people and organisations a paragraph mentions.
- ``paragraphs.text``: every mention (from ``mentions``, when the table
  exists) marked in place, linked to its person or organisation.  Offsets
  are 0-based and end-exclusive into this very text.
- ``paragraph_id``, ``article_id``, ``person_id``, ``organisation_id`` in
  query results: links to the row, as table pages already do for foreign
  keys.
"""

import json
from collections import defaultdict

from markupsafe import Markup, escape

from datasette import hookimpl
from datasette.utils import tilde_encode

_ID_TABLES = {
    "paragraph_id": "paragraphs",
    "article_id": "articles",
    "person_id": "people",
    "organisation_id": "organisations",
}


def marked_html(value):
    """Escape ``value`` but keep ``<mark>``/``</mark>``: nothing else gets through."""
    escaped = str(escape(value))
    return Markup(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


def row_url(datasette, database, table, pk):
    """The address of one row."""
    return f"{datasette.urls.table(database, table)}/{tilde_encode(str(pk))}"


def entity_links(datasette, database, value):
    """``[["people", id, name], …]`` as links, or None if it is not that shape."""
    try:
        items = json.loads(value)
    except (TypeError, ValueError):
        return None
    if not isinstance(items, list) or not all(isinstance(i, list) and len(i) == 3 for i in items):
        return None
    links = [
        Markup('<a class="entity entity-{}" href="{}">{}</a>').format(
            table, row_url(datasette, database, table, pk), name or pk
        )
        for table, pk, name in items
        if table in ("people", "organisations") and pk
    ]
    return Markup("، ").join(links)


def nest_mentions(mentions, text_length):
    """Arrange mentions as a tree: a mention inside another becomes its child.

    A person's title often contains an organisation («مدیرعامل سازمان
    تأمین‌اجتماعی» holds «سازمان تأمین‌اجتماعی»); both are kept, one inside
    the other.  Mentions that cross each other's edges, or fall outside the
    text, are left out.  Returns ``[(mention, children), …]`` in text order.
    """
    roots, stack = [], []
    for m in sorted(mentions, key=lambda m: (m["char_start"], -m["char_end"])):
        start, end = m["char_start"], m["char_end"]
        if start is None or end is None or start < 0 or end > text_length or start >= end:
            continue
        while stack and stack[-1][0]["char_end"] <= start:
            stack.pop()
        if stack and end > stack[-1][0]["char_end"]:
            continue  # crosses the edge of the enclosing mention
        node = (m, [])
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


def _render(text, start, end, nodes, link, inside_link):
    """HTML for ``text[start:end]`` with ``nodes`` marked (see highlight_mentions)."""
    pieces, cursor = [], start
    for m, children in nodes:
        pieces.append(escape(text[cursor : m["char_start"]]))
        # Links cannot nest: a mention holding others is marked but not linked.
        linked = not children and not inside_link
        inner = _render(text, m["char_start"], m["char_end"], children, link, inside_link or linked)
        mark = Markup('<mark class="mention-{}" title="{}">{}</mark>').format(m["kind"], m["name"] or "", inner)
        pieces.append(Markup('<a href="{}">{}</a>').format(link(m), mark) if linked else mark)
        cursor = m["char_end"]
    pieces.append(escape(text[cursor:end]))
    return Markup("").join(pieces)


def highlight_mentions(text, mentions, link):
    """``text`` with each mention in ``<mark>``, linked by ``link(mention)``.

    ``mentions`` are dicts with char_start, char_end (0-based, end-exclusive
    offsets into ``text``), kind ('person' or 'organisation') and name.

    >>> str(highlight_mentions("سردار غیب پرور گفت", [
    ...     {"char_start": 6, "char_end": 14, "kind": "person", "name": "غلامحسین غیب‌پرور"}],
    ...     lambda m: "/p"))
    'سردار <a href="/p"><mark class="mention-person" title="غلامحسین غیب‌پرور">غیب پرور</mark></a> گفت'
    """
    return _render(text, 0, len(text), nest_mentions(mentions, len(text)), link, False)


_MENTIONS_SQL = """select mentions.paragraph_id, mentions.char_start, mentions.char_end,
  case when mentions.person_id is not null then 'person' else 'organisation' end as kind,
  coalesce(mentions.person_id, mentions.organisation_id) as entity_id,
  coalesce(people.name, organisations.name) as name
from mentions
left join people on people.id = mentions.person_id
left join organisations on organisations.id = mentions.organisation_id
where {where}"""


async def has_entity_tables(db):
    """True if the database has the tables mentions are marked from."""
    return all([await db.table_exists(t) for t in ("mentions", "people", "organisations")])


async def mentions_by_paragraph(db, where, params):
    """``{paragraph id: [mention, …]}`` for the mentions ``where`` chooses."""
    found = defaultdict(list)
    for row in (await db.execute(_MENTIONS_SQL.format(where=where), params)).rows:
        found[row["paragraph_id"]].append(dict(row))
    return found


def mention_link(datasette, database):
    """A function giving the address of the person or organisation a mention names."""

    def link(mention):
        table = "people" if mention["kind"] == "person" else "organisations"
        return row_url(datasette, database, table, mention["entity_id"])

    return link


async def _paragraph_with_mentions(datasette, database, row, value):
    """The paragraph text with its mentions marked, or None without mentions."""
    db = datasette.get_database(database)
    if not await has_entity_tables(db):
        return None
    try:
        paragraph_id = row["id"]
    except (IndexError, KeyError):
        return None
    mentions = (await mentions_by_paragraph(db, "mentions.paragraph_id = :id", {"id": paragraph_id}))[paragraph_id]
    if not mentions:
        return None
    return highlight_mentions(value, mentions, mention_link(datasette, database))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    if table is None and column == "snippet":
        return marked_html(value)
    if table is None and column == "entities":
        return entity_links(datasette, database, value)
    if table is None and column in _ID_TABLES and value:
        return Markup('<a href="{}">{}</a>').format(
            row_url(datasette, database, _ID_TABLES[column], value), value
        )
    if table == "paragraphs" and column == "text":

        async def inner():
            return await _paragraph_with_mentions(datasette, database, row, value)

        return inner()
    return None
