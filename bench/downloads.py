"""Downloads at scale: every export of a large database, two and ten at once, in bounded memory.

Serves ``--db`` as ``make serve`` does and downloads, all at once, ``--at-once``
copies of each export in ``--exports`` (the Excel CSV of a table, Datasette's
streamed CSV, a page of JSON, the whole database file), each by its own
client, reading every byte and throwing it away.  It samples the server's
resident memory every 0.2 s and prints, per download, its status, size and
time, and the server's memory before and at its peak.

    python -m bench.downloads --db /tmp/big.db --at-once 2
    python -m bench.downloads --db /tmp/big.db --at-once 10 --exports articles.excel,articles.json
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from deploy.public import ROOT, datasette_command, free_port, wait_until_up

EXPORTS = {
    "paragraphs.excel": "/{db}/paragraphs.excel",
    "mentions.excel": "/{db}/mentions.excel",
    "articles.excel": "/{db}/articles.excel",
    "paragraphs.csv": "/{db}/paragraphs.csv?_stream=on&_size=max",
    "articles.json": "/{db}/articles.json?_size=max",
    "database": "/{db}.db",
}


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def download(base, path):
    """GET ``path``, reading and discarding the body; return ``(status, bytes, seconds)``."""
    started = time.monotonic()
    size = 0
    async with httpx.AsyncClient(base_url=base, timeout=None) as client:
        async with client.stream("GET", path) as response:
            async for chunk in response.aiter_raw():
                size += len(chunk)
            return response.status_code, size, time.monotonic() - started


async def run(base, pid, paths):
    peak = [rss_mb(pid)]
    done = asyncio.Event()

    async def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_mb(pid))
            await asyncio.sleep(0.2)

    sampler = asyncio.create_task(sample())
    results = await asyncio.gather(*(download(base, p) for p in paths))
    done.set()
    await sampler
    return results, peak[0]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.downloads", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--at-once", type=int, default=2)
    parser.add_argument("--exports", default=",".join(EXPORTS), help="comma-separated: " + ", ".join(EXPORTS))
    args = parser.parse_args(argv)
    db = Path(args.db).resolve()
    name = db.stem
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(datasette_command(db, port), cwd=ROOT,
                              env=dict(os.environ, SITE_URL=base), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = {"database": str(db), "database_mb": round(db.stat().st_size / 1e6), "at_once": args.at_once, "exports": {}}
    try:
        wait_until_up(base + "/-/versions.json", [server], timeout=300)
        for export in args.exports.split(","):
            before = rss_mb(server.pid)
            path = EXPORTS[export].format(db=name)
            results, peak = asyncio.run(run(base, server.pid, [path] * args.at_once))
            report["exports"][export] = {
                "statuses": sorted({r[0] for r in results}),
                "mb_each": round(max(r[1] for r in results) / 1e6, 1),
                "seconds_slowest": round(max(r[2] for r in results), 1),
                "server_rss_mb_before": round(before),
                "server_rss_mb_peak": round(peak),
            }
            print(export, json.dumps(report["exports"][export]), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps(report, indent=2))
    return 0 if all(e["statuses"] == [200] for e in report["exports"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
