"""Find the people, organisations and roles named in one paragraph.

Everything here works on the normalised paragraph text and returns spans
as character offsets into it.  Recognition is by lexicon and by rules that
fire only on evidence, because no trained model can be used:

* organisations: a lexicon entry (any alias or acronym, spelling folded),
  or a head noun (سازمان، مرکز، شورای …, build/data/organisation_heads.yaml)
  followed by its noun phrase, which stops at verbs, prepositions and
  punctuation; a unit head (روابط عمومی، حوزه مقاومت بسیج …) only forms a
  name together with the body that follows it;
* people: honorifics or ranks followed by a name (سردار نجات, دکتر میرهاشم
  موسوی), or a known given name followed by a surname (مصطفی طزری);
* roles: a role word after a person's name, with its modifiers and the
  organisation it belongs to («مدیرکل اقتصادی و رفاه سازمان پدافند
  غیرعامل کشور»); a role phrase with no name beside it is a *title*
  («رئیس سازمان بسیج مستضعفین گفت»), resolved later at article level.
"""

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from .fold import fold_key
from .lexicon import is_given_name, load_lexicon, word_class

_TOKEN = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)*")
# Gaps between tokens that may sit inside a name: spaces only.  Inside a
# role phrase a comma between coordinated adjectives is also allowed.
_SOFT_GAP = re.compile(r"[\s\u200c]*")
_ROLE_GAP = re.compile(r"[\s\u200c]*[،,]?\s*[«\"]?\s*")
# Between a name and its role: a comma or a dash, and the quotation
# marks of a name written in guillemets («پل پیلار» عضو …).
_APPOSITION_GAP = re.compile(r"[\s\u200c]*[»\"]?[\s\u200c]*(?:[،,]|[-–—])?\s*[«\"]?\s*")
_SPEECH_END = re.compile(r"^\s*:")

MAX_NAME_TOKENS = 4
MAX_ORG_MODIFIERS = 6
MAX_ROLE_MODIFIERS = 6
# Words that make a head noun generic: «این سازمان», «هر سازمان».
DETERMINERS = word_class("determiners")
AND = fold_key("و")
# After a final vowel the ezafe is written as ی: «فتای», «شورای», «سیمای».
EZAFE_AFTER_VOWEL = ("ای", "وی")
REPORT = fold_key("گزارش")
# Courtesy adjectives that sit inside role phrases and are not part of the role.
COURTESY = word_class("courtesy")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    key: str


@dataclass(slots=True)
class OrgMention:
    first: int  # token index
    last: int  # token index, inclusive
    org_id: Optional[str]  # lexicon id, or None for an organisation found by rule
    name: str  # the name as written
    kind: str
    method: str
    parent_id: Optional[str] = None
    parent_name: Optional[str] = None
    own_keys: Optional[list] = None  # a rule-found body's own words' keys, without the body it belongs to
    inner: Optional["OrgMention"] = None  # the known body named inside this name
    partial: bool = False  # a head alone, before a coordinated body that may complete it
    implied: bool = False  # named by a role's prefix («استاندار مازندران»), not written
    completed: bool = False  # completed from a coordinated body («شورایعالی و … مرکز ملی فضای مجازی»)
    short: bool = False  # a shortened name merged into the fuller one of the article
    name_as_written: Optional[str] = None  # the text of the mention


@dataclass(slots=True)
class PersonMention:
    first: int
    last: int
    name_first: int  # first token of the name proper (after honorifics)
    honorifics: list
    given: list  # given-name token texts
    surname: list  # surname token texts (may be two: «حسینی پور»)
    method: str
    key: Optional[str] = None  # the person it refers to in the article, once resolved

    @property
    def name(self):
        return " ".join(self.given + self.surname)

    @property
    def is_full(self):
        return bool(self.given) and bool(self.surname)


@dataclass(slots=True)
class RoleMention:
    first: int
    last: int
    role: str
    org: Optional[OrgMention]
    person: Optional[PersonMention] = None
    method: str = ""


@dataclass(slots=True)
class ParagraphEntities:
    tokens: list
    organisations: list = field(default_factory=list)
    people: list = field(default_factory=list)
    roles: list = field(default_factory=list)


@functools.lru_cache(maxsize=256)
def tokenise(text):
    """Split ``text`` into word tokens (ZWNJ joins, anything else separates).

    A word glued by a ZWNJ to a role word after it is two tokens: the
    source lost the space between them, and normalising put a ZWNJ there
    (``split_at_glued_role``).

    Returns a tuple: the same paragraph is tokenised by several steps, so
    the result is remembered and must not be changed.  The steps that share
    it all work on one article, so the cache holds a few articles' worth of
    paragraphs, not a corpus' worth of tokens.
    """
    tokens = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(0), m.start()
        for part_start, part_end in split_at_glued_role(word):
            part = word[part_start:part_end]
            tokens.append(Token(part, start + part_start, start + part_end, fold_key(part)))
    return tuple(tokens)


def split_at_glued_role(word):
    """``[(start, end)]``: the parts of ``word`` split before a glued role word.

    «نجفی‌نماینده» (from «نجفینماینده», the space lost) is نجفی and
    نماینده; «روحانی‌ریاست» is روحانی and ریاست.  A part is split off only
    when it starts with a role word or a word in glued_words.txt and the
    whole is no word hazm's lexicon knows (رئیس‌جمهور stays one word).

    >>> split_at_glued_role("نجفی\u200cنماینده")
    [(0, 4), (5, 12)]
    >>> split_at_glued_role("رئیس\u200cجمهور")
    [(0, 10)]
    """
    if "\u200c" not in word:
        return [(0, len(word))]
    return _split_at_glued_role(word)


@functools.lru_cache(maxsize=100_000)
def _split_at_glued_role(word):
    starters = _glued_starters()
    parts, start = [], 0
    offsets = [i for i, c in enumerate(word) if c == "\u200c"]
    if not _is_unknown_word(word) or fold_key(word) in load_lexicon().roles:
        return [(0, len(word))]
    for z in offsets:
        rest = word[z + 1 :]
        first_part = rest.split("\u200c")[0]
        if z - start >= 2 and (fold_key(first_part) in starters or fold_key(rest) in starters):
            parts.append((start, z))
            start = z + 1
    parts.append((start, len(word)))
    return parts


@functools.lru_cache(maxsize=1)
def _glued_starters():
    lexicon = load_lexicon()
    from .lexicon import read_words

    words = {key for key in lexicon.roles if len(key) >= 4}
    return frozenset(words | {fold_key(w) for w in read_words("glued_words.txt")})


def joined(text, tokens, i, gap=_SOFT_GAP):
    """True if token ``i`` and ``i + 1`` are separated only by ``gap``."""
    return i + 1 < len(tokens) and gap.fullmatch(text[tokens[i].end : tokens[i + 1].start]) is not None


def match_keys(text, tokens, i, index, prefixes, max_tokens=12):
    """Longest run of tokens from ``i`` whose joined keys are in ``index``.

    Keys are joined without spaces, so «شورای عالی», «شورای‌عالی» and
    «شورایعالی» all match the same entry.  Returns the last token index or
    None.
    """
    first = tokens[i].key
    if first not in prefixes and not (first.endswith(EZAFE_AFTER_VOWEL) and first[:-1] in prefixes):
        return None  # «سخنگوی دولت»: a one-word entry with its ezafe is still a start
    key = ""
    best = None
    for j in range(i, min(len(tokens), i + max_tokens)):
        if j > i and not joined(text, tokens, j - 1):
            break
        ezafe = tokens[j].key[:-1] if tokens[j].key.endswith(EZAFE_AFTER_VOWEL) else None
        if ezafe and key + ezafe in index:
            best = j  # «پلیس فتای استان»: the name with its ezafe
        key += tokens[j].key
        if key in index:
            best = j
        if key not in prefixes:
            break
    return best


