"""Who said what: the statements an article reports, their speakers and their words.

``extract_statements`` reads an article's paragraphs in order, with the
mentions ``extract_entities`` found in them, and returns rows for the
``statements`` table.  Every offset is 0-based and end-exclusive into the
text of its own paragraph: ``text[quote_start:quote_end] == quote``, and
the same for the speaker's and the verb's words.

A statement is found by the shape of Persian reported speech, not by the
words of any one outlet:

* **direct**: a speech verb and a colon («X گفت: Y», «وی افزود: Y»), a
  speech verb and a quotation mark («X گفت «Y»»), a quotation before its
  speaker («"Y"، این را X گفت»), a label and a colon in a headline or an
  interview («X: Y»), and a quotation that stays open into the next
  paragraphs (``previous``).  The words run to the closing mark, or to the
  end of the paragraph;
* **indirect**: a participial frame («X با بیان اینکه Y، گفت»), content
  before the verb («بر Y تاکید کرد», «به Y اشاره کرد», «از Y خبر داد»,
  «خواستار Y شد»), a complement after the verb («X گفت که Y», «X اعلام کرد
  Y»), and a source phrase («به گفته X، Y»).

The speaker is the subject of the sentence that holds the verb: a person
or a body named at the start of the sentence (or of one of its
comma-separated parts after an opening such as «به گزارش X،»), a title
that the entity step resolved to a person, or a pronoun («وی», «او», «این
مسئول») that refers to the person who spoke last, when no one else has
been named since.  When the rules are not sure — a title nobody is named
for, a plural subject, a pronoun after two people — the speaker is left
NULL rather than guessed.

The speech verbs are data (build/data/speech_verbs.txt), as are the other
cue words (build/data/statement_cues.yaml).
"""

import functools
import re
from dataclasses import dataclass, replace
from typing import Optional

from .fold import fold, fold_key
from .lexicon import load_lexicon, read_words, read_yaml
from .recognise import _TOKEN as _RECOGNISE_TOKEN, split_at_glued_role, tokenise

# A sentence ends at a full stop, question or exclamation mark followed by
# a space or the end of the paragraph (so «۴.۸» and «www.x.ir» do not end one).
_SENTENCE_END = re.compile(r"[.!?؟]+(?=\s|$)")
_SPACE = " \t\u200c\u200f\u200e\u00a0"
_COMMAS = "،,"
# Letters and digits: a quote must hold at least one word.
_WORD = re.compile(r"[^\W_]")
_WORDS = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)*")
MAX_SUBJECT_TOKENS = 40  # words between a sentence's subject and its verb, at most
MAX_SPLIT_TOKENS = 40  # «خواستار Y شد»: words of Y, at most
MIN_QUOTE_WORDS = 2


@dataclass(frozen=True)
class Speaker:
    """Who a statement is by, and the words that name them."""

    person_id: Optional[str] = None
    organisation_id: Optional[str] = None
    surface: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    paragraph_id: Optional[str] = None
    attribution: Optional[str] = None

    @property
    def known(self):
        return self.person_id is not None or self.organisation_id is not None


UNKNOWN = Speaker()


@dataclass
class Found:
    """A statement found in a paragraph, before its speaker is decided."""

    kind: str
    method: str
    verb: Optional[tuple]  # (start, end) in the paragraph, or None
    content: tuple  # (start, end)
    anchor: int  # where the statement's own words begin: the subject is before it
    resume: Optional[int] = None  # where reading goes on in the sentence, None for the sentence's end
    speaker: Optional[Speaker] = None  # a speaker of its own («به گفته X»)
    needs_subject: bool = False  # kept only when the sentence has a subject
    object_of: bool = False  # «Y را خواستار شد»: Y starts where the subject ends
    open_marks: Optional[tuple] = None  # closing marks still awaited at the paragraph's end
    to_end: bool = False  # runs to the paragraph's end with no mark: a new speaker may split it
    verb_paragraph: Optional[str] = None


@dataclass(frozen=True)
class Cues:
    """The cue words, as fold keys, indexed for matching token by token."""

    verbs: dict  # fold key of a verb phrase -> number of tokens at most
    bare_content: frozenset
    colon_only: frozenset
    content_before: dict  # first word of a verb -> [fold keys of prepositions (tuples of tokens)]
    object_verbs: frozenset
    split_verbs: dict  # first word -> set of closing words
    frames: frozenset  # fold keys of whole frames: «با بیان اینکه»
    frame_nouns: frozenset
    sources: frozenset
    pronouns: frozenset
    demonstratives: frozenset
    demonstrative_nouns: frozenset
    demonstrative_bodies: frozenset
    openers: frozenset
    document_verbs: frozenset
    document_nouns: frozenset
    question_labels: frozenset
    quote_marks: dict  # opening mark -> closing marks
    max_phrase: int = 6


def _key(phrase):
    return fold_key(phrase)


