"""Resolve an article's mentions to people and organisations, and merge across articles.

Within an article:

* a short form resolves to the one full name with that surname anywhere
  in the article (غیب‌پرور, دکتر موسوی, سردار نجات, مهدیون); if two people
  share the surname it is left unresolved rather than guessed;
* after a full name is known, its bare surname is found everywhere else
  in the article;
* a title with no name beside it («رئیس سازمان بسیج مستضعفین گفت») refers
  to the person the article gives that role, or, when the title is the
  subject of a statement and the article names exactly one person, to that
  person.

Across articles a person or organisation is one row, identified by its
folded canonical name (organisations from the lexicon keep their curated
id), so IDs never depend on the order articles are read.

Nested names are separate rows: «روابط عمومی مرکز ملی فضای مجازی» is a
unit whose ``parent_id`` is مرکز ملی فضای مجازی, and both are mentioned.
"""

import hashlib
import json
import re
from collections import Counter, defaultdict

from . import confidence
from .fold import fold, fold_key
from .lexicon import is_given_name, load_lexicon
from .recognise import OrgMention, match_keys, matched_key, recognise_paragraph, speaker_words, tokenise
from .schema import temp_ids, within

_SENTENCE_END = re.compile(r"[.!؟?]")


def stable_id(prefix, name):
    """An id derived from the folded name, so it survives rebuilds."""
    return f"{prefix}-{hashlib.sha1(fold_key(name).encode('utf-8')).hexdigest()[:10]}"


def person_id(name):
    return stable_id("person", name)


def organisation_id(mention):
    return mention.org_id or stable_id("org", mention.name)


def _org_mention_kind(mention, lexicon):
    if mention.method.startswith("ellipsis") or mention.short:
        return "short"
    if mention.org_id is None:
        return "name"
    org = lexicon.organisations[mention.org_id]
    key = fold_key(mention.name_as_written)
    if key in {fold_key(a) for a in org.acronyms}:
        return "acronym"
    if key in {fold_key(a) for a in org.cited_as}:
        return "short"
    if key == fold_key(org.name):
        return "name"
    return "alias"


def _says(text, end):
    """True if the sentence continues after ``end`` into a statement (: or a speech verb)."""
    lexicon = load_lexicon()
    rest = _SENTENCE_END.split(text[end:], maxsplit=1)[0]
    if rest.lstrip().startswith(":"):
        return True
    return any(fold_key(word) in lexicon.speech_verbs for word in rest.split()[:25])


def _inside_quotation(text, start):
    """True when ``start`` is inside words quoted after a colon: «… گفت: … با استاندار ایلام …».

    A title in someone's quoted words is who they speak of, not who speaks.
    """
    return ":" in text[:start]


def _after_preposition(text, tokens, first, lexicon):
    """True when a title stands after a preposition: «در گفت‌وگو با خبرنگار فارس گفت».

    Such a title is not who speaks, so it is never resolved to the speaker.
    """
    return first > 0 and tokens[first - 1].key in lexicon.function_words


def extract_entities(article_id, paragraphs):
    """Rows for ``mentions``, ``roles``, ``article_people`` and ``article_organisations``.

    ``paragraphs`` is a list of ``(paragraph_id, kind, text)`` in order.
    Boilerplate is skipped: a name in a footer tag is not a mention.  The
    steps run in this order because each needs the one before: people
    first (a bare surname needs the full names), then shortened bodies
    (a role and a mention of one body must get one id), then roles and
    titles, then the bodies' mentions.
    """
    article = ArticleEntities(article_id, paragraphs)
    article.mention_people()
    article.mention_bare_surnames()
    _merge_short_organisations([o for _, _, found in article.recognised for o in found.organisations], article.lexicon)
    article.resolve_roles()
    article.mention_organisations()
    return article.rows()


