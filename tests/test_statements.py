"""Statements (who said what) on sentences in the style of other Persian news outlets.

None of these sentences is from the seed articles or the gold articles.
Each rule of build/statements.py has a test here with the sentence it is
for; the property test at the end checks that every row's offsets select
its words, for any text.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build.entities import extract_entities
from build.normalise import normalise_text
from build.statements import extract_statements


def _person(name):
    """The name the entity step gives a person written ``name``."""
    rows = extract_entities("n", [("n-001", "body", normalise_text(name + " گفت: کار ادامه دارد."))])
    return rows["article_people"][0]["name"]


FIROUZABADI = _person("سید ابوالحسن فیروزآبادی")


def statements(*lines, kinds=None):
    """The statements of an article made of these lines (all body paragraphs unless ``kinds`` says)."""
    kinds = kinds or ["body"] * len(lines)
    paragraphs = [(f"t-{i:03d}", kind, normalise_text(line)) for i, (line, kind) in enumerate(zip(lines, kinds), start=1)]
    rows = extract_entities("t", paragraphs)
    names = {row["person_id"]: row["name"] for row in rows["article_people"]}
    out = extract_statements("t", paragraphs, rows)["statements"]
    for row in out:
        row["speaker"] = names.get(row["person_id"]) or _org_name(rows, row["organisation_id"])
    return out


def _org_name(rows, organisation_id):
    return next((row["name"] for row in rows["article_organisations"] if row["organisation_id"] == organisation_id), None)


def only(rows, **wanted):
    """The one row, asserting the values given."""
    assert len(rows) == 1, [(r["quote"], r["kind"], r["speaker"]) for r in rows]
    for key, value in wanted.items():
        assert rows[0][key] == value, (key, rows[0])
    return rows[0]


def test_speech_verb_and_colon_gives_a_direct_quote_to_the_paragraph_end():
    row = only(statements("مصطفی طزری مدیرکل دفاع اقتصادی گفت: امنیت سایبری بانک‌ها باید تقویت شود."),
               kind="direct", verb="گفت", speaker="مصطفی طزری", attribution="name", method="colon")
    assert row["quote"] == "امنیت سایبری بانک‌ها باید تقویت شود"


def test_quote_before_the_speaker():
    # «"Y"، این را X گفت»
    row = only(statements("«ما در برابر تهدیدهای سایبری آماده‌ایم»، این را سردار غلامحسین غیب‌پرور گفت."),
               kind="direct", speaker="غلامحسین غیب‌پرور", method="quotation-first")
    assert row["quote"] == "ما در برابر تهدیدهای سایبری آماده‌ایم"


def test_speaker_introduced_with_two_titles():
    only(statements("سردار سرتیپ پاسدار غلامحسین غیب‌پرور، رئیس سازمان بسیج مستضعفین و فرمانده قرارگاه، "
                    "در جمع خبرنگاران اظهار داشت: بسیج در فضای مجازی حضور فعال دارد."),
         kind="direct", verb="اظهار داشت", speaker="غلامحسین غیب‌پرور")


def test_two_speakers_in_one_paragraph():
    rows = statements("مصطفی طزری گفت: آموزش کارکنان اولویت ماست. سید ابوالحسن فیروزآبادی نیز افزود: شبکه ملی اطلاعات باید کامل شود.")
    assert [(r["speaker"], r["quote"]) for r in rows] == [
        ("مصطفی طزری", "آموزش کارکنان اولویت ماست"),
        (FIROUZABADI, "شبکه ملی اطلاعات باید کامل شود"),
    ]


def test_pronoun_refers_to_the_last_speaker():
    rows = statements("مصطفی طزری گفت: آموزش کارکنان اولویت ماست.", "وی افزود: تهدیدها هر روز تازه می‌شوند.")
    assert [r["speaker"] for r in rows] == ["مصطفی طزری", "مصطفی طزری"]
    assert rows[1]["attribution"] == "pronoun" and rows[1]["speaker_paragraph_id"] == "t-001"


def test_pronoun_after_a_paragraph_that_named_two_people_has_no_speaker():
    rows = statements("مصطفی طزری و سید ابوالحسن فیروزآبادی در تهران با یکدیگر دیدار کردند.",
                      "وی گفت: همکاری دو سازمان گسترش می‌یابد.")
    only(rows, kind="direct", person_id=None, organisation_id=None, attribution=None)


def test_a_body_speaks():
    row = only(statements("روابط عمومی سپاه پاسداران انقلاب اسلامی در بیانیه‌ای اعلام کرد: این حمله پاسخ داده خواهد شد."),
               kind="direct", verb="اعلام کرد", person_id=None)
    assert row["organisation_id"] is not None and row["speaker_surface"].startswith("روابط عمومی")


def test_a_document_s_words_are_its_author_s():
    # «در نامه X به Y آمده است: …»: the letter's author speaks, not the outlet of «به گزارش».
    row = only(statements("به گزارش ایسنا، در نامه مصطفی طزری به وزیر ارتباطات آمده است: امنیت شبکه باید تقویت شود."),
               kind="direct", speaker="مصطفی طزری")
    assert row["quote"] == "امنیت شبکه باید تقویت شود"


def test_a_reported_question_does_not_end_the_sentence():
    # «X در پاسخ به این سوال که …؟ خاطرنشان کرد: …»: X speaks.
    rows = statements("مصطفی طزری عضو شورای شهر است.", "طزری در پاسخ به این سوال که آیا طرح اجرا می‌شود؟ خاطرنشان کرد: طرح اجرا خواهد شد.")
    row = next(r for r in rows if r["paragraph_id"] == "t-002")
    assert row["speaker"] == "مصطفی طزری" and row["quote"] == "طرح اجرا خواهد شد"


def test_a_phrase_in_guillemets_before_the_speaker_is_passed_over():
    row = only(statements("«در همین صبح امروز» مصطفی طزری مدیرکل دفاع اقتصادی گفت: دولت باید آمار را اعلام کند."),
               kind="direct", speaker="مصطفی طزری")
    assert row["quote"] == "دولت باید آمار را اعلام کند"


def test_a_body_in_guillemets_after_a_word_for_it_speaks_and_is_referred_to_again():
    rows = statements(
        "پایگاه اینترنتی «نوراخبار» مدعی شد مذاکرات به زودی از سر گرفته می‌شود.",
        "به نوشته این پایگاه اینترنتی، دو طرف به توافق نزدیک شده‌اند و جزئیات آن به زودی منتشر می‌شود.",
    )
    assert [r["speaker"] for r in rows] == ["نوراخبار", "نوراخبار"], [(r["quote"], r["speaker"]) for r in rows]


def test_a_title_is_the_one_person_the_article_gives_that_role_beside_a_name():
    rows = statements(
        "نماینده مردم تهران در نامه‌ای به وزیر بهداشت گفت: مدارس باید تعطیل شوند.",
        "مصطفی طزری نماینده مردم تهران در مجلس است.",
    )
    assert rows[0]["speaker"] == "مصطفی طزری" and rows[0]["attribution"] == "title"


def test_question_and_answer_layout():
    rows = statements("گفت‌وگو با سید ابوالحسن فیروزآبادی دربارهٔ شبکه ملی اطلاعات.",
                      "خبرنگار: برنامهٔ امسال مرکز چیست؟",
                      "فیروزآبادی: تکمیل شبکه ملی اطلاعات در اولویت است.")
    row = only(rows, kind="direct", verb=None, method="label", speaker=FIROUZABADI)
    assert row["quote"] == "تکمیل شبکه ملی اطلاعات در اولویت است"


def test_headline_with_a_speaker_and_a_colon():
    rows = statements("فیروزآبادی: شبکه ملی اطلاعات تا پایان سال کامل می‌شود",
                      "سید ابوالحسن فیروزآبادی گفت: کار شبکه ملی اطلاعات پیش می‌رود.", kinds=["title", "body"])
    assert [(r["kind"], r["method"], r["speaker"]) for r in rows] == [
        ("direct", "label", FIROUZABADI), ("direct", "colon", FIROUZABADI)]


def test_participial_frame_gives_an_indirect_and_a_direct_statement():
    # «X با بیان اینکه Y، گفت: Z»
    rows = statements("مصطفی طزری با بیان اینکه حملات سایبری افزایش یافته است، گفت: باید زیرساخت‌ها را ایمن کنیم.")
    assert [(r["kind"], r["verb"], r["quote"]) for r in rows] == [
        ("indirect", "بیان", normalise_text("حملات سایبری افزایش یافته است")),
        ("direct", "گفت", "باید زیرساخت‌ها را ایمن کنیم"),
    ]
    assert {r["speaker"] for r in rows} == {"مصطفی طزری"}


def test_content_before_the_verb():
    # «بر Y تاکید کرد», «به Y اشاره کرد», «از Y خبر داد»
    for sentence, verb, quote in [
        ("مصطفی طزری بر ضرورت آموزش مدیران تاکید کرد.", "تاکید کرد", "ضرورت آموزش مدیران"),
        ("مصطفی طزری به نقش رسانه‌ها در جنگ شناختی اشاره کرد.", "اشاره کرد", "نقش رسانه‌ها در جنگ شناختی"),
        ("مصطفی طزری از برگزاری رزمایش سایبری در آبان خبر داد.", "خبر داد", "برگزاری رزمایش سایبری در آبان"),
    ]:
        only(statements(sentence), kind="indirect", verb=verb, quote=quote, speaker="مصطفی طزری")


def test_complement_after_the_verb():
    # «X گفت که Y»
    only(statements("مصطفی طزری گفت که آزمون‌های امنیتی هر سال تکرار می‌شود."),
         kind="indirect", method="complement", quote="آزمون‌های امنیتی هر سال تکرار می‌شود", speaker="مصطفی طزری")


def test_source_phrase():
    # «به گفته X، Y»
    only(statements("به گفته مصطفی طزری، بیشتر حملات از خارج از کشور انجام می‌شود."),
         kind="indirect", method="source", quote="بیشتر حملات از خارج از کشور انجام می‌شود", speaker="مصطفی طزری")


def test_a_news_credit_is_not_a_statement():
    assert statements("به گزارش خبرگزاری فارس، نشست شورای عالی فضای مجازی امروز برگزار شد.") == []


def test_title_nobody_is_named_for_has_no_speaker():
    only(statements("سخنگوی وزارت امور خارجه گفت: این اقدام نقض آشکار حقوق بین‌الملل است."),
         kind="direct", person_id=None, organisation_id=None)


def test_titles_are_the_one_named_speaker_s():
    rows = statements("مصطفی طزری گفت: آموزش کارکنان اولویت ماست.",
                      "طزری افزود: تهدیدها هر روز تازه می‌شوند.",
                      "مدیرکل پدافند اقتصادی تصریح کرد: بانک‌ها باید آماده باشند.")
    assert [r["speaker"] for r in rows] == ["مصطفی طزری"] * 3 and rows[2]["attribution"] == "title"


def test_an_open_quotation_continues_into_the_next_paragraph():
    rows = statements("مصطفی طزری گفت: «امنیت شبکه‌ها مسئولیت همه است.",
                      "هیچ دستگاهی نمی‌تواند به تنهایی از آن دفاع کند.»",
                      "به گزارش ایسنا، این نشست دو ساعت ادامه داشت.")
    assert [(r["paragraph_id"], r["method"], r["speaker"]) for r in rows] == [
        ("t-001", "colon", "مصطفی طزری"), ("t-002", "continuation", "مصطفی طزری")]
    assert rows[1]["attribution"] == "previous" and rows[1]["quote"] == "هیچ دستگاهی نمی‌تواند به تنهایی از آن دفاع کند"


def test_a_colon_that_ends_its_paragraph_quotes_the_next():
    rows = statements("مصطفی طزری در پیامی نوشت:", "امروز روز پدافند غیرعامل است و به همه تبریک می‌گویم.")
    row = only(rows, paragraph_id="t-002", verb="نوشت", verb_paragraph_id="t-001", speaker="مصطفی طزری")
    assert row["quote"] == "امروز روز پدافند غیرعامل است و به همه تبریک می‌گویم"


def test_an_impersonal_passive_is_not_a_statement():
    assert statements("گفته می‌شود این طرح تا پایان سال اجرا خواهد شد.") == []


def test_ids_are_stable_article_and_position():
    rows = statements("مصطفی طزری گفت: آموزش کارکنان اولویت ماست.", "وی افزود: تهدیدها هر روز تازه می‌شوند.")
    assert [r["id"] for r in rows] == ["t-s001", "t-s002"]


# -- any text --------------------------------------------------------------

WORDS = [
    "گفت", "گفت:", "افزود:", "اظهار داشت", "تاکید کرد", "اشاره کرد", "خبر داد", "که", "وی", "او", "این مسئول",
    "با بیان اینکه", "به گفته", "بر", "به", "از", "را", "خواستار", "شد", "«", "»", "\"", ":", "،", ".", "؟",
    "مصطفی طزری", "سردار غیب‌پرور", "رئیس سازمان بسیج مستضعفین", "روابط عمومی سپاه", "خبرنگار:", "در بیانیه‌ای",
    "آمده است:", "به گزارش ایسنا،", "\u200c", "\n", " ",
]
line = st.lists(st.sampled_from(WORDS) | st.text(max_size=4), max_size=25).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(line, st.sampled_from(["title", "lede", "body", "heading", "boilerplate"])), min_size=1, max_size=5))
def test_offsets_always_select_the_words(lines):
    paragraphs = [(f"x-{i:03d}", kind, normalise_text(text) or "متن") for i, (text, kind) in enumerate(lines, start=1)]
    texts = {pid: text for pid, _, text in paragraphs}
    rows = extract_statements("x", paragraphs, extract_entities("x", paragraphs))["statements"]
    for row in rows:
        assert texts[row["paragraph_id"]][row["quote_start"]:row["quote_end"]] == row["quote"] != ""
        if row["speaker_surface"] is not None:
            assert texts[row["speaker_paragraph_id"]][row["speaker_start"]:row["speaker_end"]] == row["speaker_surface"]
        if row["verb"] is not None:
            assert texts[row["verb_paragraph_id"]][row["verb_start"]:row["verb_end"]] == row["verb"]
    assert len({row["id"] for row in rows}) == len(rows)


# -- in the database ---------------------------------------------------------


def test_the_seed_database_holds_statements_with_search(seed_db):
    assert seed_db["statements"].count > 50
    assert seed_db["statements"].detect_fts() == "statements_fts"
    hits = seed_db.execute(
        "select count(*) from statements_fts where statements_fts match ?", ['"فضای مجازی"']).fetchone()[0]
    assert hits > 0
    keys = {fk.other_table for fk in seed_db["statements"].foreign_keys}
    assert keys == {"articles", "paragraphs", "people", "organisations"}


def test_checks_catch_a_statement_whose_offsets_miss_its_words(seed_db_path, tmp_path):
    import shutil

    import sqlite_utils

    from build import checks

    path = tmp_path / "broken.db"
    shutil.copy(seed_db_path, path)
    db = sqlite_utils.Database(path)
    assert checks.check_offsets(db) == []
    (sid,) = db.execute("select id from statements where speaker_surface is not null limit 1").fetchone()
    db.execute("update statements set speaker_start = speaker_start + 1 where id = ?", [sid])
    db.conn.commit()
    assert checks.check_offsets(db) == [f"statements {sid}: speaker_start/speaker_end do not match speaker_surface"]


def test_article_rows_with_a_bad_statement_are_refused():
    from build import checks

    paragraphs = {"a-001": {"id": "a-001", "text": "وی گفت: کار بزرگی است"}}
    row = {"id": "a-s001", "paragraph_id": "a-001", "quote": "کار بزرگی", "quote_start": 8, "quote_end": 17,
           "speaker_surface": None, "speaker_start": None, "speaker_end": None, "speaker_paragraph_id": None,
           "verb": "گفت", "verb_start": 3, "verb_end": 6, "verb_paragraph_id": "a-001", "person_id": None, "organisation_id": None}
    assert checks.statement_row_problems([row], paragraphs, set(), set()) == []
    assert checks.statement_row_problems([dict(row, quote_end=16)], paragraphs, set(), set()) == [
        "statements a-s001: quote_start/quote_end do not match quote"]
    assert checks.statement_row_problems([dict(row, person_id="person-x")], paragraphs, set(), set()) == [
        "statements a-s001: names a person the article does not"]


# -- on the site ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_statements_search_folds_what_the_reader_types(datasette):
    """«تأمین» and «تامین» find the same statements, as they find the same paragraphs."""
    counts = []
    for word in ("تأمین‌اجتماعی", "تامین اجتماعی", "تامیناجتماعی"):
        response = await datasette.client.get("/iran_cyberspace/statements.json", params={"_search": word, "_shape": "objects"})
        assert response.status_code == 200
        counts.append(len(response.json()["rows"]))
    assert counts[0] > 0 and len(set(counts)) == 1


@pytest.mark.asyncio
async def test_canned_query_what_did_this_person_say_about_this_word(datasette):
    response = await datasette.client.get(
        "/iran_cyberspace/statements_about.json", params={"speaker": "موسوی", "word": "تامین اجتماعی", "_shape": "objects"})
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert rows and {row["speaker"] for row in rows} == {"میرهاشم موسوی"}
    assert all("اجتماعی" in row["quote"] for row in rows)
    dates = [row["published_date"] or "" for row in rows]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.asyncio
async def test_statements_table_is_faceted_by_speaker_kind_and_verb(datasette):
    response = await datasette.client.get("/iran_cyberspace/statements.json", params={"_shape": "objects"})
    facets = response.json()["facet_results"]
    facets = facets.get("results", facets)
    assert {"person_id", "kind", "verb"} <= set(facets)
