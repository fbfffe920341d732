"""The ranked search page and how Persian cells are shown."""

import re

import pytest

from build.fold import fold

DB = "iran_cyberspace"


async def ranked(datasette, q):
    response = await datasette.client.get(f"/{DB}/search.json", params={"q": q, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


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
    rows = await ranked(datasette, "تامین")
    assert rows
    for row in rows:
        marked = re.findall(r"<mark>(.*?)</mark>", row["snippet"])
        assert marked and all(fold(m) == "تامین" for m in marked)
        plain = row["snippet"].replace("<mark>", "").replace("</mark>", "").strip("…")
        assert plain in seed_db["paragraphs"].get(row["paragraph_id"])["text"]


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


@pytest.mark.asyncio
async def test_search_page_lists_mentioned_entities(entity_datasette, entity_db_path):
    rows = await ranked(entity_datasette, "غیب پرور")
    assert rows and all("person-gheibparvar" in r["entities"] for r in rows)
    html = (await entity_datasette.client.get(f"/{DB}/search", params={"q": "غیب پرور"})).text
    assert f'href="/{DB}/people/person-gheibparvar"' in html


@pytest.mark.asyncio
async def test_row_page_highlights_mentions(entity_datasette, entity_db_path):
    import sqlite_utils

    db = sqlite_utils.Database(entity_db_path)
    paragraph_id = "003_67594997d190f86c-004"
    mentions = list(db.query("select * from mentions where paragraph_id = ?", [paragraph_id]))
    assert mentions
    html = (await entity_datasette.client.get(f"/{DB}/paragraphs/{paragraph_id}")).text
    marked = re.findall(r'<mark class="mention-(person|organisation)"[^>]*>(.*?)</mark>', html)
    assert sorted(s for _, s in marked) == sorted(m["surface"] for m in mentions)
    assert f'href="/{DB}/people/person-nejat"' in html


@pytest.mark.asyncio
async def test_row_page_without_entity_tables_shows_plain_text(datasette):
    response = await datasette.client.get(f"/{DB}/paragraphs/003_67594997d190f86c-004")
    assert response.status_code == 200 and "<mark" not in response.text


@pytest.mark.asyncio
async def test_words_of_the_query_side_by_side_are_one_mark(datasette):
    # «سازمان پدافند غیرعامل کشور»: the reader sees one highlighted phrase.
    rows = await ranked(datasette, "پدافند غیرعامل")
    marks = [m for r in rows for m in re.findall(r"<mark>(.*?)</mark>", r["snippet"])]
    assert "پدافند غیرعامل" in marks
    assert all(fold(m) in ("پدافند", "غیرعامل", "پدافند غیرعامل") for m in marks)
