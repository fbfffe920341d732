"""Who said what, on the site: a speaker's page, an article's page, a statement's page and search.

Every check here reads a page through Datasette's test client and compares
it with the ``statements`` table itself: the order of a speaker's
statements, the characters a highlight covers (by offset into the
paragraph's text, not by searching for the words), the link on a speaker's
words.  Pages are built from untrusted text, so a quote holding HTML must
come out as text on every page that shows it.
"""

import csv
import io
import re
import shutil
from html import unescape as html_unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_datasette
from plugins.fa_cells import highlight_spans
from plugins.fa_search import fa_fold

DB = "iran_cyberspace"
PERSON = "person-fc40f1b7d1"  # میرهاشم موسوی, who speaks in seed 003 (2022-11-28)
ORGANISATION = "passive-defense-organization"


class Spans(HTMLParser):
    """Every ``<mark>`` and ``<a>`` inside a paragraph's ``<p>``, with its offsets into the paragraph's text.

    ``spans`` holds ``(paragraph id, tag, attributes, start, end)``; offsets
    count the characters of the text as shown (entities unescaped), which is
    the paragraph's stored text when nothing is added to it.
    """

    def __init__(self):
        super().__init__()
        self.paragraph, self.at, self.open, self.spans = None, None, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "paragraph" in (attrs.get("class") or "").split():
            self.paragraph = attrs.get("id")
        elif tag == "p" and self.paragraph:
            self.at = 0
        elif self.at is not None and tag in ("mark", "a"):
            self.open.append((tag, attrs, self.at))

    def handle_endtag(self, tag):
        if tag == "p" and self.at is not None:
            assert not self.open, f"unclosed {self.open} in {self.paragraph}"
            self.at = None
        elif self.at is not None and tag in ("mark", "a"):
            open_tag, attrs, start = self.open.pop()
            assert open_tag == tag, f"</{tag}> closes <{open_tag}> in {self.paragraph}"
            self.spans.append((self.paragraph, tag, attrs, start, self.at))

    def handle_data(self, data):
        if self.at is not None:
            self.at += len(data)


def spans_of(html):
    parser = Spans()
    parser.feed(html)
    return parser.spans


def quote_pieces(spans, statement_id):
    """``(paragraph id, start, end)`` of each piece of a statement's quote, in order."""
    return sorted((p, s, e) for p, tag, attrs, s, e in spans
                  if tag == "mark" and attrs.get("data-statement") == statement_id)


def covered(pieces):
    """The one range of text the pieces cover together, asserting they touch end to end."""
    (paragraph, start, end), rest = pieces[0], pieces[1:]
    for p, s, e in rest:
        assert (p, s) == (paragraph, end), pieces
        end = e
    return paragraph, start, end


class StatementList(HTMLParser):
    """The items of a speaker's list of statements: date, links and quote text."""

    def __init__(self):
        super().__init__()
        self.items, self.in_list, self.in_quote = [], False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ol" and attrs.get("class") == "statement-list":
            self.in_list = True
        elif self.in_list and tag == "li":
            self.items.append({"quote": "", "links": {}})
        elif self.in_list and tag == "time":
            self.items[-1]["date"] = attrs["datetime"]
        elif self.in_list and tag == "a":
            self.items[-1]["links"][attrs["class"]] = attrs["href"]
        elif self.in_list and tag == "blockquote":
            self.in_quote = True

    def handle_endtag(self, tag):
        if tag == "ol":
            self.in_list = False
        elif tag == "blockquote":
            self.in_quote = False

    def handle_data(self, data):
        if self.in_quote:
            self.items[-1]["quote"] += data


def statement_list(html):
    parser = StatementList()
    parser.feed(html)
    return parser.items


@pytest.fixture(scope="module")
def three_years_db(seed_db_path, tmp_path_factory):
    """The seeds, where the person of seed 003 (2022) is also quoted in seed 002 (2024) and seed 004 (2014).

    Returns the database's path and the two statements given to them.
    """
    path = tmp_path_factory.mktemp("statements") / f"{DB}.db"
    shutil.copy(seed_db_path, path)
    db = sqlite_utils.Database(path)
    newer, older = (db.execute("select id from statements where article_id like ? order by position limit 1",
                               [prefix + "%"]).fetchone()[0] for prefix in ("002_", "004_"))
    db.execute("update statements set person_id = ?, organisation_id = null where id in (?, ?)", [PERSON, newer, older])
    db.conn.commit()
    return path, newer, older


