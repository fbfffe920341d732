"""Load-test the published site: 32 concurrent clients against `datasette serve`.

It serves a 10,000-article database exactly as ``make serve`` does (from
the site's configuration directory, deploy/site.py: the database immutable
with its inspect file, metadata, plugins, templates, static files and the
settings in settings.json) on a free port of 127.0.0.1,
waits until the server answers, then:

1. **mixed load** for ``--duration`` seconds: 32 clients, each picking a
   request at random from a realistic mix (home page, tables with facets,
   row pages (paragraphs; articles, people and organisations with their
   text), Persian full-text searches in several spellings, canned
   queries, JSON and CSV exports, SQL queries);
2. **hostile load** for the same time: one client sends only queries that
   would run for minutes (a recursive CTE counting to 1e9, a cross join of
   paragraphs × mentions) while 31 clients go on with the mix.  The hostile
   queries must be cut off by the SQL time limit and the others must stay
   fast.

Each client keeps one HTTP/1.1 connection open and reads every answer in
full before its next request (``bench/http.py``: a client lean enough not
to be the bottleneck itself).  It prints requests/s, p50/p95/p99 and errors
per kind and writes ``bench/loadtest-results.json``.

    python -m bench.loadtest --duration 60
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

from .http import Connection, HTTPError

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATABASE = "iran_cyberspace"
CLIENTS = 32

TARGETS = {
    "errors": "0",
    "p95_ms_facets_and_search": "< 150",
    "hostile_cut_off": "every hostile query answered with an error naming the time limit",
    "p95_ms_others_during_hostile": "< 500",
}
HOSTILE_SQL = [
    "with recursive c(x) as (select 1 union all select x+1 from c where x < 1000000000) select count(*) from c",
    "select count(*) from paragraphs, mentions",
]
SEARCHES = ["تامین", "تأمین", "فضای مجازی", '"فضای مجازی"', "ايسنا", "ایسنا", "پدافند غیرعامل", "بسیج"]
SQL_QUERIES = [
    "select publisher, count(*) as n from articles group by publisher order by n desc",
    "select kind, count(*) from paragraphs group by kind",
    "select organisation_id, count(*) as n from mentions where organisation_id is not null"
    " group by organisation_id order by n desc limit 20",
    "select id, title, published_date from articles where published_year = 2020 limit 50",
]


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(n, seed):
    """A database of ``n`` synthetic articles named iran_cyberspace.db, built if missing.

    The full build left by ``bench.run`` is reused when it is there.
    """
    from build.corpus import write_corpus

    home = BENCH / f"corpus-{n}"
    served = home / "serve" / f"{DATABASE}.db"
    if served.exists():
        return served
    served.parent.mkdir(parents=True, exist_ok=True)
    if (home / "full.db").exists():
        shutil.copyfile(home / "full.db", served)
        return served
    articles = home / "articles"
    if not articles.exists():
        write_corpus(n, articles, seed=seed)
    subprocess.run([sys.executable, "-m", "build", "--seeds", str(articles), "--db", str(served), "-q"],
                   cwd=ROOT, check=True)
    return served


def start_server(db, port):
    """Serve ``db`` from its configuration directory as ``make serve`` does; return the process."""
    from deploy.site import assemble, serve_command

    return subprocess.Popen(serve_command(assemble(db), port), cwd=ROOT,
                            env=dict(os.environ, SITE_URL=f"http://127.0.0.1:{port}"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_up(base, server, timeout=60):
    """Poll the server until it answers /-/versions.json."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("datasette exited: " + server.stderr.read().decode(errors="replace"))
        try:
            if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"datasette did not answer within {timeout}s")


# How many rows of each table are picked, at random, to request their pages.
SAMPLED_ROWS = {"paragraphs": 2000, "articles": 500, "people": 200, "organisations": 200}


