"""The site in Persian first: interface text, labels, row names, metadata, exports.

Each test reads the pages through Datasette's test client and checks what a
reader sees against the database itself (counts, names, stored codes), so
nothing here repeats a page's output from memory.
"""

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
import sqlite_utils
import yaml

from conftest import ROOT, make_datasette, needs_dashboards

DB = "iran_cyberspace"
DATA = ROOT / "data"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


def fa_number(n, grouping=True):
    text = f"{n:,}" if grouping else str(n)
    return text.replace(",", "٬").translate(str.maketrans("0123456789", PERSIAN_DIGITS))


def title_of(html):
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()


def h1_of(html):
    return unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))).strip()


def test_every_interface_string_has_both_languages_and_every_key_used_exists():
    strings = yaml.safe_load((DATA / "i18n.yaml").read_text(encoding="utf-8"))
    assert all(set(entry) == {"fa", "en"} and entry["fa"] and entry["en"] for entry in strings.values())
    used = set()
    for template in (ROOT / "templates").glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*['"]([a-z_]+)['"]""", template.read_text(encoding="utf-8")))
    for plugin in (ROOT / "plugins").glob("*.py"):
        used |= set(re.findall(r"""translate\(\s*['"]([a-z_]+)['"]""", plugin.read_text(encoding="utf-8")))
    assert used and used <= set(strings), used - set(strings)


def test_labels_name_every_code_the_database_stores(seed_db):
    labels = yaml.safe_load((DATA / "labels.yaml").read_text(encoding="utf-8"))
    for key, codes in labels["values"].items():
        if "." not in key:
            continue
        table, column = key.split(".")
        if table not in seed_db.table_names() or column not in seed_db[table].columns_dict:
            continue
        stored = {r[0] for r in seed_db.execute(f"select distinct [{column}] from [{table}] where [{column}] is not null")}
        assert stored <= set(codes), (key, stored - set(codes))


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/", f"/{DB}", f"/{DB}/articles", f"/{DB}/paragraphs/001_306a7383131c10d2-003",
                                  f"/{DB}/search?q=کارگروه", f"/{DB}/mentions_of_person", "/-/downloads",
                                  pytest.param("/-/dashboards/cyberspace-news", marks=needs_dashboards), "/no-such-page"])
async def test_every_page_is_persian_with_the_licence_and_the_other_language(datasette, path):
    response = await datasette.client.get(path)
    assert response.status_code == (404 if path == "/no-such-page" else 200)
    html = response.text
    assert '<html lang="fa" dir="rtl">' in html
    assert "/static/site.css" in html
    assert 'class="licence"' in html and "CC BY 4.0" in html and "ناشران" in html  # the texts' copyright
    assert 'class="source"' in html and 'class="about"' in html
    assert ">English</a>" in html
    for english in ("Powered by", "This data as", "Links from other tables", "Custom SQL query", ">home<"):
        assert english not in html, english
    english = (await datasette.client.get(path + ("&" if "?" in path else "?") + "_lang=en")).text
    assert '<html lang="en" dir="ltr">' in english and "Licence" in english and "Powered by" in english


@pytest.mark.asyncio
async def test_the_language_switch_remembers_the_choice(datasette):
    response = await datasette.client.get("/-/lang?to=en&next=/iran_cyberspace/articles")
    assert response.status_code == 302 and response.headers["location"] == "/iran_cyberspace/articles"
    assert "lang=en" in response.headers["set-cookie"]
    page = await datasette.client.get("/iran_cyberspace/articles", cookies={"lang": "en"})
    assert '<html lang="en" dir="ltr">' in page.text
    away = await datasette.client.get("/-/lang?to=en&next=//evil.example/")
    assert away.headers["location"] == "/"


@pytest.mark.asyncio
async def test_the_404_page_is_styled_and_persian(datasette):
    response = await datasette.client.get(f"/{DB}/articles/no-such-article")
    assert response.status_code == 404
    assert "این صفحه پیدا نشد" in response.text and "/static/site.css" in response.text
    assert f'action="/{DB}/search"' in response.text
    assert (await datasette.client.get("/no-such-page.json")).json()["status"] == 404


