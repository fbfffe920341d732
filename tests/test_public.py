"""The public set-up (`make serve-public`): nginx keeps runaway clients from starving the others.

The site is started as ``make serve-public`` starts it (deploy/public.py),
on a free port of 127.0.0.1.  Each client sends from an address of its own
in 127.0.0.0/8, so that nginx's limits per client apply (bench/runaway.py):
three runaway clients, each with four connections, loop a query that only
the SQL time limit stops, while a reader opens pages that are never in the
cache, ten a second.  The reader's p95 must stay under ``P95_MS`` and every
one of the reader's pages must succeed.  (Against Datasette alone the same
attack puts the reader's p95 at several seconds: ``make loadtest``.)

nginx comes from Debian's package (``make nginx``).  Without it these tests
are skipped, except under CI (``CI=true``), where a missing nginx is a
failure.
"""

import asyncio
import os
import shutil

import pytest

from bench.loadtest import percentile
from bench.runaway import attack
from conftest import ROOT
from deploy.public import PublicSite, find_nginx, free_port

DB = "iran_cyberspace"
P95_MS = 500
SECONDS = 10


@pytest.fixture(scope="module")
def public_site(seed_db_path):
    """The seed database served by ``deploy.public``, from inside the repository (nginx's workers read it there)."""
    if find_nginx() is None:
        reason = "nginx is not installed (make nginx)"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(f"the public set-up must be tested in CI: {reason}")
        pytest.skip(reason)
    db = ROOT / "test-artifacts" / "public" / f"{DB}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seed_db_path, db)
    listen = f"127.0.0.1:{free_port()}"
    try:
        with PublicSite(db, listen, quiet=True) as site:
            yield site
    finally:
        shutil.rmtree(db.parent, ignore_errors=True)


def port_of(site):
    return int(site.listen.rsplit(":", 1)[1])


def test_three_runaway_clients_leave_a_reader_fast(public_site):
    statuses, latencies, failures = asyncio.run(attack(port_of(public_site), SECONDS))
    p95 = 1000 * percentile(latencies, 95)
    assert not failures, failures[:5]
    assert p95 < P95_MS, f"reader's p95 {p95:.0f} ms over {len(latencies)} pages"
    # The runaway queries were turned away by nginx (429) or stopped by the time limit (400).
    assert statuses and set(statuses) <= {400, 429}, set(statuses)
    assert statuses.count(429) > statuses.count(400)


def test_public_site_compresses_and_sends_cache_headers(public_site):
    import httpx

    base = f"http://{public_site.listen}"
    page = httpx.get(base + f"/{DB}/articles.json", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert "max-age=" in page.headers["cache-control"]
    download = httpx.get(base + f"/{DB}.db")
    assert download.status_code == 200 and download.content[:16] == b"SQLite format 3\x00"
    assert "attachment" in download.headers["content-disposition"]
    partial = httpx.get(base + f"/{DB}.db", headers={"Range": "bytes=0-15"})
    assert partial.status_code == 206 and partial.content == b"SQLite format 3\x00"


def test_public_site_refuses_oversized_requests(public_site):
    import httpx

    base = f"http://{public_site.listen}"
    assert httpx.post(base + "/", content=b"x" * 100_000).status_code == 413
    assert httpx.get(base + "/?q=" + "x" * 40_000).status_code in (400, 414)


def test_public_site_ignores_the_hosts_clients_send(public_site):
    import httpx

    base = f"http://{public_site.listen}"
    poisoned = httpx.get(base + "/-/datapackage.json", headers={"Host": "evil.example", "X-Forwarded-Proto": "https"})
    clean = httpx.get(base + "/-/datapackage.json")
    assert "evil.example" not in poisoned.text and poisoned.content == clean.content
    assert all(r["path"].startswith(base + "/") for r in clean.json()["resources"])