class ArticleEntities:
    """One article's recognised paragraphs, and the rows made from them step by step."""

    def __init__(self, article_id, paragraphs):
        self.article_id = article_id
        self.lexicon = lexicon = load_lexicon()
        tokenised = [(pid, text, tokenise(text)) for pid, kind, text in paragraphs if kind != "boilerplate"]
        article_words = {t.key for _, _, tokens in tokenised for t in tokens}
        speakers = speaker_words([(text, tokens) for _, text, tokens in tokenised], lexicon)
        self.recognised = [(pid, text, recognise_paragraph(text, article_words, speakers)) for pid, text, _ in tokenised]
        _find_quoted_names_again(self.recognised)
        self.people = self._full_names()
        self.by_surname = defaultdict(set)
        for key, record in self.people.items():
            for surname in record["surnames"]:
                self.by_surname[surname].add(key)
        self.mentions, self.roles, self.stated = [], [], []
        self.organisations = {}
        self.person_mentions = defaultdict(list)  # paragraph id -> [(first, last)]

    # -- people ---------------------------------------------------------------

    def _full_names(self):
        """People with a full name, keyed by folded name, with their names, honorifics and surnames."""
        people = {}
        for _, _, found in self.recognised:
            for p in found.people:
                if p.is_full:
                    record = people.setdefault(fold_key(p.name), {"names": Counter(), "honorifics": Counter(), "surnames": set()})
                    record["names"][p.name] += 1
                    record["surnames"].add(fold_key("".join(p.surname)))
                    if len(p.surname) > 1:
                        # «مسجدی» for «عباس مسجدی آرانی»: the first word of a two-word surname, used alone
                        record["surnames"].add(fold_key(p.surname[0]))
                    for h in p.honorifics:
                        record["honorifics"][h] += 1
        return people

    def resolve(self, p):
        """The key of the person a mention refers to, or None."""
        if p.is_full:
            return fold_key(p.name)
        candidates = self.by_surname.get(fold_key("".join(p.surname)), set())
        if len(candidates) == 1:
            return next(iter(candidates))
        if not candidates and p.honorifics:
            record = self.people.setdefault(fold_key(p.name), {"names": Counter(), "honorifics": Counter(), "surnames": set()})
            record["names"][p.name] += 1
            for h in p.honorifics:
                record["honorifics"][h] += 1
            return fold_key(p.name)
        return None

    def add_mention(self, pid, text, tokens, first, last, person_key=None, org=None, kind="name", method=""):
        start, end = tokens[first].start, tokens[last].end
        self.mentions.append(
            {
                "id": f"{pid}-{start}-{end}",
                "article_id": self.article_id,
                "paragraph_id": pid,
                "person_id": person_id(_display_name(self.people[person_key])) if person_key else None,
                "organisation_id": organisation_id(org) if org else None,
                "surface": text[start:end],
                "char_start": start,
                "char_end": end,
                "mention_kind": kind,
                "method": method,
            }
        )

    def mention_people(self):
        """A mention for every person the recogniser found and the article lets us resolve."""
        for pid, text, found in self.recognised:
            tokens = found.tokens
            for org in found.organisations:
                org.name_as_written = text[tokens[org.first].start : tokens[org.last].end]
            for p in found.people:
                key = self.resolve(p)
                if key is None:
                    continue
                p.key = key
                kind = "name" if p.is_full else "short"
                self.add_mention(pid, text, tokens, p.first, p.last, person_key=key, kind=kind, method=p.method)
                self.person_mentions[pid].append((p.first, p.last))

    def mention_bare_surnames(self):
        """Bare surnames of people named in full somewhere in the article."""
        unique_surnames = {s: next(iter(keys)) for s, keys in self.by_surname.items() if len(keys) == 1}
        surname_prefixes = {s[:i] for s in unique_surnames for i in range(1, len(s) + 1)}
        for pid, text, found in self.recognised:
            tokens = found.tokens
            covered = {i for a, b in self.person_mentions[pid] for i in range(a, b + 1)}
            covered |= {i for o in found.organisations for i in range(o.first, o.last + 1)}
            i = 0
            while i < len(tokens):
                # Most words start no surname: ask the prefixes before calling.
                starts = tokens[i].key in surname_prefixes and i not in covered
                last = match_keys(text, tokens, i, unique_surnames, surname_prefixes, 3) if starts else None
                if (
                    last is not None and not any(k in covered for k in range(i, last + 1))
                    and (not _ordinary_surname(tokens, i, last, self.lexicon) or _speaks(text, tokens, last, self.lexicon))
                ):
                    key = unique_surnames[matched_key(tokens, i, last, unique_surnames)]
                    self.add_mention(pid, text, tokens, i, last, person_key=key, kind="short", method="article:surname")
                    i = last + 1
                else:
                    i += 1

    # -- roles and titles -------------------------------------------------------

    def _title_holder(self, role, text, tokens):
        """``(person key, method)`` for a role phrase with no name beside it: a title.

        The person the article states the same role for, or the one person
        it names in full when the title speaks and is no one spoken of.
        """
        org_key = organisation_id(role.org) if role.org else None
        matches = {k for k, r in self.stated if _same_role(r.role, role.role) and r.org and organisation_id(r.org) == org_key}
        if not matches:
            matches = {k for k, r in self.stated if _same_role(r.role, role.role) and r.org is None}
        if len(matches) == 1:
            return matches.pop(), role.method + ":stated-role"
        full = [k for k, r in self.people.items() if any(len(n.split()) > 1 for n in r["names"])]
        if (
            not matches and len(full) == 1 and _says(text, tokens[role.last].end)
            and not _after_preposition(text, tokens, role.first, self.lexicon)
            and not _inside_quotation(text, tokens[role.first].start)
        ):
            return full[0], role.method + ":only-person"
        return None, role.method

    def resolve_roles(self):
        """A row for every role stated beside a name, and for every title resolved to a person."""
        for _, _, found in self.recognised:
            for role in found.roles:
                if role.person is not None and role.person.key:
                    self.stated.append((role.person.key, role))
        for pid, text, found in self.recognised:
            tokens = found.tokens
            for role in found.roles:
                if role.person is not None:
                    key, method = role.person.key, role.method
                else:
                    key, method = self._title_holder(role, text, tokens)
                    if key is None:
                        continue
                    self.add_mention(pid, text, tokens, role.first, role.last, person_key=key, kind="title", method=method)
                if key is None:
                    continue
                start, end = tokens[role.first].start, tokens[role.last].end
                self.roles.append(
                    {
                        "id": f"{pid}-{start}-{end}",
                        "person_id": person_id(_display_name(self.people[key])),
                        "organisation_id": organisation_id(role.org) if role.org else None,
                        "role": role.role,
                        "article_id": self.article_id,
                        "paragraph_id": pid,
                        "surface": text[start:end],
                        "char_start": start,
                        "char_end": end,
                        "method": method,
                    }
                )
                if role.org is not None and role.org.implied:
                    _note_org(self.organisations, role.org, self.lexicon, mentioned=False)
        # Roles with no organisation take the one a title gives the same role.
        _fill_role_organisations(self.roles, self.stated)
        _unify_role_wording(self.roles)

    # -- organisations ------------------------------------------------------------

    def mention_organisations(self):
        for pid, text, found in self.recognised:
            for org in found.organisations:
                _note_org(self.organisations, org, self.lexicon)
                self.add_mention(
                    pid, text, found.tokens, org.first, org.last, org=org,
                    kind=_org_mention_kind(org, self.lexicon), method=org.method,
                )

    # -- rows -----------------------------------------------------------------------

    def rows(self):
        article_people = [
            {
                "article_id": self.article_id,
                "person_id": person_id(_display_name(record)),
                "name": _display_name(record),
                "honorifics": json.dumps([h for h, _ in record["honorifics"].most_common()], ensure_ascii=False),
            }
            for record in self.people.values()
            if any(m["person_id"] == person_id(_display_name(record)) for m in self.mentions)
        ]
        mentions = sorted(self.mentions, key=lambda m: (m["paragraph_id"], m["char_start"], -m["char_end"], m["id"]))
        roles = sorted(self.roles, key=lambda r: r["id"])
        seen = set()
        mentions = [m for m in mentions if not (m["id"] in seen or seen.add(m["id"]))]
        seen = set()
        roles = [r for r in roles if not (r["id"] in seen or seen.add(r["id"]))]
        return {
            "mentions": mentions,
            "roles": roles,
            "article_people": sorted(article_people, key=lambda r: r["person_id"]),
            "article_organisations": [
                dict(row, article_id=self.article_id) for _, row in sorted(self.organisations.items())
            ],
        }


