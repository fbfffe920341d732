"""A small set of entity tables for testing the site's entity pages.

The entity tables (people, organisations, mentions, roles) are built by
build/entities.py.  A database built without them still serves every page;
pages that use them are tested against a copy of the seed database to which
this module adds a few people and organisations, with their mentions found
in the real paragraph texts (offsets are 0-based, end-exclusive, into
paragraphs.text, as in the real tables).  If the database already has the
tables, it is left alone.
"""

import sqlite_utils

PEOPLE = {
    "person-gheibparvar": ("غلامحسین غیب‌پرور", '["سردار"]', ["غلامحسین غیب پرور", "غیب پرور"]),
    "person-nejat": ("حسین نجات", '["سردار"]', ["حسین نجات", "سردار نجات"]),
}
ORGANISATIONS = {
    "passive-defense-organization": ("سازمان پدافند غیرعامل", "Passive Defense Organization", "military",
                                     ["سازمان پدافند غیرعامل"]),
    "national-center-for-cyberspace": ("مرکز ملی فضای مجازی", "National Center for Cyberspace", "council",
                                       ["مرکز ملی فضای مجازی"]),
    "basij-organization": ("سازمان بسیج مستضعفین", "Basij Organization", "military", ["سازمان بسیج"]),
    "irgc": ("سپاه پاسداران انقلاب اسلامی", "IRGC", "military", ["سپاه پاسداران انقلاب اسلامی", "سپاه"]),
}


def find_mentions(paragraphs, surfaces):
    """Non-overlapping occurrences of ``surfaces`` (entity id → list) in paragraphs.

    Longer surfaces win over shorter ones that overlap them.
    """
    found = []
    by_length = sorted(((s, e) for e, ss in surfaces.items() for s in ss), key=lambda x: -len(x[0]))
    for paragraph in paragraphs:
        taken = []
        for surface, entity in by_length:
            start = paragraph["text"].find(surface)
            while start != -1:
                end = start + len(surface)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    found.append((paragraph, entity, surface, start, end))
                start = paragraph["text"].find(surface, end)
    return found


def add_entity_tables(path):
    """Add people, organisations, mentions and roles to the database at ``path``."""
    db = sqlite_utils.Database(path)
    if "mentions" in db.table_names():
        return
    paragraphs = list(db.query("select id, article_id, text from paragraphs"))
    surfaces = {k: v[2] for k, v in PEOPLE.items()}
    surfaces.update({k: v[3] for k, v in ORGANISATIONS.items()})
    mentions = []
    for paragraph, entity, surface, start, end in find_mentions(paragraphs, surfaces):
        is_person = entity in PEOPLE
        mentions.append({
            "id": f"{paragraph['id']}:{start}-{end}",
            "article_id": paragraph["article_id"],
            "paragraph_id": paragraph["id"],
            "person_id": entity if is_person else None,
            "organisation_id": None if is_person else entity,
            "surface": surface,
            "char_start": start,
            "char_end": end,
            "mention_kind": "name",
            "method": "fixture",
        })

    def counts(entity, key):
        rows = [m for m in mentions if m[key] == entity]
        return len(rows), len({m["article_id"] for m in rows})

    db["people"].insert_all(
        [{"id": k, "name": v[0], "honorifics": v[1],
          "n_mentions": counts(k, "person_id")[0], "n_articles": counts(k, "person_id")[1]}
         for k, v in PEOPLE.items()], pk="id")
    db["organisations"].insert_all(
        [{"id": k, "name": v[0], "name_en": v[1], "kind": v[2], "parent_id": None,
          "aliases": "[]", "acronyms": "[]",
          "n_mentions": counts(k, "organisation_id")[0], "n_articles": counts(k, "organisation_id")[1]}
         for k, v in ORGANISATIONS.items()], pk="id")
    db["mentions"].insert_all(mentions, pk="id", foreign_keys=[
        ("article_id", "articles", "id"), ("paragraph_id", "paragraphs", "id"),
        ("person_id", "people", "id"), ("organisation_id", "organisations", "id")])
    db["roles"].insert_all([{
        "id": "fixture-role-1", "person_id": "person-nejat", "organisation_id": "irgc",
        "role": "جانشین فرمانده", "article_id": "003_67594997d190f86c",
        "paragraph_id": "003_67594997d190f86c-019"}], pk="id")