@pytest.mark.asyncio
async def test_stored_codes_are_shown_by_their_labels_and_kept_in_json(datasette, seed_db):
    labels = yaml.safe_load((DATA / "labels.yaml").read_text(encoding="utf-8"))["values"]["paragraphs.kind"]
    html = (await datasette.client.get(f"/{DB}/paragraphs?_size=max")).text
    for kind, n in seed_db.execute("select kind, count(*) from paragraphs group by kind"):
        shown = re.findall(rf'<span class="code-label" title="{kind}">([^<]+)</span>', html)
        assert shown == [labels[kind]["fa"]] * n
    rows = (await datasette.client.get(f"/{DB}/paragraphs.json?_shape=array&_size=max")).json()
    assert {r["kind"] for r in rows} <= set(labels)


@pytest.mark.asyncio
async def test_a_facet_asked_for_twice_is_shown_once_with_persian_counts(datasette, seed_db):
    html = (await datasette.client.get(f"/{DB}/paragraphs?_facet=kind")).text
    assert html.count('id="facet-kind"') == 1
    n_body = seed_db.execute("select count(*) from paragraphs where kind = 'body'").fetchone()[0]
    assert f'<bdi class="facet-count">{fa_number(n_body)}</bdi>' in html


@pytest.mark.asyncio
async def test_internal_columns_are_hidden_from_the_page_but_not_from_data(datasette):
    html = (await datasette.client.get(f"/{DB}/paragraphs")).text
    assert 'class="col-text_raw' not in html and 'class="col-text_folded' not in html
    assert 'class="col-text ' in html
    shown = (await datasette.client.get(f"/{DB}/paragraphs?_internal=1")).text
    assert 'class="col-text_raw' in shown and 'class="col-text_folded' in shown
    row = (await datasette.client.get(f"/{DB}/paragraphs.json?_shape=array&_size=1")).json()[0]
    assert {"text_raw", "text_folded"} <= set(row)
    header = (await datasette.client.get(f"/{DB}/paragraphs.csv")).text.splitlines()[0]
    assert "text_raw" in header and "text_folded" in header


@pytest.mark.asyncio
async def test_columns_are_placed_by_name_and_a_new_column_goes_last(seed_db_path, tmp_path):
    path = tmp_path / f"{DB}.db"
    shutil.copy(seed_db_path, path)
    db = sqlite_utils.Database(path)
    db.execute("alter table articles add column zz_new_column text")
    db.conn.commit()
    html = (await make_datasette(path).client.get(f"/{DB}/articles")).text
    headers = re.findall(r'<th [^>]*data-column="([^"]+)"', html)
    first = yaml.safe_load((DATA / "display.yaml").read_text(encoding="utf-8"))["first"]["articles"]
    expected_first = [c for c in first if c in db["articles"].columns_dict]
    assert headers[: len(expected_first)] == expected_first
    assert headers[-1] == "zz_new_column" and "title_folded" not in headers


@pytest.mark.asyncio
async def test_row_pages_are_named_for_what_they_are(datasette, seed_db):
    article = seed_db.execute("select id, title from articles where title is not null order by id limit 1").fetchone()
    html = (await datasette.client.get(f"/{DB}/articles/{article[0]}")).text
    assert h1_of(html) == article[1] and title_of(html).startswith(article[1])
    person = seed_db.execute("select id, name from people order by n_mentions desc limit 1").fetchone()
    html = (await datasette.client.get(f"/{DB}/people/{person[0]}")).text
    assert h1_of(html) == person[1] and title_of(html).startswith(person[1])
    assert f'<bdi class="row-id" dir="ltr">{person[0]}</bdi>' in html


@pytest.mark.asyncio
async def test_a_paragraph_links_to_its_article_and_neighbours(datasette, seed_db):
    paragraph_id, article_id, position = seed_db.execute(
        "select id, article_id, position from paragraphs where position = 3 order by id limit 1").fetchone()
    html = (await datasette.client.get(f"/{DB}/paragraphs/{paragraph_id}")).text
    assert f'href="/{DB}/articles/{article_id}#{paragraph_id}"' in html
    assert f'rel="prev"' in html and f'rel="next"' in html
    assert fa_number(position) in h1_of(html)


@pytest.mark.asyncio
async def test_an_organisation_links_to_the_body_it_is_part_of(datasette, seed_db):
    child, parent, parent_name = seed_db.execute(
        "select o.id, p.id, p.name from organisations o join organisations p on p.id = o.parent_id limit 1").fetchone()
    html = (await datasette.client.get(f"/{DB}/organisations/{child}")).text
    assert f'بخشی از: <a href="/{DB}/organisations/{parent}">{parent_name}</a>' in html