def _ordinary_surname(tokens, first, last, lexicon):
    """True for a one-word surname that is also an ordinary word or a given name, with no surname's ending.

    «کودک» of «عالیه کودک», «حج», «فاطمه»: written alone, such a word is
    far more often the word than the person.
    """
    from .recognise import _is_unknown_word

    if first != last:
        return False
    token = tokens[first]
    if is_given_name(token.key, lexicon):
        return True
    return not _is_unknown_word(token.text) and not token.key.endswith(lexicon.surname_endings)


def _speaks(text, tokens, last, lexicon):
    """True when the words after token ``last`` make it speak: a speech verb or a colon."""
    if text[tokens[last].end :].lstrip().startswith(":"):
        return True
    return last + 1 < len(tokens) and tokens[last + 1].key in lexicon.speech_verbs


def _same_role(a, b):
    """«رئیس» and «رییس», «سخنگو» and «سخنگوی»: one role."""
    a, b = fold_key(a), fold_key(b)
    return a == b or a.rstrip("ی") == b.rstrip("ی")


def _merge_short_organisations(mentions, lexicon):
    """Resolve shortened names of bodies to the full name used in the same article.

    «سازمان تبلیغات» is سازمان تبلیغات اسلامی when the article names it in
    full; «کارگروه امور بین‌الملل» is «کارگروه راهبردی امور بین‌الملل فضای
    مجازی» when that is the only body in the article with the same head
    whose name contains all of its words.  Only names found by rule are
    shortened this way; lexicon names are already canonical.
    """
    known = {}
    for m in mentions:
        if m.org_id:
            org = lexicon.organisations[m.org_id]
            for name in [org.name, *org.aliases]:
                known.setdefault(m.org_id, []).append([t.key for t in tokenise(name)])
    rule = [m for m in mentions if m.org_id is None and m.own_keys]
    _cut_run_on_names(rule, lexicon)
    for m in rule:
        keys = m.own_keys
        prefix_of = {
            oid for oid, names in known.items() for name in names if len(name) > len(keys) and name[: len(keys)] == keys
        }
        if len(prefix_of) == 1 and m.parent_id is None and m.parent_name is None:
            oid = prefix_of.pop()
            org = lexicon.organisations[oid]
            m.org_id, m.name, m.kind, m.method = oid, org.name, org.kind, f"article:short-form:{oid}"
            m.short = True
            continue
        longer = {
            (tuple(o.own_keys), o.name)
            for o in rule
            if o is not m and o.own_keys[0] == keys[0] and len(o.own_keys) > len(keys) and set(keys) <= set(o.own_keys)
        }
        if longer:
            best = max(longer, key=lambda item: (len(item[0]), item[1]))
            target = next(o for o in rule if o.name == best[1])
            parent_id, parent_name = m.parent_id, m.parent_name
            m.name, m.kind = target.name, target.kind
            m.method += ":article:short-form"
            m.short = True
            if target.parent_id is None and target.parent_name is None and (parent_id or parent_name):
                target.parent_id, target.parent_name = parent_id, parent_name
            m.parent_id, m.parent_name = target.parent_id, target.parent_name


