"""The curated lexicons in build/data/, loaded once and indexed for matching.

Every name is indexed by its ``fold_key`` (build/fold.py), so a lexicon
entry matches the text whatever its spelling: Arabic or Persian letters,
with or without hamza, with a ZWNJ, a space or nothing between words.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .fold import fold_key

DATA = Path(__file__).parent / "data"


# libyaml's loader, where PyYAML was built with it, reads the lexicons
# about ten times as fast as the pure-Python one, and gives the same data.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(name):
    """Load a YAML data file: ``name`` in build/data/, or a path."""
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=_YAML_LOADER) or []


def read_words(name):
    """One entry per line; ``#`` starts a comment."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


@dataclass
class Organisation:
    """A body from organisations.yaml."""

    id: str
    name: str
    name_en: str = None
    kind: str = None
    aliases: list = field(default_factory=list)
    acronyms: list = field(default_factory=list)
    parent: str = None
    domains: list = field(default_factory=list)  # an outlet's web domains: asriran.com
    cited_as: list = field(default_factory=list)  # short names used only in «به گزارش X»
    ordinary_word: bool = False  # a one-word name that is also a word or a place: found only where cited


# Kinds of body that publish news: their names, and the short names they
# are cited by, are looked up when an article's publisher is named.
OUTLET_KINDS = {"news agency", "media"}


@dataclass
class Lexicon:
    """All lexicons, with folded-key indexes for matching."""

    organisations: dict  # id -> Organisation
    organisation_keys: dict  # fold_key(name/alias/acronym) -> id
    honorifics: dict  # fold_key -> {text, en, kind}
    roles: dict  # fold_key -> {text, en, ...}
    organisation_heads: dict  # fold_key -> {text, kind}
    unit_heads: set  # fold_keys of heads that name a unit of a following body
    given_names: set  # fold_keys
    surname_suffix_words: set  # fold_keys of surname parts written apart: پور, زاده
    surname_endings: tuple  # folded endings typical of surnames: ی, پور, زاده
    stop_words: set  # fold_keys of words that are never a name on their own
    function_words: set  # fold_keys of words that end a name or noun phrase
    light_verbs: set  # fold_keys of verbs that form compound verbs with a noun
    speech_verbs: set  # fold_keys of single-word speech verbs and first words
    places: set = field(default_factory=set)  # fold_keys of province names
    outlet_keys: dict = field(default_factory=dict)  # fold_key(outlet name or cited_as) -> id
    known_people: dict = field(default_factory=dict)  # fold_key(full name, or surname if alone) -> entry
    known_surnames_after_titles: dict = field(default_factory=dict)  # first surname key -> [entry]: «آقای ظریف»
    ambiguous_given_names: set = field(default_factory=set)  # fold_keys: given names that are ordinary words
    name_titles: set = field(default_factory=set)  # fold_keys of titles that also start names: امیر, حاجی
    given_prefixes: set = field(default_factory=set)  # fold_keys written glued before a given name: سید (سیدرضا)
    surname_first_words: set = field(default_factory=set)  # titles or role words that begin two-word surnames: قاضی
    domains: dict = field(default_factory=dict)  # web domain -> outlet id
    prefixes: set = field(default_factory=set)  # every prefix of every key above

    def index_prefixes(self):
        """Remember every prefix of every multi-word key, to stop scans early."""
        for keys in (self.organisation_keys, self.honorifics, self.roles, self.organisation_heads, self.known_people):
            for key in keys:
                for i in range(1, len(key) + 1):
                    self.prefixes.add(key[:i])


def _index(entries, key="text"):
    return {fold_key(entry[key]): entry for entry in entries}


