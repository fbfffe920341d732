"""Search that does not care how a word is spelled, through Datasette's client.

Every group below is one word written the ways Persian news writes it.  Each
spelling must find the same paragraphs, and at least one.
"""

import re

import pytest

from build.fold import fold
from build.search_query import MAX_QUERY_CHARS, fts_query

DB = "iran_cyberspace"
ZWNJ = "\u200c"

SPELLINGS = {
    # hamza on alef: seed 000 writes «تامین», hazm and most outlets «تأمین»
    "hamza-alef": ["تأمین", "تامین"],
    # hamza on waw: «موسسه عالی پژوهش تامین اجتماعی» (seed 000)
    "hamza-waw": ["مؤسسه", "موسسه"],
    # the same hamza on another letter: seeds 000 and 003 write «هیئت»,
    # other outlets هیأت; seeds 002 and 003 write «مسئول», seed 004 «مسوول»
    "hamza-moved-yeh-alef": ["هیئت", "هیأت", "هیات"],
    "hamza-moved-yeh-waw": ["مسئول", "مسؤول", "مسوول"],
    # Arabic yeh and kaf, as copied from Arabic keyboards
    "arabic-yeh-kaf": ["كشور", "کشور"],
    "arabic-yeh": ["فضاي مجازي", "فضای مجازی"],
    # a verb with ZWNJ, a space, or nothing: «مجاهدت میکنند» (seed 001)
    "zwnj-verb": ["می" + ZWNJ + "کنند", "می کنند", "میکنند"],
    # a compound with ZWNJ, a space, or glued by a lost ZWNJ, with or without
    # the hamza: seed 003 writes both «تأمیناجتماعی» and «تامیناجتماعی»
    "zwnj-compound": ["تأمین" + ZWNJ + "اجتماعی", "تأمین اجتماعی", "تأمیناجتماعی", "تامیناجتماعی", "تامین اجتماعی"],
    "zwnj-adjective": ["بین" + ZWNJ + "المللی", "بین المللی", "بینالمللی"],
    # a compound in hazm's lexicon, which normalising never splits: seed 003
    # writes «مدیرعامل» five times and «مدیر عامل» once
    "compound-in-lexicon": ["مدیرعامل", "مدیر عامل", "مدیر" + ZWNJ + "عامل"],
    # a compound written with a space and, by others, glued: «شورایعالی»
    "glued-by-writer": ["شورای عالی", "شورایعالی", "شورای" + ZWNJ + "عالی"],
    # Persian, Arabic-Indic and ASCII digits: «25 مرداد 1393» (seed 004)
    "digits": ["۱۳۹۳", "1393", "١٣٩٣"],
}


async def search(datasette, query, column=None):
    """Ids of the paragraphs the table search finds for ``query``."""
    key = f"_search_{column}" if column else "_search"
    response = await datasette.client.get(
        f"/{DB}/paragraphs.json", params={key: query, "_shape": "array", "_size": "max", "_col": "id"}
    )
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()}


@pytest.mark.asyncio
@pytest.mark.parametrize("group", SPELLINGS, ids=list(SPELLINGS))
async def test_every_spelling_finds_the_same_paragraphs(datasette, seed_db, group):
    spellings = SPELLINGS[group]
    found = [await search(datasette, spelling) for spelling in spellings]
    assert found[0], f"{spellings[0]} found nothing"
    for spelling, ids in zip(spellings[1:], found[1:]):
        assert ids == found[0], spelling
    # and what was found really writes the first word, in one of the
    # group's spellings, in one or two tokens
    first_words = {fold(spelling.split()[0]).replace(" ", "") for spelling in spellings}
    for paragraph_id in found[0]:
        tokens = re.findall(r"[^\W_]+", seed_db["paragraphs"].get(paragraph_id)["text_folded"])
        written = set(tokens) | {a + b for a, b in zip(tokens, tokens[1:])}
        assert first_words & written, paragraph_id


@pytest.mark.asyncio
@pytest.mark.parametrize("group", ["zwnj-compound", "zwnj-adjective", "compound-in-lexicon"])
async def test_search_finds_every_paragraph_that_writes_the_words(datasette, seed_db, group):
    # Read off the raw text, ignoring every space, ZWNJ and spelling
    # difference: each paragraph that writes the two words, however it
    # writes them, must be found.
    words = fold(SPELLINGS[group][0]).replace(" ", "")
    writes_them = {
        row["id"]
        for row in seed_db["paragraphs"].rows
        if words in fold(row["text_raw"]).replace(" ", "")
    }
    assert writes_them
    assert await search(datasette, SPELLINGS[group][0]) == writes_them