def speaker_order(db, column, speaker):
    """A speaker's statement ids, newest first, as the table holds them."""
    return [r[0] for r in db.execute(
        f"select id from statements where {column} = ? order by published_date desc, article_id, position", [speaker])]


@pytest.mark.asyncio
async def test_a_persons_page_lists_their_statements_newest_first(three_years_db):
    path, newer, older = three_years_db
    db = sqlite_utils.Database(path)
    html = (await make_datasette(path).client.get(f"/{DB}/people/{PERSON}")).text
    items = statement_list(html)
    ids = [item["links"]["statement-row"].rsplit("/", 1)[1] for item in items]
    # The 2024 statement first, then the 22 of 2022, then the one of 2014.
    assert ids == speaker_order(db, "person_id", PERSON)
    assert ids[0] == newer and ids[-1] == older and len(ids) == 24
    dates = [item["date"] for item in items]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2024-07-06" and dates[-1] == "2014-08-16"
    # Each gives the words said, as stored, and its article.
    for item, statement_id in zip(items, ids):
        row = db["statements"].get(statement_id)
        assert item["quote"] == row["quote"]
        assert item["links"]["statement-article"] == f"/{DB}/articles/{row['article_id']}"
    # Its kind by its Persian label, its verb, and the count, in Persian digits.
    assert "نقل مستقیم" in html and "نقل غیرمستقیم" in html and ">تأکید کرد<" in html
    assert "گفته‌ها، تازه‌ترین نخست" in html and "(۲۴)" in html


@pytest.mark.asyncio
async def test_each_statement_links_to_its_quote_highlighted_in_the_article(three_years_db):
    path, _, _ = three_years_db
    ds = make_datasette(path)
    db = sqlite_utils.Database(path)
    items = statement_list((await ds.client.get(f"/{DB}/people/{PERSON}")).text)
    pages = {}
    for item in items:
        address = urlsplit(item["links"]["statement-in-article"])
        statement = db["statements"].get(address.fragment)
        assert address.path == f"/{DB}/articles/{statement['article_id']}"
        if address.path not in pages:
            response = await ds.client.get(address.path)
            assert response.status_code == 200
            pages[address.path] = (response.text, spans_of(response.text))
        html, spans = pages[address.path]
        # The fragment names the quote's first mark, and the marks cover exactly the quote.
        assert f'id="{address.fragment}"' in html
        pieces = quote_pieces(spans, address.fragment)
        first = next(attrs for p, tag, attrs, s, e in spans if attrs.get("id") == address.fragment)
        assert "quote" in first["class"].split()
        assert covered(pieces) == (statement["paragraph_id"], statement["quote_start"], statement["quote_end"])


@pytest.mark.asyncio
async def test_every_quote_is_highlighted_exactly_on_its_articles_page(datasette, seed_db):
    statements = list(seed_db.query("select * from statements order by article_id, position"))
    assert len(statements) > 50
    texts = {r["id"]: r["text"] for r in seed_db.query("select id, text from paragraphs")}
    for article_id in sorted({s["article_id"] for s in statements}):
        spans = spans_of((await datasette.client.get(f"/{DB}/articles/{article_id}")).text)
        for s in (s for s in statements if s["article_id"] == article_id):
            paragraph, start, end = covered(quote_pieces(spans, s["id"]))
            assert (paragraph, start, end) == (s["paragraph_id"], s["quote_start"], s["quote_end"]), s["id"]
            assert texts[paragraph][start:end] == s["quote"]


@pytest.mark.asyncio
async def test_the_article_page_links_each_speakers_words_to_their_page(datasette, seed_db):
    speakers = list(seed_db.query(
        "select * from statements where person_id is not null and speaker_start is not null order by id"))
    assert speakers
    for article_id in sorted({s["article_id"] for s in speakers}):
        spans = spans_of((await datasette.client.get(f"/{DB}/articles/{article_id}")).text)
        links = {(p, s, e): attrs["href"] for p, tag, attrs, s, e in spans if tag == "a"}
        marked = {(p, s, e) for p, tag, attrs, s, e in spans if tag == "mark" and "speaker" in attrs.get("class", "").split()}
        for s in (s for s in speakers if s["article_id"] == article_id):
            words = (s["speaker_paragraph_id"], s["speaker_start"], s["speaker_end"])
            assert words in marked, s["id"]
            assert links.get(words) == f"/{DB}/people/{s['person_id']}", s["id"]


