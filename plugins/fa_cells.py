"""How cells are shown: marked matches, highlighted mentions, links to rows.

- ``snippet`` (the search page): escaped text whose only markup is
  ``<mark>``; anything else in the value is shown as text.
- ``entities`` and ``speaker`` (the search pages): a JSON list of [table,
  id, name], shown as links to the people and organisations a paragraph
  mentions, or to the one who made a statement; any other value is shown
  as it is.
- ``paragraphs.text``: every mention (from ``mentions``, when the table
  exists) marked in place, linked to its person or organisation, and every
  quote (from ``statements``) marked, the words naming its speaker linked
  to them.  Offsets are 0-based and end-exclusive into this very text.
- ``paragraph_id``, ``article_id``, ``person_id``, ``organisation_id``,
  ``statement_id`` in query results: links to the row, as table pages
  already do for foreign keys.
"""

import json
import weakref
from collections import defaultdict

from markupsafe import Markup, escape

from datasette import hookimpl
from datasette.utils import tilde_encode

_ID_TABLES = {
    "paragraph_id": "paragraphs",
    "article_id": "articles",
    "person_id": "people",
    "organisation_id": "organisations",
    "statement_id": "statements",
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


def _crosses(a, b):
    """True if spans ``a`` and ``b`` overlap without one holding the other."""
    return a["start"] < b["start"] < a["end"] < b["end"] or b["start"] < a["start"] < b["end"] < a["end"]


# Spans with the same edges nest in this order: a quote outside the words
# that name someone.
_NESTING = {"quote": 0, "speaker": 1, "mention": 2}


def arrange_spans(text_length, mentions=(), speakers=(), quotes=()):
    """Lay out the marks of one text as a tree in which no two marks cross.

    - ``mentions``: dicts with char_start, char_end (and kind, name,
      entity_id); one inside another becomes its child, one that crosses the
      edge of a mention placed before it is left out.
    - ``speakers``: dicts with start, end (and kind, name, entity_id): the
      words naming who made a statement.  Words that are also a mention mark
      that mention as a speaker; others are marked on their own, unless they
      cross a mention, when they are left out.
    - ``quotes``: dicts with start, end and id.  A quote is never left out:
      where it crosses a mark already placed (another quote, a name) it is
      cut at that mark's edge into pieces that each lie inside or outside
      it, so the pieces' text, in order, is the whole quote.  The first
      piece is marked ``first``.

    Spans outside the text or empty are left out.  The order is fixed
    (mentions, then speakers, then quotes, each by start, longest first),
    so the same rows always give the same marks.  Returns ``[(span,
    children), …]`` in text order; a span is a dict with type, start, end
    and the mention, speaker or quote it marks.
    """

    def fits(start, end):
        return start is not None and end is not None and 0 <= start < end <= text_length

    placed = []
    for m in sorted(mentions, key=lambda m: (m["char_start"] or 0, -(m["char_end"] or 0))):
        span = {"type": "mention", "start": m["char_start"], "end": m["char_end"], "mention": m}
        if fits(span["start"], span["end"]) and not any(_crosses(span, p) for p in placed):
            placed.append(span)
    for s in sorted(speakers, key=lambda s: (s["start"] or 0, -(s["end"] or 0))):
        span = {"type": "speaker", "start": s["start"], "end": s["end"], "speaker": s}
        if not fits(span["start"], span["end"]):
            continue
        same = next((p for p in placed if (p["start"], p["end"]) == (span["start"], span["end"])), None)
        if same is not None:
            same.setdefault("speaker", s)
        elif not any(_crosses(span, p) for p in placed):
            placed.append(span)
    for q in sorted(quotes, key=lambda q: (q["start"] or 0, -(q["end"] or 0), q["id"])):
        whole = {"start": q["start"], "end": q["end"]}
        if not fits(whole["start"], whole["end"]):
            continue
        cuts = sorted({edge for p in placed if _crosses(whole, p) for edge in (p["start"], p["end"])
                       if whole["start"] < edge < whole["end"]})
        edges = [whole["start"], *cuts, whole["end"]]
        for i, (start, end) in enumerate(zip(edges, edges[1:])):
            placed.append({"type": "quote", "start": start, "end": end, "quote": q, "first": i == 0})
    roots, stack = [], []
    for span in sorted(placed, key=lambda p: (p["start"], -p["end"], _NESTING[p["type"]])):
        while stack and stack[-1][0]["end"] <= span["start"]:
            stack.pop()
        node = (span, [])
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


def _names_inside(nodes):
    """True if any of ``nodes`` or their children marks a name (and so may be a link)."""
    return any(span["type"] != "quote" or _names_inside(children) for span, children in nodes)


def _mark(span, inner):
    """The ``<mark>`` for one span around its (already escaped) ``inner`` HTML."""
    if span["type"] == "quote":
        q = span["quote"]
        anchor = Markup(' id="{}"').format(q["id"]) if span["first"] else ""
        return Markup('<mark class="quote quote-{}" data-statement="{}"{} title="{}">{}</mark>').format(
            q.get("kind") or "", q["id"], anchor, q.get("title") or "", inner)
    if span["type"] == "speaker":
        s = span["speaker"]
        return Markup('<mark class="speaker speaker-{}" title="{}">{}</mark>').format(
            s.get("kind") or "unknown", s.get("name") or "", inner)
    m = span["mention"]
    extra = " speaker" if "speaker" in span else ""
    return Markup('<mark class="mention-{}{}" title="{}">{}</mark>').format(m["kind"], extra, m["name"] or "", inner)


def _href(span, link, children):
    """The address a span links to, or None.

    A speaker's words link to the speaker, whatever names they hold (those
    are then marked, not linked); any other mention holding names is marked
    but not linked, and the names inside it are.
    """
    if span["type"] == "quote":
        return None
    speaker = span.get("speaker")
    if speaker and speaker.get("entity_id"):
        return link(speaker)
    if span["type"] == "speaker":
        return None
    return None if _names_inside(children) else link(span["mention"])


def _render(text, start, end, nodes, link, inside_link):
    """HTML for ``text[start:end]`` with ``nodes`` marked (see highlight_spans)."""
    pieces, cursor = [], start
    for span, children in nodes:
        pieces.append(escape(text[cursor : span["start"]]))
        # Links cannot nest: inside a link, names are marked but not linked.
        href = None if inside_link else _href(span, link, children)
        inner = _render(text, span["start"], span["end"], children, link, inside_link or bool(href))
        mark = _mark(span, inner)
        pieces.append(Markup('<a href="{}">{}</a>').format(href, mark) if href else mark)
        cursor = span["end"]
    pieces.append(escape(text[cursor:end]))
    return Markup("").join(pieces)


def highlight_spans(text, link, mentions=(), speakers=(), quotes=()):
    """``text`` as HTML, every piece escaped, with mentions, speakers and quotes marked.

    Mentions and speakers are linked by ``link(item)`` (an item with kind
    and entity_id); quotes are ``<mark class="quote">`` with the statement's
    id, so ``#<statement id>`` finds the quote (see arrange_spans for how
    marks that overlap are laid out).

    >>> str(highlight_spans("وی گفت: <b>نه</b>", lambda s: "/p", quotes=[
    ...     {"start": 8, "end": 17, "id": "a-s001", "kind": "direct", "title": "x"}]))
    'وی گفت: <mark class="quote quote-direct" data-statement="a-s001" id="a-s001" title="x">&lt;b&gt;نه&lt;/b&gt;</mark>'
    """
    return _render(text, 0, len(text), arrange_spans(len(text), mentions, speakers, quotes), link, False)


def highlight_mentions(text, mentions, link):
    """``text`` with each mention in ``<mark>``, linked by ``link(mention)``.

    ``mentions`` are dicts with char_start, char_end (0-based, end-exclusive
    offsets into ``text``), kind ('person' or 'organisation') and name.

    >>> str(highlight_mentions("سردار غیب پرور گفت", [
    ...     {"char_start": 6, "char_end": 14, "kind": "person", "name": "غلامحسین غیب‌پرور"}],
    ...     lambda m: "/p"))
    'سردار <a href="/p"><mark class="mention-person" title="غلامحسین غیب‌پرور">غیب پرور</mark></a> گفت'
    """
    return highlight_spans(text, link, mentions=mentions)


_MENTIONS_SQL = """select mentions.paragraph_id, mentions.char_start, mentions.char_end,
  case when mentions.person_id is not null then 'person' else 'organisation' end as kind,
  coalesce(mentions.person_id, mentions.organisation_id) as entity_id,
  coalesce(people.name, organisations.name) as name
from mentions
left join people on people.id = mentions.person_id
left join organisations on organisations.id = mentions.organisation_id
where {where}"""


# The quotes and the words naming speakers of the statements ``where``
# chooses: by article (an article's page), by paragraph (a paragraph's
# text), or one statement.
STATEMENT_MARKS_SQL = """select statements.id, statements.paragraph_id, statements.quote_start, statements.quote_end,
  statements.kind, statements.verb, statements.speaker_paragraph_id, statements.speaker_start, statements.speaker_end,
  statements.person_id, statements.organisation_id,
  coalesce(people.name, organisations.name) as speaker_name
from statements
left join people on people.id = statements.person_id
left join organisations on organisations.id = statements.organisation_id
where {where}
order by statements.article_id, statements.position"""
_STATEMENT_COLUMNS = {"id", "article_id", "paragraph_id", "quote_start", "quote_end", "speaker_paragraph_id",
                      "speaker_start", "speaker_end", "person_id", "organisation_id", "published_date", "position"}


def statement_marks(statements):
    """``({paragraph id: [quote, …]}, {paragraph id: [speaker, …]})`` for highlight_spans, from STATEMENT_MARKS_SQL rows."""
    quotes, speakers = defaultdict(list), defaultdict(list)
    for s in statements:
        title = " · ".join(part for part in (s["speaker_name"], s["verb"]) if part)
        quotes[s["paragraph_id"]].append(
            {"start": s["quote_start"], "end": s["quote_end"], "id": s["id"], "kind": s["kind"], "title": title})
        if s["speaker_paragraph_id"] and s["speaker_start"] is not None:
            kind = "person" if s["person_id"] else "organisation" if s["organisation_id"] else None
            speakers[s["speaker_paragraph_id"]].append({
                "start": s["speaker_start"], "end": s["speaker_end"], "kind": kind,
                "entity_id": s["person_id"] or s["organisation_id"], "name": s["speaker_name"]})
    return quotes, speakers


# What each served database holds, asked once: the site serves databases
# immutable, and a table page asks for every paragraph cell it draws.
_HOLDS = weakref.WeakKeyDictionary()


async def has_statements(db):
    """True if the database has the entity tables and a statements table with the columns the pages read."""
    facts = _HOLDS.setdefault(db, {})
    if "statements" not in facts:
        facts["statements"] = (
            await has_entity_tables(db)
            and await db.table_exists("statements")
            and _STATEMENT_COLUMNS <= set(await db.table_columns("statements"))
        )
    return facts["statements"]


async def has_entity_tables(db):
    """True if the database has the tables mentions are marked from."""
    facts = _HOLDS.setdefault(db, {})
    if "entities" not in facts:
        facts["entities"] = all([await db.table_exists(t) for t in ("mentions", "people", "organisations")])
    return facts["entities"]


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
    """The paragraph text with its mentions, quotes and speakers marked, or None with nothing to mark."""
    db = datasette.get_database(database)
    if not await has_entity_tables(db):
        return None
    try:
        paragraph_id = row["id"]
    except (IndexError, KeyError):
        return None
    params = {"id": paragraph_id}
    with_statements = await has_statements(db)

    def read(conn):
        # One trip to the database's thread for both queries: a table page asks this for every cell.
        mention_rows = conn.execute(_MENTIONS_SQL.format(where="mentions.paragraph_id = :id"), params).fetchall()
        statement_rows = []
        if with_statements:
            where = "statements.paragraph_id = :id or statements.speaker_paragraph_id = :id"
            statement_rows = conn.execute(STATEMENT_MARKS_SQL.format(where=where), params).fetchall()
        return mention_rows, statement_rows

    mention_rows, statement_rows = await db.execute_fn(read)
    mentions = [dict(row) for row in mention_rows]
    quotes, speakers = statement_marks(statement_rows) if with_statements else ({}, {})
    if not (mentions or quotes.get(paragraph_id) or speakers.get(paragraph_id)):
        return None
    return highlight_spans(value, mention_link(datasette, database), mentions=mentions,
                           speakers=speakers.get(paragraph_id, []), quotes=quotes.get(paragraph_id, []))


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if not isinstance(value, str):
        return None
    if table is None and column == "snippet":
        return marked_html(value)
    if table is None and column in ("entities", "speaker"):
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