def _n_words(phrase):
    return len(tokenise(phrase))


@functools.lru_cache(maxsize=1)
def load_cues():
    """Read the speech verbs and the cue words (once per process)."""
    data = read_yaml("statement_cues.yaml")
    verbs = {_key(v): _n_words(v) for v in read_words("speech_verbs.txt")}
    frames = set()
    for lead in data["frame_leads"]:
        for noun in data["frame_nouns"]:
            for prep in ["", *data["frame_prepositions"]]:
                for comp in data["complementisers"]:
                    frames.add(_key(" ".join(filter(None, [lead, noun, prep, comp]))))
    return Cues(
        verbs=verbs,
        bare_content=frozenset(_key(v) for v in data["bare_content_verbs"]),
        colon_only=frozenset(_key(v) for v in data["colon_only_verbs"]),
        content_before={_key(k): [tuple(t.key for t in tokenise(p)) for p in v] for k, v in data["content_before"].items()},
        object_verbs=frozenset(_key(v) for v in data["object_verbs"]),
        split_verbs={_key(k): {_key(w) for w in v} for k, v in data["split_verbs"].items()},
        frames=frozenset(frames),
        frame_nouns=frozenset(_key(n) for n in data["frame_nouns"]),
        sources=frozenset(_key(s) for s in data["source_phrases"]),
        pronouns=frozenset(_key(p) for p in data["pronouns"]),
        demonstratives=frozenset(_key(p) for p in data["demonstratives"]),
        demonstrative_nouns=frozenset(_key(p) for p in data["demonstrative_nouns"]),
        demonstrative_bodies=frozenset(_key(p) for p in data["demonstrative_bodies"]),
        openers=frozenset(_key(p) for p in data["openers"] + ["و"]),
        document_verbs=frozenset(_key(p) for p in data["document_verbs"]),
        document_nouns=frozenset(_key(p) for p in data["document_nouns"]),
        question_labels=frozenset(_key(p) for p in data["question_labels"]),
        quote_marks={k: tuple(v) for k, v in data["quote_marks"].items()},
    )


def _match(text, tokens, i, keys, max_tokens=6, limit=None):
    """The index of the last token of the longest phrase in ``keys`` starting at token ``i``, or None.

    The tokens of a phrase may be separated by spaces only (a ZWNJ is part
    of a token): a comma or a colon ends the phrase.
    """
    limit = len(tokens) if limit is None else limit
    stop = min(i + max_tokens, limit)
    if i >= stop:
        return None
    prefixes = _prefixes(keys)
    joined = tokens[i].key
    # Most tokens begin no phrase: once the words read so far begin none,
    # reading on cannot find one.
    if joined not in prefixes:
        return None
    best = i if joined in keys else None
    for j in range(i + 1, stop):
        if text[tokens[j - 1].end : tokens[j].start].strip(_SPACE):
            break
        joined += tokens[j].key
        if joined not in prefixes:
            break
        if joined in keys:
            best = j
    return best


_PREFIX_SETS = {}  # id(keys) -> (keys, every beginning of every key in keys)


def _prefixes(keys):
    """Every beginning of every key of ``keys`` (the empty one too), made once for each set of keys."""
    found = _PREFIX_SETS.get(id(keys))
    if found is None or found[0] is not keys:
        found = (keys, frozenset(key[:n] for key in keys for n in range(len(key) + 1)))
        _PREFIX_SETS[id(keys)] = found
    return found[1]


def _sentence_end(text, pos):
    """The offset just past the sentence that starts at ``pos``.

    A question mark right before a speech verb ends a question the
    sentence reports, not the sentence: «مسجدی در پاسخ به این سوال که
    …؟ خاطرنشان کرد: …».
    """
    for m in _SENTENCE_END.finditer(text, pos):
        if "؟" in m.group() or "?" in m.group():
            words = _WORDS.findall(text, m.end(), m.end() + 80)[:3]
            if any(_key(" ".join(words[:n])) in _speech_verb_keys() for n in range(1, len(words) + 1)):
                continue
        return m.end()
    return len(text)


@functools.lru_cache(maxsize=1)
def _speech_verb_keys():
    return frozenset(_key(v) for v in read_words("speech_verbs.txt"))


def _skip(text, pos, chars=_SPACE):
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _trim(text, start, end):
    """``(start, end)`` without surrounding spaces and a final full stop."""
    start = _skip(text, start)
    while end > start and (text[end - 1] in _SPACE or text[end - 1] in ".،,؛;:"):
        end -= 1
    return start, end


def _enough(text, span, n=MIN_QUOTE_WORDS):
    return span[1] > span[0] and _has_tokens(text[span[0] : span[1]], n)


def _has_tokens(text, n):
    """``len(tokenise(text)) >= n``, counting only as far as ``n``."""
    count = 0
    for match in _RECOGNISE_TOKEN.finditer(text):
        word = match.group()
        count += 1 if "\u200c" not in word else len(split_at_glued_role(word))
        if count >= n:
            return True
    return count >= n


