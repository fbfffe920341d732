"""Three runaway clients and a reader: does one client's abuse slow the others down?

Each client sends from an address of its own in 127.0.0.0/8, as clients on
the internet do, so that a proxy's limits per client apply.  Three runaway
clients, each with four connections, loop a query that only the SQL time
limit stops; a reader meanwhile opens pages that are never in the cache,
ten a second.  ``attack`` returns what the runaway clients were answered and
the reader's latencies.

    python -m bench.runaway --db iran_cyberspace.db --seconds 20
"""

import argparse
import asyncio
import json
import sys
import time
import urllib.parse

from .http import Connection, HTTPError
from .loadtest import percentile

RUNAWAY_CLIENTS = 3
CONNECTIONS_PER_RUNAWAY = 4
RUNAWAY_SQL = "with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c"
READER_PAGE = "/{db}/paragraphs?kind=body&_reader={i}"


async def runaway(port, address, until, statuses, db):
    """One connection of a runaway client: the never-ending query, again and again.

    It retries at once after an answer, and 100 times a second when it is
    turned away (no faster, so that the event loop that also times the
    reader is not what is measured).
    """
    path = f"/{db}.json?" + urllib.parse.urlencode({"sql": RUNAWAY_SQL})
    connection = Connection("127.0.0.1", port, local_addr=(address, 0))
    while time.monotonic() < until:
        try:
            status, _ = await connection.get(path)
        except HTTPError:
            status = None
        statuses.append(status)
        if status == 429:
            await asyncio.sleep(0.01)
    connection.close()


async def reader(port, address, until, latencies, failures, db):
    """A reader: a page no one has asked for before, ten a second."""
    connection = Connection("127.0.0.1", port, local_addr=(address, 0))
    i = 0
    while time.monotonic() < until:
        i += 1
        started = time.monotonic()
        try:
            status, _ = await connection.get(READER_PAGE.format(db=db, i=i))
        except HTTPError as error:
            status = str(error)
        latencies.append(time.monotonic() - started)
        if status != 200:
            failures.append(status)
        await asyncio.sleep(max(0.0, 0.1 - (time.monotonic() - started)))
    connection.close()


async def attack(port, seconds, db="iran_cyberspace"):
    """``(runaway statuses, reader latencies sorted, reader failures)`` after ``seconds`` of it."""
    until = time.monotonic() + seconds
    statuses, latencies, failures = [], [], []
    tasks = [runaway(port, f"127.0.0.{2 + c}", until, statuses, db)
             for c in range(RUNAWAY_CLIENTS) for _ in range(CONNECTIONS_PER_RUNAWAY)]
    tasks.append(reader(port, "127.0.0.9", until, latencies, failures, db))
    await asyncio.gather(*tasks)
    return statuses, sorted(latencies), failures


def summary(statuses, latencies, failures):
    return {
        "reader_pages": len(latencies),
        "reader_p50_ms": round(1000 * percentile(latencies, 50)),
        "reader_p95_ms": round(1000 * percentile(latencies, 95)),
        "reader_failures": len(failures),
        "runaway_answers": {str(s): statuses.count(s) for s in sorted(set(statuses), key=str)},
    }


def measure(db, seconds):
    """The attack against Datasette alone, then against the public set-up (nginx in front)."""
    import os
    import subprocess

    from deploy.public import ROOT, PublicSite, datasette_command, free_port, wait_until_up

    name = db.stem
    port = free_port()
    server = subprocess.Popen(datasette_command(db, port), cwd=ROOT,
                              env=dict(os.environ, SITE_URL=f"http://127.0.0.1:{port}"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/-/versions.json", [server], timeout=300)
        direct = summary(*asyncio.run(attack(port, seconds, name)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    listen_port = free_port()
    with PublicSite(db, f"127.0.0.1:{listen_port}", quiet=True):
        public = summary(*asyncio.run(attack(listen_port, seconds, name)))
    return {"datasette_alone": direct, "behind_nginx": public}


def main(argv=None):
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m bench.runaway", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="iran_cyberspace.db")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args(argv)
    result = measure(Path(args.db).resolve(), args.seconds)
    print(json.dumps(result, indent=2))
    return 0 if result["behind_nginx"]["reader_p95_ms"] < 500 and not result["behind_nginx"]["reader_failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
