"""Score the statements in a built database against the hand-written statement gold.

``python -m build.evaluate_statements --db iran_cyberspace.db`` scores the
seed articles the gold annotates (tests/gold/statements/, format in its
README.md); with ``--corpus ../shared/corpora`` it also builds the other
gold articles from that corpus (``build.evaluate.build_gold_articles``)
and scores them, overall and per outlet.  It prints precision, recall and
F1 of the statements, how often a matched statement's speaker and kind
are right, and every miss, false statement and wrong or missing speaker.

A predicted statement matches a gold one when both are in the same
paragraph, their spans overlap, and each starts and ends within one word
of the other.  A gold statement marked ``optional`` absorbs a prediction
without counting either way.  A gold span is found in the article by its
first and last words, compared after folding and without word breaks,
in reading order.
"""

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
import yaml

from .evaluate import Rates, build_gold_articles, outlet_of
from .fold import fold_key

_WORDS = re.compile(r"[^\W_]+")


@dataclass
class StatementScore(Rates):
    """Counts for statements, and for the speakers and kinds of the matched ones."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_right: int = 0
    speaker_wrong: int = 0
    speaker_missing: int = 0
    kind_right: int = 0
    misses: list = field(default_factory=list)
    false_statements: list = field(default_factory=list)
    wrong_speakers: list = field(default_factory=list)
    missing_speakers: list = field(default_factory=list)
    unlocated: list = field(default_factory=list)

    def add(self, other):
        for name in ("tp", "fp", "fn", "speaker_right", "speaker_wrong", "speaker_missing", "kind_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("misses", "false_statements", "wrong_speakers", "missing_speakers", "unlocated"):
            getattr(self, name).extend(getattr(other, name))

    @property
    def speaker_accuracy(self):
        return self.speaker_right / self.tp if self.tp else 1.0

    @property
    def kind_accuracy(self):
        return self.kind_right / self.tp if self.tp else 1.0


def load_gold(gold_dir, ids=None):
    """``{article id: gold dict}`` of the statement gold files (only ``ids``, if given)."""
    gold = {}
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if ids is None or data["article"] in ids:
            gold[data["article"]] = data
    return gold


def _folded_index(text):
    """The fold key of ``text`` and, for each of its characters, the offset it came from."""
    key, origin = [], []
    for offset, char in enumerate(text):
        for folded in fold_key(char):
            key.append(folded)
            origin.append(offset)
    return "".join(key), origin


def locate(paragraphs, statements):
    """The gold statements placed in the text: ``[(statement, paragraph id, start, end) or (statement, None, ...)]``.

    Each is looked for from just after the start of the one before it (so
    a statement repeated in the lede and the body, and one nested inside
    another, are each found in turn), then from the article's start.
    """
    indexed = [(pid, *_folded_index(text)) for pid, text in paragraphs]
    cursor = (0, 0)
    placed = []
    for statement in statements:
        first, last = fold_key(statement["quote_start"]), fold_key(statement["quote_end"])
        hit = _find(indexed, first, last, cursor) or _find(indexed, first, last, (0, 0))
        if hit is None:
            placed.append((statement, None, None, None))
            continue
        n, start, end = hit
        cursor = (n, start + 1)
        pid, _, origin = indexed[n]
        placed.append((statement, pid, origin[start], origin[end - 1] + 1))
    return placed


def _find(indexed, first, last, cursor):
    for n in range(cursor[0], len(indexed)):
        _, key, _ = indexed[n]
        start = key.find(first, cursor[1] if n == cursor[0] else 0)
        while start != -1:
            end = key.find(last, start)
            if end != -1:
                return n, start, end + len(last)
            start = key.find(first, start + 1)
    return None


def within_a_word(text, a, b):
    """True if at most one word lies between offsets ``a`` and ``b`` of ``text``."""
    low, high = sorted((a, b))
    return len(_WORDS.findall(text[low:high])) <= 1


def speaker_names(db):
    """``{person or organisation id: set of fold keys it is known by}``."""
    import json

    names = {}
    for row in db.query("select id, name from people"):
        names[row["id"]] = {fold_key(row["name"])}
    for row in db.query("select id, name, aliases, acronyms from organisations"):
        names[row["id"]] = {fold_key(n) for n in [row["name"], *json.loads(row["aliases"]), *json.loads(row["acronyms"])]}
    return names


def _entity_gold_names(entity_gold, article_id):
    """``{fold key: set of fold keys}``: the entity gold's other names for each name."""
    names = {}
    for entity_dir in entity_gold:
        path = Path(entity_dir) / f"{article_id}.yaml"
        if not path.exists():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in (data.get("people") or []) + (data.get("organisations") or []):
            keys = {fold_key(entry["name"])} | {fold_key(a) for a in entry.get("also") or []}
            for key in keys:
                names.setdefault(key, set()).update(keys)
    return names