def matched_key(tokens, first, last, index):
    """The key of ``index`` that ``match_keys`` matched for tokens first..last."""
    key = "".join(t.key for t in tokens[first : last + 1])
    if key not in index and tokens[last].key.endswith(EZAFE_AFTER_VOWEL):
        key = key[:-1]
    return key


def _verbs():
    """``{verb form: lemma}`` from hazm's conjugation table (normalised spelling)."""
    from .hazm_api import verb_lemmas

    return verb_lemmas()


def is_verb(token):
    return _is_verb(token.text)


@functools.lru_cache(maxsize=200_000)
def _is_verb(text):
    """True for a verb form in hazm's conjugation table.

    The table also holds rare verbs whose forms are common adjectives
    («فرهنگی» from فرهنگیدن); a word that is a counted noun plus ـی is
    taken as the adjective.
    """
    if text not in _verbs():
        return False
    from .hazm_api import counted_words

    plain = text.replace("\u200c", "")
    return not (plain.endswith("ی") and plain[:-1] in counted_words())


def is_light_verb(token, lexicon):
    """True for any form of a light verb (کرد, شد, داد …): «قلمداد می‌کنیم»."""
    return token.text in light_verb_forms()


@functools.lru_cache(maxsize=1)
def light_verb_forms():
    """Every form in hazm's conjugation table of a light verb in the lexicon.

    A set, so that checking a word reads nothing out of hazm's tables (see
    ``hazm_api.Lexicon``).
    """
    light_verbs = load_lexicon().light_verbs
    return frozenset(form for form, lemma in _verbs().items() if fold_key(lemma.split("#")[0]) in light_verbs)


def is_phrase_word(token, lexicon):
    """True if ``token`` can continue the name of a body or a role phrase."""
    return _is_phrase_word(token.text, token.key)


@functools.lru_cache(maxsize=200_000)
def _is_phrase_word(text, key):
    """Cached by word: the lexicon is loaded once per process."""
    lexicon = load_lexicon()
    return (
        len(key) >= 2
        and not key.isdigit()
        and key not in lexicon.function_words
        and key not in lexicon.speech_verbs
        and not _is_verb(text)
    )


def is_name_word(token, lexicon):
    """True if ``token`` can be part of a person's name."""
    key = token.key
    return (
        is_phrase_word(token, lexicon)
        and key not in lexicon.stop_words
        and key not in lexicon.roles
        and key not in lexicon.honorifics
        and key not in lexicon.organisation_heads
        and key not in lexicon.speech_verbs
        and key not in name_links().end_words  # «بهمن احتمالا»: an adverb, a time or a predicate
        and not is_verb(token)
    )


def find_organisations(text, tokens, lexicon):
    """Organisation mentions in a paragraph, left to right, outermost first."""
    found = []
    i = 0
    while i < len(tokens):
        if tokens[i].key not in lexicon.prefixes:
            i += 1
            continue
        mention = _lexicon_org(text, tokens, i, lexicon)
        if mention:
            mention = _provincial_branch(text, tokens, mention, lexicon)
            mention = _named_unit(text, tokens, mention, lexicon)
        else:
            mention = _rule_org(text, tokens, i, lexicon)
        if mention:
            found.append(mention)
            i = mention.last + 1
        else:
            i += 1
    found += _cited_outlets(text, tokens, found)
    quoted = _quoted_names(text, tokens, found)
    if quoted:
        # «شرکت سرمایه‌گذاری «برکشایر هیث‌اوی»»: the words before the guillemets describe the body named in them.
        starts = {m.first for m in quoted}
        found = [m for m in found if not (m.org_id is None and m.inner is None and m.last + 1 in starts)] + quoted
    return _attach_parents(text, tokens, sorted(found, key=lambda m: m.first))


QUOTED_BODY_WORDS = 4


@functools.lru_cache(maxsize=1)
def _outlet_words():
    from .lexicon import read_yaml

    return frozenset(fold_key(w) for w in read_yaml("citing.yaml")["outlet_words"])


def _quoted_names(text, tokens, found):
    """«پایگاه اینترنتی «ایلاف»», «حزب «الدعوه»»: the name in guillemets after a word for an outlet or a head noun.

    One or two describing words may stand between that word and the
    guillemets; the name is at most four words.  A name the lexicon knows
    is that outlet; any other is a body of kind ``media``, or the head's.
    """
    lexicon = load_lexicon()
    covered = {k for m in found for k in range(m.first, m.last + 1)}
    describing = {m.last + 1: set(range(m.first, m.last + 1)) for m in found if m.org_id is None and m.inner is None}
    result = []
    for q in range(1, len(tokens)):
        if q in covered or not text[: tokens[q].start].rstrip().endswith("«"):
            continue
        kind = None
        before_covered = covered - describing.get(q, set())
        for k in range(max(0, q - 3), q):
            if k in before_covered or not all(joined(text, tokens, m) for m in range(k, q - 1)):
                continue
            head = lexicon.organisation_heads.get(tokens[k].key)
            if tokens[k].key in _outlet_words():
                kind = "media"
            elif head is not None and not head.get("unit"):
                kind = head["kind"]  # «حزب «الدعوه»», «شرکت «برکشایر هیث‌اوی»»
            if kind:
                break
        if kind is None:
            continue
        last = next(
            (k for k in range(q, min(len(tokens), q + QUOTED_BODY_WORDS))
             if text[tokens[k].end :].lstrip().startswith("»")),
            None,
        )
        if last is None or any(k in covered for k in range(q, last + 1)) or not all(joined(text, tokens, k) for k in range(q, last)):
            continue
        name = text[tokens[q].start : tokens[last].end]
        oid = lexicon.outlet_keys.get(fold_key(name))
        if oid:
            org = lexicon.organisations[oid]
            mention = OrgMention(q, last, oid, org.name, org.kind, f"lexicon:{oid}")
        else:
            mention = OrgMention(q, last, None, name, kind, "rule:quoted-name")
            mention.own_keys = [t.key for t in tokens[q : last + 1]]
        result.append(mention)
        covered.update(range(q, last + 1))
    return result


_CITING_GAP = re.compile(r"[\s\u200c]*:?[\s\u200c]*[«\"]?\s*")


@functools.lru_cache(maxsize=1)
def _citing():
    """``(outlet index, its prefixes, citing phrases as key lists)`` for ``_cited_outlets``."""
    from .lexicon import read_yaml

    lexicon = load_lexicon()
    index = {}
    for key, oid in lexicon.outlet_keys.items():
        index.setdefault(key.replace(" ", ""), oid)
    prefixes = set()
    for oid in set(index.values()):
        org = lexicon.organisations[oid]
        for name in (org.name, *org.aliases, *org.acronyms, *org.cited_as):
            keys = [t.key for t in tokenise(name)]
            prefixes.update("".join(keys[: k + 1]) for k in range(len(keys)))
    phrases = [[t.key for t in tokenise(p)] for p in read_yaml("citing.yaml")["phrases"]]
    return index, frozenset(prefixes), phrases


@functools.lru_cache(maxsize=1)
def _citing_words():
    """``(phrases and words before an outlet, words after it)`` from citing.yaml, as key lists."""
    from .lexicon import read_yaml

    data = read_yaml("citing.yaml")
    before = [[t.key for t in tokenise(p)] for p in data["phrases"] + data["before"]]
    after = {fold_key(w) for w in data["after"]}
    return before, after


