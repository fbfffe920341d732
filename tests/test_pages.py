"""The ranked search page and how Persian cells are shown."""

import json
import re
import shutil
from html import unescape as html_unescape
from html.parser import HTMLParser

import pytest
import sqlite_utils

from build.fold import fold
from conftest import make_datasette
from plugins.fa_cells import highlight_mentions

DB = "iran_cyberspace"


async def ranked(datasette, q):
    response = await datasette.client.get(f"/{DB}/search.json", params={"q": q, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


async def marked_snippets(datasette, q):
    """The snippet cells of the search page, as HTML, best match first."""
    response = await datasette.client.get(f"/{DB}/search", params={"q": q})
    assert response.status_code == 200, response.text
    return [html_unescape(cell) if "<mark>" not in cell else cell
            for cell in re.findall(r'<td class="col-snippet"[^>]*>(.*?)</td>', response.text, re.S)]


@pytest.mark.asyncio
async def test_search_page_ranks_paragraphs_best_first(datasette):
    rows = await ranked(datasette, "پدافند غیرعامل")
    assert len(rows) >= 3
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]


@pytest.mark.asyncio
@pytest.mark.parametrize("spellings", [("تأمین‌اجتماعی", "تامین\u200cاجتماعی", "تأمیناجتماعی"), ("مؤسسه", "موسسه")])
async def test_search_page_ignores_spelling(datasette, spellings):
    results = [[r["paragraph_id"] for r in await ranked(datasette, s)] for s in spellings]
    assert results[0] and all(r == results[0] for r in results)


@pytest.mark.asyncio
async def test_snippets_mark_the_match_in_the_text_as_written(datasette, seed_db):
    # The reader types «تامین», seed 003 writes «تأمین‌اجتماعی»: the mark is on «تأمین».
    # The page marks the matches; JSON (and CSV) hold the snippet as plain text.
    rows = await ranked(datasette, "تامین")
    cells = await marked_snippets(datasette, "تامین")
    assert rows and len(cells) == len(rows)
    for row, cell in zip(rows, cells):
        assert "<mark>" not in row["snippet"]
        assert row["snippet"].strip("…") in seed_db["paragraphs"].get(row["paragraph_id"])["text"]
        marked = re.findall(r"<mark>(.*?)</mark>", cell)
        assert marked and all(fold(m) == "تامین" for m in marked)
        assert html_unescape(cell.replace("<mark>", "").replace("</mark>", "")) == row["snippet"]


@pytest.mark.asyncio
async def test_search_page_html_links_paragraph_and_article(datasette):
    response = await datasette.client.get(f"/{DB}/search", params={"q": "کارگروه"})
    assert response.status_code == 200
    assert "<mark>کارگروه</mark>" in response.text
    assert f'href="/{DB}/paragraphs/004_2b53f3ad2ca6390f-' in response.text
    assert f'href="/{DB}/articles/004_2b53f3ad2ca6390f"' in response.text


@pytest.mark.asyncio
async def test_markup_in_the_text_is_never_rendered(datasette):
    response = await datasette.client.get(
        f"/{DB}", params={"sql": "select '<script>x</script><mark>y</mark>' as snippet"}
    )
    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;" in response.text and "<mark>y</mark>" in response.text


@pytest.mark.asyncio
@pytest.mark.parametrize("q", ["", '"', "*", "NEAR(", ")))", "x" * 10_000, "تأمین " * 400])
async def test_search_page_survives_hostile_queries(datasette, q):
    for suffix in ("", ".json"):
        response = await datasette.client.get(f"/{DB}/search{suffix}", params={"q": q})
        assert response.status_code == 200, response.text


class _Marks(HTMLParser):
    """The text inside each ``<mark class="mention-…">`` (or of another ``prefix``), nested ones included."""

    def __init__(self, prefix="mention-"):
        super().__init__()
        self.prefix, self.open, self.marks = prefix, [], []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":  # every mark, so that each end tag closes its own
            self.open.append([dict(attrs).get("class") or "", ""])

    def handle_endtag(self, tag):
        if tag == "mark" and self.open:
            css_class, text = self.open.pop()
            if self.prefix in css_class:
                self.marks.append((css_class, text))

    def handle_data(self, data):
        for entry in self.open:
            entry[1] += data


def marks_in(html, prefix="mention-"):
    parser = _Marks(prefix)
    parser.feed(html)
    return parser.marks


@pytest.mark.asyncio
async def test_search_page_lists_mentioned_entities(datasette, seed_db_path):
    db = sqlite_utils.Database(seed_db_path)
    person_id, name = db.execute("select id, name from people order by n_mentions desc limit 1").fetchone()
    surface = db.execute("select surface from mentions where person_id = ? limit 1", [person_id]).fetchone()[0]
    rows = await ranked(datasette, surface)
    assert rows
    for row in rows:
        listed = {(table, pk) for table, pk, _ in json.loads(row["entities"])}
        expected = {("people", r[0]) for r in db.execute(
            "select distinct person_id from mentions where paragraph_id = ? and person_id is not null", [row["paragraph_id"]])}
        expected |= {("organisations", r[0]) for r in db.execute(
            "select distinct organisation_id from mentions where paragraph_id = ? and organisation_id is not null",
            [row["paragraph_id"]])}
        assert listed == expected
    html = (await datasette.client.get(f"/{DB}/search", params={"q": surface})).text
    assert f'href="/{DB}/people/{person_id}"' in html


@pytest.mark.asyncio
async def test_row_page_highlights_mentions(datasette, seed_db_path):
    db = sqlite_utils.Database(seed_db_path)
    paragraph_id = "003_67594997d190f86c-004"
    mentions = list(db.query("select * from mentions where paragraph_id = ?", [paragraph_id]))
    assert any(m["person_id"] for m in mentions) and any(m["organisation_id"] for m in mentions)
    html = (await datasette.client.get(f"/{DB}/paragraphs/{paragraph_id}")).text
    marked = marks_in(html)
    assert sorted(text for _, text in marked) == sorted(m["surface"] for m in mentions)
    person = next(m for m in mentions if m["person_id"])
    assert any("mention-person" in css.split() and text == person["surface"] for css, text in marked)


def test_a_mention_inside_another_is_marked_inside_it():
    # A title naming a body: the person's mention holds the organisation's.
    text = "مدیرعامل سازمان تأمین‌اجتماعی گفت"
    person = {"char_start": 0, "char_end": 29, "kind": "person", "name": "میرهاشم موسوی", "id": "p"}
    body = {"char_start": 9, "char_end": 29, "kind": "organisation", "name": "سازمان تأمین اجتماعی", "id": "o"}
    html = str(highlight_mentions(text, [body, person], lambda m: "/" + m["id"]))
    assert marks_in(html) == [("mention-organisation", "سازمان تأمین‌اجتماعی"),
                              ("mention-person", "مدیرعامل سازمان تأمین‌اجتماعی")]
    assert html.count("<a ") == 1 and 'href="/o"' in html  # links never nest
    assert re.sub("<[^>]+>", "", html) == text


def test_mentions_that_cross_are_not_marked_twice():
    text = "سازمان پدافند غیرعامل کشور"
    a = {"char_start": 0, "char_end": 21, "kind": "organisation", "name": "a", "id": "a"}
    b = {"char_start": 7, "char_end": 26, "kind": "organisation", "name": "b", "id": "b"}
    html = str(highlight_mentions(text, [a, b], lambda m: "/" + m["id"]))
    assert marks_in(html) == [("mention-organisation", "سازمان پدافند غیرعامل")]
    assert re.sub("<[^>]+>", "", html) == text


@pytest.fixture
def db_without_entity_tables(seed_db_path, tmp_path):
    """A copy of the seed database without mentions and roles."""
    path = tmp_path / "iran_cyberspace.db"
    shutil.copy(seed_db_path, path)
    db = sqlite_utils.Database(path)
    for table in ("mentions", "roles"):
        if table in db.table_names():
            db[table].drop()
    return path


@pytest.mark.asyncio
async def test_row_page_without_entity_tables_shows_plain_text(db_without_entity_tables):
    ds = make_datasette(db_without_entity_tables)
    response = await ds.client.get(f"/{DB}/paragraphs/003_67594997d190f86c-004")
    assert response.status_code == 200 and "<mark" not in response.text
    assert (await ds.client.get(f"/{DB}/search", params={"q": "نجات"})).status_code == 200


@pytest.mark.asyncio
async def test_words_of_the_query_side_by_side_are_one_mark(datasette):
    # «سازمان پدافند غیرعامل کشور»: the reader sees one highlighted phrase.
    marks = [m for cell in await marked_snippets(datasette, "پدافند غیرعامل") for m in re.findall(r"<mark>(.*?)</mark>", cell)]
    assert "پدافند غیرعامل" in marks
    assert all(fold(m) in ("پدافند", "غیرعامل", "پدافند غیرعامل") for m in marks)


@pytest.mark.asyncio
async def test_an_article_without_a_headline_is_named_by_its_id(datasette, seed_db_path):
    # Seed 003 has no headline: its title is NULL, and links to it, in
    # cells and in facets, show its id rather than the word "None".
    untitled = [r["id"] for r in sqlite_utils.Database(seed_db_path).query("select id from articles where title is null")]
    assert untitled
    for page in ("mentions", "paragraphs?_facet=article_id", "roles"):
        response = await datasette.client.get(f"/{DB}/{page}", params={"_size": "max"})
        assert response.status_code == 200
        assert ">None<" not in response.text and "None <em>" not in response.text, page
        assert f">{untitled[0]}</a>" in response.text, page


def article_section(html):
    """The article's text section of an article's page."""
    start = html.index('<section class="article-text"')
    return html[start : html.index("</section>", start)]


def paragraph_texts(section):
    """Each paragraph's text as shown, in page order, with the markup taken out."""
    return [html_unescape(re.sub("<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", section, re.S)]


@pytest.mark.asyncio
async def test_an_articles_page_shows_its_paragraphs_in_order_with_mentions(datasette, seed_db_path):
    db = sqlite_utils.Database(seed_db_path)
    article_id = "003_67594997d190f86c"
    paragraphs = list(db.query("select id, text from paragraphs where article_id = ? order by position", [article_id]))
    html = (await datasette.client.get(f"/{DB}/articles/{article_id}")).text
    section = article_section(html)
    assert paragraph_texts(section) == [p["text"] for p in paragraphs]
    for p in paragraphs:
        assert f'href="/{DB}/paragraphs/{p["id"]}"' in section
    mentions = list(db.query("select surface from mentions where article_id = ?", [article_id]))
    assert sorted(text for _, text in marks_in(section)) == sorted(m["surface"] for m in mentions)


@pytest.mark.asyncio
async def test_an_articles_page_without_entity_tables_shows_plain_text(db_without_entity_tables):
    db = sqlite_utils.Database(db_without_entity_tables)
    response = await make_datasette(db_without_entity_tables).client.get(f"/{DB}/articles/001_306a7383131c10d2")
    assert response.status_code == 200
    section = article_section(response.text)
    assert "<mark" not in section
    assert len(paragraph_texts(section)) == db["articles"].get("001_306a7383131c10d2")["n_paragraphs"]


@pytest.mark.asyncio
async def test_other_row_pages_have_no_article_section(datasette):
    response = await datasette.client.get(f"/{DB}/paragraphs/001_306a7383131c10d2-001")
    assert response.status_code == 200 and 'class="article-text"' not in response.text


def row_pages_plugin():
    """The row_pages plugin module as Datasette loaded it (once a Datasette has been made)."""
    from datasette.plugins import pm

    return pm.get_plugin("row_pages.py")


def entity_section(html):
    start = html.index('<section class="article-text entity-paragraphs"')
    return html[start : html.index("</section>", start)]


@pytest.mark.asyncio
async def test_a_persons_page_lists_their_roles_and_the_paragraphs_that_name_them(datasette, seed_db_path):
    db = sqlite_utils.Database(seed_db_path)
    person_id = "person-fc40f1b7d1"  # میرهاشم موسوی, seed 003
    html = (await datasette.client.get(f"/{DB}/people/{person_id}")).text
    roles = {r["role"] for r in db.query("select distinct role from roles where person_id = ?", [person_id])}
    assert roles and all(f">{role}</td>" in html for role in roles)
    section = entity_section(html)
    paragraph_ids = [r["paragraph_id"] for r in db.query(
        "select distinct paragraph_id from mentions where person_id = ? order by paragraph_id", [person_id])]
    assert re.findall(r'class="paragraph-link" href="[^"]*" title="([^"]+)"', section) == paragraph_ids
    # Only this person's mentions are marked.
    surfaces = [r["surface"] for r in db.query("select surface from mentions where person_id = ?", [person_id])]
    assert sorted(text for _, text in marks_in(section)) == sorted(surfaces)
    assert {kind for kind, _ in marks_in(section)} == {"mention-person"}


@pytest.mark.asyncio
async def test_an_organisations_page_lists_the_people_whose_roles_belong_to_it(datasette, seed_db_path):
    db = sqlite_utils.Database(seed_db_path)
    org_id = "passive-defense-organization"
    html = (await datasette.client.get(f"/{DB}/organisations/{org_id}")).text
    people = {r["name"] for r in db.query(
        "select people.name from roles join people on people.id = roles.person_id where roles.organisation_id = ?", [org_id])}
    assert people and all(f">{name}</a>" in html for name in people)
    section = entity_section(html)
    n_paragraphs = db.execute("select count(distinct paragraph_id) from mentions where organisation_id = ?", [org_id]).fetchone()[0]
    assert section.count('class="paragraph-link"') == n_paragraphs


@pytest.mark.asyncio
async def test_a_long_list_of_paragraphs_is_cut_with_a_link_to_every_mention(seed_db_path, monkeypatch):
    ds = make_datasette(seed_db_path)  # its own response cache
    monkeypatch.setattr(row_pages_plugin(), "MAX_PARAGRAPHS", 2)
    person_id = "person-fc40f1b7d1"
    html = (await ds.client.get(f"/{DB}/people/{person_id}?_lang=en")).text
    section = entity_section(html)
    assert section.count('class="paragraph-link"') == 2
    link = re.search(r'<a href="([^"]+)">Only the first 2 paragraphs', section).group(1)
    path, query = html_unescape(link).split("?")
    response = await ds.client.get(f"{path}.json?{query}&_shape=array")
    n_mentions = sqlite_utils.Database(seed_db_path)["people"].get(person_id)["n_mentions"]
    assert response.status_code == 200 and len(response.json()) == n_mentions


@pytest.mark.asyncio
async def test_a_long_list_of_roles_keeps_those_stated_most_often(seed_db_path, monkeypatch):
    ds = make_datasette(seed_db_path)
    monkeypatch.setattr(row_pages_plugin(), "MAX_ROLES", 1)
    html = (await ds.client.get(f"/{DB}/people/person-fc40f1b7d1?_lang=en")).text
    roles = re.findall(r'<td class="col-role"[^>]*>([^<]+)</td>', html)
    counts = list(sqlite_utils.Database(seed_db_path).query(
        "select role, count(*) as n from roles where person_id = 'person-fc40f1b7d1' group by role order by n desc"))
    assert len(counts) > 1 and counts[0]["n"] > counts[1]["n"]
    assert roles == [counts[0]["role"]]
    assert "The 1 roles stated most often are shown." in html


@pytest.mark.parametrize("column", ["person_id", "organisation_id"])
def test_a_persons_or_organisations_page_reads_indexes_not_every_mention(seed_db_path, column):
    # At 10,000 articles the largest organisation has 35,711 mentions and
    # 10,941 roles: its page must not read them all from the tables.
    make_datasette(seed_db_path)  # loads the plugins
    plugin = row_pages_plugin()
    db = sqlite_utils.Database(seed_db_path)
    roles = db.execute("explain query plan " + plugin._ROLES_SQL.format(column=column, limit=51), {"id": "x"}).fetchall()
    assert any("COVERING INDEX" in row[-1] and f"({column}=?)" in row[-1] for row in roles), roles
    paragraphs = db.execute(
        "explain query plan " + plugin._NAMING_PARAGRAPHS_SQL.format(column=column, limit=51), {"id": "x"}).fetchall()
    assert any(f"({column}=? AND article_id=?)" in row[-1] for row in paragraphs), paragraphs


@pytest.mark.asyncio
async def test_a_table_called_articles_in_another_database_still_has_its_page(tmp_path):
    path = tmp_path / "other.db"
    other = sqlite_utils.Database(path)
    other["articles"].insert({"id": "a1", "title": "x"}, pk="id")
    other["people"].insert({"id": "p1", "name": "y"}, pk="id")
    ds = make_datasette(path)
    for page in ("articles/a1", "people/p1"):
        response = await ds.client.get(f"/other/{page}")
        assert response.status_code == 200, page
        assert 'class="article-text' not in response.text
