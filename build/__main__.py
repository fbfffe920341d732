"""Command line: ``python -m build --seeds DIR --db PATH``."""

import argparse
import os
import sys
import time

from .pipeline import BuildError, build_database


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m build",
        description=(
            "Build the Iran cyberspace news database from a directory of article "
            "texts (one UTF-8 .txt file per article). The database is replaced "
            "only if the whole build succeeds."
        ),
    )
    parser.add_argument("--seeds", default="seeds", help="directory of article .txt files (default: seeds)")
    parser.add_argument("--db", default="iran_cyberspace.db", help="database to write (default: iran_cyberspace.db)")
    parser.add_argument("--strict", action="store_true", help="fail the build if any file would be skipped")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1,
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

    def progress(n, total, name):
        if not args.quiet and (n == total or n % max(1, total // 20) == 0 or total <= 20):
            print(f"[{n}/{total}] {name}", file=sys.stderr)

    try:
        report = build_database(
            args.seeds, args.db, strict=args.strict, progress=progress,
            jobs=args.jobs, incremental=args.incremental,
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
        print(f"  skipped {name}: {problem}", file=sys.stderr)
    for name in report.ignored:
        print(f"  ignored {name}: not a .txt article file", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
