"""Generate a deterministic synthetic corpus from the seed articles.

Benchmarks and load tests need thousands of articles that look like the
seeds: the same kinds of lines (title, dateline, attribution, body,
furniture), the same spelling problems (lost zero-width non-joiners,
Arabic yeh) and the same size.  Five seeds are not enough, and real news
cannot be downloaded here, so articles are recombined from the seeds:

* a title line: a seed title or a sub-headline cut from a seed paragraph;
* an optional dateline with a valid Jalali date whose weekday agrees with
  it («شنبه ۱۶ تیر ۱۴۰۳», «25 مرداد 1393 ساعت 12:13»);
* body paragraphs drawn from all seed bodies, with given names and curated
  organisation names swapped for others from ``build/data``;
* some page furniture («انتهای پیام/», «کد خبر: 1234», comment widgets);
* some words with their ZWNJ removed, as copied news text often has.

The same ``--seed`` always gives byte-identical files.  Each article is
written as soon as it is made, so memory does not grow with ``--n``.

    python -m build.corpus --n 10000 --out /tmp/corpus-10000 --seed 1
"""

import argparse
import hashlib
import random
import re
import sys
from pathlib import Path

import jdatetime
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SEEDS = ROOT / "seeds"

ZWNJ = "\u200c"
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")
MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
FURNITURE = (
    "انتهای پیام/",
    "پایان پیام /",
    "کد خبر: {n}",
    "کد مطلب: {n}",
    "نظرات",
    "ارسال نظر",
    "ثبت دیدگاه",
    "هنوز هیچ دیدگاهی ثبت نشده است اولین نظر را شما ثبت کنید",
    "شما می توانید این مطلب را ویرایش نمایید",
)
AGENCIES = ("خبرگزاری ایسنا", "خبرگزاری ايسنا", "خبرگزاری فارس", "ایرنا", "ایتنا", "خبرگزاری بسیج", "مهر")
# Paragraphs shorter than this are furniture or headlines, not body text.
MIN_BODY_CHARS = 150
MAX_TITLE_WORDS = 14


def load_seed_parts(seeds_dir=SEEDS):
    """Return ``(titles, bodies, sizes)`` read from the seed articles.

    A title is the first line of a seed; body paragraphs are the lines of
    at least ``MIN_BODY_CHARS`` characters; sizes are the files' byte sizes.
    """
    titles, bodies, sizes = [], [], []
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        data = path.read_bytes()
        sizes.append(len(data))
        lines = [line.strip() for line in data.decode("utf-8-sig").splitlines() if line.strip()]
        short = [line for line in lines if len(line.split()) <= MAX_TITLE_WORDS + 6 and len(line) > 40]
        titles.extend(short[:1])
        bodies.extend(line for line in lines if len(line) >= MIN_BODY_CHARS)
    return titles, bodies, sizes


def load_given_names():
    """Given names from build/data/given_names.txt (comments skipped)."""
    text = (DATA / "given_names.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def load_organisation_names():
    """Names and aliases of the curated organisations, longest first."""
    entries = yaml.safe_load((DATA / "organisations.yaml").read_text(encoding="utf-8"))
    names = set()
    for entry in entries:
        names.add(entry["name"])
        names.update(entry.get("aliases") or [])
    return sorted(names, key=lambda n: (-len(n), n))


class Recombiner:
    """Everything needed to make articles, loaded once."""

    def __init__(self, seeds_dir=SEEDS):
        self.titles, self.bodies, self.sizes = load_seed_parts(seeds_dir)
        self.given_names = load_given_names()
        self.organisations = load_organisation_names()
        self.mean_size = sum(self.sizes) / len(self.sizes)
        names = "|".join(re.escape(n) for n in self.given_names)
        self._given = re.compile(rf"(?<![\w\u200c])(?:{names})(?![\w\u200c])")
        orgs = "|".join(re.escape(n) for n in self.organisations)
        self._org = re.compile(rf"(?<![\w\u200c])(?:{orgs})(?![\w\u200c])")
        self._zwnj_word = re.compile(r"[\w]+\u200c[\w\u200c]+")

    def swap_names(self, text, rng):
        """Replace given names and curated organisation names by random others."""
        text = self._given.sub(lambda m: rng.choice(self.given_names), text)
        return self._org.sub(lambda m: rng.choice(self.organisations), text)

    def glue(self, text, rng, rate=0.15):
        """Remove the ZWNJ from a share of the words written with one."""
        return self._zwnj_word.sub(
            lambda m: m.group(0).replace(ZWNJ, "") if rng.random() < rate else m.group(0), text
        )

    def title(self, rng):
        """A seed title, or a sub-headline cut from the start of a body paragraph."""
        if rng.random() < 0.4:
            return rng.choice(self.titles)
        words = re.split(r"\s+", rng.choice(self.bodies))
        n = rng.randint(6, MAX_TITLE_WORDS)
        return " ".join(words[:n]).rstrip(".،:؛")

    def article(self, rng):
        """The text of one synthetic article (lines joined by newlines)."""
        target = self.mean_size * rng.uniform(0.4, 1.6)
        lines = [self.swap_names(self.title(rng), rng)]
        if rng.random() < 0.7:
            lines.append(dateline(rng))
        size = sum(len(line.encode("utf-8")) for line in lines)
        while size < target:
            paragraph = self.glue(self.swap_names(rng.choice(self.bodies), rng), rng)
            lines.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
        for _ in range(rng.randint(0, 3)):
            lines.append(rng.choice(FURNITURE).format(n=rng.randint(1000, 999999)))
        separator = "\n\n" if rng.random() < 0.5 else "\n"
        return separator.join(lines) + "\n"


def random_jalali(rng):
    """A random valid Jalali date-time between 1390 and 1404."""
    start = jdatetime.date(1390, 1, 1).togregorian().toordinal()
    end = jdatetime.date(1404, 12, 29).togregorian().toordinal()
    import datetime

    day = datetime.date.fromordinal(rng.randint(start, end))
    return jdatetime.datetime.fromgregorian(
        datetime=datetime.datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59))
    )


def dateline(rng):
    """A dateline in one of the shapes the seeds use; weekday and date agree."""
    when = random_jalali(rng)
    weekday = WEEKDAYS[when.weekday()]
    month = MONTHS[when.month - 1]
    shape = rng.randrange(3)
    if shape == 0:
        return f"{weekday} {when.day} {month} {when.year}".translate(PERSIAN_DIGITS)
    if shape == 1:
        return f"{weekday} {when.day} {month} {when.year}"
    return f"{rng.choice(AGENCIES)} , {when.day} {month} {when.year} ساعت {when.hour:02d}:{when.minute:02d}"


def write_corpus(n, out_dir, seed=1, seeds_dir=SEEDS):
    """Write ``n`` articles to ``out_dir`` as ``NNNNNN_<hash>.txt``; return bytes written.

    Article ``i`` depends only on ``seed`` and ``i``, so corpora of
    different sizes share their first articles.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    maker = Recombiner(seeds_dir)
    total = 0
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        data = maker.article(rng).encode("utf-8")
        name = f"{i:06d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        (out_dir / name).write_bytes(data)
        total += len(data)
    return total


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m build.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--out", required=True, help="directory to write the articles to")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--seeds", default=str(SEEDS), help="seed articles to recombine (default seeds/)")
    args = parser.parse_args(argv)
    total = write_corpus(args.n, args.out, seed=args.seed, seeds_dir=args.seeds)
    print(f"Wrote {args.n} articles ({total / 1e6:.1f} MB) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