def _find_quoted_names_again(recognised):
    """A body the article names once in guillemets is that body wherever the article writes its name.

    «پایگاه اینترنتی «ایلاف»» in the lead, then «ایلاف نوشت: …»: the
    bare name is a mention of the same body (method ``article:same-name``);
    not a one-word name that is also a word or a place («روزنامه «ایران»»).
    """
    from .recognise import _countries, _is_unknown_word, _places

    lexicon = load_lexicon()
    names = {}
    for _, _, found in recognised:
        for org in found.organisations:
            if org.method != "rule:quoted-name":
                continue
            keys = tuple(org.own_keys)
            if len(keys) == 1 and (not _is_unknown_word(org.name) or keys[0] in _places(lexicon) or keys[0] in _countries()):
                continue  # «روزنامه «ایران»»: alone, «ایران» is the country
            names.setdefault(keys, org)
    if not names:
        return
    for _, text, found in recognised:
        tokens = found.tokens
        covered = {k for m in [*found.organisations, *found.people] for k in range(m.first, m.last + 1)}
        added = []
        for i in range(len(tokens)):
            for keys, org in names.items():
                last = i + len(keys) - 1
                if last >= len(tokens) or any(k in covered for k in range(i, last + 1)):
                    continue
                if tuple(t.key for t in tokens[i : last + 1]) != keys:
                    continue
                mention = OrgMention(i, last, None, org.name, org.kind, "article:same-name")
                mention.own_keys = list(keys)
                added.append(mention)
                covered.update(range(i, last + 1))
        if added:
            found.organisations[:] = sorted([*found.organisations, *added], key=lambda m: (m.first, -m.last))