@functools.lru_cache(maxsize=1)
def load_lexicon():
    """Load and index every lexicon in build/data/ (once per process)."""
    organisations = {}
    keys = {}
    for entry in read_yaml("organisations.yaml"):
        org = Organisation(
            id=entry["id"],
            name=entry["name"],
            name_en=entry.get("name_en"),
            kind=entry.get("kind"),
            aliases=list(entry.get("aliases") or []),
            acronyms=list(entry.get("acronyms") or []),
            parent=entry.get("parent"),
            domains=list(entry.get("domains") or []),
            cited_as=list(entry.get("cited_as") or []),
            ordinary_word=bool(entry.get("ordinary_word")),
        )
        organisations[org.id] = org
        for name in [org.name, *org.aliases, *org.acronyms]:
            keys.setdefault(fold_key(name), org.id)
    heads = read_yaml("organisation_heads.yaml")
    affixes = read_yaml("surname_affixes.yaml")
    lexicon = Lexicon(
        organisations=organisations,
        organisation_keys=keys,
        honorifics=_index(read_yaml("honorifics.yaml")),
        roles=_index(read_yaml("roles.yaml")),
        organisation_heads=_index(heads),
        unit_heads={fold_key(h["text"]) for h in heads if h.get("unit")},
        given_names={fold_key(n) for n in read_words("given_names.txt")},
        surname_suffix_words={fold_key(s) for s in affixes.get("suffixes", []) if len(s) >= 2 and s != "یان"},
        surname_endings=tuple(fold_key(s) for s in affixes.get("suffixes", [])),
        given_prefixes={fold_key(s) for s in affixes.get("given_prefixes", [])},
        surname_first_words={fold_key(s) for s in affixes.get("surname_first_words", [])},
        stop_words={fold_key(w) for w in read_words("stop_names.txt")},
        function_words={fold_key(w) for w in read_words("function_words.txt")},
        light_verbs={fold_key(w) for w in read_words("light_verbs.txt")},
        speech_verbs={fold_key(v.split()[0]) for v in read_words("speech_verbs.txt")},
    )
    for org in organisations.values():
        if org.kind in OUTLET_KINDS or org.domains:
            for name in [org.name, *org.aliases, *org.acronyms, *org.cited_as]:
                lexicon.outlet_keys.setdefault(fold_key(name), org.id)
        for domain in org.domains:
            lexicon.domains.setdefault(domain.lower(), org.id)
    for entry in read_yaml("people.yaml"):
        person = {"name": entry["name"], "surname": entry["surname"], "alone": bool(entry.get("alone"))}
        lexicon.known_people.setdefault(fold_key(entry["name"]), person)
        if person["alone"]:
            lexicon.known_people.setdefault(fold_key(entry["surname"]), person)
        else:
            first_word = fold_key(entry["surname"].split()[0])
            lexicon.known_surnames_after_titles.setdefault(first_word, []).append(person)
    lexicon.ambiguous_given_names = {fold_key(n) for n in read_words("ambiguous_given_names.txt")}
    lexicon.name_titles = {fold_key(h["text"]) for h in read_yaml("honorifics.yaml") if h.get("starts_names")}
    # Provinces are known from the governorates: «استانداری یزد» → یزد.
    governorate = fold_key("استانداری")
    for org in organisations.values():
        key = fold_key(org.name)
        if org.kind == "governorate" and key.startswith(governorate):
            lexicon.places.add(key[len(governorate):])
    lexicon.index_prefixes()
    return lexicon


@functools.lru_cache(maxsize=None)
def word_class(name, folded=True):
    """A class of words from build/data/word_classes.yaml, as a frozenset (folded unless ``folded`` is false).

    >>> fold_key("این") in word_class("determiners")
    True
    """
    words = read_yaml("word_classes.yaml")[name]
    return frozenset(fold_key(w) for w in words) if folded else frozenset(words)


def is_given_name(key, lexicon=None):
    """True for a known given name, or two glued together (محمدباقر, امیرحسین, حمیدرضا, سیدرضا).

    >>> is_given_name(fold_key("محمدباقر")), is_given_name(fold_key("قالیباف")), is_given_name(fold_key("سیدمحسن"))
    (True, False, True)
    """
    lexicon = lexicon or load_lexicon()
    if key in lexicon.given_names:
        return True
    return _compound_given_name(key)


@functools.lru_cache(maxsize=100_000)
def _compound_given_name(key):
    given = load_lexicon().given_names | load_lexicon().name_titles | load_lexicon().given_prefixes
    return any(key[:k] in given and key[k:] in load_lexicon().given_names for k in range(2, len(key) - 1))
