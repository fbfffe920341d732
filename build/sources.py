"""Find the articles in a corpus: a folder or one file, of texts or of records.

A corpus is what ``--seeds`` names:

* a folder, whose files are read in name order (sub-folders are not read);
* or a single file.

Each file is one of:

``.txt``                 one article: title line, blank line, text
``.jsonl`` / ``.ndjson`` one record (a JSON object) a line
``.json``                an array of records, or one record
``.csv`` / ``.tsv``      a header row, then one record a row

and any of them may be gzip-compressed (``.txt.gz``, ``.jsonl.gz`` …).
A record's fields are found by their usual names (``FIELDS``); a
``--field text=body`` option names them where a corpus calls them
something else.

Every file and every record either becomes an ``Entry`` (something to
build) or is reported with the reason it is not used: nothing is dropped
silently.
"""

import csv
import gzip
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .read import MAX_BYTES, SeedError, Source, decode_bytes, read_article

# The field names each value is looked for under, in order of preference
# (compared without regard to case).  ``categories`` and ``tags`` collect
# every field that is present (Fars News has both ``cat`` and ``subcat``).
FIELDS = {
    "id": ["id"],
    "text": ["text", "body", "content", "article", "paragraphs", "sentences"],
    "lead": ["lead", "lede", "abstract", "summary"],
    "title": ["title", "headline"],
    "url": ["url", "link"],
    "published": ["published", "date", "datetime"],
    "publisher": ["publisher", "agency", "source", "site"],
    "categories": ["category", "categories", "cat", "subcat"],
    "tags": ["tags", "keywords"],
}
MULTI_VALUED = {"categories", "tags"}

RECORD_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv"}
TEXT_FORMATS = {".txt": "txt"}
FORMATS = {**TEXT_FORMATS, **RECORD_FORMATS}

# A compressed or record file holds many articles, so it may be larger
# than one article's file; past this it is a mistake or a dump.
MAX_CORPUS_FILE_BYTES = 2_000_000_000

# An id is used in URLs and in paragraph ids: letters, digits and a few marks.
_UNSAFE_ID = re.compile(r"[^\w.\-]+")


@dataclass
class Entry:
    """One article to build: a .txt file to read, or a record (read already, or to read again)."""

    id: str
    name: str  # what the summary and skipped_files call it: file, or file and record
    path: Optional[Path] = None  # a .txt file, read when it is processed
    source: Optional[Source] = None  # a record's article, read already
    sha256: Optional[str] = None  # known before processing for records
    records: Optional["RecordFile"] = None  # a record not kept (``list_corpus(lazy=True)``): its file
    record: Optional[int] = None  # and its 0-based index there
    problem: Optional[str] = None  # why the record could not be read again, if it could not


@dataclass(frozen=True)
class RecordFile:
    """A file of records, as ``list_corpus`` read it: enough to read its records again."""

    path: Path
    fmt: str
    compressed: bool
    stem: str
    single: bool
    fields: tuple  # the --field mapping, as sorted pairs


@dataclass
class Corpus:
    """What a corpus holds: entries to build, and what is not used and why."""

    entries: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # [(name, problem)]
    ignored: list = field(default_factory=list)  # [(name, reason)]


def file_format(path):
    """``(format, compressed)`` for a file name, or ``(None, False)``.

    >>> file_format(Path("irnews.jsonl.gz"))
    ('jsonl', True)
    >>> file_format(Path("seed.txt"))
    ('txt', False)
    """
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    return (FORMATS.get(suffixes[-1]) if suffixes else None), compressed


def parse_field_options(options):
    """``{"text": "body"}`` from ``["text=body"]``; raise ValueError on a bad one."""
    mapping = {}
    for option in options or []:
        name, sep, column = option.partition("=")
        name, column = name.strip(), column.strip()
        if not sep or not column or name not in FIELDS:
            raise ValueError(
                f"--field {option!r}: expected NAME=COLUMN with NAME one of {', '.join(FIELDS)}"
            )
        mapping[name] = column
    return mapping