@pytest.mark.asyncio
async def test_json_lists_are_shown_as_lists(datasette, seed_db):
    person_id, honorifics = seed_db.execute(
        "select id, honorifics from people where json_array_length(honorifics) > 0 limit 1").fetchone()
    html = (await datasette.client.get(f"/{DB}/people/{person_id}")).text
    items = yaml.safe_load(honorifics)
    assert '<ul class="value-list">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>" in html
    assert honorifics not in html


@pytest.mark.asyncio
async def test_home_page_says_what_the_build_holds(datasette, seed_db):
    html = (await datasette.client.get("/")).text
    n, first, last, outlets = seed_db.execute(
        "select count(*), min(published_date), max(published_date), count(distinct publisher) from articles").fetchone()
    counts = re.sub(r"<[^>]+>", "", re.search(r'<p class="build-counts">(.*?)</p>', html, re.S).group(1))
    assert f"{fa_number(n)} خبر از {fa_number(outlets)} ناشر" in counts
    digits = str.maketrans("0123456789", PERSIAN_DIGITS)
    assert first.translate(digits) in counts and last.translate(digits) in counts
    for table in ("articles", "paragraphs", "people", "organisations"):
        assert f'href="/{DB}/{table}"' in html
    assert "python -m build --seeds" in html
    assert "rows in" not in html and "hidden tables" not in html
    # The tables about the build are listed apart from the data tables.
    data_tables = html[html.index('class="table-list"'):html.index("</ul>", html.index('class="table-list"'))]
    assert "build_info" not in data_tables and "skipped_files" not in data_tables
    assert f'href="/{DB}/build_info"' in html


@pytest.mark.asyncio
async def test_database_page_lists_build_tables_apart(datasette):
    html = (await datasette.client.get(f"/{DB}")).text
    build = html.index('id="build"')
    assert html.index(f'href="/{DB}/articles"') < build < html.index(f'href="/{DB}/build_info"')
    assert html.index(f'href="/{DB}/skipped_files"') > build


@pytest.mark.asyncio
async def test_canned_queries_hide_their_sql(datasette):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    queries = metadata["databases"][DB]["queries"]
    assert all(q.get("hide_sql") for q in queries.values())
    html = (await datasette.client.get(f"/{DB}/people_and_roles")).text
    assert "group_concat" not in html and "Edit SQL" not in html and "ویرایش SQL" not in html
    # Before anything is asked, a query with a parameter says nothing about results.
    assert "zero-results" not in (await datasette.client.get(f"/{DB}/mentions_of_person")).text


@pytest.mark.asyncio
@pytest.mark.parametrize("query, parameter, spellings", [
    ("mentions_of_person", "person", ["غیب‌پرور", "غیب پرور", "غيب‌پرور", "غیب\u200cپرور"]),
    ("mentions_of_person", "person", ["فیروزآبادی", "فیروزابادی", "فيروزآبادي"]),
    ("mentions_of_organisation", "organisation", ["تأمین اجتماعی", "تامین اجتماعی", "تأمین‌اجتماعی", "تامین\u200cاجتماعی"]),
])
async def test_canned_queries_find_every_spelling(datasette, query, parameter, spellings):
    found = []
    for spelling in spellings:
        response = await datasette.client.get(f"/{DB}/{query}.json", params={parameter: spelling, "_shape": "array"})
        assert response.status_code == 200, response.text
        found.append(sorted((r["paragraph_id"], r["surface"]) for r in response.json()))
    assert found[0] and all(f == found[0] for f in found), spellings


@pytest.mark.asyncio
async def test_canned_query_on_an_organisation_returns_every_mention_of_it(datasette, seed_db):
    n = seed_db.execute("select count(*) from mentions where organisation_id = 'social-security-organization'").fetchone()[0]
    rows = (await datasette.client.get(f"/{DB}/mentions_of_organisation.json",
                                       params={"organisation": "تامین اجتماعی", "_shape": "array"})).json()
    assert n > 1 and sum(r["organisation"] == "سازمان تأمین اجتماعی" for r in rows) == n