def _ordinary_outlet_name(text, tokens, first, last, org, lexicon):
    """True for an outlet's one-word name that is also a word or a place, written where no outlet is cited.

    «استان فارس», «دوره تابناک امامت»: not the news agency or the site.
    «خبرنگار فارس», «روزنامه کیهان», «کیهان نوشت»: the outlets.
    """
    if not org.ordinary_word or first != last:
        return False
    before, after = _citing_words()
    if any(_follows_phrase(text, tokens, first, phrase) for phrase in before):
        return False
    nxt = last + 1
    return not (nxt < len(tokens) and joined(text, tokens, last, _CITING_GAP) and tokens[nxt].key in after)


def _cited_outlets(text, tokens, found):
    """«به گزارش مشرق»: an outlet named, after a phrase that cites it, by the short name it is cited by.

    «مهر» or «مشرق» alone are ordinary words; right after «به گزارش» or
    «به نقل از» they are the outlets (``cited_as`` in organisations.yaml).
    """
    index, prefixes, phrases = _citing()
    lexicon = load_lexicon()
    covered = {k for m in found for k in range(m.first, m.last + 1)}
    result = []
    for i in range(1, len(tokens)):
        if i in covered or tokens[i].key not in prefixes:
            continue
        if not any(_follows_phrase(text, tokens, i, phrase) for phrase in phrases):
            continue
        last = match_keys(text, tokens, i, index, prefixes, max_tokens=4)
        if last is None or any(k in covered for k in range(i, last + 1)):
            continue
        oid = index[matched_key(tokens, i, last, index)]
        org = lexicon.organisations[oid]
        result.append(OrgMention(i, last, oid, org.name, org.kind, f"lexicon:{oid}"))
        covered.update(range(i, last + 1))
    return result


def _follows_phrase(text, tokens, i, phrase):
    """True if the words just before token ``i`` are ``phrase`` (keys), a quotation mark allowed between."""
    n = len(phrase)
    if i < n or [t.key for t in tokens[i - n : i]] != phrase:
        return False
    if not all(joined(text, tokens, k) for k in range(i - n, i - 1)):
        return False
    return _CITING_GAP.fullmatch(text, tokens[i - 1].end, tokens[i].start) is not None


def _lexicon_org(text, tokens, i, lexicon):
    last = match_keys(text, tokens, i, lexicon.organisation_keys, lexicon.prefixes)
    if last is None:
        return None
    if _ends_in_ezafe(text, tokens, i, last, lexicon):
        return None
    if _foreign_namesake(text, tokens, i, last, lexicon):
        return None
    org_id = lexicon.organisation_keys[matched_key(tokens, i, last, lexicon.organisation_keys)]
    org = lexicon.organisations[org_id]
    if _ordinary_outlet_name(text, tokens, i, last, org, lexicon):
        return None
    return OrgMention(i, last, org_id, org.name, org.kind, f"lexicon:{org_id}")


PLACE_WORDS = word_class("place_words")


def _ends_in_ezafe(text, tokens, first, last, lexicon):
    """True when a lexicon match ends in an ezafe the next word completes.

    «وزارت نیروی دریایی» is not «وزارت نیرو» followed by دریایی: a name
    matched through its ezafe form («نیروی» for نیرو) goes on, unless a
    place, a province or a known body comes next («پلیس فتای استان …»).
    """
    key = "".join(t.key for t in tokens[first : last + 1])
    if key in lexicon.organisation_keys or not tokens[last].key.endswith(EZAFE_AFTER_VOWEL):
        return False
    j = last + 1
    if j >= len(tokens) or not joined(text, tokens, last):
        return False
    nxt = tokens[j].key
    if nxt in PLACE_WORDS or nxt in lexicon.places or nxt in lexicon.prefixes:
        return False
    return is_phrase_word(tokens[j], lexicon)


@functools.lru_cache(maxsize=1)
def _countries():
    from .lexicon import read_words

    return frozenset(fold_key(w) for w in read_words("countries.txt"))


def _foreign_namesake(text, tokens, first, last, lexicon):
    """True when a body's short name is followed by a country: «ارتش ونزوئلا».

    «وزارت بهداشت فلسطین» is Palestine's ministry, not Iran's, whose short
    name «وزارت بهداشت» it begins with.  Only short names (aliases and
    acronyms) are checked: a full name is never another country's body.
    """
    key = "".join(t.key for t in tokens[first : last + 1])
    org = lexicon.organisations[lexicon.organisation_keys[matched_key(tokens, first, last, lexicon.organisation_keys)]]
    if key == fold_key(org.name) or last + 1 >= len(tokens) or not joined(text, tokens, last):
        return False
    countries = _countries()
    nxt = tokens[last + 1].key
    two = nxt + tokens[last + 2].key if last + 2 < len(tokens) else None
    return nxt in countries or two in countries


@functools.lru_cache(maxsize=1)
def body_name_words():
    """Every word of the known bodies' names (build/data/organisations.yaml), folded, and «و».

    The vocabulary bodies are named with: «کشور», «گردشگری», «بودجه».
    """
    lexicon = load_lexicon()
    words = {AND}
    for org in lexicon.organisations.values():
        for name in (org.name, *org.aliases):
            words.update(t.key for t in tokenise(name))
    return frozenset(words)


class NameLinks(NamedTuple):
    """build/data/name_links.yaml, folded: what joins, ends and numbers a body's name."""

    pairs: frozenset
    with_ba: frozenset
    end_words: frozenset
    name_words: frozenset
    numbered_words: frozenset


@functools.lru_cache(maxsize=1)
def name_links():
    """``NameLinks`` read from build/data/name_links.yaml."""
    from .lexicon import read_yaml

    data = read_yaml("name_links.yaml")
    folded = {key: frozenset(fold_key(w) for w in data[key]) for key in ("with_ba", "end_words", "name_words", "numbered_words")}
    return NameLinks(frozenset((fold_key(a), fold_key(b)) for a, b in data["pairs"]), **folded)


BA = fold_key("با")


def _link_continues(text, tokens, j, last, lexicon):
    """Where a body's name goes on past «و» or «با» at token ``j``: the new last token, or None.

    ``last`` is the name's last token so far (just before ``j``).
    """
    pairs, with_ba = name_links().pairs, name_links().with_ba
    if j + 1 >= len(tokens) or not joined(text, tokens, j) or not is_phrase_word(tokens[j + 1], lexicon):
        return None
    if tokens[j].key == BA:
        return j + 1 if tokens[last].key in with_ba else None
    if tokens[j].key != AND:
        return None
    # The pair may be written in one or two words on each side: «روابط عمومی و اطلاع‌رسانی».
    for left in (1, 2):
        before = "".join(t.key for t in tokens[max(0, last - left + 1) : last + 1])
        for right in (1, 2):
            end = j + right
            if end < len(tokens) and (before, "".join(t.key for t in tokens[j + 1 : end + 1])) in pairs:
                return end
    return None


