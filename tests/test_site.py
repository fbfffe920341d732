"""The published site, through Datasette's own test client."""

import csv
import io
import shutil

import pytest

from conftest import make_datasette

DB = "iran_cyberspace"


@pytest.mark.asyncio
async def test_home_and_database_pages(datasette):
    response = await datasette.client.get("/")
    assert response.status_code == 200
    assert "اخبار حکمرانی فضای مجازی ایران" in response.text
    response = await datasette.client.get(f"/{DB}")
    assert response.status_code == 200
    for table in ("articles", "paragraphs"):
        assert table in response.text


@pytest.mark.asyncio
async def test_table_page_with_facets(datasette):
    response = await datasette.client.get(f"/{DB}/paragraphs.json?_facet=kind&_shape=objects")
    assert response.status_code == 200
    data = response.json()
    kinds = {f["value"]: f["count"] for f in data["facet_results"]["kind"]["results"]}
    assert kinds["boilerplate"] >= 15 and kinds["heading"] == 2
    html = await datasette.client.get(f"/{DB}/articles")
    assert html.status_code == 200
    assert "publisher" in html.text and "published_year" in html.text  # configured facets


@pytest.mark.asyncio
async def test_foreign_keys_show_labels(datasette):
    response = await datasette.client.get(f"/{DB}/paragraphs.json?article_id=004_2b53f3ad2ca6390f&_labels=on&_shape=objects")
    row = response.json()["rows"][0]
    assert row["article_id"]["label"] == "تشکیل کارگروه راهبردی امور بین‌الملل در مرکز ملی فضای مجازی"


@pytest.mark.asyncio
async def test_json_keeps_persian_text_intact(datasette, seed_db):
    response = await datasette.client.get(f"/{DB}/paragraphs/001_306a7383131c10d2-003.json?_shape=objects")
    row = response.json()["rows"][0]
    assert row["text"] == seed_db["paragraphs"].get("001_306a7383131c10d2-003")["text"]
    assert "می\u200cکنند" in row["text"]


@pytest.mark.asyncio
async def test_csv_keeps_persian_text_intact(datasette, seed_db):
    response = await datasette.client.get(f"/{DB}/articles.csv?_size=max")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == 5
    titles = {r["id"]: r["title"] for r in rows}
    assert titles["000_fee858d04f0e5e41"] == seed_db["articles"].get("000_fee858d04f0e5e41")["title"]


@pytest.mark.asyncio
async def test_search_on_folded_text(datasette):
    response = await datasette.client.get(f"/{DB}/paragraphs.json?_search=کارگروه&_shape=objects")
    rows = response.json()["rows"]
    assert rows and all("کارگروه" in r["text"] for r in rows)


@pytest.mark.asyncio
async def test_sql_query(datasette):
    sql = "select kind, count(*) as n from paragraphs group by kind order by kind"
    response = await datasette.client.get(f"/{DB}.json", params={"sql": sql, "_shape": "array"})
    assert response.status_code == 200
    assert {r["kind"] for r in response.json()} >= {"title", "body", "boilerplate", "dateline", "lede", "heading"}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "sql",
    [
        "delete from articles",
        "update paragraphs set text = ''",
        "insert into skipped_files values ('x', 'y')",
        "drop table articles",
    ],
)
async def test_writing_through_sql_is_refused(datasette, sql):
    response = await datasette.client.get(f"/{DB}.json", params={"sql": sql})
    assert response.status_code in (400, 403)
    check = await datasette.client.get(f"/{DB}/articles.json?_shape=array")
    assert len(check.json()) == 5


@pytest.mark.asyncio
async def test_database_download_allowed(datasette):
    response = await datasette.client.get(f"/{DB}.db")
    assert response.status_code == 200 and response.content[:16] == b"SQLite format 3\x00"


@pytest.mark.asyncio
async def test_another_database_gets_the_same_metadata(seed_db_path, tmp_path):
    other = tmp_path / "other.db"
    shutil.copy(seed_db_path, other)
    ds = make_datasette(other)
    response = await ds.client.get("/other/paragraphs.json?_labels=on&_shape=objects&_size=1")
    assert isinstance(response.json()["rows"][0]["article_id"], dict)
    html = await ds.client.get("/other/articles")
    assert "One row per article file" in html.text
