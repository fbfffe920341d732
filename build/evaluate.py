"""Score the people, organisations and roles in a built database against gold annotations.

``python -m build.evaluate --db iran_cyberspace.db --gold tests/gold``
prints precision, recall and F1 per article and overall, then every miss
and every false positive.  The gold files are written by hand from the
article texts (tests/gold/README.md).

``python -m build.evaluate --gold tests/gold/real --corpus ../shared/corpora``
first builds the gold's articles, taken from the corpus by their ids,
into a database of their own, and also prints the figures per outlet.

Matching is by name through ``fold_key``: a predicted entity matches a
gold entry if any of its names (canonical name, lexicon aliases and
acronyms, or the forms the article itself uses) equals the gold name or
one of its ``also`` forms.  Items marked ``optional`` in the gold count
neither for nor against.
"""

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
import yaml

from .fold import fold_key


class Rates:
    """Precision, recall and F1 of anything that counts ``tp``, ``fp`` and ``fn``."""

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self):
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score(Rates):
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)

    def add(self, other):
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


def load_gold(gold_dir):
    """``{article id: gold dict}`` from every YAML file in ``gold_dir``."""
    gold = {}
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        gold[data["article"]] = data
    return gold


def _keys(entry, name_field="name", also_field="also"):
    return {fold_key(entry[name_field])} | {fold_key(a) for a in entry.get(also_field) or []}


def match_sets(predicted, gold_entries):
    """Score predicted entities against gold entries.

    ``predicted`` is ``{label: set of name keys}``.  Each gold entry can be
    matched once; an optional entry absorbs a prediction without scoring.
    """
    score = Score()
    used = set()
    for label, keys in sorted(predicted.items()):
        hit = next(
            (i for i, g in enumerate(gold_entries) if i not in used and keys & _keys(g)),
            None,
        )
        if hit is None:
            score.fp += 1
            score.false_positives.append(label)
            continue
        used.add(hit)
        if not gold_entries[hit].get("optional"):
            score.tp += 1
    for i, g in enumerate(gold_entries):
        if i not in used and not g.get("optional"):
            score.fn += 1
            score.misses.append(g["name"])
    return score


def predicted_people(db, article_id):
    """Each person the article mentions, with the names it is known by there.

    A person matches a gold entry by the row's name or by how this article
    writes them (the mentions' surfaces, and their last words without a
    title: «امام خمینی» also as «خمینی»).
    """
    rows = db.query(
        """select people.name, (select json_group_array(surface) from mentions m
           where m.person_id = people.id and m.article_id = :a and m.mention_kind != 'title') as surfaces
        from people where id in (select person_id from mentions where article_id = :a)""",
        {"a": article_id},
    )
    result = {}
    for row in rows:
        keys = {fold_key(row["name"])}
        for surface in json.loads(row["surfaces"]):
            words = surface.split()
            keys.update(fold_key(" ".join(words[i:])) for i in range(len(words)))
        result[row["name"]] = keys
    return result


def predicted_organisations(db, article_id):
    rows = db.query(
        """select organisations.id, organisations.name, organisations.aliases, organisations.acronyms,
        (select json_group_array(surface) from mentions m where m.organisation_id = organisations.id
           and m.article_id = :a) as surfaces
        from organisations where id in (select organisation_id from mentions where article_id = :a)""",
        {"a": article_id},
    )
    result = {}
    for row in rows:
        names = [row["name"], *json.loads(row["aliases"]), *json.loads(row["acronyms"]), *json.loads(row["surfaces"])]
        result[row["name"]] = {fold_key(n) for n in names}
    return result


def score_roles(db, article_id, gold):
    """Roles match on person, organisation and the role phrase."""
    people = {p["name"]: _keys(p) for p in gold.get("people") or []}
    orgs = {o["name"]: _keys(o) for o in gold.get("organisations") or []}
    all_orgs = {
        row["id"]: {fold_key(n) for n in [row["name"], *json.loads(row["aliases"]), *json.loads(row["acronyms"])]}
        for row in db.query("select id, name, aliases, acronyms from organisations")
    }
    score = Score()
    used = set()
    rows = db.query(
        """select distinct people.name as person, roles.organisation_id, roles.role,
        organisations.name as organisation
        from roles join people on people.id = roles.person_id
        left join organisations on organisations.id = roles.organisation_id
        where roles.article_id = ?""",
        [article_id],
    )
    seen = set()
    for row in rows:
        label = (row["person"], row["role"], row["organisation"])
        person_key = fold_key(row["person"])
        org_keys = all_orgs.get(row["organisation_id"], set())
        role_key = fold_key(row["role"])
        if (person_key, role_key, row["organisation_id"]) in seen:
            continue
        seen.add((person_key, role_key, row["organisation_id"]))
        hit = None
        for i, g in enumerate(gold.get("roles") or []):
            if i in used:
                continue
            if person_key not in people.get(g["person"], {fold_key(g["person"])}):
                continue
            gold_org = g.get("organisation")
            if (gold_org is None) != (row["organisation_id"] is None):
                continue
            if gold_org is not None and not (org_keys & orgs.get(gold_org, {fold_key(gold_org)})):
                continue
            roles = {fold_key(g["role"])} | {fold_key(r) for r in g.get("also_role") or []}
            if role_key not in roles:
                continue
            hit = i
            break
        if hit is None:
            score.fp += 1
            score.false_positives.append(" / ".join(str(x) for x in label))
            continue
        used.add(hit)
        if not gold["roles"][hit].get("optional"):
            score.tp += 1
    for i, g in enumerate(gold.get("roles") or []):
        if i not in used and not g.get("optional"):
            score.fn += 1
            score.misses.append(f"{g['person']} / {g['role']} / {g.get('organisation')}")
    return score