def _provincial_branch(text, tokens, mention, lexicon):
    """«سازمان تبلیغات اسلامی استان یزد»: a provincial branch of a known body.

    The branch is its own organisation, with the body as parent.
    """
    j = mention.last + 1
    if j < len(tokens) and joined(text, tokens, j - 1) and tokens[j].key in PLACE_WORDS:
        j += 1
    if j < len(tokens) and joined(text, tokens, j - 1) and tokens[j].key in lexicon.places and j > mention.last:
        if lexicon.organisations[mention.org_id].kind == "governorate":
            return mention
        branch = OrgMention(
            mention.first, j, None, text[tokens[mention.first].start : tokens[j].end],
            "unit", f"rule:branch-of:{mention.org_id}", mention.org_id, mention.name,
        )
        branch.own_keys = [t.key for t in tokens[mention.first : j + 1]]
        branch.inner = mention
        return branch
    return mention


def _named_unit(text, tokens, mention, lexicon):
    """«سپاه صاحب‌الزمان»: a body known by a bare head noun, with a name after it.

    When a lexicon match is only a head noun (the acronym «سپاه») and the
    words after it continue the name, the longer name is a unit of that body.
    """
    key = "".join(t.key for t in tokens[mention.first : mention.last + 1])
    if key not in lexicon.organisation_heads or mention.first != mention.last:
        return mention
    longer = _rule_org(text, tokens, mention.first, lexicon)
    if longer is None or longer.last <= mention.last or longer.inner is not None:
        return mention
    longer.kind = "unit"
    longer.parent_id, longer.parent_name = mention.org_id, mention.name
    longer.method = f"rule:unit-of:{mention.org_id}"
    return longer


def _rule_org(text, tokens, i, lexicon):
    """A head noun followed by its noun phrase, or a unit head and its body."""
    head_last = match_keys(text, tokens, i, lexicon.organisation_heads, lexicon.prefixes)
    if head_last is None:
        return None
    if i > 0 and tokens[i - 1].key in DETERMINERS and joined(text, tokens, i - 1):
        return None
    head_key = matched_key(tokens, i, head_last, lexicon.organisation_heads)
    head = lexicon.organisation_heads[head_key]
    if head_last + 1 < len(tokens) and joined(text, tokens, head_last) and _head_in_ordinary_sense(head, tokens[head_last + 1], lexicon):
        return None
    is_unit = head_key in lexicon.unit_heads
    last = head_last
    inner = None
    end_words = name_links().end_words
    j = head_last + 1
    while j < min(len(tokens), head_last + 1 + MAX_ORG_MODIFIERS):
        if not joined(text, tokens, j - 1):
            break
        inner = _lexicon_org(text, tokens, j, lexicon)
        if inner is not None:
            inner = _provincial_branch(text, tokens, inner, lexicon)  # «اداره … آموزش و پرورش کرمان»
        if inner is None and j > head_last + 1:
            inner = _rule_org(text, tokens, j, lexicon) if is_unit else None
        if inner is not None:
            last = inner.last
            break
        if last > head_last and tokens[j].key in (AND, BA):
            linked = _link_continues(text, tokens, j, last, lexicon)
            if linked is None:
                break
            last = j = linked
            j += 1
            continue
        if tokens[j].key.isdigit() and (
            (j == head_last + 1 and head.get("numbered")) or (j > head_last + 1 and tokens[j - 1].key in name_links().numbered_words)
        ):
            last = j  # «کلانتری ۱۲۶», «دادسرای ناحیه ۱»: a numbered unit
            j += 1
            continue
        if not is_phrase_word(tokens[j], lexicon) or tokens[j].key in lexicon.honorifics or tokens[j].key in end_words:
            break
        if tokens[j].key.endswith(fold_key("شده")) and len(tokens[j].key) > 4:
            break  # «منصوب‌شده»: a participle, not part of a name
        if j + 1 < len(tokens) and joined(text, tokens, j) and is_light_verb(tokens[j + 1], lexicon):
            break  # «تشکیل شود»: the noun belongs to the verb
        if tokens[j].text.endswith(("هایی", "هاست")):
            break  # «بنیاد مسکن واحدهایی …»: an indefinite plural is no part of a name
        last = j
        if tokens[j].key in lexicon.places or tokens[j].key in _countries():
            if j + 1 < len(tokens) and joined(text, tokens, j) and tokens[j].key + tokens[j + 1].key in _countries():
                last = j + 1  # «کره شمالی»: a country in two words
            break  # «دانشگاه یزد», «نیروی هوایی روسیه»: a place or a country ends the name
        j += 1
    if is_unit and inner is None:
        return None
    if last == head_last and inner is None:
        return None
    if last == head_last + 1 and inner is None and _generic_modifier(tokens[last], lexicon) and _phrase_ends(text, tokens, last, lexicon):
        return None  # «شرکت تحقیقاتی», «روزنامه انگلیسی»: a kind of body, not a name
    name = text[tokens[i].start : tokens[last].end]
    kind = head["kind"]
    mention = OrgMention(i, last, None, name, kind, f"rule:head:{head['text']}")
    own_last = inner.first - 1 if inner is not None else last
    mention.own_keys = [t.key for t in tokens[i : own_last + 1]]
    if inner is not None:
        mention.parent_id, mention.parent_name = inner.org_id, inner.name
        mention.inner = inner
    return mention


PLACE_SENSE_WORDS = word_class("place_sense_words")


def _head_in_ordinary_sense(head, nxt, lexicon):
    """True when a head noun, by the word after it, means what it means outside names.

    «مرکز استان لرستان», «جمعیت ایران», «جمعیت بیکار», «نیروی کار»: see
    ``place_sense`` and ``common_noun`` in build/data/organisation_heads.yaml.
    """
    key = nxt.key
    if head.get("place_sense") and (
        key in PLACE_WORDS or key in PLACE_SENSE_WORDS or key in _places(lexicon) or key in _countries()
    ):
        return True
    if head.get("common_noun"):
        if key in {fold_key(w) for w in head.get("not_before") or []}:
            return True
        return not (_is_unknown_word(nxt.text) or key in body_name_words())
    return False


def _generic_modifier(token, lexicon):
    """True when one word after a head makes a description, not a name.

    An ordinary word that is not a place, or an adjective made from one:
    «شورای مرکزی», «مرکز طراحی», «روزنامه انگلیسی», «شرکت تحقیقاتی».  A word no lexicon counts is taken as a name
    («بنیاد برکت», «شرکت OANDA»); a number or a place is a name's part
    («کلانتری ۱۲۶», «دانشگاه یزد»).
    """
    if token.key in lexicon.places or token.key.isdigit() or token.key in name_links().name_words:
        return False
    return not _is_unknown_word(token.text) or _adjective_of_counted_word(token.text)


def _phrase_ends(text, tokens, last, lexicon):
    """True when nothing after token ``last`` could continue a name.

    Anything but a title, a given name or a word no lexicon counts: those
    may go on with the name («قرارگاه فرهنگی حضرت بقیه‌الله»), so the
    phrase is not judged as a description then.
    """
    j = last + 1
    if j >= len(tokens) or not joined(text, tokens, last):
        return True
    token = tokens[j]
    if is_verb(token) or is_light_verb(token, lexicon) or token.key in lexicon.speech_verbs:
        return True
    if token.key in lexicon.honorifics or is_given_name(token.key, lexicon) or _is_unknown_word(token.text):
        return False
    return True


def _attach_parents(text, tokens, found):
    """Unpack nested mentions; a body directly followed by another is its part.

    «قرارگاه ثارالله سپاه پاسداران انقلاب اسلامی»: قرارگاه ثارالله is part of
    سپاه. A rule-found name that contains a known body keeps it as parent
    and both are mentioned.
    """
    result = []
    for mention in found:
        result.append(mention)
        inner = mention.inner
        while inner is not None:
            result.append(inner)
            inner = inner.inner
    for a, b in zip(found, found[1:]):
        if b.first == a.last + 1 and joined(text, tokens, a.last) and a.parent_id is None and a.parent_name is None:
            a.parent_id, a.parent_name = b.org_id, b.name
    return sorted(result, key=lambda m: (m.first, -m.last))


