"""Sample rows of ``people`` or ``organisations`` with the text each was found in, to judge by reading.

    python -m build.audit --db real.db --table people --n 60 --seed 1
    python -m build.audit --db real.db --table organisations --n 60 --seed 1 --format yaml > sample.yaml

For each sampled row it prints the name, how it was found and how sure the
build is (``method``, ``confidence``), its counts, and the paragraph of its
first mention with the mention marked «⟦…⟧», so that a person can say
quickly whether the row is a real person or body, named correctly.  The
sample depends only on the seed and the rows, so the same command gives
the same sample.

With ``--judged FILE`` (the YAML this prints, with ``right: true`` or
``right: false`` filled in by a reader) it prints the share judged right,
overall and by confidence level, instead.
"""

import argparse
import random
import sys

import sqlite_utils
import yaml

TABLES = {"people": "person_id", "organisations": "organisation_id"}


def sample(db, table, n, seed, confidence=None):
    """``n`` rows of ``table`` chosen at random (by ``seed``), each with its first mention's paragraph."""
    where = "where confidence = ?" if confidence else ""
    ids = [row[0] for row in db.execute(f"select id from [{table}] {where} order by id", [confidence] if confidence else [])]
    chosen = sorted(random.Random(seed).sample(ids, min(n, len(ids))))
    out = []
    for entity_id in chosen:
        row = next(db.query(f"select * from [{table}] where id = ?", [entity_id]))
        mention = next(
            db.query(
                f"""select mentions.article_id, mentions.paragraph_id, mentions.surface, mentions.char_start,
                mentions.char_end, paragraphs.text from mentions join paragraphs on paragraphs.id = mentions.paragraph_id
                where mentions.{TABLES[table]} = ? order by mentions.article_id, mentions.paragraph_id, mentions.char_start
                limit 1""",
                [entity_id],
            ),
            None,
        )
        item = {
            "id": entity_id,
            "name": row["name"],
            "method": row.get("method"),
            "confidence": row.get("confidence"),
            "n_mentions": row.get("n_mentions"),
            "n_articles": row.get("n_articles"),
        }
        if mention:
            text = mention["text"]
            start, end = mention["char_start"], mention["char_end"]
            left = max(0, start - 160)
            item["paragraph_id"] = mention["paragraph_id"]
            item["context"] = text[left:start] + "⟦" + text[start:end] + "⟧" + text[end : end + 160]
        item["right"] = None
        out.append(item)
    return out


def judged_share(items):
    """``{level: (right, judged)}`` for judged items, and ``"all"``."""
    shares = {}
    for item in items:
        if item.get("right") is None:
            continue
        for level in ("all", item.get("confidence") or "?"):
            right, total = shares.get(level, (0, 0))
            shares[level] = (right + bool(item["right"]), total + 1)
    return shares


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m build.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="iran_cyberspace.db")
    parser.add_argument("--table", choices=sorted(TABLES), default="people")
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--confidence", choices=["high", "medium", "low"], help="sample only rows at this level")
    parser.add_argument("--format", choices=["text", "yaml"], default="text")
    parser.add_argument("--judged", help="a judged sample (YAML): print the share judged right")
    args = parser.parse_args(argv)
    if args.judged:
        with open(args.judged, encoding="utf-8") as handle:
            items = yaml.safe_load(handle)
        for level, (right, total) in sorted(judged_share(items).items()):
            print(f"{level:8} {right}/{total} right = {right / total:.0%}")
        return 0
    items = sample(sqlite_utils.Database(args.db), args.table, args.n, args.seed, args.confidence)
    if args.format == "yaml":
        yaml.safe_dump(items, sys.stdout, allow_unicode=True, sort_keys=False, width=200)
        return 0
    for i, item in enumerate(items, 1):
        print(f"{i:3}. {item['name']}  [{item['method']}, {item['confidence']}, "
              f"{item['n_mentions']} mentions in {item['n_articles']} articles]  {item['id']}")
        print(f"     {item.get('paragraph_id', '-')}: {item.get('context', '(no mention)')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
