"""A corpus is a folder or a file, of .txt articles or of records in JSON, CSV or TSV."""

import csv
import gzip
import json
import os

import pytest
import sqlite_utils

from build.pipeline import BuildError, build_database
from build.provenance import clean_outlet_name, metadata_date, outlet_from_url, url_date
from build.sources import list_corpus, parse_field_options

SENTENCES = [
    "به گزارش ایسنا، وزیر ارتباطات و فناوری اطلاعات از توسعه شبکه ملی اطلاعات در سه استان خبر داد.",
    "وی گفت: این طرح تا پایان سال به همه استان‌های کشور می‌رسد و سرعت اینترنت خانگی دو برابر می‌شود.",
]
RECORD = {
    "id": "tabnak_data_1",
    "site": "tabnak_data",
    "title": "توسعه شبکه ملی اطلاعات در سه استان",
    "url": "https://www.tabnak.ir/fa/news/1/x",
    "categories": ["علمی و فناوری"],
    "published": "2020-01-07 15:32:00",
    "tags": ["شبکه ملی اطلاعات", "اینترنت"],
    "sentences": SENTENCES,
}
FARS = {
    "title": "مأموران پليس قزوين رشوه را رد كردند",
    "abstract": "خبرگزاري فارس: فرمانده انتظامي استان قزوين از رد رشوه توسط مأموران خبر داد.",
    "paragraphs": [
        "اكبر هدايتي امروز در گفتگو با خبرنگار فارس در قزوين بيان داشت: مأموران پليس رشوه پيشنهادي را رد كردند.",
        "وي ادامه داد: مأموران راهنمايي و رانندگي عمده‌ترين يگان‌هاي رد كننده رشوه بوده‌اند.",
    ],
    "cat": "farsplus-magazine",
    "subcat": "",
    "tags": [],
    "link": "https://www.farsnews.ir/news/8707060025",
}


def articles(db_path):
    return {row["id"]: row for row in sqlite_utils.Database(db_path)["articles"].rows}