def list_corpus(path, fields=None, lazy=False):
    """Read the corpus at ``path`` (a folder or a file) into a ``Corpus``.

    With ``lazy``, a record's entry keeps its id, name and hash but not its
    article, which ``sources`` reads again when it is wanted: the corpus
    is listed in one pass whose memory does not grow with the corpus,
    and the build holds only the few articles it is working on.

    Raises ``SeedError`` when ``path`` is neither.
    """
    path = Path(path)
    corpus = Corpus()
    if path.is_dir():
        root = path.resolve()
        candidates = sorted(path.iterdir())
    elif path.is_file():
        root = path.resolve().parent
        candidates = [path]
    else:
        raise SeedError(path, "is not a directory" if path.exists() else "seeds directory does not exist")
    for candidate in candidates:
        _add_file(corpus, candidate, root, fields or {}, lazy)
    _drop_duplicate_ids(corpus)
    return corpus


def _add_file(corpus, path, root, fields, lazy=False):
    """Add one file's entries, or say why it is not read."""
    name = path.name
    if name.startswith("."):
        corpus.ignored.append((name, "hidden file (its name starts with a dot)"))
        return
    fmt, compressed = file_format(path)
    if fmt is None:
        kind = "a folder (sub-folders are not read)" if path.is_dir() else "not a file type the build reads"
        corpus.ignored.append((name, f"{kind}; the build reads {', '.join(sorted(FORMATS))}, optionally .gz"))
        return
    if path.is_symlink():
        try:
            os.stat(path)
        except OSError as error:
            corpus.skipped.append((name, f"cannot be read ({error.strerror or error})"))
            return
        if not Path(os.path.realpath(path)).is_relative_to(root):
            corpus.skipped.append((name, "is a symbolic link to a file outside the corpus folder"))
            return
    if fmt == "txt" and not compressed:
        corpus.entries.append(Entry(id=_safe_id(path.stem), name=name, path=path))
        return
    try:
        data = _read_bytes(path, compressed, MAX_BYTES if fmt == "txt" else MAX_CORPUS_FILE_BYTES)
    except SeedError as error:
        corpus.skipped.append((name, error.problem))
        return
    if fmt == "txt":
        stem = Path(path.stem).stem  # x.txt.gz -> x
        try:
            text, encoding = decode_bytes(data, name)
        except SeedError as error:
            corpus.skipped.append((name, error.problem))
            return
        source = Source(id=_safe_id(stem), file=name, text=text, encoding=encoding,
                        sha256=hashlib.sha256(data).hexdigest(), n_bytes=len(data))
        corpus.entries.append(Entry(id=source.id, name=name, source=source, sha256=source.sha256))
        return
    stem = re.sub(r"(\.[A-Za-z]+)+$", "", name)
    try:
        if fmt == "json":
            records = list(_records(data, fmt, name))
            single = len(records) == 1 and data.lstrip()[:1] == b"{"
        else:
            # One record at a time: a file of records is never held parsed whole.
            records, single = _records(data, fmt, name), False
        del data
        file = RecordFile(path, fmt, compressed, stem, single, tuple(sorted(fields.items()))) if lazy else None
        entries, skipped = [], []
        for index, record in records:
            label = f"{name} record {index}"
            try:
                source = record_source(record, stem=stem, file=name, index=index, fields=fields, single=single)
            except SeedError as error:
                skipped.append((label, error.problem))
                continue
            if lazy:
                entries.append(Entry(id=source.id, name=label, sha256=source.sha256, records=file, record=index))
            else:
                entries.append(Entry(id=source.id, name=label, source=source, sha256=source.sha256))
    except SeedError as error:
        corpus.skipped.append((name, error.problem))
        return
    corpus.skipped.extend(skipped)
    corpus.entries.extend(entries)


def _read_bytes(path, compressed, limit):
    """A file's bytes, decompressed, refusing more than ``limit`` bytes."""
    try:
        if not path.is_file():
            raise SeedError(path.name, "is not a regular file")
        if not compressed and path.stat().st_size > limit:
            raise SeedError(path.name, f"is {path.stat().st_size:,} bytes, larger than the {limit:,}-byte limit")
        if not compressed:
            return path.read_bytes()
        with gzip.open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        if isinstance(error, gzip.BadGzipFile) or "gzip" in str(error).lower():
            raise SeedError(path.name, f"is not a valid gzip file ({error})")
        raise SeedError(path.name, f"cannot be read ({error.strerror or error})")
    except EOFError:
        raise SeedError(path.name, "is a truncated gzip file")
    if len(data) > limit:
        raise SeedError(path.name, f"decompresses to more than the {limit:,}-byte limit")
    return data