def find_people(text, tokens, lexicon, taken, article_words=frozenset(), speakers=frozenset()):
    """Person mentions: a known person, honorific + name, or given name + surname.

    ``taken`` holds token indexes already inside organisation names;
    ``article_words`` the keys of every word in the article, used to join a
    surname split by a lost ZWNJ; ``speakers`` the words the article puts
    alone before a speech verb (``speaker_words``).
    """
    found = []
    i = 0
    while i < len(tokens):
        key = tokens[i].key
        # A person's name starts with a title, a given name or a known name.
        if i in taken or (key not in lexicon.prefixes and not is_given_name(key, lexicon)):
            i += 1
            continue
        mention = _known_person(text, tokens, i, lexicon, taken) or _person_at(
            text, tokens, i, lexicon, taken, article_words, speakers
        )
        if mention:
            _complete_quoted_name(text, tokens, mention, lexicon, taken)
            found.append(mention)
            i = mention.last + 1
        else:
            i += 1
    return found


QUOTED_NAME_WORDS = 5


def _complete_quoted_name(text, tokens, mention, lexicon, taken):
    """A name written in guillemets ends at the closing mark: «جاناتان راث هافمن».

    When a given name and surname open the quotation and at most two more
    words that may be part of a name run to the closing mark, those words
    are the rest of the surname (a foreign or compound name).
    """
    if mention.method != "rule:given-name+surname" or not text[: tokens[mention.name_first].start].rstrip().endswith("«"):
        return
    k = mention.last + 1
    while k < len(tokens) and k - mention.name_first < QUOTED_NAME_WORDS and k not in taken:
        if not joined(text, tokens, k - 1) or not is_name_word(tokens[k], lexicon) or tokens[k].key in lexicon.stop_words:
            return
        if text[tokens[k].end :].lstrip().startswith("»"):
            mention.surname.extend(t.text for t in tokens[mention.last + 1 : k + 1])
            mention.last = k
            return
        k += 1


def _known_person(text, tokens, i, lexicon, taken, honorifics=(), first=None):
    """A person of people.yaml named from token ``i``: full name, or a surname used alone.

    The mention carries the person's full name whatever part of it the
    text writes.  With a title before it («آقای ظریف», «سردار سلیمانی»),
    the surname alone names a known person even where it is also an
    ordinary word.
    """
    if tokens[i].key not in lexicon.prefixes and not honorifics:
        return None
    last = match_keys(text, tokens, i, lexicon.known_people, lexicon.prefixes, max_tokens=5)
    entry = lexicon.known_people.get(matched_key(tokens, i, last, lexicon.known_people)) if last is not None else None
    if entry is None and honorifics:
        # A surname that is not used alone, after a title, when only one
        # known person has it («سردار سلیمانی» is two people: no one).
        candidates = lexicon.known_surnames_after_titles.get(tokens[i].key, ())
        if len({c["name"] for c in candidates}) == 1:
            entry, last = candidates[0], i
    if entry is None or any(k in taken for k in range(i, last + 1)):
        return None
    if last + 1 < len(tokens) and joined(text, tokens, last) and is_surname_like(tokens[last + 1], lexicon) and (
        _is_unknown_word(tokens[last + 1].text) and not tokens[last + 1].key in lexicon.function_words
    ) and fold_key(entry["surname"]) == "".join(t.key for t in tokens[i : last + 1]):
        return None  # «ترامپ جونیور»: a surname followed by more name is someone else
    words = entry["name"].split()
    n_surname = len(entry["surname"].split())
    method = "lexicon:person" + ("" if fold_key(entry["name"]) == "".join(t.key for t in tokens[i : last + 1]) else ":surname")
    return PersonMention(
        first if first is not None else i, last, i, list(honorifics), words[:-n_surname], words[-n_surname:], method
    )


def speaker_words(paragraph_tokens, lexicon):
    """Keys of the words written alone just before a speech verb: «جوکار تصریح کرد», «سلاجقه اظهار داشت».

    ``paragraph_tokens`` is ``(text, tokens)`` for each paragraph of an
    article.  A word after a given name that the article also makes speak
    is a surname, even when it is an ordinary word too (تقوی, جوکار).
    """
    words = set()
    for text, tokens in paragraph_tokens:
        for k in range(len(tokens) - 1):
            if tokens[k + 1].key in lexicon.speech_verbs and joined(text, tokens, k):
                words.add(tokens[k].key)
    return frozenset(words)


def _spoken_surname(text, tokens, i, token, lexicon, speakers):
    """True when ``token`` (after a given name from ``i``) is a word the article makes speak.

    Not after a preposition: «با کمال تاسف گفت» is no person speaking.  After
    a given name that is also a word (امید، توفیق) the word must speak
    right here: «امید سلاجقه اظهار داشت», not «توفیق خدمت داشته باشیم».
    """
    from .hazm_api import very_common_words

    if token.key not in speakers or token.text.replace("\u200c", "") in very_common_words():
        return False
    if i > 0 and tokens[i - 1].key in lexicon.function_words and joined(text, tokens, i - 1):
        return False
    if fold_key(tokens[i].text) in lexicon.ambiguous_given_names:
        k = next((n for n, t in enumerate(tokens) if t is token), None)
        return k is not None and k + 1 < len(tokens) and tokens[k + 1].key in lexicon.speech_verbs
    return True