def test_a_jsonl_record_becomes_an_article_with_its_metadata_beside_the_text(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "irnews.jsonl").write_text(json.dumps(RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    build_database(tmp_path / "c", tmp_path / "out.db")
    row = articles(tmp_path / "out.db")["tabnak_data_1"]
    assert row["title"] == RECORD["title"] and row["title_source"] == "record"
    assert row["url"] == RECORD["url"] and row["url_source"] == "metadata"
    assert json.loads(row["categories"]) == ["علمی و فناوری"]
    assert json.loads(row["tags"]) == ["شبکه ملی اطلاعات", "اینترنت"]
    # A Gregorian time without a zone is Tehran's local time.
    assert row["published_datetime"] == "2020-01-07T15:32:00+03:30"
    assert row["published_date_jalali"] == "1398-10-17"
    assert (row["date_status"], row["published_as_written"]) == ("metadata", "2020-01-07 15:32:00")
    # The outlet comes from the URL (the record names it only by a key);
    # the text's «به گزارش ایسنا» is then the cited source.
    assert (row["publisher"], row["publisher_id"], row["publisher_source"]) == ("تابناک", "tabnak", "url")
    assert (row["cited_source"], row["cited_source_id"]) == ("خبرگزاری دانشجویان ایران", "isna")
    assert (row["file"], row["record"]) == ("irnews.jsonl", 0)
    db = sqlite_utils.Database(tmp_path / "out.db")
    kinds = [(p["kind"], p["kind_rule"]) for p in db["paragraphs"].rows_where("article_id = ?", ["tabnak_data_1"], order_by="position")]
    assert kinds[0] == ("title", "record-title")
    assert {"tabnak", "isna"} <= {o["id"] for o in db["organisations"].rows}


def test_a_fars_record_has_its_lead_as_lede_and_its_date_from_the_link(tmp_path):
    (tmp_path / "fars-news-1.json").write_text(json.dumps([FARS, FARS | {"title": "دومین خبر"}], ensure_ascii=False), encoding="utf-8")
    build_database(tmp_path / "fars-news-1.json", tmp_path / "out.db")
    rows = articles(tmp_path / "out.db")
    # No id field: the file's name and the record's 0-based index.
    assert sorted(rows) == ["fars-news-1_0", "fars-news-1_1"]
    row = rows["fars-news-1_0"]
    assert (row["date_status"], row["published_date_jalali"], row["published_date"]) == ("url", "1387-07-06", "2008-09-27")
    assert json.loads(row["categories"]) == ["farsplus-magazine"]
    assert row["tags"] is None
    assert (row["publisher"], row["publisher_source"]) == ("خبرگزاری فارس", "url")
    db = sqlite_utils.Database(tmp_path / "out.db")
    lede = next(db["paragraphs"].rows_where("article_id = 'fars-news-1_0' and position = 2"))
    assert (lede["kind"], lede["kind_rule"]) == ("lede", "record-lead")
    assert lede["text_raw"] == FARS["abstract"]  # raw kept, Arabic letters and all
    assert "ي" not in lede["text"] and "ك" not in lede["text"]


def test_csv_tsv_and_gzip_records_with_fields_named_on_the_command_line(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    with open(corpus / "a.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["headline", "body", "link", "when"])
        writer.writerow(["خبر یک", "\n".join(SENTENCES), "https://www.isna.ir/news/1", "1399/01/02"])
    with open(corpus / "b.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["headline", "body", "link", "when"])
        writer.writerow(["خبر دو", SENTENCES[1] + " " + SENTENCES[0], "https://www.irna.ir/news/2", "2020-03-21"])
    with gzip.open(corpus / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"headline": "خبر سه", "body": SENTENCES, "link": "https://x.example/3"}, ensure_ascii=False) + "\n")
    fields = parse_field_options(["text=body", "published=when"])
    report = build_database(corpus, tmp_path / "out.db", fields=fields)
    assert report.articles == 3 and not report.skipped
    rows = articles(tmp_path / "out.db")
    assert sorted(rows) == ["a_0", "b_0", "c_0"]
    assert rows["a_0"]["title"] == "خبر یک"  # «headline» is a usual name for the title
    assert rows["a_0"]["published_date"] == "2020-03-21" == rows["b_0"]["published_date"]
    assert rows["a_0"]["publisher_id"] == "isna" and rows["b_0"]["publisher_id"] == "irna"
    # An unknown host names no outlet: the text's «به گزارش ایسنا» does.
    assert (rows["c_0"]["publisher_id"], rows["c_0"]["publisher_source"]) == ("isna", "text")


def test_records_that_are_not_articles_are_skipped_with_the_reason(tmp_path):
    lines = [
        json.dumps(RECORD, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "x1", "title": "بی‌متن"}, ensure_ascii=False),
        json.dumps({"id": "x2", "sentences": ["", "  "]}),
        json.dumps(["a", "list"]),
        json.dumps(RECORD, ensure_ascii=False),  # the same id again
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build_database(tmp_path / "c.jsonl", tmp_path / "out.db")
    assert report.articles == 1
    reasons = dict(report.skipped)
    assert reasons["c.jsonl record 1"] == "line 2 is not valid JSON (Expecting property name enclosed in double quotes)"
    assert reasons["c.jsonl record 2"].startswith("has no text field (text|body|content|article|paragraphs|sentences)")
    assert reasons["c.jsonl record 3"] == "has an empty text field"
    assert reasons["c.jsonl record 4"] == "is a JSON list, not an object"
    assert reasons["c.jsonl record 5"] == "has the same article id «tabnak_data_1» as c.jsonl record 0"
    assert len(list(sqlite_utils.Database(tmp_path / "out.db")["skipped_files"].rows)) == 5
    with pytest.raises(BuildError, match="c.jsonl record 1: line 2 is not valid JSON"):
        build_database(tmp_path / "c.jsonl", tmp_path / "strict.db", strict=True)


def test_a_single_record_file_takes_its_id_from_the_url_hash_when_it_has_no_id(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": SENTENCES, "url": "https://www.isna.ir/news/9"}, ensure_ascii=False), encoding="utf-8")
    build_database(tmp_path / "one.json", tmp_path / "out.db")
    (article_id,) = articles(tmp_path / "out.db")
    assert article_id.startswith("url-") and len(article_id) == 20


def test_files_the_build_does_not_read_are_all_listed(tmp_path, seeds_copy):
    (seeds_copy / ".hidden.txt").write_text("x", encoding="utf-8")
    (seeds_copy / "notes.md").write_text("x", encoding="utf-8")
    (seeds_copy / "sub").mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("رمز عبور مدیر سامانه این است و نباید منتشر شود.", encoding="utf-8")
    os.symlink(outside, seeds_copy / "x.txt")
    os.symlink(seeds_copy / "001_306a7383131c10d2.txt", seeds_copy / "inside.txt")
    corpus = list_corpus(seeds_copy)
    ignored = dict(corpus.ignored)
    assert ignored[".hidden.txt"].startswith("hidden file")
    assert "not a file type the build reads" in ignored["notes.md"]
    assert ignored["sub"].startswith("a folder")
    assert dict(corpus.skipped)["x.txt"] == "is a symbolic link to a file outside the corpus folder"
    assert "inside" in {entry.id for entry in corpus.entries}  # a link within the corpus is read


@pytest.mark.parametrize(
    "written, name, organisation_id",
    [
        ("«تابناک»", "تابناک", "tabnak"),
        ("تابناک ورزشی", "تابناک", "tabnak"),  # a section of the outlet
        ("روزنو", "روز نو", "roozno"),
        ("رو زنو", "روز نو", "roozno"),
        ("عصرایران", "عصر ایران", "asr-iran"),
        ("گروه سلامت خبرگزاری فارس", "خبرگزاری فارس", "fars-news-agency"),  # a desk
        ('"ورزش سه"', "ورزش سه", "varzesh3"),
        ("مشرق", "مشرق نیوز", "mashregh-news"),  # as «به گزارش مشرق» cites it
        ("روزنامه فلان", "روزنامه فلان", None),  # unknown: kept as written
    ],
)
def test_outlet_names_are_cleaned_and_found_in_the_lexicon(written, name, organisation_id):
    outlet = clean_outlet_name(written)
    assert (outlet.name, outlet.organisation_id) == (name, organisation_id)


@pytest.mark.parametrize("written", ["asriran_1_data", "sobhane2", "گروه سلامت", "", None])
def test_a_collectors_key_or_a_bare_desk_is_no_outlet(written):
    assert clean_outlet_name(written) is None


def test_outlets_from_urls_and_dates_from_fars_links():
    assert outlet_from_url("https://sobhanehonline.com/fa/news/1").organisation_id == "sobhaneh-online"
    assert outlet_from_url("https://roozno.com/fa/news/1").organisation_id == "roozno"
    assert outlet_from_url("not a url") is None
    assert url_date("https://www.farsnews.ir/news/13950404000869/x").jalali == "1395-04-04"
    assert url_date("https://www.farsnews.ir/news/8707060255").jalali == "1387-07-06"
    assert url_date("https://www.isna.ir/news/13950404000869") is None  # the rule is Fars News's alone
    assert metadata_date("2020-06-15 10:00:00").datetime == "2020-06-15T10:00:00+04:30"  # summer time then
    assert metadata_date("2020-13-40") is None


@pytest.mark.parametrize(
    "data",
    [b"", b"a", b"a\n", b"a\n\n", b"a\r\n\r\nb", b"a\rb\n", b"\xef\xbb\xbfa\nb", "یک\u2028دو\nسه\x85".encode(), b"\n\n", b"a\r"],
)
def test_record_lines_are_the_texts_lines(data):
    """Lines of a .jsonl file read one at a time are the lines of its whole text."""
    from build.sources import _lines

    assert list(_lines(data, "x.jsonl")) == data.decode("utf-8-sig").splitlines()


def test_lazy_listing_reads_the_same_records(tmp_path):
    """A corpus listed without its records gives, read again, the records an eager listing holds."""
    from build.sources import read_entry, sources

    (tmp_path / "a.jsonl").write_text(
        '{"title": "یک", "text": "متن اول خبر"}\n\nnot json\n{"text": "متن دوم خبر", "id": "x"}\n', encoding="utf-8"
    )
    (tmp_path / "b.json").write_text('[{"text": "متن سوم"}, {"title": "بی متن"}]', encoding="utf-8")
    eager, lazy = list_corpus(tmp_path), list_corpus(tmp_path, lazy=True)
    assert [e.id for e in lazy.entries] == [e.id for e in eager.entries]
    assert lazy.skipped == eager.skipped and lazy.ignored == eager.ignored
    assert all(entry.source is None for entry in lazy.entries)
    again = [read for _, read in sources(lazy.entries)]
    assert [read_entry(e) for e in again] == [e.source for e in eager.entries]
    assert [read_entry(e) for e in lazy.entries] == [e.source for e in eager.entries]


def test_a_record_file_changed_during_the_build_is_reported(tmp_path):
    from build.read import SeedError
    from build.sources import read_entry, sources

    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "متن اول خبر"}\n', encoding="utf-8")
    corpus = list_corpus(tmp_path, lazy=True)
    path.write_text('{"text": "متن دیگری"}\n', encoding="utf-8")
    [(_, read)] = list(sources(corpus.entries))
    with pytest.raises(SeedError, match="changed during the build"):
        read_entry(read)