@pytest.mark.asyncio
async def test_a_statements_page_shows_its_paragraph_with_the_quote_marked(datasette, seed_db):
    # A statement by «وی»: its speaker is named in the paragraph before.
    s = next(seed_db.query("select * from statements where attribution = 'pronoun' order by id limit 1"))
    html = (await datasette.client.get(f"/{DB}/statements/{s['id']}")).text
    name = seed_db["people"].get(s["person_id"])["name"]
    assert f"<h1>گفتهٔ {name} در خبر" in html
    spans = spans_of(html)
    assert covered(quote_pieces(spans, s["id"])) == (s["paragraph_id"], s["quote_start"], s["quote_end"])
    assert any(tag == "a" and (p, st_, e) == (s["speaker_paragraph_id"], s["speaker_start"], s["speaker_end"])
               for p, tag, attrs, st_, e in spans)
    assert f'href="/{DB}/articles/{s["article_id"]}#{s["id"]}"' in html


@pytest.mark.asyncio
async def test_a_paragraphs_page_marks_its_quotes_and_links_their_speakers(datasette, seed_db):
    s = next(seed_db.query(
        "select * from statements where person_id is not null and speaker_paragraph_id = paragraph_id order by id limit 1"))
    html = (await datasette.client.get(f"/{DB}/paragraphs/{s['paragraph_id']}")).text
    cell = re.search(r'<td class="col-text[^"]*"[^>]*>(.*?)</td>', html, re.S).group(1)
    spans = spans_of(f'<div class="paragraph" id="p"><p>{cell}</p></div>')
    assert covered(quote_pieces(spans, s["id"])) == ("p", s["quote_start"], s["quote_end"])
    assert any(tag == "a" and attrs["href"] == f"/{DB}/people/{s['person_id']}" and (a, b) == (s["speaker_start"], s["speaker_end"])
               for _, tag, attrs, a, b in spans)


INJECTED = '<img src=x onerror=alert(1)> & "<b>'


@pytest.fixture
def db_with_markup_in_a_quote(seed_db_path, tmp_path):
    """A copy of the seeds where one of PERSON's quotes ends with HTML, offsets after it shifted."""
    path = tmp_path / f"{DB}.db"
    shutil.copy(seed_db_path, path)
    db = sqlite_utils.Database(path)
    s = next(db.query("select * from statements where person_id = ? order by id limit 1", [PERSON]))
    text = db["paragraphs"].get(s["paragraph_id"])["text"]
    at, n = s["quote_end"], len(INJECTED)
    db["paragraphs"].update(s["paragraph_id"], {"text": text[:at] + INJECTED + text[at:]})
    shifts = [("mentions", "paragraph_id", "char"), ("statements", "paragraph_id", "quote"),
              ("statements", "speaker_paragraph_id", "speaker"), ("statements", "verb_paragraph_id", "verb")]
    for table, paragraph, prefix in shifts:
        start, end = ("char_start", "char_end") if prefix == "char" else (f"{prefix}_start", f"{prefix}_end")
        db.execute(f"update {table} set {start} = {start} + ?, {end} = {end} + ? where {paragraph} = ? and {start} >= ?",
                   [n, n, s["paragraph_id"], at])
    db["statements"].update(s["id"], {"quote": s["quote"] + INJECTED, "quote_end": at + n})
    db.conn.commit()
    return path, s


@pytest.mark.asyncio
async def test_html_in_a_quote_is_shown_as_text_on_every_page(db_with_markup_in_a_quote):
    path, s = db_with_markup_in_a_quote
    ds = make_datasette(path)
    for page in (f"people/{PERSON}", f"articles/{s['article_id']}", f"statements/{s['id']}"):
        html = (await ds.client.get(f"/{DB}/{page}")).text
        assert "<img" not in html and "<b>" not in html, page
        assert "&lt;img src=x onerror=alert(1)&gt; &amp; " in html, page
    # The highlight still covers the whole quote, markup included.
    html = (await ds.client.get(f"/{DB}/articles/{s['article_id']}")).text
    assert covered(quote_pieces(spans_of(html), s["id"])) == (s["paragraph_id"], s["quote_start"], s["quote_end"] + len(INJECTED))