def _person_at(text, tokens, i, lexicon, taken, article_words=frozenset(), speakers=frozenset()):
    honorifics = []
    j = i
    while j < len(tokens):
        last = match_keys(text, tokens, j, lexicon.honorifics, lexicon.prefixes, max_tokens=4)
        if last is None:
            break
        if honorifics and not joined(text, tokens, j - 1):
            break
        if (
            last == j
            and tokens[j].key in lexicon.name_titles
            and last + 1 < len(tokens)
            and joined(text, tokens, j)
            and is_given_name(tokens[j + 1].key, lexicon)
        ):
            break  # «امیر حسین قاضی‌زاده»: امیر starts the given name
        honorifics.append(text[tokens[j].start : tokens[last].end])
        j = last + 1
    if honorifics and (j >= len(tokens) or not joined(text, tokens, j - 1)):
        return None
    if honorifics:
        known = _known_person(text, tokens, j, lexicon, taken, honorifics, first=i)
        if known:
            return known
    given, surname = [], []
    name_first = j
    while j < len(tokens) and len(given) + len(surname) < MAX_NAME_TOKENS and j not in taken:
        if j > name_first and not joined(text, tokens, j - 1):
            break
        token = tokens[j]
        name_title = token.key in lexicon.name_titles and j + 1 < len(tokens) and joined(text, tokens, j)
        if name_title and not surname and is_given_name(tokens[j + 1].key, lexicon):
            # «امیر حسین»: one given name written in two words
            given.append(token.text + "\u200c" + tokens[j + 1].text)
            j += 2
            continue
        name_title = name_title or (token.key in lexicon.surname_first_words and j + 1 < len(tokens) and joined(text, tokens, j))
        if name_title and given and not surname and is_surname_like(tokens[j + 1], lexicon):
            # «حمیدرضا حاجی بابایی», «سعید قاضی مغربی»: a surname that starts with a title or a role word
            surname.append(token.text + "\u200c" + tokens[j + 1].text)
            j += 2
            break
        if not is_name_word(token, lexicon):
            break
        if is_given_name(token.key, lexicon) and not surname:
            if _more_name_follows(text, tokens, j, lexicon, taken):
                given.append(token.text)
                j += 1
                continue
            if not given:
                break  # a given name with nothing after it: «حضرت روح‌الله»
            if honorifics or token.key not in lexicon.ambiguous_given_names:
                surname.append(token.text)  # «آقای عادل آذر»: a surname that is also a given name
                j += 1
                break
        if _inflected_compound(token.text):
            break  # «تیم‌های», «پررنگ‌تر», «به‌زودی»: an ordinary word, inflected
        spoken = bool(given) and _spoken_surname(text, tokens, i, token, lexicon, speakers)
        if not spoken and not is_surname_like(token, lexicon) and not _surname_by_position(text, tokens, j, lexicon, honorifics, given):
            break
        if (
            given and not honorifics and not spoken
            and fold_key(given[0]) in lexicon.ambiguous_given_names and not _clearly_a_surname(token)
        ):
            break  # «کمال تاسف», «پیام برجامی»: an ordinary word, not a name
        surname.append(token.text)
        j += 1
        if honorifics and not given and _unlisted_given_name(text, tokens, j, token, lexicon, taken):
            # «سید نجیم حسینی»: after a title, a word no list holds and then a
            # surname are a given name and a surname.
            given, surname = [token.text], [tokens[j].text]
            j += 1
            break
        if j < len(tokens) and joined(text, tokens, j - 1) and (
            tokens[j].key in lexicon.surname_suffix_words or token.key + tokens[j].key in article_words
        ):
            # «حسینی پور»; «غیب پرور» where the article also writes «غیب‌پرور»:
            # one surname, written in the name with a ZWNJ.
            surname[-1] = surname[-1] + "\u200c" + tokens[j].text
            j += 1
        elif (
            j < len(tokens)
            and j not in taken
            and joined(text, tokens, j - 1)
            and is_name_word(tokens[j], lexicon)
            and tokens[j].key.endswith(lexicon.surname_endings)
            and not _inflected_compound(tokens[j].text)
            and (
                (_is_unknown_word(tokens[j].text) and not _noun_of_counted_word(tokens[j], lexicon))
                # «عباس مسجدی آرانی، رییس …»: a place's adjective, a role after it
                or (tokens[j].text.endswith("ی") and (_role_follows(text, tokens, j, lexicon) or _speech_follows(tokens, j, lexicon)))
            )
        ):
            # A two-word surname: «آذری جهرمی», «حسینی همدانی».
            surname.append(tokens[j].text)
            j += 1
        break
    if not surname:
        # A given name alone («حاج قاسم», «حضرت روح‌الله») names no one for
        # certain: it is left out.
        return None
    if not honorifics and not given:
        return None
    method = "rule:honorific+name" if honorifics else "rule:given-name+surname"
    return PersonMention(i, j - 1, name_first, honorifics, given, surname, method)


def _unlisted_given_name(text, tokens, j, first, lexicon, taken):
    """True when ``first`` (just read as a surname after a title) is a given name no list holds, and token ``j`` the surname.

    ``first`` is a word no lexicon counts that does not end like a surname;
    token ``j`` ends like one and looks like one: «سید نظام‌الدین موسوی».
    """
    if j >= len(tokens) or j in taken or not joined(text, tokens, j - 1):
        return False
    nxt = tokens[j]
    return (
        _is_unknown_word(first.text)
        and not first.key.endswith(lexicon.surname_endings)
        and nxt.key.endswith(lexicon.surname_endings)
        and is_name_word(nxt, lexicon)
        and _is_surname_like(nxt.text, nxt.key)
        and not _inflected_compound(nxt.text)
    )


def _surname_by_position(text, tokens, j, lexicon, honorifics, given):
    """True when a word that does not look like a surname is one by where it stands.

    After a given name when a role follows («مهدی چمران، استاندار
    تهران»), or straight after a military rank («سردار نقدی»).  After a
    courtesy, professional or religious title alone, a word must look like
    a surname: «مهندس جوان» is a young engineer.  After two given names
    the second is the surname when the next word is an ordinary one
    («عادل آذر مجدد»).
    """
    if given:
        return _role_follows(text, tokens, j, lexicon)
    return bool(honorifics) and not weak_titles(honorifics, lexicon) and all(
        lexicon.honorifics[fold_key(h)].get("kind") == "military" for h in honorifics
    )


def _clearly_a_surname(token):
    """A word no lexicon counts, nor an adjective made from a counted word (برجام → برجامی)."""
    if not _is_unknown_word(token.text) or _adjective_of_counted_word(token.text) or _ordinary_word_form(token.text):
        return False
    # «دلگرم‌کننده»: ordinary words joined, unless the last is a surname's (زاده, پور).
    last = token.text.split("\u200c")[-1]
    return last == token.text or fold_key(last) in load_lexicon().surname_suffix_words or _is_unknown_word(last)


# Parts that make a word written with a ZWNJ an inflected ordinary word,
# never a surname: plural, comparative and indefinite endings after it,
# prepositions and verb prefixes before it.
_INFLECTION_AFTER = word_class("inflection_after", folded=False)
_PREFIX_BEFORE = word_class("prefix_before", folded=False)


def _inflected_compound(text):
    """True for «دنباله‌ای», «گزینه‌های», «پررنگ‌تر», «به‌زودی», «استخراج‌شده», «اشرفی‌پس»: no surname.

    >>> _inflected_compound("دنباله\u200cای"), _inflected_compound("قاضی\u200cزاده")
    (True, False)
    """
    parts = text.split("\u200c")
    if len(parts) > 1 and (fold_key(parts[-1]) in load_lexicon().function_words or fold_key(parts[-1]) in _countries()):
        return True  # «اشرفی‌پس», «قربانی‌عربستان»: a word glued on where a space was lost
    return len(parts) > 1 and (parts[-1] in _INFLECTION_AFTER or parts[0] in _PREFIX_BEFORE)


def _noun_of_counted_word(token, lexicon):
    """«سرپرستی» (سرپرست + ی), not «همدانی» (a place + ی): no second surname word."""
    plain = token.text.replace("\u200c", "")
    stem = plain[:-1]
    key = fold_key(stem)
    return plain.endswith("ی") and not _is_unknown_word(stem) and key not in _places(lexicon) and not is_given_name(key, lexicon)


@functools.lru_cache(maxsize=1)
def _known_places():
    from .lexicon import read_words

    return frozenset(fold_key(w) for w in read_words("places.txt"))


def _places(lexicon):
    return lexicon.places | _known_places()


def _adjective_of_counted_word(text):
    """True for a counted word plus the adjective ending ـی/ـیی/ـای (بالا → بالایی)."""
    plain = text.replace("\u200c", "")
    return any(
        plain.endswith(ending) and len(plain) > len(ending) + 1 and not _is_unknown_word(plain[: -len(ending)])
        for ending in ("ی", "یی", "ای")
    )


WEAK_TITLE_KINDS = {"courtesy", "posthumous", "religious"}


def weak_titles(honorifics, lexicon):
    """True if every title is also an ordinary word (شهید, خانم, امام).

    After such a title a lone word must look like a surname: «شهید
    امیراحمدی» is a person, «شهید دیگرش» is not.
    """
    return all(lexicon.honorifics[fold_key(h)].get("kind") in WEAK_TITLE_KINDS for h in honorifics)