def build_gold_articles(corpus, gold_dir, db_path):
    """Build the articles ``gold_dir`` annotates, taken from ``corpus``, into ``db_path``.

    Each article is written as a record that keeps its id, so the small
    build gives it the same id as a build of the whole corpus.
    """
    import tempfile

    from .pipeline import build_database
    from .sources import records_with_ids

    wanted = set(load_gold(gold_dir))
    records = records_with_ids(corpus, wanted)
    missing = wanted - set(records)
    if missing:
        raise SystemExit(f"{corpus}: no article with the id {', '.join(sorted(missing))}")
    with tempfile.TemporaryDirectory() as folder:
        with open(Path(folder) / "gold.jsonl", "w", encoding="utf-8") as handle:
            for article_id in sorted(records):
                handle.write(json.dumps(records[article_id], ensure_ascii=False) + "\n")
        build_database(folder, db_path, jobs=1)
    return db_path


def outlet_of(db, article_id):
    """The outlet an article is grouped under in the report: its publisher id or name."""
    row = db.execute("select coalesce(publisher_id, publisher, '?') from articles where id = ?", [article_id]).fetchone()
    return row[0] if row else "?"


def evaluate(db_path, gold_dir):
    """``{kind: {article id: Score}}`` plus an ``overall`` entry per kind."""
    db = sqlite_utils.Database(db_path)
    gold = load_gold(gold_dir)
    results = {"people": {}, "organisations": {}, "roles": {}}
    for article_id, g in gold.items():
        results["people"][article_id] = match_sets(predicted_people(db, article_id), g.get("people") or [])
        results["organisations"][article_id] = match_sets(
            predicted_organisations(db, article_id), g.get("organisations") or []
        )
        results["roles"][article_id] = score_roles(db, article_id, g)
    for kind, per_article in results.items():
        overall = Score()
        for score in per_article.values():
            overall.add(score)
        per_article["overall"] = overall
    return results


def by_outlet(db_path, results):
    """``{kind: {outlet: Score}}``: the per-article scores summed by outlet."""
    db = sqlite_utils.Database(db_path)
    grouped = {}
    for kind, per_article in results.items():
        sums = {}
        for article_id, score in per_article.items():
            if article_id == "overall":
                continue
            sums.setdefault(outlet_of(db, article_id), Score()).add(score)
        grouped[kind] = dict(sorted(sums.items()))
    return grouped


def format_summary(results, outlets=None):
    """One line per kind (and per outlet): P, R, F1 and the counts."""
    lines = [f"  {'':16} {'':24} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"]
    for kind, per_article in results.items():
        rows = [("overall", per_article["overall"])] + list((outlets or {}).get(kind, {}).items())
        for label, s in rows:
            lines.append(f"  {kind:16} {label:24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.tp:3} {s.fp:3} {s.fn:3}")
    return "\n".join(lines)


def format_report(results):
    lines = []
    for kind, per_article in results.items():
        lines.append(f"\n{kind}")
        lines.append(f"  {'article':24} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
        for article_id, s in per_article.items():
            lines.append(
                f"  {article_id:24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.tp:3} {s.fp:3} {s.fn:3}"
            )
        for article_id, s in per_article.items():
            for miss in s.misses:
                lines.append(f"  miss  {article_id}: {miss}")
            for fp in s.false_positives:
                lines.append(f"  false positive  {article_id}: {fp}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m build.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="iran_cyberspace.db", help="database to score (with --corpus: where to build it)")
    parser.add_argument("--gold", default="tests/gold")
    parser.add_argument("--corpus", type=Path, help="build the gold's articles from this corpus first")
    parser.add_argument("--summary", action="store_true", help="only the overall and per-outlet figures")
    args = parser.parse_args(argv)
    if args.corpus:
        build_gold_articles(args.corpus, args.gold, args.db)
    results = evaluate(args.db, args.gold)
    if not args.summary:
        print(format_report(results))
    print(f"\n{args.gold}: {len(load_gold(args.gold))} articles")
    print(format_summary(results, by_outlet(args.db, results) if args.corpus else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