def sample_ids(db):
    """``{table: [id, …]}``: rows whose pages are requested, picked at random."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {
            table: [row[0] for row in conn.execute(f"select id from [{table}] order by random() limit {n}")]
            for table, n in SAMPLED_ROWS.items()
        }


def request_mix(ids):
    """``[(kind, weight, make_path(rng))]``: what real visitors ask for, and how often."""
    d = f"/{DATABASE}"

    def text_page(r):
        """An article's page (its text), or a person's or organisation's (the paragraphs naming them)."""
        table = r.choice(["articles", "people", "organisations"])
        return f"{d}/{table}/{r.choice(ids[table])}"

    return [
        ("home", 5, lambda r: "/"),
        ("database", 3, lambda r: d),
        ("table+facets", 15, lambda r: r.choice([
            f"{d}/paragraphs?_facet=kind",
            f"{d}/mentions?_facet=mention_kind",
            f"{d}/organisations?_facet=kind",
            f"{d}/articles?_facet=publisher&_facet=published_year",
        ])),
        ("row", 15, lambda r: f"{d}/paragraphs/{r.choice(ids['paragraphs'])}"),
        ("row+text", 5, text_page),
        ("search", 20, lambda r: f"{d}/paragraphs?" + httpx.QueryParams(_search=r.choice(SEARCHES)).__str__()),
        ("canned", 10, lambda r: r.choice([
            f"{d}/mentions_of_organisation?organisation=passive-defense-organization",
            f"{d}/people_and_roles",
        ])),
        ("json", 10, lambda r: r.choice([
            f"{d}/articles.json?_size=50",
            f"{d}/paragraphs.json?_shape=array&_size=100&kind=body",
            f"{d}/organisations.json?_shape=objects",
        ])),
        ("csv", 7, lambda r: r.choice([
            f"{d}/articles.csv?_size=max",
            f"{d}/people.csv",
        ])),
        ("sql", 10, lambda r: f"{d}.json?" + str(httpx.QueryParams(sql=r.choice(SQL_QUERIES)))),
    ]


class Recorder:
    """Latencies and errors per kind of request."""

    def __init__(self):
        self.latencies = defaultdict(list)
        self.errors = defaultdict(int)
        self.error_examples = defaultdict(list)
        self.hostile = []  # (status, body excerpt, seconds, sql)

    def add(self, kind, seconds, ok, note=""):
        self.latencies[kind].append(seconds)
        if not ok:
            self.errors[kind] += 1
            if len(self.error_examples[kind]) < 3:
                self.error_examples[kind].append(note)

    def summary(self, duration):
        out = {}
        for kind in sorted(self.latencies):
            values = sorted(self.latencies[kind])
            out[kind] = {
                "requests": len(values),
                "requests_per_s": round(len(values) / duration, 1),
                "p50_ms": round(1000 * percentile(values, 50), 1),
                "p95_ms": round(1000 * percentile(values, 95), 1),
                "p99_ms": round(1000 * percentile(values, 99), 1),
                "errors": self.errors[kind],
            }
            if self.error_examples[kind]:
                out[kind]["error_examples"] = self.error_examples[kind]
        return out