def _cut_run_on_names(rule, lexicon):
    """Cut a rule-found name back to a shorter one the article wrote first, when only ordinary words follow.

    «وزارت خارجه عراق» in the headline and «وزارت خارجه عراق تعرض به
    …» later: the longer name is the shorter one run on into the sentence.
    Journalists write a body's full name before its short form, so a
    longer name after the shorter one is cut back to it when every word
    it adds is an ordinary word (no place, country, name word or word no
    lexicon counts, which may be part of a real name: «شورای شهر» then
    «شورای شهر تهران»; nor a word of a known body's name, nor «و»).  ``rule`` is in the article's order.
    """
    from .recognise import _countries, _is_unknown_word, _places, body_name_words, name_links

    kept = _places(lexicon) | _countries() | name_links().name_words | body_name_words()

    def ordinary(key):
        return key not in kept and not _is_unknown_word(key)

    seen = []
    for m in rule:
        keys = m.own_keys
        if m.inner is None and m.parent_id is None and m.parent_name is None:
            shorter = [
                s for s in seen
                if len(s.own_keys) < len(keys) and s.own_keys == keys[: len(s.own_keys)]
                and all(ordinary(k) for k in keys[len(s.own_keys):])
            ]
            if shorter:
                best = max(shorter, key=lambda s: len(s.own_keys))
                m.last = m.first + len(best.own_keys) - 1
                m.own_keys, m.name = list(best.own_keys), best.name
                continue
        seen.append(m)


def _fill_role_organisations(roles, stated):
    """A role stated without a body takes the body of a title for the same role.

    «دکتر احمد اسفندیاری معاون فرهنگی، اجتماعی و امور استان‌ها» gets the
    organisation from the sub-headline «معاون فرهنگی، اجتماعی و امور
    استان‌های سازمان تأمین‌اجتماعی».
    """
    with_org = defaultdict(set)
    for r in roles:
        if r["organisation_id"]:
            with_org[(r["person_id"], fold_key(r["role"]).rstrip("ی"))].add(r["organisation_id"])
    for r in roles:
        if r["organisation_id"] is None:
            orgs = with_org.get((r["person_id"], fold_key(r["role"]).rstrip("ی")))
            if orgs and len(orgs) == 1:
                r["organisation_id"] = next(iter(orgs))
                r["method"] += ":organisation-from-title"