def check_markup(html, text, quotes):
    """``html`` is well formed, has no link inside a link, shows ``text`` exactly, and marks each quote exactly."""
    wrapped = f'<div class="paragraph" id="p"><p>{html}</p></div>'
    spans = spans_of(wrapped)  # asserts each end tag closes its own start tag
    links = [(s, e) for _, tag, _, s, e in spans if tag == "a"]
    assert not any(i != j and b[0] <= a[0] and a[1] <= b[1]
                   for i, a in enumerate(links) for j, b in enumerate(links)), links
    assert html_unescape(re.sub("<[^>]+>", "", html)) == text
    for q in quotes:
        assert covered(quote_pieces(spans, q["id"])) == ("p", q["start"], q["end"])


def test_a_quote_crossing_a_name_or_another_quote_is_cut_into_pieces():
    text = "رئیس سازمان بسیج گفت: امنیت سازمان بسیج مهم است"
    body = {"char_start": 5, "char_end": 16, "kind": "organisation", "name": "سازمان بسیج", "entity_id": "basij"}
    later = {"char_start": 28, "char_end": 39, "kind": "organisation", "name": "سازمان بسیج", "entity_id": "basij"}
    speaker = {"start": 0, "end": 16, "kind": "person", "name": "غیب‌پرور", "entity_id": "p1"}
    # One quote ends inside the second mention, another starts inside it.
    first = {"id": "s1", "start": 22, "end": 34, "kind": "direct"}
    second = {"id": "s2", "start": 30, "end": 47, "kind": "indirect"}
    html = str(highlight_spans(text, lambda x: "/" + x["entity_id"], [body, later], [speaker], [first, second]))
    check_markup(html, text, [first, second])
    # The speaker's words link to the speaker; the body inside them is marked, not linked.
    assert html.startswith('<a href="/p1"><mark class="speaker speaker-person"')
    assert html.count('href="/basij"') == 1


def test_a_speakers_words_that_are_a_mention_mark_that_mention_as_the_speaker():
    text = "غیب‌پرور گفت: بسیج آماده است"
    mention = {"char_start": 0, "char_end": 8, "kind": "person", "name": "غلامحسین غیب‌پرور", "entity_id": "p1"}
    speaker = {"start": 0, "end": 8, "kind": "person", "name": "غلامحسین غیب‌پرور", "entity_id": "p1"}
    quote = {"id": "s1", "start": 14, "end": 28, "kind": "direct"}
    html = str(highlight_spans(text, lambda x: "/" + x["entity_id"], [mention], [speaker], [quote]))
    assert html.startswith('<a href="/p1"><mark class="mention-person speaker" title="غلامحسین غیب‌پرور">غیب‌پرور</mark></a>')
    check_markup(html, text, [quote])


def _span_lists(text_length):
    edge = st.integers(min_value=0, max_value=text_length)
    pair = st.tuples(edge, edge).map(sorted)
    mention = pair.map(lambda p: {"char_start": p[0], "char_end": p[1], "kind": "person", "name": "<n>", "entity_id": "m"})
    speaker = pair.map(lambda p: {"start": p[0], "end": p[1], "kind": "person", "name": '"s"', "entity_id": "s"})
    quote = pair.map(lambda p: {"start": p[0], "end": p[1], "kind": "direct"})
    return st.tuples(st.lists(mention, max_size=5), st.lists(speaker, max_size=3), st.lists(quote, max_size=5))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ابپ <>&\"'\u200c", min_size=1, max_size=40).flatmap(
    lambda text: st.tuples(st.just(text), _span_lists(len(text)))))
def test_marks_of_any_overlap_are_well_formed_and_keep_every_quote_whole(case):
    text, (mentions, speakers, quotes) = case
    quotes = [dict(q, id=f"s{i}") for i, q in enumerate(quotes)]
    html = str(highlight_spans(text, lambda x: "/" + x["entity_id"], mentions, speakers, quotes))
    check_markup(html, text, [q for q in quotes if q["start"] < q["end"]])