@pytest.mark.asyncio
@pytest.mark.parametrize("group", ["hamza-alef", "zwnj-verb", "digits"])
async def test_column_search_folds_too(datasette, group):
    spellings = SPELLINGS[group]
    assert await search(datasette, spellings[0], "text_folded") == await search(datasette, spellings[-1])


@pytest.mark.asyncio
async def test_a_word_broken_by_zwnj_matches_as_a_phrase(datasette, seed_db):
    # «می کنند» must be the verb, not «می» somewhere and «کنند» elsewhere.
    for paragraph_id in await search(datasette, "میکنند"):
        assert "می کنند" in seed_db["paragraphs"].get(paragraph_id)["text_folded"]
    assert fts_query("میکنند") == '("می کنند" OR "میکنند")'


def test_a_compound_is_searched_split_and_glued():
    # «مدیرعامل» is in hazm's lexicon, so normalising leaves it glued;
    # «مدیر عامل» typed apart must find it, and the other way round.
    assert fts_query("مدیرعامل") == '("مدیرعامل" OR "مدیر عامل")'
    assert fts_query("مدیر عامل") == '("مدیر" OR "مدیرعامل") AND ("عامل" OR "مدیرعامل")'


def test_a_hamza_never_moves_between_alef_and_waw():
    # رأی («vote») with its hamza on waw would be رؤی, which folds to روی («on»).
    assert "روی" not in fts_query("رأی")


def test_short_words_are_not_read_as_glued():
    # «تامین» is not «تا» + «مین»; two-letter halves are never tried.
    assert fts_query("تامین") == '("تامین")'


@pytest.mark.asyncio
async def test_search_box_shows_what_the_reader_typed(datasette):
    # With a filter, the search stays on the table page; alone, it goes to the ranked page.
    response = await datasette.client.get(f"/{DB}/paragraphs", params={"_search": "تأمیناجتماعی", "kind": "body"})
    assert response.status_code == 200
    assert 'value="تأمیناجتماعی"' in response.text
    assert "_searchmode" not in response.text
    response = await datasette.client.get(f"/{DB}/paragraphs", params={"_search": "تأمیناجتماعی"})
    assert response.status_code == 302
    ranked = await datasette.client.get(response.headers["location"])
    assert ranked.status_code == 200 and 'value="تأمیناجتماعی"' in ranked.text


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "query",
    ['"', '""', "'", "*", "تأمین*", "NEAR", "NEAR(تأمین اجتماعی, 2)", "(((", "))", "AND", "OR NOT",
     "text_folded:تأمین", "^تأمین", "-", "{a b}", "تأمین " * 400, "x" * 10_000, "   ", "\u200c", ""],
    ids=lambda q: repr(q[:12]) + (f"…{len(q)}" if len(q) > 12 else ""),
)
async def test_hostile_queries_never_fail(datasette, query):
    for path in (f"/{DB}/paragraphs.json", f"/{DB}/articles.json"):
        response = await datasette.client.get(path, params={"_search": query, "_shape": "array"})
        assert response.status_code == 200, response.text
        assert isinstance(response.json(), list)


def test_punctuation_only_matches_nothing():
    assert fts_query('*"()') == '""'
    assert fts_query("x" * 10_000) == '("' + "x" * MAX_QUERY_CHARS + '")'


@pytest.mark.asyncio
async def test_sql_functions_fold_like_the_build(datasette, seed_db):
    rows = seed_db.execute("select id, text_raw, text_folded from paragraphs order by id limit 15").fetchall()
    for paragraph_id, raw, folded in rows:
        response = await datasette.client.get(
            f"/{DB}.json", params={"sql": "select fa_fold(:t) as f", "t": raw, "_shape": "array"}
        )
        assert response.json()[0]["f"] == folded, paragraph_id


@pytest.mark.asyncio
async def test_fa_match_in_sql(datasette):
    sql = (
        "select count(*) as n from paragraphs_fts where paragraphs_fts match fa_match(:q)"
    )
    counts = []
    for q in ("تأمین‌اجتماعی", "تامین اجتماعی"):
        response = await datasette.client.get(f"/{DB}.json", params={"sql": sql, "q": q, "_shape": "array"})
        counts.append(response.json()[0]["n"])
    assert counts[0] == counts[1] > 0