def _unify_role_wording(roles):
    """One wording per role of a person: «… امور استان‌ها» and «… امور استان‌های».

    A role phrase cut before its body keeps the ezafe ـی; the forms that
    differ only by it are given the shorter wording.  ``surface`` keeps what
    the text says.
    """
    shortest = {}
    for r in roles:
        key = (r["person_id"], r["organisation_id"], fold_key(r["role"]).rstrip("ی"))
        if key not in shortest or len(r["role"]) < len(shortest[key]):
            shortest[key] = r["role"]
    for r in roles:
        r["role"] = shortest[(r["person_id"], r["organisation_id"], fold_key(r["role"]).rstrip("ی"))]


def _display_name(record):
    """The fullest name form: most words, then most frequent, then first in order."""
    names = record["names"]
    return max(names, key=lambda n: (len(n.split()), names[n], n))


def _note_org(organisations, mention, lexicon, mentioned=True):
    """Record an organisation (and its parent) for article_organisations."""
    oid = organisation_id(mention)
    if oid in organisations:
        return
    if mention.org_id:
        org = lexicon.organisations[mention.org_id]
        parent = org.parent
    else:
        parent = mention.parent_id or (stable_id("org", mention.parent_name) if mention.parent_name else None)
    organisations[oid] = {
        "organisation_id": oid,
        "name": mention.name if not mention.org_id else lexicon.organisations[mention.org_id].name,
        "kind": mention.kind,
        "parent_id": parent,
        "source": "lexicon" if mention.org_id else "rule",
    }


