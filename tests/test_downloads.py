"""Downloads: CSV that Excel reads, standard CSV/JSON unchanged, a valid Data Package."""

import csv
import io
import json

import pytest
import yaml

from conftest import ROOT

DB = "iran_cyberspace"
BOM = "\ufeff".encode("utf-8")


@pytest.mark.asyncio
async def test_excel_csv_has_a_bom_and_every_row(datasette, seed_db):
    # _size=5: the page shows 5 rows, the download holds all of them.
    response = await datasette.client.get(f"/{DB}/paragraphs.excel?_size=5")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(BOM)
    text = response.content.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == seed_db["paragraphs"].count
    by_id = {r["id"]: r["text"] for r in rows}
    assert by_id["001_306a7383131c10d2-003"] == seed_db["paragraphs"].get("001_306a7383131c10d2-003")["text"]


@pytest.mark.asyncio
async def test_excel_csv_keeps_filters(datasette, seed_db):
    response = await datasette.client.get(f"/{DB}/paragraphs.excel?kind=heading")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    expected = seed_db.execute("select count(*) from paragraphs where kind = 'heading'").fetchone()[0]
    assert len(rows) == expected and {r["kind"] for r in rows} == {"heading"}


@pytest.mark.asyncio
async def test_excel_csv_of_a_query(datasette):
    response = await datasette.client.get(f"/{DB}/search.excel?q=کارگروه")
    assert response.status_code == 200 and response.content.startswith(BOM)
    assert "کارگروه" in response.content.decode("utf-8-sig")


@pytest.mark.asyncio
async def test_standard_csv_and_json_have_no_bom(datasette):
    csv_response = await datasette.client.get(f"/{DB}/articles.csv")
    json_response = await datasette.client.get(f"/{DB}/articles.json")
    assert not csv_response.content.startswith(BOM) and not json_response.content.startswith(BOM)
    assert csv_response.content.decode("utf-8").splitlines()[0].startswith("id,title,")


@pytest.mark.asyncio
async def test_downloads_page_links_everything(datasette, seed_db):
    response = await datasette.client.get("/-/downloads")
    assert response.status_code == 200
    assert f'href="/{DB}.db"' in response.text and 'href="/-/datapackage.json"' in response.text
    for table in ("articles", "paragraphs", "skipped_files"):
        assert f'href="/{DB}/{table}.excel"' in response.text


def _csv_path(url):
    return url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.asyncio
async def test_served_datapackage_describes_every_table(datasette):
    ds = datasette
    package = (await ds.client.get("/-/datapackage.json")).json()
    db = ds.get_database(DB)
    tables = set(await db.table_names()) - set(await db.hidden_table_names())
    assert {r["name"] for r in package["resources"]} == tables
    assert package["licenses"] and package["sources"]
    described = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["databases"][DB]["tables"]
    for resource in package["resources"]:
        if resource["name"] in described:
            assert resource["description"] == described[resource["name"]]["description"]
        response = await ds.client.get("/" + _csv_path(resource["path"]))
        assert response.status_code == 200
        header = next(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]]


def test_exported_datapackage_is_valid(seed_db_path, tmp_path):
    from frictionless import validate

    from build.datapackage import export

    descriptor_path = export(seed_db_path, tmp_path / "package")
    report = validate(str(descriptor_path))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    package = json.loads(descriptor_path.read_text(encoding="utf-8"))
    paragraphs = next(r for r in package["resources"] if r["name"] == "paragraphs")
    assert paragraphs["schema"]["primaryKey"] == ["id"]
    assert {"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["id"]}} in paragraphs["schema"]["foreignKeys"]


def test_a_broken_foreign_key_fails_validation(seed_db_path, tmp_path):
    from frictionless import validate

    from build.datapackage import export

    descriptor_path = export(seed_db_path, tmp_path / "package")
    assert validate(str(descriptor_path)).valid
    mentions = tmp_path / "package" / "mentions.csv"
    rows = list(csv.DictReader(io.StringIO(mentions.read_text(encoding="utf-8"))))
    next(r for r in rows if r["person_id"])["person_id"] = "person-nobody"
    with open(mentions, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = validate(str(descriptor_path))
    assert not report.valid
    assert "foreign-key" in {error[0] for error in report.flatten(["type"])}


@pytest.mark.asyncio
async def test_robots_may_read_pages_but_not_run_queries(datasette):
    robots = (await datasette.client.get("/robots.txt")).text
    assert "Disallow: /\n" not in robots + "\n"
    assert "Disallow: /*?sql=" in robots and "Disallow: /*.db" in robots