class _Article:
    """Reads one article's paragraphs in order, remembering who spoke last."""

    def __init__(self, article_id, paragraphs, entity_rows, lone_speaker=None):
        self.article_id = article_id
        self.lone_speaker = lone_speaker  # a Speaker the titles nobody is named for refer to
        self.untitled = 0  # titles read as subjects that nobody is named for
        self.paragraphs = paragraphs
        self.cues = load_cues()
        self.lexicon = load_lexicon()
        self.outlets = set(self.lexicon.outlet_keys.values())
        self.mentions = {}
        for row in sorted((entity_rows or {}).get("mentions", []), key=lambda r: (r["char_start"], -r["char_end"])):
            found = self.mentions.setdefault(row["paragraph_id"], [])
            if found and row["char_end"] <= found[-1]["char_end"] and row["char_start"] < found[-1]["char_end"]:
                continue  # inside a longer mention: the longer one speaks
            found.append(row)
        self.rows = []
        # role word -> the people the article states that role for beside their name
        self.stated_roles = {}
        for row in (entity_rows or {}).get("roles", []):
            method = row.get("method") or ""
            words = tokenise(row["role"])
            if row["person_id"] and words and ("after-name" in method or "before-name" in method):
                self.stated_roles.setdefault(words[0].key.rstrip("ی"), set()).add(row["person_id"])
        articles = (entity_rows or {}).get("articles") or [{}]
        self.published_date = articles[0].get("published_date")  # so a speaker's statements sort newest first
        self.last = None  # the Speaker of the last statement, UNKNOWN when it had none
        self.named_since = {}  # person id -> Speaker: people named in narration since
        self.open = None  # (closing marks, Found, Speaker) of a quotation not yet closed
        self.pending = None  # (Found, Speaker): a colon that ends its paragraph

    # -- speakers -------------------------------------------------------------

    def _mention_at(self, pid, pos):
        for row in self.mentions.get(pid, ()):
            if row["char_start"] == pos:
                return row
            if row["char_start"] > pos:
                break
        return None

    def _speaker_of(self, pid, row):
        kind = row["mention_kind"]
        return Speaker(
            person_id=row["person_id"],
            organisation_id=row["organisation_id"],
            surface=row["surface"],
            start=row["char_start"],
            end=row["char_end"],
            paragraph_id=pid,
            attribution=kind if kind in ("name", "short", "title") else "name",
        )

    def _antecedent(self, attribution):
        """The person a pronoun (or a sentence with no subject) refers to, or UNKNOWN.

        The last speaker, when nobody else has been named in the narration
        since; else the one person named since, when nobody spoke before.
        """
        others = {p: s for p, s in self.named_since.items() if self.last is None or p != self.last.person_id}
        if self.last is not None and self.last.person_id and not others:
            return replace(self.last, attribution=attribution)
        if self.last is None and len(others) == 1:
            return replace(next(iter(others.values())), attribution=attribution)
        return UNKNOWN

    def _subject(self, pid, text, tokens, start, end):
        """``(Speaker or None, end of the subject's words)`` of the words ``text[start:end]``.

        ``None`` means the sentence has no subject the rules can read.  The
        region is cut at commas; a part that opens with a preposition or
        an opening word («به گزارش X،», «در ادامه این مراسم،») is passed
        over, one that opens with any other word is the subject.
        """
        cues = self.cues
        idx = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
        if not idx:
            return None, start
        if len(idx) > MAX_SUBJECT_TOKENS:
            idx = idx[:MAX_SUBJECT_TOKENS]
        part_start = True
        only_openers = True
        k = 0
        while k < len(idx):
            i = idx[k]
            if not part_start:
                gap = text[tokens[i - 1].end : tokens[i].start] if i else ""
                if any(c in gap for c in _COMMAS + "؛;:»"):  # «در همین صبح امروز» X گفت
                    part_start = True
                else:
                    k += 1
                    continue
            opener = _match(text, tokens, i, cues.openers, cues.max_phrase, limit=idx[-1] + 1)
            if opener is not None:
                k += opener - i + 1
                continue
            row = (
                self._mention_at(pid, tokens[i].start)
                or self._mention_at(pid, _quoted_start(text, tokens[i].start))
                or self._described_mention(pid, text, tokens, i, idx[-1])
            )
            if row is not None:
                speaker = self._speaker_of(pid, row)
                after = self._after_mention(text, tokens, row["char_end"], end)
                if after is None:
                    return UNKNOWN, row["char_end"]  # «X و Y گفتند»: two speakers
                return speaker, row["char_end"]
            if tokens[i].key in cues.pronouns:
                return self._antecedent("pronoun"), tokens[i].end
            if tokens[i].key in cues.demonstratives and i + 1 < len(tokens):
                last = _match(text, tokens, i + 1, cues.demonstrative_nouns, 3, limit=idx[-1] + 1)
                if last is not None:
                    return self._antecedent("pronoun"), tokens[last].end
                last = _match(text, tokens, i + 1, cues.demonstrative_bodies, 3, limit=idx[-1] + 1)
                if last is not None:
                    body = self.last is not None and self.last.organisation_id and not self.last.person_id
                    return (replace(self.last, attribution="pronoun") if body else UNKNOWN), tokens[last].end
            if _match(text, tokens, i, self.lexicon.roles, 4) is not None:
                return self._title(pid, text, tokens, i, idx[-1], end), tokens[i].end
            only_openers = False
            if tokens[i].key in self.lexicon.function_words:
                part_start = False  # an adverbial part: read on after its comma
                k += 1
                continue
            return UNKNOWN, tokens[i].end  # a subject the rules cannot name
        if only_openers and k > 0:
            return self._antecedent("previous"), start
        return None, start

    def _described_mention(self, pid, text, tokens, i, last):
        """The body named in guillemets after a word for it: «پایگاه اینترنتی «ایلاف» مدعی شد»."""
        from .recognise import _outlet_words

        if tokens[i].key not in _outlet_words() and tokens[i].key not in self.lexicon.organisation_heads:
            return None
        for k in range(i + 1, min(i + 3, last) + 1):
            row = self._mention_at(pid, tokens[k].start)
            if row is not None:
                return row if row["organisation_id"] and text[: tokens[k].start].rstrip().endswith("«") else None
        return None

    def _title(self, pid, text, tokens, i, last, end):
        """The speaker of a title nobody is named for: UNKNOWN, or the article's one speaker.

        A title whose role word the article states beside one person's name
        only («محمدرضا نجفی، نماینده …») is that person's.  Else an article
        whose statements are all by one person named as a speaker (by name
        or surname, more than once) gives its other titles to that person
        (``lone_speaker``).  A title followed by «نیز» (also) brings in
        someone new and stays unknown.
        """
        self.untitled += 1
        stop = i
        while stop + 1 <= last and tokens[stop + 1].key not in self.lexicon.function_words and not text[tokens[stop].end : tokens[stop + 1].start].strip(_SPACE):
            stop += 1
        if "نیز" in {t.key for t in tokens if tokens[i].start <= t.start and t.end <= end}:
            return UNKNOWN
        start, stop_at = tokens[i].start, tokens[stop].end
        # «نماینده مردم تهران … گفت» where the article states «X نماینده …» for one person only
        holders = self.stated_roles.get(tokens[i].key.rstrip("ی"), set())
        if len(holders) == 1:
            person = next(iter(holders))
            return Speaker(person_id=person, surface=text[start:stop_at], start=start, end=stop_at, paragraph_id=pid, attribution="title")
        if self.lone_speaker is None:
            return UNKNOWN
        return replace(self.lone_speaker, surface=text[start:stop_at], start=start, end=stop_at, paragraph_id=pid, attribution="title")

    def _after_mention(self, text, tokens, pos, end):
        """None if another person is coordinated with the mention ending at ``pos``."""
        rest = text[pos:end].lstrip(_SPACE)
        if rest.startswith("و "):
            after = pos + (len(text[pos:end]) - len(rest)) + 2
            if any(r["person_id"] and r["char_start"] == _skip(text, after) for r in self.mentions.get(self.pid, ())):
                return None
        return pos

    # -- finding statements in a sentence -----------------------------------

    def _after_colon(self, text, pos, para_end):
        """The content after a colon at ``pos``: ``(span, resume, open marks, to_end)``."""
        start = _skip(text, pos)
        if start < para_end and text[start] in self.cues.quote_marks:
            closers = self.cues.quote_marks[text[start]]
            close = _closing(text, start, self.cues.quote_marks)
            if close == -1:
                return _trim(text, start + 1, para_end), para_end, closers, False
            inner = _trim(text, start + 1, close)
            if _enough(text, inner, 3):
                return inner, close + 1, None, False
        return _trim(text, start, para_end), para_end, None, True

    def _find(self, pid, text, tokens, pos, end):
        """Statements whose verb (or frame) lies in ``text[pos:end]``, in order."""
        cues = self.cues
        out = []
        i = next((k for k, t in enumerate(tokens) if t.start >= pos), len(tokens))
        limit = next((k for k, t in enumerate(tokens) if t.start >= end), len(tokens))
        # A phrase can start at a token only if the token begins one: asked
        # here first, the few tokens that do are matched in full.
        frames, sources = _prefixes(cues.frames), _prefixes(cues.sources)
        verbs, documents = _prefixes(cues.verbs), _prefixes(cues.document_verbs)
        while i < limit:
            tok = tokens[i]
            key = tok.key
            # «با بیان اینکه Y، گفت»
            last = _match(text, tokens, i, cues.frames, 7, limit) if key in frames else None
            if last is not None:
                noun = next((k for k in range(i, last + 1) if tokens[k].key in cues.frame_nouns or tokens[k].key.startswith("تاکید")), i)
                verb_at = next((k for k in range(last + 1, limit) if _match(text, tokens, k, cues.verbs, cues.max_phrase, limit) is not None), None)
                if verb_at is not None:
                    c_start = tokens[last].end
                    commas = [m for m in range(c_start, tokens[verb_at].start) if text[m] in _COMMAS]
                    c_end = commas[-1] if commas and commas[-1] > c_start else tokens[verb_at].start
                    span = _trim(text, c_start, c_end)
                    if _enough(text, span):
                        out.append(Found("indirect", "frame", (tokens[noun].start, tokens[noun].end), span, tok.start, resume=tokens[verb_at].start))
                    i = verb_at
                    continue
            # «به گفته X، Y»
            last = _match(text, tokens, i, cues.sources, 4, limit) if key in sources else None
            if last is not None:
                comma = next((m for m in range(tokens[last].end, end) if text[m] in _COMMAS), None)
                if comma is not None and not _has_tokens(text[tokens[last].end : comma], 13):
                    speaker, _ = self._subject(pid, text, tokens, tokens[last].end, comma)
                    span = _trim(text, comma + 1, end)
                    if _enough(text, span, 3):
                        out.append(Found("indirect", "source", (tokens[i + 1].start if i < last else tok.start, tokens[last].end), span, tok.start, speaker=speaker or UNKNOWN))
                        return out
            # «خواستار Y شد»
            if tok.key in cues.split_verbs and not (i + 1 < limit and tokens[i + 1].key in cues.split_verbs[tok.key]):
                close = next((k for k in range(i + 1, min(limit, i + MAX_SPLIT_TOKENS)) if tokens[k].key in cues.split_verbs[tok.key]), None)
                if close is not None:
                    span = _trim(text, tok.end, tokens[close].start)
                    if _enough(text, span):
                        out.append(Found("indirect", "split-verb", (tok.start, tok.end), span, tok.start, resume=tokens[close].end))
                    i = close + 1
                    continue
            last = _match(text, tokens, i, cues.verbs, cues.max_phrase, limit) if key in verbs else None
            doc = None if last is not None or key not in documents else _match(text, tokens, i, cues.document_verbs, 4, limit)
            if last is None and doc is None:
                i += 1
                continue
            if last is None:
                found = self._document(pid, text, tokens, i, doc, pos, end)
                if found:
                    out.append(found)
                    return out
                i = doc + 1
                continue
            found = self._verb(text, tokens, i, last, pos, end, limit)
            if found is None:
                i = last + 1
                continue
            out.append(found)
            if found.resume is None:
                return out
            if found.kind == "direct":
                return out
            i = next((k for k, t in enumerate(tokens) if t.start >= found.resume), limit)
        return out

    def _verb(self, text, tokens, i, last, pos, end, limit):
        """The statement a speech verb at tokens ``i..last`` introduces, or None."""
        cues = self.cues
        key = "".join(t.key for t in tokens[i : last + 1])
        first = tokens[i].key
        v_start, v_end = tokens[i].start, tokens[last].end
        if i > 0 and tokens[i - 1].key == "به" and not text[tokens[i - 1].end : v_start].strip(_SPACE):
            return None  # «به گفته»: a source phrase, not a verb
        nxt = tokens[last + 1] if last + 1 < len(tokens) else None
        if nxt is not None and nxt.key in {"شد", "شده", "میشود", "میشد", "شود", "شدند"} and not text[v_end : nxt.start].strip(_SPACE):
            return None  # «گفته می‌شود»: an impersonal passive
        if nxt is not None and nxt.key == "و" and last + 2 < len(tokens) and tokens[last + 2].key == "گو":
            return None  # «گفت و گو»
        after = _skip(text, v_end)
        para_end = len(text)
        if after < para_end and text[after] == ":":
            span, resume, marks, to_end = self._after_colon(text, after + 1, para_end)
            found = Found("direct", "colon", (v_start, v_end), span, v_start, resume=resume, open_marks=marks, to_end=to_end)
            return found
        if after < para_end and text[after] in cues.quote_marks:
            span, resume, marks, to_end = self._after_colon(text, after, para_end)
            if marks is None and not to_end and _enough(text, span, 3):
                return Found("direct", "quotation-marks", (v_start, v_end), span, v_start, resume=resume)
        if key in cues.colon_only:
            return None
        if nxt is not None and nxt.key == "که" and nxt.start < end and not text[v_end : nxt.start].strip(_SPACE + _COMMAS):
            span = _trim(text, nxt.end, end)
            if _enough(text, span):
                return Found("indirect", "complement", (v_start, v_end), span, v_start)
            return None
        if after < end and text[after] in _COMMAS + "؛;" and key in cues.bare_content:
            span = _trim(text, after + 1, end)
            if _enough(text, span, 3):
                return Found("indirect", "comma", (v_start, v_end), span, v_start)
            return None
        sentence_final = after >= end or text[after] in ".!?؟" or (nxt is not None and nxt.key == "و") or text[after] in _COMMAS
        if first in cues.content_before and sentence_final:
            for prep in cues.content_before[first]:
                at = next(
                    (k for k in range(0, i) if tokens[k].start >= pos and tuple(t.key for t in tokens[k : k + len(prep)]) == prep
                     and not (k + len(prep) < i and tokens[k + len(prep)].key == "اساس")),
                    None,
                )
                if at is not None:
                    span = _trim(text, tokens[at + len(prep) - 1].end, v_start)
                    if _enough(text, span):
                        return Found("indirect", "content-before", (v_start, v_end), span, tokens[at].start, resume=v_end)
            return None
        if key in cues.object_verbs and i > 0:
            k = i - 1
            while k > 0 and tokens[k].key in {"نیز", "هم", "را"} and tokens[k].key != "را":
                k -= 1
            if tokens[k].key == "را" and tokens[k].start >= pos:
                return Found("indirect", "object", (v_start, v_end), (pos, tokens[k].start), tokens[k].start, resume=v_end, object_of=True)
            return None
        if key in cues.bare_content and nxt is not None and nxt.start < end and not sentence_final and not text[v_end : nxt.start].strip(_SPACE):
            span = _trim(text, nxt.start, end)
            if _enough(text, span, 3):
                return Found("indirect", "bare-complement", (v_start, v_end), span, v_start, needs_subject=True)
        return None

    def _document(self, pid, text, tokens, i, last, pos, end):
        """«در این بیانیه آمده است: Y»: a document's words, by whoever issued it."""
        before = [t.key for t in tokens if pos <= t.start < tokens[i].start]
        if not any(k in self.cues.document_nouns for k in before):
            return None
        after = _skip(text, tokens[last].end)
        v = (tokens[i].start, tokens[last].end)
        speaker = UNKNOWN
        if ("این" in before or "ادامه" in before) and self.last is not None and self.last.known:
            speaker = replace(self.last, attribution="previous")  # «در این بیانیه», «در ادامه اطلاعیه»
        # «در نامه محمدرضا نجفی به …»: the document's author named right after
        # the document nearest the verb (not the outlet of «به گزارش روز نو»).
        for d in range(i - 1, -1, -1):
            token = tokens[d]
            if token.start < pos:
                break
            if token.key in self.cues.document_nouns and not (d > 0 and tokens[d - 1].key == "به"):
                row = self._mention_at(pid, tokens[d + 1].start)
                if row is not None and (row["person_id"] or row["organisation_id"]):
                    speaker = self._speaker_of(pid, row)
                break
        if after < len(text) and text[after] == ":":
            span, resume, marks, to_end = self._after_colon(text, after + 1, len(text))
            return Found("direct", "document", v, span, tokens[i].start, resume=resume, open_marks=marks, speaker=speaker, to_end=to_end)
        if last + 1 < len(tokens) and tokens[last + 1].key == "که":
            span = _trim(text, tokens[last + 1].end, end)
            if _enough(text, span):
                return Found("indirect", "document", v, span, tokens[i].start, speaker=speaker)
        return None

    # -- paragraphs ------------------------------------------------------------

    def _emit(self, pid, text, found, speaker):
        q_start, q_end = found.content
        if q_end <= q_start or not _WORD.search(text[q_start:q_end]):
            return
        speaker = speaker or UNKNOWN
        verb_pid = found.verb_paragraph or pid
        verb_text = self._text(verb_pid)
        self.rows.append(
            {
                "id": f"{self.article_id}-s{len(self.rows) + 1:03d}",
                "article_id": self.article_id,
                "paragraph_id": pid,
                "position": len(self.rows) + 1,
                "published_date": self.published_date,
                "person_id": speaker.person_id,
                "organisation_id": speaker.organisation_id,
                "speaker_surface": speaker.surface,
                "speaker_start": speaker.start,
                "speaker_end": speaker.end,
                "speaker_paragraph_id": speaker.paragraph_id,
                "attribution": speaker.attribution if speaker.known else None,
                "verb": verb_text[found.verb[0] : found.verb[1]] if found.verb else None,
                "verb_start": found.verb[0] if found.verb else None,
                "verb_end": found.verb[1] if found.verb else None,
                "verb_paragraph_id": verb_pid if found.verb else None,
                "quote": text[q_start:q_end],
                "quote_start": q_start,
                "quote_end": q_end,
                "kind": found.kind,
                "method": found.method,
                "quote_folded": fold(text[q_start:q_end]),
            }
        )
        self.last = speaker if speaker.known else UNKNOWN
        self.named_since = {}

    def _text(self, pid):
        return next(text for p, _, text in self.paragraphs if p == pid)

    def _narration(self, pid, start, end):
        """Note the people named in ``[start, end)`` of a paragraph that reports no speech."""
        for row in self.mentions.get(pid, ()):
            if row["person_id"] and start <= row["char_start"] < end:
                self.named_since[row["person_id"]] = self._speaker_of(pid, row)

    def paragraph(self, pid, kind, text):
        """Read one paragraph, adding the statements it holds."""
        self.pid = pid
        if kind == "boilerplate":
            return
        tokens = tokenise(text)
        if self.pending is not None:
            found, speaker = self.pending
            self.pending = None
            self._emit(pid, text, replace(found, content=_trim(text, 0, len(text))), speaker)
            return
        pos = 0
        if self.open is not None:
            pos = self._continue(pid, text, tokens)
            if pos is None:
                return
        if pos == 0:
            label = self._label(pid, kind, text, tokens)
            if isinstance(label, int) and not isinstance(label, bool):
                pos = label
            elif label is not None:
                return
        if kind in ("title", "heading", "dateline"):
            return
        if pos == 0:
            pos = self._quote_first(pid, text, tokens)
        while pos < len(text):
            pos = self._sentence(pid, text, tokens, pos)

    def _continue(self, pid, text, tokens):
        """A quotation left open by the previous paragraph: its next part, or None if it ends here.

        Returns where reading goes on in this paragraph.  A paragraph with
        a speech verb and a colon of its own is not a continuation.
        """
        marks, found, speaker = self.open
        self.open = None
        close = min((c for c in (text.find(m) for m in marks) if c != -1), default=-1)
        head = len(text) if close == -1 else close
        for k, token in enumerate(tokens):
            if token.end > head:
                break
            last = _match(text, tokens, k, self.cues.verbs, self.cues.max_phrase)
            if last is not None and text[_skip(text, tokens[last].end) : _skip(text, tokens[last].end) + 1] == ":":
                return 0  # a speaker and verb of its own: the quotation was never closed
        span = _trim(text, 0, len(text) if close == -1 else close)
        cont = Found("direct", "continuation", None, span, 0)
        if _enough(text, span, 1):
            self._emit(pid, text, cont, replace(speaker, attribution="previous") if speaker.known else UNKNOWN)
        if close == -1:
            self.open = (marks, found, speaker)
            return None
        return close + 1

    def _label(self, pid, kind, text, tokens):
        """«X: Y» at the start of a headline or an interview turn.

        Returns None when the paragraph does not open with a label, False
        for an interviewer's question, True when a statement was made, and
        the offset after the colon for an outlet's credit line.
        """
        colon = text.find(":")
        if colon <= 0:
            return None
        label = [t for t in tokens if t.end <= colon]
        if not label or len(label) > 5 or any(c in text[:colon] for c in ".؟?!،"):
            return None
        if len(label) <= 2 and "".join(t.key for t in label) in self.cues.question_labels:
            return False
        start = _quoted_start(text, label[0].start)
        row = self._mention_at(pid, start) or self._mention_at(pid, label[0].start)
        span = _trim(text, colon + 1, len(text))
        if kind == "title" and "/" in text[span[0] : span[1]]:
            span = _trim(text, span[0], text.index("/", span[0]))
        if not _enough(text, span):
            return None
        covers = row is not None and not text[row["char_end"] : colon].strip(_SPACE + "»\"”")
        if covers and kind not in ("title", "heading") and row["organisation_id"] in self.outlets:
            return colon + 1  # «خبرگزاری فارس: …»: the outlet's credit line, not its words
        if covers:
            speaker = self._speaker_of(pid, row)
        elif kind in ("title", "heading") and len(label) <= 4 and not any(
            _match(text, tokens, k, self.cues.verbs, self.cues.max_phrase) is not None for k in range(len(label))
        ):
            speaker = UNKNOWN
        else:
            return None
        self._emit(pid, text, Found("direct", "label", None, span, 0), speaker)
        return True

    def _quote_first(self, pid, text, tokens):
        """«"Y"، این را X گفت»: a quotation at the paragraph's start, its speaker after it."""
        start = _skip(text, 0)
        if start >= len(text) or text[start] not in self.cues.quote_marks:
            return 0
        close = _closing(text, start, self.cues.quote_marks)
        if close == -1:
            return 0
        end = _sentence_end(text, close + 1)
        clause = [k for k, t in enumerate(tokens) if close < t.start and t.end <= end]
        if not clause:
            return 0
        last_verb = None
        for k in clause:
            last = _match(text, tokens, k, self.cues.verbs, self.cues.max_phrase)
            if last is not None and last == clause[-1]:
                last_verb = (k, last)
                break
        span = _trim(text, start + 1, close)
        if last_verb is None or not _enough(text, span, 3):
            return 0
        k, last = last_verb
        speaker, _ = self._subject(pid, text, tokens, _skip(text, close + 1, _SPACE + _COMMAS + "-–—"), tokens[k].start)
        self._emit(pid, text, Found("direct", "quotation-first", (tokens[k].start, tokens[last].end), span, 0), speaker)
        return end

    def _sentence(self, pid, text, tokens, pos):
        """Read the sentence at ``pos``; return where the next one starts."""
        end = _sentence_end(text, pos)
        found = self._find(pid, text, tokens, pos, end)
        if not found:
            self._narration(pid, pos, end)
            return end
        anchor = min(f.anchor for f in found)
        speaker, subject_end = self._subject(pid, text, tokens, pos, anchor)
        for n, f in enumerate(found):
            who = f.speaker if f.speaker is not None else speaker
            if f.needs_subject and who is None:
                continue
            if f.object_of:
                span = _trim(text, subject_end, f.content[1])
                if who is None or not _enough(text, span):
                    continue
                f = replace(f, content=span)
            if f.kind == "direct" and f.content[0] >= f.content[1]:
                # A colon that ends the paragraph: the words are the next one.
                self.pending = (replace(f, verb_paragraph=pid), who)
                return len(text)
            if f.to_end:
                f = found[n] = self._split(pid, text, tokens, f)
            self._emit(pid, text, f, who)
            if f.open_marks:
                self.open = (f.open_marks, f, who or UNKNOWN)
        last = found[-1]
        if last.kind == "direct":
            return last.resume if last.resume is not None else len(text)
        return end if last.resume is None else max(last.resume, pos + 1)

    def _split(self, pid, text, tokens, found):
        """End a quote that runs to the paragraph's end where a new named speaker begins."""
        q_start, q_end = found.content
        pos = _sentence_end(text, q_start)
        while pos < q_end:
            start = _skip(text, pos)
            end = _sentence_end(text, start)
            inner = [f for f in self._find(pid, text, tokens, start, end) if f.method == "colon"]
            if inner:
                who, _ = self._subject(pid, text, tokens, start, inner[0].anchor)
                if who is not None and who.known and who.attribution in ("name", "short", "title"):
                    span = _trim(text, q_start, pos)
                    return replace(found, content=span, resume=start, to_end=False)
            pos = end
        return found


