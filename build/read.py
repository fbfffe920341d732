"""Read one article file: decode it, or say exactly why it cannot be used.

Seed files are UTF-8, with or without a byte-order mark, with LF or CRLF
line endings.  Two legacy encodings are recognised and decoded, and the
encoding used is recorded in ``articles.encoding``:

* UTF-16 with a byte-order mark (what Windows Notepad writes as "Unicode");
* Windows-1256 (Arabic Windows), accepted only when the bytes are not valid
  UTF-8 and the decoded text is overwhelmingly Persian/Arabic letters, so
  that random bytes are never mistaken for it.

Everything else that is not text (invalid UTF-8, binary data, an empty
file, an HTML page, a file too large to be one article) raises
``SeedError`` naming the file and the problem.
"""

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

# No real news article comes near this; a larger file is a mistake
# (a dump, a log, a binary) and reading it would only waste memory.
MAX_BYTES = 2_000_000

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
_LETTER = re.compile(r"[^\W\d_]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML = re.compile(r"\A\s*(?:<!doctype html|<html|<head|<body)|</(?:html|body|div|p)>", re.I)


class SeedError(Exception):
    """A seed file that cannot be used as an article, and why."""

    def __init__(self, path, problem):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass
class Source:
    """The decoded text of one article file and what is known about the file."""

    id: str
    file: str
    text: Optional[str]  # a .txt file's decoded text; None for a record, whose text is ``paragraphs``
    encoding: str
    sha256: str
    n_bytes: int
    # A record of a multi-record file (build/sources.py) also brings the
    # metadata its collector gave it; a .txt file has none of these.
    record: Optional[int] = None  # 0-based index of the record in its file
    title: Optional[str] = None
    lead: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    publisher: Optional[str] = None
    categories: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    paragraphs: Optional[list] = None  # the text as the record splits it


def decode_bytes(data, path="<bytes>"):
    """Decode an article file's bytes; return ``(text, encoding)``.

    Line endings become ``\\n``; a byte-order mark is dropped.
    """
    if not data.strip():
        raise SeedError(path, "file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise SeedError(path, f"has a UTF-16 byte-order mark but is not valid UTF-16 ({error.reason})")
    elif b"\x00" in data:
        raise SeedError(path, "holds binary data (NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        except UnicodeDecodeError as error:
            text = _decode_windows_1256(data)
            if text is None:
                raise SeedError(
                    path,
                    f"is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
                    " and not recognisable Windows-1256 Persian text",
                )
            encoding = "windows-1256"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text) and len(_CONTROL.findall(text)) > max(3, len(text) // 1000):
        raise SeedError(path, "holds binary data (control characters), not text")
    if not text.strip():
        raise SeedError(path, "file holds only whitespace")
    if _HTML.search(text[:5000]):
        raise SeedError(path, "is an HTML page, not article text; extract the article text first")
    if not _LETTER.search(text):
        raise SeedError(path, "holds no letters, so it is not article text")
    return text, encoding


def _decode_windows_1256(data):
    """Return ``data`` decoded as Windows-1256 if it is clearly Persian text."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return None
    letters = _LETTER.findall(text)
    if len(letters) < 20:
        return None
    arabic = sum(1 for c in letters if _ARABIC_LETTER.match(c))
    return text if arabic / len(letters) >= 0.8 else None


def read_article(path):
    """Read the article at ``path`` into a ``Source``; raise ``SeedError``."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SeedError(path, "is not a regular file")
        if size > MAX_BYTES:
            raise SeedError(path, f"is {size:,} bytes, larger than the {MAX_BYTES:,}-byte limit for one article")
        data = path.read_bytes()
    except OSError as error:
        raise SeedError(path, f"cannot be read ({error.strerror or error})")
    text, encoding = decode_bytes(data, path)
    return Source(
        id=path.stem,
        file=path.name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        n_bytes=len(data),
    )
