"""Command line: ``python -m build --seeds DIR --db PATH``."""

import argparse
import os
import sys
import time

from .pipeline import BuildError, build_database
from .sources import parse_field_options


def _positive_int(value):
    """``--jobs``: a whole number of processes, at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number")
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} processes: at least 1 is needed")
    return number


def printable(name):
    """A file or record name safe to print on one line: control characters escaped.

    >>> printable("bad\\nname.txt")
    'bad\\\\nname.txt'
    """
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(name))


def progress_printer(quiet, started, stream=sys.stderr):
    """A ``progress(n, total, name)`` callback: about 20 lines a build, with rate and ETA.

    Counts articles (records of a multi-record file count one each), not files.
    """
    def progress(n, total, name):
        if quiet or not (n == total or n % max(1, total // 20) == 0 or total <= 20):
            return
        elapsed = time.monotonic() - started
        line = f"[{n}/{total}] {printable(name)}"
        if total > 20 and elapsed > 0:
            rate = n / elapsed
            remaining = (total - n) / rate if rate else 0
            line += f" — {rate:,.0f} articles/s, {int(remaining // 60)}:{int(remaining % 60):02d} left"
        print(line, file=stream, flush=True)

    return progress


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m build",
        description=(
            "Build the Iran cyberspace news database from a directory of article "
            "texts (one UTF-8 .txt file per article). The database is replaced "
            "only if the whole build succeeds."
        ),
    )
    parser.add_argument(
        "--seeds", default="seeds",
        help="the corpus: a folder or one file of .txt articles or of records "
        "(.jsonl, .ndjson, .json, .csv, .tsv, each optionally .gz); default: seeds",
    )
    parser.add_argument(
        "--field", action="append", default=[], metavar="NAME=COLUMN",
        help="the column a record keeps a value in, where it is not one of the usual names "
        "(text, lead, title, url, published, publisher, categories, tags, id); repeatable, "
        "e.g. --field text=body --field url=link",
    )
    parser.add_argument("--db", default="iran_cyberspace.db", help="database to write (default: iran_cyberspace.db)")
    parser.add_argument("--strict", action="store_true", help="fail the build if any file would be skipped")
    parser.add_argument(
        "--jobs", type=_positive_int, default=os.cpu_count() or 1,
        help="processes to use (default: one per CPU); the result is the same for any number",
    )
    parser.add_argument(
        "--incremental", action="store_true",
        help="reuse the rows of articles unchanged since the existing database (same result as a full build)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    started = time.monotonic()

    progress = progress_printer(args.quiet, started)
    try:
        fields = parse_field_options(args.field)
    except ValueError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 2
    try:
        report = build_database(
            args.seeds, args.db, strict=args.strict, progress=progress,
            jobs=args.jobs, incremental=args.incremental, fields=fields,
        )
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        print(f"{args.db} was not changed.", file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    print(
        f"Built {report.db_path}: {report.articles} articles ({report.reused} unchanged, reused), "
        f"{report.paragraphs} paragraphs in {elapsed:.1f}s; {len(report.skipped)} files skipped.",
        file=sys.stderr,
    )
    for name, problem in report.skipped:
        print(f"  skipped {printable(name)}: {problem}", file=sys.stderr)
    for name, reason in report.ignored:
        print(f"  ignored {printable(name)}: {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