def _closing(text, start, marks):
    """The offset of the mark that closes the quotation opened at ``start``, or -1.

    Guillemets nest («… «واسطه» …»): an inner pair does not close the outer one.
    """
    opener = text[start]
    closers = marks[opener]
    depth = 0
    for pos in range(start + 1, len(text)):
        char = text[pos]
        if char in closers and (depth == 0 or opener == char):
            if depth == 0:
                return pos
        if char == opener and opener not in closers:
            depth += 1
        elif char in closers and depth:
            depth -= 1
    return -1


def _quoted_start(text, pos):
    """``pos``, moved back over an opening quotation mark right before it."""
    return pos - 1 if pos > 0 and text[pos - 1] in "«\"“" else pos


def extract_statements(article_id, paragraphs, entity_rows=None):
    """Rows for the ``statements`` table: every statement the article reports.

    ``paragraphs`` is a list of ``(paragraph_id, kind, text)`` in reading
    order; ``entity_rows`` is what ``extract_entities`` returned for them
    (its ``mentions`` name the speakers), and may hold the article's row
    (``articles``), whose date each statement repeats.  Ids are the article's id and the
    statement's position in it, so they stay the same across rebuilds.

    >>> rows = extract_statements("a", [("a-001", "body", "وی گفت: کار بزرگی است.")])["statements"]
    >>> rows[0]["quote"], rows[0]["kind"], rows[0]["verb"], rows[0]["person_id"]
    ('کار بزرگی است', 'direct', 'گفت', None)
    """
    article = _read(_Article(article_id, paragraphs, entity_rows))
    if article.untitled:
        lone = _lone_speaker(article.rows)
        if lone is not None:
            article = _read(_Article(article_id, paragraphs, entity_rows, lone_speaker=lone))
    return {"statements": article.rows}


def _read(article):
    for pid, kind, text in article.paragraphs:
        article.paragraph(pid, kind, text)
    return article


def _lone_speaker(rows):
    """The one person named as a speaker in these statements (more than once), as a Speaker, or None.

    Persian news often names a speaker once and then calls them by their
    titles («عضو هیئت‌رئیسه مجلس خبرگان», «امام جمعه موقت تهران»), none of
    which is stated beside the name.  When every statement named by name
    or surname is by one person, those titles are taken to be theirs.
    """
    named = [row for row in rows if row["attribution"] in ("name", "short")]
    people = {row["person_id"] for row in named}
    if len(people) != 1 or None in people or len(named) < 2:
        return None
    row = named[0]
    return Speaker(person_id=row["person_id"], surface=row["speaker_surface"], start=row["speaker_start"],
                   end=row["speaker_end"], paragraph_id=row["speaker_paragraph_id"], attribution="title")
