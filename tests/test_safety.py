"""The published site is read-only, bounded in time and does not reveal the server.

Anyone may send SQL to the site, so these tests try what an attacker
would: write, attach another file, change pragmas, load an extension, run
a query that never ends, and read the server's file paths.  Every attempt
must be refused with a 4xx answer and leave the database file unchanged.
"""

import hashlib
import shutil

import pytest

from conftest import ROOT, make_datasette, served_databases
from deploy.site import metadata_for

DB = "iran_cyberspace"

WRITES = [
    "insert into articles (id) values ('injected')",
    "update articles set title = 'changed'",
    "delete from paragraphs",
    "drop table mentions",
    "attach database '/tmp/elsewhere.db' as elsewhere",
    "pragma journal_mode=wal",
    "pragma writable_schema=1",
    "select load_extension('/tmp/evil.so')",
    "create table extra (x)",
    "vacuum",
]
NEVER_ENDING = "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c"


@pytest.fixture(scope="module")
def served_in_repo(seed_db_path):
    """The seed database served from inside the repository, so a leaked path would name the repo."""
    target = ROOT / "test-artifacts" / "safety" / f"{DB}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seed_db_path, target)
    yield target
    shutil.rmtree(target.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def site(served_in_repo):
    return make_datasette(served_in_repo)


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.asyncio
@pytest.mark.parametrize("sql", WRITES)
async def test_sql_that_would_change_anything_is_refused(site, served_in_repo, sql):
    before = sha256(served_in_repo)
    response = await site.client.get(f"/{DB}.json", params={"sql": sql})
    assert 400 <= response.status_code < 500, response.text[:300]
    assert response.json()["ok"] is False
    assert sha256(served_in_repo) == before
    counts = await site.client.get(f"/{DB}.json", params={"sql": "select count(*) as n from articles", "_shape": "array"})
    assert counts.json() == [{"n": 5}]


@pytest.mark.asyncio
async def test_canned_queries_are_read_only(site, served_in_repo):
    before = sha256(served_in_repo)
    queries = metadata_for(served_in_repo, DB)["databases"][DB]["queries"]
    assert queries, "metadata.yml defines canned queries"
    for name, query in queries.items():
        assert not query.get("write"), f"canned query {name} may write"
        assert query["sql"].lstrip().lower().startswith(("select", "with"))
        # A POST is how a writable canned query would be run.
        response = await site.client.post(f"/{DB}/{name}", data={"person": "x", "organisation": "x"})
        assert response.status_code == 405
    assert sha256(served_in_repo) == before


@pytest.mark.asyncio
async def test_a_never_ending_query_is_cut_off_by_the_time_limit(site):
    import time

    started = time.monotonic()
    response = await site.client.get(f"/{DB}.json", params={"sql": NEVER_ENDING})
    assert time.monotonic() - started < 10
    assert response.status_code == 400
    assert "took too long" in response.json()["error"]


@pytest.mark.asyncio
async def test_settings_show_a_one_second_sql_time_limit(site):
    settings = (await site.client.get("/-/settings.json")).json()
    assert settings["sql_time_limit_ms"] == 1000


PAGES = [
    "/",
    f"/{DB}",
    "/-/databases.json",
    "/-/databases",
    "/-/versions.json",
    "/-/metadata.json",
    "/-/plugins.json",
    "/-/settings.json",
    "/-/threads.json",
    "/-/threads",
    "/no-such-page",
    f"/{DB}/no-such-table",
    f"/{DB}/paragraphs/no-such-row",
    f"/{DB}.json?sql=select+nonsense",
    f"/{DB}?sql=select+nonsense",
    f"/{DB}.json?sql=select+*+from+pragma_database_list",
]


@pytest.mark.asyncio
@pytest.mark.parametrize("path", PAGES)
async def test_no_page_reveals_where_files_are_on_the_server(site, served_in_repo, path):
    response = await site.client.get(path)
    for secret in {str(ROOT), str(ROOT.resolve()), str(served_in_repo.parent)}:
        assert secret not in response.text, f"{path} reveals {secret}"


@pytest.mark.asyncio
async def test_databases_page_names_the_file_without_its_directory(site):
    (database,) = served_databases((await site.client.get("/-/databases.json")).json())
    assert database["path"] == f"{DB}.db"


@pytest.mark.asyncio
async def test_the_database_file_path_cannot_be_read_with_sql(site):
    refused = await site.client.get(f"/{DB}.json", params={"sql": "select file from pragma_database_list"})
    assert refused.status_code == 400
    assert "pragma_database_list.file is prohibited" in refused.json()["error"]
    allowed = await site.client.get(f"/{DB}.json", params={"sql": "select name from pragma_database_list", "_shape": "array"})
    assert allowed.json() == [{"name": "main"}]


@pytest.mark.asyncio
async def test_threads_debug_page_is_not_served(site):
    assert (await site.client.get("/-/threads.json")).status_code == 404


@pytest.mark.asyncio
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
async def test_only_reading_methods_are_accepted(site, method):
    response = await site.client.request(method, f"/{DB}/articles")
    assert response.status_code == 405


@pytest.mark.asyncio
async def test_robots_txt_disallows_all(site):
    pytest.importorskip("datasette_block_robots")
    response = await site.client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /" in response.text


@pytest.mark.asyncio
async def test_error_pages_do_not_print_tracebacks_with_local_variables(datasette, capsys):
    await datasette.invoke_startup()
    response = await datasette.client.get(f"/{DB}/paragraphs/no-such-paragraph")
    assert response.status_code == 404
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    assert "locals" not in printed.out + printed.err
