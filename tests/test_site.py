"""The published site, through Datasette's own test client."""

import csv
import io
import shutil

import pytest

from conftest import facet_results, make_datasette

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
    kinds = {f["value"]: f["count"] for f in facet_results(data)["kind"]["results"]}
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
    html = await ds.client.get("/other/articles?_lang=en")
    assert "One row per article file" in html.text


def test_every_table_and_column_is_described(seed_db):
    import yaml

    from conftest import ROOT

    tables = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"][DB]["tables"]
    for name in seed_db.table_names():
        if name.endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize", "_fts_config")):
            continue
        assert tables.get(name, {}).get("description"), name
        for column in seed_db[name].columns_dict:
            assert column in tables[name].get("columns", {}), f"{name}.{column}"


@pytest.mark.asyncio
async def test_entity_facets_and_labels(datasette):
    response = await datasette.client.get(f"/{DB}/mentions.json?_facet=mention_kind&_labels=on&_shape=objects&_size=5")
    data = response.json()
    kinds = {f["value"] for f in facet_results(data)["mention_kind"]["results"]}
    assert {"name", "short", "title"} <= kinds
    row = next(r for r in data["rows"] if r["organisation_id"] or r["person_id"])
    entity = row["organisation_id"] or row["person_id"]
    assert isinstance(entity, dict) and entity["label"]
    response = await datasette.client.get(f"/{DB}/organisations.json?_facet=kind&_shape=objects")
    assert {f["value"] for f in facet_results(response.json())["kind"]["results"]} >= {"news agency", "council"}


@pytest.mark.asyncio
async def test_canned_query_mentions_of_organisation(datasette, seed_db):
    response = await datasette.client.get(
        f"/{DB}/mentions_of_organisation.json?organisation=passive-defense-organization&_shape=array"
    )
    rows = response.json()
    expected = seed_db.execute(
        "select count(*) from mentions where organisation_id = 'passive-defense-organization'"
    ).fetchone()[0]
    assert len(rows) == expected > 0
    assert all(r["surface"] in r["text"] for r in rows)


@pytest.mark.asyncio
async def test_canned_query_mentions_of_person_by_name(datasette):
    response = await datasette.client.get(f"/{DB}/mentions_of_person.json?person=غیب&_shape=array")
    rows = response.json()
    assert len({r["person"] for r in rows}) == 1 and "غیب" in rows[0]["person"]
    # Full name, surname alone and the title «رئیس سازمان بسیج مستضعفین» all count.
    assert {r["mention_kind"] for r in rows} == {"name", "short", "title"}


@pytest.mark.asyncio
async def test_canned_queries_roles_and_cooccurrence(datasette):
    roles = (await datasette.client.get(f"/{DB}/people_and_roles.json?_shape=array")).json()
    assert any(r["role"] == "رئیس" and r["organisation"] == "مرکز ملی فضای مجازی" for r in roles)
    pairs = (await datasette.client.get(f"/{DB}/cooccurrence.json?_shape=array")).json()
    assert pairs and all(p["paragraphs"] >= 1 for p in pairs)
