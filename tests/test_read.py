"""Reading files: what is accepted, and the error for everything else."""

import codecs

import pytest

from build.read import MAX_BYTES, SeedError, read_article

PERSIAN = "مرکز ملی فضای مجازی کشور نخستین جلسه کارگروه را برگزار کرد.\nپایان پیام\n"


def write(tmp_path, data, name="article.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8(tmp_path):
    source = read_article(write(tmp_path, PERSIAN.encode("utf-8")))
    assert source.text == PERSIAN and source.encoding == "utf-8"
    assert source.id == "article" and len(source.sha256) == 64


def test_utf8_with_bom_drops_the_mark(tmp_path):
    source = read_article(write(tmp_path, codecs.BOM_UTF8 + PERSIAN.encode("utf-8")))
    assert source.text == PERSIAN and source.encoding == "utf-8-sig"


def test_crlf_becomes_lf(tmp_path):
    source = read_article(write(tmp_path, PERSIAN.replace("\n", "\r\n").encode("utf-8")))
    assert source.text == PERSIAN


def test_utf16_with_bom_is_decoded(tmp_path):
    source = read_article(write(tmp_path, PERSIAN.encode("utf-16")))
    assert source.text == PERSIAN and source.encoding == "utf-16"


def test_windows_1256_persian_is_decoded_and_recorded(tmp_path):
    # Windows-1256 has no Persian yeh, so such files use Arabic ي.
    text = "مرکز ملي فضاي مجازي کشور نخستين جلسه کارگروه را برگزار کرد"
    source = read_article(write(tmp_path, text.encode("cp1256")))
    assert source.text == text and source.encoding == "windows-1256"


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"", "file is empty"),
        (b"  \n\n ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (bytes(range(256)) * 4, "binary data"),
        (b"caf\xe9 \xff\xfe\xfd" + b"abc" * 10, "not valid UTF-8"),
        (b"<!DOCTYPE html><html><body><p>\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85</p></body></html>", "HTML page"),
        (b"1234 5678\n", "no letters"),
    ],
)
def test_bad_files_raise_an_error_naming_file_and_problem(tmp_path, data, problem):
    path = write(tmp_path, data, "bad.txt")
    with pytest.raises(SeedError) as info:
        read_article(path)
    assert problem in info.value.problem
    assert str(path) in str(info.value)


def test_oversized_file(tmp_path):
    path = write(tmp_path, b"a" * (MAX_BYTES + 1))
    with pytest.raises(SeedError, match="larger than"):
        read_article(path)


def test_missing_file(tmp_path):
    with pytest.raises(SeedError, match="cannot be read"):
        read_article(tmp_path / "missing.txt")