@functools.lru_cache(maxsize=200_000)
def _is_unknown_word(text):
    """True if hazm's lexicon has not counted ``text`` as an ordinary word.

    Also with a hamza the text left out: «تاسف» is the counted «تأسف».
    """
    from .hazm_api import counted_words
    from .normalise import hamza_spellings

    plain = text.replace("\u200c", "")
    counted = counted_words()
    return plain not in counted and not any(other in counted for other in hamza_spellings(plain))


def is_surname_like(token, lexicon):
    return _is_surname_like(token.text, token.key)


@functools.lru_cache(maxsize=200_000)
def _is_surname_like(text, key):
    """True if a word after a given name looks like a surname, not a common word.

    Without a title, «نعمت ولایت» or «کمال دین» are a given name followed by
    an ordinary word.  A surname either is not an ordinary word in hazm's
    lexicon (طزری) or ends like Iranian surnames (امینی, حسینی‌پور).
    """
    lexicon = load_lexicon()
    if key in lexicon.stop_words:
        return False
    plain = text.replace("\u200c", "")
    for clitic in ("شان", "مان", "تان", "ش", "ها", "های"):
        if plain.endswith(clitic) and not _is_unknown_word(plain[: -len(clitic)]):
            return False  # «دیگرش»: an ordinary word with a clitic
    from .hazm_api import very_common_words

    if plain in very_common_words():
        return False  # «علی زندگی»: life, not a surname
    if _ordinary_word_form(plain, plurals=False):
        return False
    return key.endswith(lexicon.surname_endings) or _is_unknown_word(plain)


@functools.lru_cache(maxsize=1)
def _past_stems():
    """Past stems of hazm's verbs (گرفت, خواند, نشست), for participles and verbal adjectives."""
    return frozenset(lemma.split("#")[0] for lemma in _verbs().values() if lemma.split("#")[0])


def _ordinary_word_form(plain, plurals=True):
    """True for a form no surname takes: a participle, a verbal adjective or a plural of a counted word.

    «دریا برگرفته» (a participle: گرفت + ه), «خاطره خواندنی» (خواندن + ی),
    «شادی مسلمانان» (a plural of a counted noun; with ``plurals`` only,
    since some surnames are plurals: برادران).  Surnames written with a
    surname's ending (حسن‌زاده, احمدیان) are never taken for these.

    >>> _ordinary_word_form("برگرفته"), _ordinary_word_form("خواندنی"), _ordinary_word_form("سیاستمداران")
    (True, True, True)
    >>> _ordinary_word_form("حسن‌زاده"), _ordinary_word_form("احمدیان"), _ordinary_word_form("ستوده")
    (False, False, False)
    """
    lexicon = load_lexicon()
    plain = plain.replace("\u200c", "")
    if fold_key(plain).endswith(tuple(e for e in lexicon.surname_endings if e != fold_key("ی"))):
        return False
    stems = _past_stems()
    if plain.endswith("ه") and len(plain) > 5 and _is_unknown_word(plain):
        stem = plain[:-1]
        if any(stem.endswith(past) and len(past) >= 3 for past in (stem[-k:] for k in range(3, 7))
               if past in stems):
            return True  # «برگرفته», «نوشته‌شده»
    if plain.endswith("نی") and plain[:-2] in stems:
        return True  # «خواندنی», «دیدنی»
    if plurals and plain.endswith("ان") and len(plain) >= 6 and not _is_unknown_word(plain[:-2]) and not is_given_name(fold_key(plain[:-2]), lexicon):
        return True  # «سیاستمداران», «کارشناسان»
    return False


def _speech_follows(tokens, j, lexicon):
    """True if a speech verb follows token ``j``: «… اردکانی گفت»."""
    return j + 1 < len(tokens) and tokens[j + 1].key in lexicon.speech_verbs


def _role_follows(text, tokens, j, lexicon):
    """True if a role word follows token ``j``: «مهدی چمران، استاندار تهران»."""
    k = j + 1
    return (
        k < len(tokens)
        and joined(text, tokens, j, _APPOSITION_GAP)
        and match_keys(text, tokens, k, lexicon.roles, lexicon.prefixes, max_tokens=3) is not None
    )


def _more_name_follows(text, tokens, j, lexicon, taken):
    """True if token ``j + 1`` continues the name that token ``j`` starts (حاجی too: «حمیدرضا حاجی بابایی», «سعید قاضی مغربی»)."""
    k = j + 1
    return k < len(tokens) and k not in taken and joined(text, tokens, j) and (
        is_name_word(tokens[k], lexicon)
        or tokens[k].key in lexicon.name_titles
        or (tokens[k].key in lexicon.surname_first_words and k + 1 < len(tokens) and joined(text, tokens, k)
            and is_surname_like(tokens[k + 1], lexicon))
    )


def find_role(text, tokens, k, lexicon, orgs_by_first, names=frozenset()):
    """A role phrase starting at token ``k``, or None.

    Role word, modifiers (courtesy words such as «محترم» dropped), then the
    organisation it belongs to if one starts within the phrase.  The phrase
    ends where a person's name starts (token indexes in ``names``):
    «رئیس‌جمهور آمریکا دونالد ترامپ».
    """
    # A role word never runs into the name of a body: «رئیس ستاد کل …».
    limit = next((j for j in range(k + 1, k + 3) if j in orgs_by_first), k + 3)
    last = match_keys(text, tokens, k, lexicon.roles, lexicon.prefixes, max_tokens=limit - k)
    if last is None:
        return None
    entry = lexicon.roles[matched_key(tokens, k, last, lexicon.roles)]
    words = [text[tokens[k].start : tokens[last].end]]
    org = None
    j = last + 1
    end = last
    pending = []  # «و» or a comma inside the phrase, kept only if the phrase goes on
    while j < len(tokens) and j - last <= MAX_ROLE_MODIFIERS + len(pending):
        if not joined(text, tokens, j - 1, _ROLE_GAP) or j in names:
            break
        if j in orgs_by_first:
            org = orgs_by_first[j]
            end = org.last
            break
        head = _head_only_org(text, tokens, j, lexicon)
        if head is not None:
            named = _named_after_head(text, tokens, head, orgs_by_first)
            org = named or head  # «دبیر شورایعالی و …»: completed from what follows, or dropped
            end = org.last
            break
        token = tokens[j]
        if token.key == PEOPLE and entry["text"] in REPRESENTATIVE_ROLES:
            # «نماینده مردم تهران در مجلس»: an MP; the body is after «در».
            found = _represented_body(text, tokens, j, orgs_by_first)
            if found is not None:
                org, end = found
                words = words[:1]
                break
        if token.key == AND:
            if j + 1 < len(tokens) and tokens[j + 1].key in lexicon.roles:
                break  # «… و رئیس …» starts a second role
            pending.append(token.text)
            j += 1
            continue
        if token.key in COURTESY:
            j += 1
            continue
        if token.key in lexicon.roles and not pending:
            words.append(token.text)  # «جانشین فرمانده»
        elif (
            is_phrase_word(token, lexicon)
            and token.key not in lexicon.honorifics
            and token.key not in name_links().end_words
            and not _indefinite(token)
        ):
            if not (j + 1 < len(tokens) and is_light_verb(tokens[j + 1], lexicon)):
                words.extend(pending)
                pending = []
                words.append(token.text)
            else:
                break
        else:
            break
        end = j
        j += 1
        if token.key in _countries():
            break  # «کارشناس اقتصادی آلمان»: a country ends the role phrase
    if org is None and entry.get("org_prefix") and last + 1 < len(tokens) and joined(text, tokens, last):
        # «استاندار مازندران» → استانداری مازندران
        place = tokens[last + 1]
        key = fold_key(entry["org_prefix"]) + place.key
        org_id = lexicon.organisation_keys.get(key)
        if org_id:
            o = lexicon.organisations[org_id]
            org = OrgMention(last + 1, last + 1, org_id, o.name, o.kind, f"lexicon:{org_id}")
            org.implied = True
            words = words[:1]
            end = last + 1
    last_word = fold_key(words[-1])
    if last_word.endswith(EZAFE_AFTER_VOWEL) and last_word[:-1] in lexicon.roles and last_word not in lexicon.roles:
        words[-1] = words[-1][:-1].rstrip("\u200c")
        # «سخنگوی وزارت …»: the role is «سخنگو», its ezafe belongs to what follows
    role = " ".join(words)
    return RoleMention(k, end, role, org, method=f"rule:role:{entry['text']}")