def score_article(db, article_id, gold, entity_gold=(), names=None):
    """The ``StatementScore`` of one article.

    ``names`` is ``speaker_names(db)``, read once for many articles.
    """
    paragraphs = [(r["id"], r["text"]) for r in db.query(
        "select id, text from paragraphs where article_id = ? order by position", [article_id])]
    texts = dict(paragraphs)
    placed = locate(paragraphs, gold.get("statements") or [])
    predicted = list(db.query(
        "select id, paragraph_id, quote_start, quote_end, quote, kind, person_id, organisation_id, speaker_surface "
        "from statements where article_id = ? order by id", [article_id]))
    names = speaker_names(db) if names is None else names
    also = _entity_gold_names(entity_gold, article_id)
    score = StatementScore()
    for statement, pid, _, _ in placed:
        if pid is None:
            score.unlocated.append(f"{article_id}: «{statement['quote_start']} … {statement['quote_end']}»")
    pairs = []
    for p_index, row in enumerate(predicted):
        for g_index, (statement, pid, start, end) in enumerate(placed):
            if pid != row["paragraph_id"]:
                continue
            text = texts[pid]
            overlap = min(end, row["quote_end"]) - max(start, row["quote_start"])
            if overlap > 0 and within_a_word(text, start, row["quote_start"]) and within_a_word(text, end, row["quote_end"]):
                pairs.append((-overlap, p_index, g_index))
    used_p, used_g = set(), set()
    matches = {}
    for _, p_index, g_index in sorted(pairs):
        if p_index in used_p or g_index in used_g:
            continue
        used_p.add(p_index)
        used_g.add(g_index)
        matches[p_index] = g_index
    for p_index, row in enumerate(predicted):
        label = f"{article_id} [{row['paragraph_id'][-3:]}] «{_ends(row['quote'])}»"
        if p_index not in matches:
            score.fp += 1
            score.false_statements.append(f"{label} ({row['kind']}, {row['speaker_surface'] or 'no speaker'})")
            continue
        statement = placed[matches[p_index]][0]
        if statement.get("optional"):
            continue
        score.tp += 1
        score.kind_right += row["kind"] == statement["kind"]
        speaker_id = row["person_id"] or row["organisation_id"]
        gold_speaker = statement.get("speaker")
        if speaker_id is None and gold_speaker is None:
            score.speaker_right += 1
        elif speaker_id is None:
            score.speaker_missing += 1
            score.missing_speakers.append(f"{label}: {gold_speaker}")
        else:
            keys = names.get(speaker_id, set())
            wanted = {fold_key(gold_speaker)} | also.get(fold_key(gold_speaker), set()) if gold_speaker else set()
            if keys & wanted:
                score.speaker_right += 1
            else:
                score.speaker_wrong += 1
                score.wrong_speakers.append(f"{label}: {row['speaker_surface']} ({speaker_id}), not {gold_speaker}")
    for g_index, (statement, pid, _, _) in enumerate(placed):
        if g_index not in used_g and not statement.get("optional") and pid is not None:
            score.fn += 1
            score.misses.append(
                f"{article_id} [{pid[-3:]}] «{statement['quote_start']} … {statement['quote_end']}» "
                f"({statement['kind']}, {statement.get('verb')}, {statement.get('speaker')})"
            )
    return score