def _records(data, fmt, name):
    """Yield ``(index, record)`` for each record of a record file (0-based index)."""
    if fmt == "jsonl":
        index = 0
        for line_number, line in enumerate(_lines(data, name), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                record = SeedError(name, f"line {line_number} is not valid JSON ({error.msg})")
            yield index, record
            index += 1
        return
    text = _decode(data, name)
    if fmt == "json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise SeedError(name, f"is not valid JSON ({error.msg} at line {error.lineno})")
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            raise SeedError(name, "holds neither a JSON array of records nor one record (an object)")
        yield from enumerate(value)
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if fmt == "tsv" else ",")
        if not reader.fieldnames:
            raise SeedError(name, "has no header row")
        try:
            yield from enumerate(reader)
        except csv.Error as error:
            raise SeedError(name, f"is not valid {fmt.upper()} ({error})")


def _decode(data, name):
    """A record file's bytes as text (UTF-8, with or without a byte-order mark), or ``SeedError``."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SeedError(name, f"is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})")


def _lines(data, name):
    """``_decode(data, name).splitlines()``, one line at a time.

    A line of JSON records is decoded when it is reached, so a file of
    records is never held as text whole beside its bytes.  A newline byte
    is never part of another UTF-8 character, so each piece between them
    decodes as it would in the whole; if one does not, the whole is decoded
    to report the error as ``_decode`` does.
    """
    start, end = 0, len(data)
    while start < end:  # a line break that ends the text has no line after it
        stop = data.find(b"\n", start)
        stop = end if stop == -1 else stop
        piece, first, start = data[start:stop], start == 0, stop + 1
        try:
            line = piece.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError:
            _decode(data, name)
            raise
        # Other line breaks (\r, \v, \x1c, \u2028 …) split as str.splitlines splits them.
        parts = line.splitlines()
        yield from parts if parts else [""]


def record_source(record, stem, file, index, fields=None, single=False):
    """Turn one record into a ``Source``; raise ``SeedError`` if it is not an article.

    Its id is the record's ``id`` field; else, in a file of many records,
    the file's name and the record's 0-based index (``fars-news-1_17``);
    else, for a file of one record, a hash of its URL, or the file's name.

    The text field may be a string (split into paragraphs at line breaks)
    or a list of strings (one paragraph each, in order).
    """
    if isinstance(record, SeedError):
        raise SeedError(f"{file} record {index}", record.problem)
    if not isinstance(record, dict):
        raise SeedError(f"{file} record {index}", f"is a JSON {type(record).__name__}, not an object")
    values = {name: _field(record, name, (fields or {}).get(name)) for name in FIELDS}
    paragraphs = _paragraphs(values["text"])
    if values["text"] is None:
        wanted = (fields or {}).get("text") or "|".join(FIELDS["text"])
        raise SeedError(f"{file} record {index}", f"has no text field ({wanted}); name it with --field text=COLUMN")
    if not any(p.strip() for p in paragraphs):
        raise SeedError(f"{file} record {index}", "has an empty text field")
    raw_id = _scalar(values["id"])
    url = _scalar(values["url"])
    if raw_id:
        article_id = _safe_id(raw_id)
    elif not single:
        article_id = f"{_safe_id(stem)}_{index}"
    elif url:
        article_id = "url-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    else:
        article_id = _safe_id(stem)
    canonical = json.dumps({"record": record, "fields": fields or {}}, ensure_ascii=False, sort_keys=True)
    encoded = canonical.encode("utf-8")
    return Source(
        id=article_id,
        file=file,
        text=None,  # the paragraphs are kept as the record gives them, once
        encoding="utf-8",
        sha256=hashlib.sha256(encoded).hexdigest(),
        n_bytes=len(encoded),
        record=index,
        title=_scalar(values["title"]),
        lead=_scalar(values["lead"]),
        url=url,
        published=_scalar(values["published"]),
        publisher=_scalar(values["publisher"]),
        categories=_list(values["categories"]),
        tags=_list(values["tags"]),
        paragraphs=paragraphs,
    )


def _field(record, name, override):
    """The value of field ``name`` in ``record`` (a list of values for the multi-valued)."""
    keys = {str(k).lower(): k for k in record}
    wanted = [override] if override else FIELDS[name]
    found = [record[keys[w.lower()]] for w in wanted if w.lower() in keys]
    found = [v for v in found if v not in (None, "", [])]
    if name in MULTI_VALUED:
        return found
    return found[0] if found else None


def _scalar(value):
    """A field's value as one stripped string, or None."""
    if value is None:
        return None
    if isinstance(value, list):
        value = " ".join(str(v) for v in value if v is not None)
    value = str(value).strip()
    return value or None


