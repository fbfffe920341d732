"""Where the build's time goes, stage by stage, for each article on one core.

Runs the build's per-article work (``pipeline._process_entry``: read,
normalise, segment, describe, recognise, statements) serially over the first N
articles of a corpus (a folder or a file, as ``--seeds`` takes), with a timer of CPU time around each stage, and times hazm's
``Normalizer().normalize`` alone over the same files' lines, as
``bench.run`` does; each a few times, keeping the fastest.  Prints seconds, milliseconds per article and the
multiple of the normaliser's time for each stage.

The last line is a floor for ``bench.run``'s build/normaliser ratio: even
split perfectly over two cores, with nothing written, the per-article work
takes half its one-core time.

    python -m bench.stages                  # 300 articles of ../shared/corpora, best of 3
    python -m bench.stages --n 1000 --articles DIR
"""

import argparse
import functools
import time
from pathlib import Path

from build import entities, hazm_api, pipeline

from build.sources import list_corpus

from .run import REAL_CORPORA, ensure_corpus

# CPU time of this process: other jobs on a shared machine slow the wall
# clock, but add little to the processor time the work itself takes.
CLOCK = time.process_time

# (label, module, attribute, parent label): each attribute is wrapped with a
# timer where the build looks it up, so nested stages are timed inside
# their parent.
STAGES = [
    ("read and decode", pipeline, "read_entry", None),
    ("normalise_text", pipeline, "normalise_text", None),
    ("segment (classify_paragraphs)", pipeline, "classify_paragraphs", None),
    ("describe_article", pipeline, "describe_article", None),
    ("fold (search columns)", pipeline, "fold", None),
    ("count_words", pipeline, "count_words", None),
    ("extract_entities", pipeline, "extract_entities", None),
    ("recognise_paragraph", entities, "recognise_paragraph", "extract_entities"),
    ("extract_statements", pipeline, "extract_statements", None),
]
HAZM = "hazm normalize"


def timed(totals, label, function):
    """``function``, adding the seconds each call takes to ``totals[label]``."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        started = CLOCK()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += CLOCK() - started

    return wrapper


def time_stages(entries):
    """``(total seconds, {stage label: seconds})`` of processing corpus ``entries`` serially."""
    pipeline.load_resources()
    totals = {label: 0.0 for label, *_ in STAGES}
    totals[HAZM] = 0.0
    originals = [(module, name, getattr(module, name)) for _, module, name, _ in STAGES]
    originals.append((hazm_api, "normalize", hazm_api.normalize))
    try:
        for label, module, name, _ in STAGES:
            setattr(module, name, timed(totals, label, getattr(module, name)))
        hazm_api.normalize = timed(totals, HAZM, hazm_api.normalize)
        started = CLOCK()
        for entry in entries:
            pipeline._process_entry(entry)
        total = CLOCK() - started
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
    return total, totals


def time_normaliser_on_lines(articles):
    """CPU seconds hazm's ``Normalizer().normalize`` takes over each article's lines."""
    normalizer = hazm_api.default_normalizer()
    started = CLOCK()
    for lines in articles:
        for line in lines:
            normalizer.normalize(line)
    return CLOCK() - started


def report(files, total, totals, normaliser):
    """Print each stage's time, per article and as a multiple of the normaliser's."""
    n = len(files)
    rows = [("per-article work, all stages", total, 0)]
    for label, _, _, parent in STAGES:
        rows.append((label, totals[label], 1 if parent is None else 2))
        if label == "normalise_text":  # hazm's part of it is timed on the normaliser itself
            rows.append((f"{HAZM} (hazm's passes, fused)", totals[HAZM], 2))
            rows.append(("our own passes", totals[label] - totals[HAZM], 2))
    named = sum(totals[label] for label, _, _, parent in STAGES if parent is None)
    rows.append(("the rest (rows, ids, data checks)", total - named, 1))
    print(f"{n} articles; hazm Normalizer().normalize alone over their lines: {normaliser:.2f} s of CPU time")
    print(f"{'stage':48}{'CPU s':>8}{'ms/article':>12}{'× normaliser':>14}")
    for label, seconds, depth in rows:
        print(f"{'  ' * depth + label:48}{seconds:8.2f}{1000 * seconds / n:12.2f}{seconds / normaliser:14.2f}")
    print(f"\nfloor for the two-core build/normaliser ratio: {total / normaliser / 2:.2f}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="articles to process (default: 300)")
    parser.add_argument(
        "--articles", type=Path,
        help="a corpus, as --seeds takes it (default: ../shared/corpora if present, else bench/corpus-1000, made if missing)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the fastest is kept (default: 3)")
    args = parser.parse_args(argv)
    articles = args.articles or (REAL_CORPORA if REAL_CORPORA.exists() else ensure_corpus(1000, seed=1))
    entries = list_corpus(articles).entries
    # An even sample across the corpus, so that every outlet is in it.
    step = max(1, len(entries) // args.n)
    files = entries[::step][: args.n]
    lines = [[raw for raw, _, _ in pipeline.source_paragraphs(pipeline.read_entry(e))] for e in files]
    # Other jobs on a shared machine only ever add time, so the fastest of
    # a few alternating runs of each is the best estimate of its cost.
    normaliser, stage_runs = float("inf"), []
    for _ in range(args.repeat):
        normaliser = min(normaliser, time_normaliser_on_lines(lines))
        stage_runs.append(time_stages(files))
    total, totals = min(stage_runs, key=lambda run: run[0])
    report(files, total, totals, normaliser)


if __name__ == "__main__":
    main()