def build_entity_tables(db, person_ids=None):
    """Make ``people`` and ``organisations`` from every article's rows.

    Runs once all articles are written, because a person's fullest name and
    counts depend on every article.  The grouping is done by SQLite, so
    only one row per entity (and per name form) comes back to Python.

    With ``person_ids`` only those people's rows are made again: a person's
    row depends on no one else's, and an incremental build knows whom its
    changed articles name.  Organisations are always made again: there are
    few, and one article can add or drop a parent body for many.
    """
    lexicon = load_lexicon()
    touched = None if person_ids is None else temp_ids(db, "touched_people", person_ids)
    db.execute(f"delete from people where 1 {within('id', touched)}")
    only = within("person_id", touched)
    db["organisations"].delete_where()
    people = {}
    for row in db.query(
        f"select person_id, name, count(*) as n from article_people where 1 {only} "
        "group by person_id, name order by person_id, name"
    ):
        people.setdefault(row["person_id"], {"names": Counter(), "honorifics": Counter()})["names"][row["name"]] = row["n"]
    # Honorifics are listed most common first, ties in order of first use.
    for row in db.query(
        f"select person_id, honorifics from article_people where honorifics != '[]' {only} "
        "order by article_id, person_id"
    ):
        for h in json.loads(row["honorifics"]):
            people[row["person_id"]]["honorifics"][h] += 1
    counts = {
        row["person_id"]: row
        for row in db.query(
            "select person_id, count(*) as n_mentions, count(distinct article_id) as n_articles "
            f"from mentions where person_id is not null {only} group by person_id"
        )
    }
    evidence = confidence.evidence_by_entity(db, "person_id", "people") if people else {}
    rows = []
    for pid, record in sorted(people.items()):
        name = _display_name(record)
        found = evidence.get(pid, {})
        n_articles = counts.get(pid, {}).get("n_articles", 0)
        rows.append(
            {
                "id": pid,
                "name": name,
                "honorifics": json.dumps([h for h, _ in record["honorifics"].most_common()], ensure_ascii=False),
                "n_mentions": counts.get(pid, {}).get("n_mentions", 0),
                "n_articles": n_articles,
                "method": confidence.strongest(found, "people"),
                "evidence": confidence.as_json(found),
                "confidence": confidence.person_confidence(
                    found, n_articles, len(name.split()) > 1, bool(record["honorifics"]) and len(name.split()) > 1
                ),
                "name_folded": fold(name),
            }
        )
    db["people"].insert_all(rows)
    link_surnames_to_full_names(db)

    # Each organisation as the earliest article names it (SQLite takes the
    # other columns from the row where min() found its value).
    organisations = {
        row["organisation_id"]: row
        for row in db.query(
            "select organisation_id, min(article_id) as article_id, name, kind, parent_id, source "
            "from article_organisations group by organisation_id"
        )
    }
    # Parents of known bodies are known bodies, and so are the outlets named
    # as articles' publishers and cited sources: add them, with their chains.
    pending = [o["parent_id"] for o in organisations.values() if o["parent_id"]]
    pending += sorted(
        oid for (oid,) in db.execute(
            "select publisher_id from articles where publisher_id is not null "
            "union select cited_source_id from articles where cited_source_id is not null"
        )
    )
    while pending:
        oid = pending.pop()
        if oid in organisations or oid not in lexicon.organisations:
            continue
        org = lexicon.organisations[oid]
        organisations[oid] = {"organisation_id": oid, "name": org.name, "kind": org.kind, "parent_id": org.parent, "source": "lexicon"}
        if org.parent:
            pending.append(org.parent)
    counts = {
        row["organisation_id"]: row
        for row in db.query(
            "select organisation_id, count(*) as n_mentions, count(distinct article_id) as n_articles "
            "from mentions where organisation_id is not null group by organisation_id"
        )
    }
    rows = []
    org_evidence = confidence.evidence_by_entity(db, "organisation_id", "organisations")
    for oid, row in sorted(organisations.items()):
        org = lexicon.organisations.get(oid)
        found = org_evidence.get(oid, {})
        n_articles = counts.get(oid, {}).get("n_articles", 0)
        rows.append(
            {
                "id": oid,
                "name": row["name"],
                "name_en": org.name_en if org else None,
                "kind": row["kind"],
                "parent_id": row["parent_id"] if row["parent_id"] in organisations else None,
                "aliases": json.dumps(org.aliases if org else [], ensure_ascii=False),
                "acronyms": json.dumps(org.acronyms if org else [], ensure_ascii=False),
                "source": row["source"],
                "n_mentions": counts.get(oid, {}).get("n_mentions", 0),
                "n_articles": n_articles,
                "method": confidence.strongest(found, "organisations") or row["source"],
                "evidence": confidence.as_json(found),
                "confidence": confidence.organisation_confidence(found, n_articles, row["source"]),
                "name_folded": fold(row["name"]),
            }
        )
    db["organisations"].insert_all(rows)


def link_surnames_to_full_names(db):
    """Point a person known only by a surname at the one full name that ends with it.

    «روحانی» (a row made from «آقای روحانی» in an article that never gives
    the full name) is ``same_as`` «حسن روحانی» when exactly one person in
    the whole corpus has a full name ending in that surname; with two
    (محمد خاتمی, احمد خاتمی) nothing is linked.  Runs over every row, so
    an incremental build links exactly as a full build does.
    """
    db.execute("update people set same_as = null")
    by_surname = {}
    singles = []
    for pid, name in db.execute("select id, name from people"):
        words = name.split()
        if len(words) == 1:
            singles.append((pid, fold_key(words[0])))
        else:
            for k in (1, 2):
                if len(words) > k:
                    by_surname.setdefault(fold_key(" ".join(words[-k:])), set()).add(pid)
    for pid, key in singles:
        full = by_surname.get(key, set())
        if len(full) == 1:
            db.execute("update people set same_as = ? where id = ?", [next(iter(full)), pid])