@pytest.mark.asyncio
async def test_an_organisations_page_lists_its_statements(seed_db_path, tmp_path):
    path = tmp_path / f"{DB}.db"
    shutil.copy(seed_db_path, path)
    db = sqlite_utils.Database(path)
    given_ids = [r[0] for r in db.execute("select id from statements where article_id like '004_%' order by position limit 2")]
    db.execute("update statements set organisation_id = ?, person_id = null where id in (?, ?)", [ORGANISATION, *given_ids])
    db.conn.commit()
    ds = make_datasette(path)
    html = (await ds.client.get(f"/{DB}/organisations/{ORGANISATION}")).text
    items = statement_list(html)
    assert [item["links"]["statement-row"].rsplit("/", 1)[1] for item in items] == speaker_order(db, "organisation_id", ORGANISATION)
    assert len(items) == 2
    link = re.search(r'<p class="statements-all"><a href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {"organisation_id": [ORGANISATION], "_sort_desc": ["published_date"]}
    # The speaker's words in the article link to the body.
    s = db["statements"].get(given_ids[0])
    if s["speaker_start"] is not None:
        spans = spans_of((await ds.client.get(f"/{DB}/articles/{s['article_id']}")).text)
        words = (s["speaker_paragraph_id"], s["speaker_start"], s["speaker_end"])
        assert any(tag == "a" and attrs["href"] == f"/{DB}/organisations/{ORGANISATION}" and (p, a, b) == words
                   for p, tag, attrs, a, b in spans)


def row_pages_plugin():
    from datasette.plugins import pm

    return pm.get_plugin("row_pages.py")


@pytest.mark.asyncio
async def test_a_long_list_of_statements_is_cut_with_a_link_to_the_filtered_table(seed_db_path, seed_db, monkeypatch):
    ds = make_datasette(seed_db_path)
    monkeypatch.setattr(row_pages_plugin(), "MAX_STATEMENTS", 3)
    html = (await ds.client.get(f"/{DB}/people/{PERSON}?_lang=en")).text
    assert len(statement_list(html)) == 3
    total = seed_db.execute("select count(*) from statements where person_id = ?", [PERSON]).fetchone()[0]
    link = re.search(r'<a href="([^"]+)">Only the newest 3 of ([\d,]+) statements', html)
    assert link and int(link.group(2)) == total
    address = urlsplit(link.group(1).replace("&amp;", "&"))
    assert address.path == f"/{DB}/statements"
    assert parse_qs(address.query) == {"person_id": [PERSON], "_sort_desc": ["published_date"]}
    rows = (await ds.client.get(f"{address.path}.json?{address.query}&_shape=array&_size=max")).json()
    assert len(rows) == total and {r["person_id"] for r in rows} == {PERSON}
    assert [r["published_date"] for r in rows] == sorted((r["published_date"] for r in rows), reverse=True)
    # The page shows Persian when asked for nothing else.
    assert "تنها ۳ گفتهٔ تازه از" in (await ds.client.get(f"/{DB}/people/{PERSON}")).text


async def found_statements(datasette, q):
    response = await datasette.client.get(f"/{DB}/search_statements.json", params={"q": q, "_shape": "array"})
    assert response.status_code == 200, response.text
    return [r["statement_id"] for r in response.json()]


@pytest.mark.asyncio
@pytest.mark.parametrize("spellings", [
    ("کشور", "كشور"),  # Persian ک, Arabic ك
    ("تأمین‌اجتماعی", "تامین اجتماعی", "تامیناجتماعی", "تامين اجتماعي"),  # hamza, ZWNJ, glued, Arabic ي
    ("می‌کنند", "میکنند", "می کنند"),  # ZWNJ, missing or a space
])
async def test_statement_search_finds_a_quote_however_it_is_spelled(datasette, seed_db, spellings):
    # The same statements (ranked a little differently: each spelling is its own query).
    results = [sorted(await found_statements(datasette, s)) for s in spellings]
    assert results[0] and all(r == results[0] for r in results), spellings
    # Each holds the words, as the index folds them.
    words = fa_fold(spellings[0]).split()
    for statement_id in results[0]:
        folded = seed_db["statements"].get(statement_id)["quote_folded"]
        assert all(word in folded for word in words), (statement_id, words)


@pytest.mark.asyncio
async def test_a_statement_hit_shows_the_quote_marked_its_speaker_and_its_article(datasette, seed_db):
    response = await datasette.client.get(f"/{DB}/search_statements", params={"q": "تامیناجتماعی"})
    html = response.text
    assert response.status_code == 200 and '<html lang="fa" dir="rtl">' in html
    quotes = re.findall(r'<td class="col-quote"[^>]*>(.*?)</td>', html, re.S)
    assert quotes and all("<mark>" in q for q in quotes)
    rows = await found_statements(datasette, "تامیناجتماعی")
    speakers = {r["person_id"] for r in seed_db.query(
        f"select person_id from statements where id in ({', '.join('?' * len(rows))})", rows)} - {None}
    assert speakers and all(f'href="/{DB}/people/{p}"' in html for p in speakers)
    assert f'href="/{DB}/statements/{rows[0]}"' in html
    article = seed_db["statements"].get(rows[0])["article_id"]
    assert f'href="/{DB}/articles/{article}"' in html
    # Each search page offers the other with the same words.
    assert f'href="/{DB}/search?q=%D8%AA%D8%A7%D9%85%DB%8C%D9%86%D8%A7%D8%AC%D8%AA%D9%85%D8%A7%D8%B9%DB%8C"' in html
    paragraphs = (await datasette.client.get(f"/{DB}/search", params={"q": "تامیناجتماعی"})).text
    assert f'href="/{DB}/search_statements?q=' in paragraphs
    # A plain search of the statements table goes to this page.
    redirect = await datasette.client.get(f"/{DB}/statements", params={"_search": "تامیناجتماعی"})
    assert redirect.status_code == 302 and redirect.headers["location"].startswith(f"/{DB}/search_statements?q=")


@pytest.mark.asyncio
@pytest.mark.parametrize("q", ["", '"', "NEAR(", "x" * 10_000, "<b>x</b>"])
async def test_statement_search_survives_hostile_queries(datasette, q):
    for suffix in ("", ".json", ".csv"):
        response = await datasette.client.get(f"/{DB}/search_statements{suffix}", params={"q": q})
        assert response.status_code == 200, response.text
        assert "<b>x</b>" not in response.text or suffix != ""


@pytest.mark.asyncio
async def test_the_statements_table_is_faceted_by_speaker_kind_and_verb(datasette, seed_db):
    html = (await datasette.client.get(f"/{DB}/statements")).text
    for column in ("person_id", "organisation_id", "kind", "verb", "attribution"):
        assert f'id="facet-{column}"' in html, column
    # A speaker by name, with their count in Persian digits; a kind by its label.
    n = seed_db.execute("select count(*) from statements where person_id = ?", [PERSON]).fetchone()[0]
    facet = html[html.index('id="facet-person_id"'):]
    persian = f"{n:,}".replace(",", "٬").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f'میرهاشم موسوی</bdi></a> <bdi class="facet-count">{persian}</bdi>' in facet
    assert "نقل مستقیم" in html[html.index('id="facet-kind"'):]
    facets = (await datasette.client.get(f"/{DB}/statements.json?_facet=verb&_size=0")).json()["facet_results"]
    verbs = {r["value"]: r["count"] for r in facets["verb"]["results"]}
    assert verbs["گفت"] == seed_db.execute("select count(*) from statements where verb = 'گفت'").fetchone()[0]


@pytest.mark.asyncio
async def test_a_speakers_statements_download_as_csv_excel_and_json(datasette, seed_db):
    expected = speaker_order(seed_db, "person_id", PERSON)
    query = f"person_id={PERSON}&_sort_desc=published_date"
    plain = list(csv.DictReader(io.StringIO((await datasette.client.get(f"/{DB}/statements.csv?{query}")).text)))
    excel = (await datasette.client.get(f"/{DB}/statements.excel?{query}")).content
    assert excel.startswith(b"\xef\xbb\xbf")
    excel_rows = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig"))))
    rows = (await datasette.client.get(f"/{DB}/statements.json?{query}&_shape=array&_size=max")).json()
    quotes = {r["id"]: r["quote"] for r in seed_db.query("select id, quote from statements")}
    for got in (plain, excel_rows, rows):
        assert sorted(r["id"] for r in got) == sorted(expected)
        assert all(r["quote"] == quotes[r["id"]] for r in got)
    package = (await datasette.client.get("/-/datapackage.json")).json()
    resource = next(r for r in package["resources"] if r["name"] == "statements")
    references = {(k["fields"][0], k["reference"]["resource"]) for k in resource["schema"]["foreignKeys"]}
    assert {("person_id", "people"), ("organisation_id", "organisations"), ("paragraph_id", "paragraphs")} <= references


@pytest.mark.parametrize("column", ["person_id", "organisation_id"])
def test_a_speakers_newest_statements_are_read_from_the_index_in_date_order(seed_db_path, column):
    # A body quoted thousands of times: the page reads its newest 50 from
    # the (…_id, published_date) index, sorting only statements of one date.
    make_datasette(seed_db_path)  # loads the plugins
    plan = sqlite_utils.Database(seed_db_path).execute(
        "explain query plan " + row_pages_plugin()._SPEAKER_STATEMENTS_SQL.format(column=column, limit=51), {"id": "x"}).fetchall()
    details = [row[-1] for row in plan]
    assert any(f"idx_statements_{column}_published_date ({column}=?)" in d for d in details), details
    assert not any(d == "USE TEMP B-TREE FOR ORDER BY" for d in details), details