def _list(values):
    """Every string in a multi-valued field, in order, without repeats.

    A CSV cell may hold a JSON list or a comma-separated list.
    """
    out = []
    for value in values:
        if isinstance(value, str) and value.strip().startswith("["):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                pass
        items = value if isinstance(value, list) else re.split(r"\s*[,،]\s*", str(value))
        for item in items:
            item = str(item).strip() if item is not None else ""
            if item and item not in out:
                out.append(item)
    return out


def _paragraphs(value):
    """A text field as a list of paragraph strings."""
    if value is None:
        return []
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, str):
                lines.extend(item.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
            elif isinstance(item, dict):
                text = _field(item, "text", None)
                if isinstance(text, str):
                    lines.append(text)
        return [line for line in lines]
    return str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _safe_id(value):
    """An id safe in a URL: runs of other characters become one hyphen.

    >>> _safe_id("roozno_data_917")
    'roozno_data_917'
    >>> _safe_id("a b/c")
    'a-b-c'
    """
    return _UNSAFE_ID.sub("-", str(value).strip()).strip("-") or "article"


def _drop_duplicate_ids(corpus):
    """Keep the first entry with each id; skip the later ones, naming the first."""
    first = {}
    kept = []
    for entry in corpus.entries:
        if entry.id in first:
            corpus.skipped.append((entry.name, f"has the same article id «{entry.id}» as {first[entry.id]}"))
            continue
        first[entry.id] = entry.name
        kept.append(entry)
    corpus.entries = kept


def records_with_ids(corpus, ids, fields=None):
    """``{id: record}`` for the records of ``corpus`` with these article ids.

    Each record is returned as the corpus holds it, with its article id
    set as its ``id`` field, so that a build of those records alone gives
    them the ids they have in a build of the whole corpus.
    """
    corpus = Path(corpus)
    paths = sorted(corpus.iterdir()) if corpus.is_dir() else [corpus]
    found = {}
    for path in paths:
        fmt, compressed = file_format(path)
        if fmt not in RECORD_FORMATS.values() or path.name.startswith("."):
            continue
        data = _read_bytes(path, compressed, MAX_CORPUS_FILE_BYTES)
        stem = re.sub(r"(\.[A-Za-z]+)+$", "", path.name)
        for index, record in _records(data, fmt, path.name):
            try:
                source = record_source(record, stem=stem, file=path.name, index=index, fields=fields)
            except SeedError:
                continue
            if source.id in ids and source.id not in found:
                found[source.id] = dict(record, id=source.id)
    return found


def read_entry(entry):
    """The ``Source`` of an entry: read its file now, or the record read already (or again)."""
    if entry.problem is not None:
        raise SeedError(entry.name, entry.problem)
    if entry.source is not None:
        return entry.source
    if entry.records is not None:
        return read_entry(next(iter(sources([entry])))[1])
    return read_article(entry.path)


def sources(entries):
    """``(entry, entry with its record read)`` for each entry, in order, reading each record file once more.

    A .txt file's entry is given as it is (its file is read when it is
    processed).  A record that cannot be read again as it was listed (its
    file changed meanwhile) is given as an entry whose reading fails.
    """
    current, records = None, None
    for entry in entries:
        if entry.records is None:
            yield entry, entry
            continue
        if entry.records is not current:
            current = entry.records
            records = _reread(current)
        found = None
        for index, record in records:
            if index == entry.record:
                found = record
                break
            if index > entry.record:
                break
        file = entry.records
        try:
            if found is None:
                raise SeedError(entry.name, "could not be read again (its file changed during the build)")
            source = record_source(found, stem=file.stem, file=file.path.name, index=entry.record,
                                   fields=dict(file.fields), single=file.single)
            if source.id != entry.id or source.sha256 != entry.sha256:
                raise SeedError(entry.name, "could not be read again (its file changed during the build)")
        except SeedError as error:
            yield entry, Entry(id=entry.id, name=entry.name, sha256=entry.sha256, problem=error.problem)
            continue
        yield entry, Entry(id=entry.id, name=entry.name, source=source, sha256=entry.sha256)


def _reread(file):
    """Each ``(index, record)`` of a record file, read again; nothing if it cannot be."""
    try:
        yield from _records(_read_bytes(file.path, file.compressed, MAX_CORPUS_FILE_BYTES), file.fmt, file.path.name)
    except SeedError:
        return

