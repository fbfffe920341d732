"""How each person and body was found, and how far a reader may rely on it.

Every row of ``people`` and ``organisations`` gets:

``evidence``    a JSON object: how many mentions each way of finding it gave
                (``{"lexicon": 12, "given-name+surname": 3}``)
``method``      the strongest of those ways (``EVIDENCE_ORDER``)
``confidence``  ``high``, ``medium`` or ``low``, by the rules below

People:

* **high**: a known person (build/data/people.yaml), or a full name found
  by a rule in at least two articles, or with a title and given name;
* **medium**: a full name found by a rule in one article;
* **low**: only ever a surname or a title with a surname.

Bodies:

* **high**: a lexicon entry (build/data/organisations.yaml), or a unit or
  branch of one;
* **medium**: found by a head noun and its phrase in at least two articles;
* **low**: found by a head noun in one article only, or as a name in
  guillemets («پایگاه اینترنتی «ایلاف»», «حزب «الدعوه»») in one article only.

A reader who wants only what is well supported filters
``confidence != 'low'``; the canned queries say which levels they show.
"""

import json

# The ways a person or body is found, strongest first, and the mention
# methods (mentions.method) that belong to each.
PERSON_EVIDENCE = [
    ("lexicon", lambda m: m.startswith("lexicon:person")),
    ("honorific+name", lambda m: m == "rule:honorific+name"),
    ("given-name+surname", lambda m: m == "rule:given-name+surname"),
    ("role+name", lambda m: m.startswith("rule:role:")),
    ("surname-in-article", lambda m: m == "article:surname"),
]
ORGANISATION_EVIDENCE = [
    ("lexicon", lambda m: m.startswith("lexicon:") or m.startswith("ellipsis:")),
    ("unit-of-known-body", lambda m: m.startswith("rule:branch-of:") or m.startswith("rule:unit-of:")),
    ("head+phrase", lambda m: m.startswith("rule:head:")),
    ("name-in-guillemets", lambda m: m in ("rule:quoted-name", "article:same-name")),
]


def evidence_label(method, table):
    """The evidence a mention's ``method`` gives, for ``people`` or ``organisations``.

    >>> evidence_label("lexicon:person:surname", "people")
    'lexicon'
    >>> evidence_label("rule:head:سازمان", "organisations")
    'head+phrase'
    """
    order = PERSON_EVIDENCE if table == "people" else ORGANISATION_EVIDENCE
    return next((label for label, test in order if test(method)), "other")


def strongest(evidence, table):
    """The strongest label in an ``{label: count}`` mapping."""
    order = [label for label, _ in (PERSON_EVIDENCE if table == "people" else ORGANISATION_EVIDENCE)] + ["other"]
    return min(evidence, key=order.index) if evidence else None


def person_confidence(evidence, n_articles, full_name, with_given_and_title=False):
    """``high``, ``medium`` or ``low`` for a person (rules in the module docstring).

    >>> person_confidence({"lexicon": 1}, 1, True)
    'high'
    >>> person_confidence({"given-name+surname": 2}, 2, True)
    'high'
    >>> person_confidence({"given-name+surname": 1}, 1, True)
    'medium'
    >>> person_confidence({"honorific+name": 3}, 3, False)
    'low'
    """
    if "lexicon" in evidence:
        return "high"
    if not full_name:
        return "low"
    if n_articles >= 2 or with_given_and_title:
        return "high"
    return "medium"


def organisation_confidence(evidence, n_articles, source):
    """``high``, ``medium`` or ``low`` for a body (rules in the module docstring).

    >>> organisation_confidence({"head+phrase": 4}, 3, "rule")
    'medium'
    >>> organisation_confidence({"head+phrase": 1}, 1, "rule")
    'low'
    """
    if source == "lexicon" or "lexicon" in evidence or "unit-of-known-body" in evidence:
        return "high"
    return "medium" if n_articles >= 2 else "low"


def evidence_by_entity(db, column, table):
    """``{entity id: {label: mentions}}`` from the mentions table."""
    result = {}
    for entity_id, method, n in db.execute(
        f"select {column}, method, count(*) from mentions where {column} is not null group by 1, 2 order by 1, 2"
    ):
        label = evidence_label(method, table)
        bucket = result.setdefault(entity_id, {})
        bucket[label] = bucket.get(label, 0) + n
    return result


def as_json(evidence):
    """The evidence as a JSON object, strongest way first."""
    return json.dumps(dict(sorted(evidence.items(), key=lambda item: (-item[1], item[0]))), ensure_ascii=False)