@pytest.mark.asyncio
async def test_table_search_marks_the_matches(datasette):
    html = (await datasette.client.get(f"/{DB}/paragraphs", params={"_search": "تامین", "kind": "body"})).text
    marks = re.findall(r"<mark>([^<]+)</mark>", html)
    assert marks and all(m in ("تأمین", "تامین") for m in marks)


@pytest.mark.asyncio
async def test_search_csv_holds_no_markup(datasette):
    text = (await datasette.client.get(f"/{DB}/search.csv", params={"q": "کارگروه"})).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all("<" not in r["snippet"] for r in rows)


@pytest.mark.asyncio
async def test_a_tables_plain_csv_gives_every_row(datasette, seed_db):
    n = seed_db["paragraphs"].count
    assert n > 50
    rows = list(csv.DictReader(io.StringIO((await datasette.client.get(f"/{DB}/paragraphs.csv")).text)))
    assert len(rows) == n
    filtered = list(csv.DictReader(io.StringIO((await datasette.client.get(f"/{DB}/paragraphs.csv?kind=body")).text)))
    assert len(filtered) == seed_db.execute("select count(*) from paragraphs where kind = 'body'").fetchone()[0]
    # A page asked for by size is still that page.
    assert len((await datasette.client.get(f"/{DB}/paragraphs.csv?_size=5")).text.strip().splitlines()) == 6


@pytest.mark.asyncio
async def test_atom_feed_lists_the_newest_articles(datasette, seed_db):
    response = await datasette.client.get(f"/{DB}/newest_articles.atom")
    assert response.status_code == 200 and "xml" in response.headers["content-type"]
    feed = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    dated = [r[0] for r in seed_db.execute(
        "select id from articles where published_date is not null order by published_date desc, id")]
    assert [e.find("a:id", ns).text for e in entries] == dated
    assert all(e.find("a:title", ns).text for e in entries)
    assert f'/{DB}/newest_articles.atom' in (await datasette.client.get("/")).text


@pytest.mark.asyncio
async def test_dashboards_show_persian_text_and_whole_numbers(datasette):
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    for slug, dashboard in metadata["plugins"]["datasette-dashboards"].items():
        assert "entity tables" not in dashboard.get("description", "")
        for chart in dashboard["charts"].values():
            if chart["library"] == "markdown":
                assert "<div" not in chart["display"]
            for channel in (chart.get("display") or {}).get("encoding", {}).values() if isinstance(chart.get("display"), dict) else []:
                if channel.get("type") == "quantitative" and channel.get("field") in ("articles", "n_mentions"):
                    assert channel["axis"]["format"] == "d" and "datum.value % 1" in channel["axis"]["labelExpr"]
        html = (await datasette.client.get(f"/-/dashboards/{slug}")).text
        assert "&lt;div" not in html and ">home</a>" not in html


@pytest.mark.asyncio
async def test_excel_csv_honours_labels(datasette, seed_db):
    text = (await datasette.client.get(f"/{DB}/paragraphs.excel?_labels=on")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    titles = {r["id"]: r["title"] or r["id"] for r in seed_db.query("select id, title from articles")}
    assert rows and all(r["article_id_label"] == titles[r["article_id"]] for r in rows)
    plain = (await datasette.client.get(f"/{DB}/paragraphs.excel")).content.decode("utf-8-sig")
    assert "article_id_label" not in plain.splitlines()[0]


@pytest.mark.asyncio
async def test_provenance_columns_are_on_a_rows_page_not_in_the_tables_rows(datasette, seed_db):
    article_id = seed_db.execute("select id from articles order by id limit 1").fetchone()[0]
    table = (await datasette.client.get(f"/{DB}/articles")).text
    row = (await datasette.client.get(f"/{DB}/articles/{article_id}")).text
    assert 'data-column="sha256"' not in table and 'data-column="sha256"' in row
    assert 'data-column="title_folded"' not in row
    assert 'data-column="sha256"' in (await datasette.client.get(f"/{DB}/articles?_internal=1")).text


@pytest.mark.asyncio
async def test_a_row_page_opened_first_has_the_licence(seed_db_path):
    # A fresh site (its own response cache): the first page anyone opens is a row's.
    ds = make_datasette(seed_db_path)
    html = (await ds.client.get(f"/{DB}/paragraphs/001_306a7383131c10d2-003")).text
    assert 'class="licence"' in html and "CC BY 4.0" in html
