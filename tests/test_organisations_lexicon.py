"""Checks on the curated lexicon of organisations (build/data/organisations.yaml)."""

import re
from pathlib import Path

import pytest
import yaml

from build.fold import fold_key

LEXICON = Path(__file__).resolve().parent.parent / "build" / "data" / "organisations.yaml"

KINDS = {
    "news agency", "media", "council", "ministry", "military", "security",
    "police", "governorate", "government agency", "judiciary", "parliament",
    "ngo", "international", "university", "research institute", "company",
    "religious", "political party", "unit",
    "foreign government", "foreign military", "armed group", "sports body", "sports club",
}
FIELDS = {"id", "name", "name_en", "kind", "aliases", "acronyms", "parent"}
# Outlets also list their web domains, the short names «به گزارش X» cites them by,
# and whether their one-word name is also an ordinary word.
OPTIONAL_FIELDS = {"domains", "cited_as", "ordinary_word"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def entries():
    with LEXICON.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, list)
    return data


def _surface_forms(entry):
    return [entry["name"], *(entry.get("aliases") or []), *(entry.get("acronyms") or [])]


def test_parses_with_expected_fields(entries):
    for entry in entries:
        assert isinstance(entry, dict)
        assert FIELDS <= set(entry) <= FIELDS | OPTIONAL_FIELDS, entry.get("id")
        assert isinstance(entry["name"], str) and entry["name"].strip()
        assert isinstance(entry["name_en"], str) and entry["name_en"].strip()
        assert isinstance(entry["aliases"], list)
        assert isinstance(entry["acronyms"], list)
        for form in _surface_forms(entry):
            assert isinstance(form, str) and form.strip(), entry["id"]


def test_web_domains_name_one_outlet_each(entries):
    owners = {}
    for entry in entries:
        for domain in entry.get("domains") or []:
            assert domain == domain.lower() and "/" not in domain and not domain.startswith("www."), domain
            assert owners.setdefault(domain, entry["id"]) == entry["id"], domain


def test_at_least_150_entries(entries):
    assert len(entries) >= 150


def test_ids_unique_ascii_slugs(entries):
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    for i in ids:
        assert isinstance(i, str) and SLUG.match(i), i


def test_kinds_allowed(entries):
    for e in entries:
        assert e["kind"] in KINDS, (e["id"], e["kind"])


def test_parents_exist(entries):
    ids = {e["id"] for e in entries}
    for e in entries:
        parent = e["parent"]
        assert parent is None or parent in ids, (e["id"], parent)
        assert parent != e["id"]


def test_no_parent_cycles(entries):
    parents = {e["id"]: e["parent"] for e in entries}
    for start in parents:
        seen, node = set(), start
        while node is not None:
            assert node not in seen, start
            seen.add(node)
            node = parents[node]


def test_no_surface_form_repeated_after_folding(entries):
    owner = {}
    for e in entries:
        for form in _surface_forms(e):
            key = fold_key(form)
            assert key, (e["id"], form)
            assert key not in owner, (form, e["id"], owner.get(key))
            owner[key] = e["id"]


def test_no_arabic_yeh_or_kaf():
    text = LEXICON.read_text(encoding="utf-8")
    assert "ي" not in text
    assert "ك" not in text