def percentile(sorted_values, p):
    """The ``p``-th percentile (nearest rank) of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


async def visitor(connection, mix, rng, until, recorder):
    """One client: request, wait for the whole answer, request again, until ``until``."""
    kinds = [m for m in mix]
    weights = [m[1] for m in mix]
    while time.monotonic() < until:
        kind, _, make = rng.choices(kinds, weights)[0]
        path = make(rng)
        started = time.monotonic()
        try:
            status, _ = await connection.get(path)
            ok, note = status == 200, f"{status} {path}"
        except HTTPError as error:
            ok, note = False, f"{error} {path}"
        recorder.add(kind, time.monotonic() - started, ok, note)
    connection.close()


async def hostile_client(connection, until, recorder):
    """One client sending only queries that would run for minutes."""
    i = 0
    while time.monotonic() < until:
        sql = HOSTILE_SQL[i % len(HOSTILE_SQL)]
        i += 1
        started = time.monotonic()
        try:
            status, body = await connection.get(f"/{DATABASE}.json?" + str(httpx.QueryParams(sql=sql)))
            recorder.hostile.append((status, body[:300].decode("utf-8", "replace"), time.monotonic() - started, sql))
        except HTTPError as error:
            recorder.hostile.append((None, str(error), time.monotonic() - started, sql))
    connection.close()


async def run_phase(port, mix, duration, hostile, seed):
    """Drive the server for ``duration`` seconds, one connection per client; return the ``Recorder``."""
    recorder = Recorder()
    until = time.monotonic() + duration
    tasks = [
        visitor(Connection("127.0.0.1", port), mix, random.Random(f"{seed}:{i}"), until, recorder)
        for i in range(CLIENTS - (1 if hostile else 0))
    ]
    if hostile:
        tasks.append(hostile_client(Connection("127.0.0.1", port), until, recorder))
    await asyncio.gather(*tasks)
    return recorder


def cut_off(status, body):
    """True if a hostile query was stopped by the SQL time limit."""
    text = body.lower()
    return status is not None and status >= 400 and ("interrupted" in text or "time limit" in text or "took too long" in text)


def print_phase(title, summary):
    print(f"\n{title}")
    print(f"  {'kind':14}{'req':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for kind, s in summary.items():
        print(f"  {kind:14}{s['requests']:>7}{s['requests_per_s']:>8}{s['p50_ms']:>9}{s['p95_ms']:>9}{s['p99_ms']:>9}{s['errors']:>8}")


def overall(recorder, duration, kinds=None):
    """Requests/s, p95 and errors over the given kinds (default: all)."""
    values = sorted(v for k, vs in recorder.latencies.items() if kinds is None or k in kinds for v in vs)
    errors = sum(n for k, n in recorder.errors.items() if kinds is None or k in kinds)
    return {
        "requests": len(values),
        "requests_per_s": round(len(values) / duration, 1),
        "p95_ms": round(1000 * percentile(values, 95), 1),
        "errors": errors,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=float(os.environ.get("DURATION", 60)))
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/loadtest-results.json")
    args = parser.parse_args(argv)

    db = ensure_database(args.articles, args.seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port)
    try:
        wait_until_up(base, server)
        mix = request_mix(sample_ids(db))
        mixed = asyncio.run(run_phase(port, mix, args.duration, hostile=False, seed=args.seed))
        attacked = asyncio.run(run_phase(port, mix, args.duration, hostile=True, seed=args.seed + 1))
    finally:
        server.terminate()
        server.wait(timeout=10)

    mixed_summary = mixed.summary(args.duration)
    attacked_summary = attacked.summary(args.duration)
    print_phase(f"Phase 1: {CLIENTS} clients, {args.duration:.0f}s, mixed requests", mixed_summary)
    print_phase(f"Phase 2: {CLIENTS - 1} clients with the mix + 1 hostile client", attacked_summary)
    hostile_cut = [cut_off(status, body) for status, body, _, _ in attacked.hostile]
    hostile_seconds = sorted(s for _, _, s, _ in attacked.hostile)
    hostile_by_query = {
        sql: {
            "sent": sum(1 for h in attacked.hostile if h[3] == sql),
            "cut_off": sum(1 for h in attacked.hostile if h[3] == sql and cut_off(h[0], h[1])),
            "statuses": sorted({str(h[0]) for h in attacked.hostile if h[3] == sql}),
        }
        for sql in HOSTILE_SQL
    }
    fast_kinds = {"table+facets", "search"}
    p95_fast = overall(mixed, args.duration, fast_kinds)["p95_ms"]
    p95_attacked = overall(attacked, args.duration)["p95_ms"]
    checks = {
        "no errors (phase 1)": overall(mixed, args.duration)["errors"] == 0,
        "no errors among normal clients (phase 2)": overall(attacked, args.duration)["errors"] == 0,
        "p95 < 150 ms for table+facets and search (phase 1)": all(
            mixed_summary[k]["p95_ms"] < 150 for k in fast_kinds if k in mixed_summary
        ),
        "every hostile query cut off by the time limit": bool(hostile_cut) and all(hostile_cut),
        "p95 < 500 ms for the others during hostile load": p95_attacked < 500,
    }
    print(f"\nHostile queries: {len(hostile_cut)} sent, {sum(hostile_cut)} cut off by the SQL time limit; "
          f"median answer {1000 * percentile(hostile_seconds, 50):.0f} ms")
    for sql, counts in hostile_by_query.items():
        print(f"  {counts['cut_off']}/{counts['sent']} cut off (HTTP {', '.join(counts['statuses'])}): {sql}")
    if attacked.hostile:
        print(f"  example answer: {attacked.hostile[0][0]} {attacked.hostile[0][1][:160]}")
    print(f"p95 table+facets and search, phase 1: {p95_fast} ms (target < 150)")
    print(f"p95 all normal requests, phase 2: {p95_attacked} ms (target < 500)")
    for name, met in checks.items():
        print(f"  {'met    ' if met else 'NOT met'}  {name}")

    if not args.no_write:
        document = {
            "environment": {
                "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "cpus": os.cpu_count(),
                "articles": args.articles,
                "database_mb": round(db.stat().st_size / 1e6, 1),
                "clients": CLIENTS,
                "duration_s": args.duration,
                "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            },
            "targets": TARGETS,
            "phase1_mixed": {"overall": overall(mixed, args.duration), "by_kind": mixed_summary},
            "phase2_hostile": {
                "overall_normal_clients": overall(attacked, args.duration),
                "by_kind": attacked_summary,
                "hostile_sent": len(hostile_cut),
                "hostile_cut_off": sum(hostile_cut),
                "hostile_median_ms": round(1000 * percentile(hostile_seconds, 50), 1),
                "hostile_by_query": hostile_by_query,
                "hostile_example": {"status": attacked.hostile[0][0], "body": attacked.hostile[0][1]}
                if attacked.hostile else None,
            },
            "targets_met": checks,
        }
        (BENCH / "loadtest-results.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