def _ends(quote, n=4):
    words = quote.split()
    return quote if len(words) <= 2 * n else " ".join(words[:n]) + " … " + " ".join(words[-n:])


def evaluate(db_path, gold, entity_gold=()):
    """``{article id: StatementScore}`` plus ``overall``, and ``{outlet: StatementScore}``."""
    db = sqlite_utils.Database(db_path)
    per_article, outlets = {}, {}
    overall = StatementScore()
    names = speaker_names(db)
    for article_id, g in sorted(gold.items()):
        score = score_article(db, article_id, g, entity_gold, names)
        per_article[article_id] = score
        overall.add(score)
        outlets.setdefault(outlet_of(db, article_id), StatementScore()).add(score)
    per_article["overall"] = overall
    return per_article, dict(sorted(outlets.items()))


def format_summary(title, per_article, outlets):
    lines = [f"\n{title}", f"  {'':24} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn  speaker right/wrong/missing  kind"]
    for label, s in [("overall", per_article["overall"]), *outlets.items()]:
        lines.append(
            f"  {label:24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.tp:3} {s.fp:3} {s.fn:3}"
            f"  {s.speaker_accuracy:6.3f} {s.speaker_right:3}/{s.speaker_wrong:2}/{s.speaker_missing:2}"
            f"        {s.kind_accuracy:6.3f}"
        )
    return "\n".join(lines)


def format_errors(per_article):
    s = per_article["overall"]
    lines = []
    for title, items in (("miss", s.misses), ("false statement", s.false_statements),
                         ("wrong speaker", s.wrong_speakers), ("missing speaker", s.missing_speakers),
                         ("gold not found in text", s.unlocated)):
        lines.extend(f"  {title}  {item}" for item in items)
    return "\n".join(lines)


def seed_ids(db_path):
    """The ids of the articles in a database."""
    return {row[0] for row in sqlite_utils.Database(db_path).execute("select id from articles")}


def build_real(corpus, gold_dir, ids, db_path):
    """Build the gold articles ``ids`` from ``corpus`` into ``db_path`` (with ``build_gold_articles``)."""
    import shutil

    with tempfile.TemporaryDirectory() as folder:
        for article_id in ids:
            shutil.copy(Path(gold_dir) / f"{article_id}.yaml", folder)
        build_gold_articles(corpus, folder, db_path)
    return db_path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m build.evaluate_statements", description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="iran_cyberspace.db", help="a database built from the seeds")
    parser.add_argument("--gold", default="tests/gold/statements")
    parser.add_argument("--corpus", type=Path, help="build and score the other gold articles from this corpus")
    parser.add_argument("--real-db", type=Path, help="where to build them (default: a temporary file)")
    parser.add_argument("--summary", action="store_true", help="only the figures, not every error")
    args = parser.parse_args(argv)
    entity_gold = [Path(args.gold).parent, Path(args.gold).parent / "real"]
    all_gold = load_gold(args.gold)
    seeds = {k: v for k, v in all_gold.items() if k in seed_ids(args.db)}
    results = [("seeds", args.db, seeds)]
    with tempfile.TemporaryDirectory() as folder:
        if args.corpus:
            real = {k: v for k, v in all_gold.items() if k not in seeds}
            real_db = args.real_db or Path(folder) / "real.db"
            build_real(args.corpus, args.gold, sorted(real), real_db)
            results.append(("real", real_db, real))
        for title, db_path, gold in results:
            per_article, outlets = evaluate(db_path, gold, entity_gold)
            if not args.summary:
                print(f"\n{title}: every error")
                print(format_errors(per_article))
            print(format_summary(f"{title}: {len(gold)} articles ({args.gold})", per_article, outlets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