PEOPLE = fold_key("مردم")
IN = fold_key("در")
REPRESENTATIVE_ROLES = word_class("representative_roles", folded=False)


def _represented_body(text, tokens, j, orgs_by_first):
    """``(body, last token)`` for «مردم X (و Y) در <body>» from token ``j``, or None.

    «نماینده مردم تهران، ری، شمیرانات در مجلس»: the MP's body is the one
    named after «در», within a few words.
    """
    for k in range(j + 1, min(len(tokens), j + 10)):
        if tokens[k].key == IN and k + 1 in orgs_by_first and joined(text, tokens, k):
            org = orgs_by_first[k + 1]
            return org, org.last
    return None


def _indefinite(token):
    """«اطلاعیه‌ای»: a noun with the indefinite ـ‌ای ends a role phrase."""
    return token.text.endswith("\u200cای") and len(token.text) > 4


def _head_only_org(text, tokens, j, lexicon):
    """A bare head noun (and its adjectives) inside a role phrase: «سازمان», «شورایعالی».

    It names a body only if the context completes it (see
    ``_complete_ellipsis``); otherwise the role is kept without a body.
    """
    last = match_keys(text, tokens, j, lexicon.organisation_heads, lexicon.prefixes)
    if last is None:
        return None
    head = lexicon.organisation_heads[matched_key(tokens, j, last, lexicon.organisation_heads)]
    mention = OrgMention(j, last, None, text[tokens[j].start : tokens[last].end], head["kind"], "rule:head-only")
    mention.partial = True
    return mention


def _named_after_head(text, tokens, head, orgs_by_first):
    """A body named just after a bare head and a describing word: «شرکت اینترنتی «آمازون»».

    The head («شرکت») and at most one word describe the body whose name
    follows, often in guillemets.
    """
    for k in (head.last + 1, head.last + 2):
        if k in orgs_by_first and all(joined(text, tokens, i, _ROLE_GAP) for i in range(head.last, k)):
            return orgs_by_first[k]
    return None


def find_roles(text, tokens, lexicon, orgs, people):
    """Role phrases beside a person's name, and title phrases with no name."""
    orgs_by_first = {}
    for org in orgs:
        orgs_by_first.setdefault(org.first, org)
    roles = []
    person_firsts = {p.first for p in people}
    covered = set()
    for person in people:
        k = person.last + 1
        while k < len(tokens) and joined(text, tokens, k - 1, _APPOSITION_GAP):
            role = find_role(text, tokens, k, lexicon, orgs_by_first, person_firsts)
            if role is None:
                break
            role.person = person
            role.method += "+after-name"
            roles.append(role)
            covered.update(range(role.first, role.last + 1))
            k = role.last + 1
            # «… و رئیس …»: a second role of the same person
            if k + 1 < len(tokens) and tokens[k].key == AND and joined(text, tokens, k - 1, _ROLE_GAP) and joined(text, tokens, k):
                k += 1
                continue
            break
    taken = covered | {i for p in people for i in range(p.first, p.last + 1)}
    for k in range(len(tokens)):
        key = tokens[k].key
        if k in taken or (key not in lexicon.prefixes and not (key.endswith(EZAFE_AFTER_VOWEL) and key[:-1] in lexicon.prefixes)):
            continue
        role = find_role(text, tokens, k, lexicon, orgs_by_first, person_firsts)
        if role is None:
            continue
        # A role phrase followed by a name is handled above as «role, name»
        # only when the name comes first; here it may precede the name.
        nxt = role.last + 1
        coordinated = k > 0 and (
            tokens[k - 1].key in (AND, REPORT) or not joined(text, tokens, k - 1)
        )  # «… و فرمانده X، Y» lists; «به گزارش خبرنگار X، Y» attributes
        before_name = nxt in person_firsts and joined(text, tokens, role.last, _APPOSITION_GAP) and not coordinated
        if role.org is None and not before_name:
            continue  # a bare title with no body and no name: nothing to record
        if (role.org is not None and role.org.partial):
            continue
        if before_name:
            role.person = next(p for p in people if p.first == nxt)
            role.method += "+before-name"
        else:
            role.method += "+title"
        roles.append(role)
        taken.update(range(role.first, role.last + 1))
    _complete_ellipsis(text, tokens, lexicon, roles)
    _share_coordinated_body(tokens, roles)
    for role in roles:
        if (role.org is not None and role.org.partial):
            role.org = None
    return roles


def _share_coordinated_body(tokens, roles):
    """«بنیان‌گذار و رئیس مایکروسافت»: two roles joined by «و» share the body after the second.

    Only when the first names no body of its own and the two are the same
    person's, one straight after the other.
    """
    for a, b in zip(roles, roles[1:]):
        if a.org is None and b.org is not None and a.person is b.person and b.first == a.last + 2 and tokens[a.last + 1].key == AND:
            a.org = b.org


def _complete_ellipsis(text, tokens, lexicon, roles):
    """Complete a shortened body name from the coordinated one after it.

    «دبیر شورایعالی و رئیس مرکز ملی فضای مجازی»: شورایعالی is شورای عالی
    فضای مجازی.  «معاون تنظیم مقررات مرکز ملی و دبیر کارگروه … فضای مجازی»:
    مرکز ملی is مرکز ملی فضای مجازی.  The completion is used only if it is
    a known body.
    """
    for a, b in zip(roles, roles[1:]):
        if a.org is None or b.org is None or a.org.org_id is not None or a.person is not b.person:
            continue
        if b.org.partial:
            continue
        tail = [t.key for t in tokens[b.org.first : b.org.last + 1]]
        base = "".join(t.key for t in tokens[a.org.first : a.org.last + 1])
        for k in range(1, min(4, len(tail)) + 1):
            org_id = lexicon.organisation_keys.get(base + "".join(tail[-k:]))
            if org_id:
                o = lexicon.organisations[org_id]
                a.org.org_id, a.org.name, a.org.kind = org_id, o.name, o.kind
                a.org.method = f"ellipsis:{org_id}"
                a.org.partial = False
                a.org.completed = True
                break


def recognise_paragraph(text, article_words=frozenset(), speakers=frozenset()):
    """All organisation, person and role mentions in one paragraph.

    ``article_words`` and ``speakers`` are what the rest of the article
    tells about its words (see ``find_people``).
    """
    lexicon = load_lexicon()
    tokens = tokenise(text)
    orgs = find_organisations(text, tokens, lexicon)
    taken = {i for org in orgs for i in range(org.first, org.last + 1)}
    people = find_people(text, tokens, lexicon, taken, article_words, speakers)
    roles = find_roles(text, tokens, lexicon, orgs, people)
    return ParagraphEntities(tokens, orgs, people, roles)
