"""Recognition on sentences in the style of other Persian news outlets.

None of these sentences is from the seed articles: they test that the rules
generalise (other honorifics, other institutions, other name orders, names
at the start of a sentence, inside quotes, a person named only by surname
and title).
"""

import pytest

from build.entities import extract_entities
from build.fold import fold_key
from build.normalise import normalise_text
from build.recognise import recognise_paragraph


def people_in(sentence):
    found = recognise_paragraph(normalise_text(sentence))
    return [p.name for p in found.people]


def orgs_in(sentence):
    found = recognise_paragraph(normalise_text(sentence))
    return [o.name for o in found.organisations]


def roles_in(sentence):
    found = recognise_paragraph(normalise_text(sentence))
    return [(r.person.name if r.person else None, r.role, r.org.name if r.org else None) for r in found.roles]


def same(a, b):
    return sorted(fold_key(x) for x in a) == sorted(fold_key(x) for x in b)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Clerical title before the name (Tasnim style).
        ("حجت‌الاسلام والمسلمین محمدمهدی حسینی همدانی امام جمعه کرج در خطبه‌های نماز جمعه گفت", ["محمدمهدی حسینی همدانی"]),
        # A two-word surname without a title, before a role.
        ("محمدجواد آذری جهرمی وزیر پیشین ارتباطات در صفحه شخصی خود نوشت", ["محمدجواد آذری جهرمی"]),
        # Military rank and name at the start of a sentence (IRNA style).
        ("سرلشکر پاسدار حسین سلامی فرمانده کل سپاه پاسداران انقلاب اسلامی امروز گفت", ["حسین سلامی"]),
        # Engineer title, then a role after a dash (ISNA style).
        ("مهندس رضا تقی‌پور - عضو شورای عالی فضای مجازی - اظهار کرد", ["رضا تقی‌پور"]),
        # A given name and surname with no title, before a role.
        ("عیسی زارع‌پور وزیر ارتباطات و فناوری اطلاعات در نشست خبری گفت", ["عیسی زارع‌پور"]),
        # A woman, with the courtesy title «خانم».
        ("خانم زهرا بهروزآذر معاون رئیس‌جمهور در امور زنان و خانواده گفت", ["زهرا بهروزآذر"]),
        # A name inside guillemets.
        ("کتاب «علی شمخانی» در نمایشگاه عرضه شد", ["علی شمخانی"]),
        # Surname only, with a doctor's title.
        ("دکتر فلاحی در این نشست بر اهمیت پدافند سایبری تأکید کرد", ["فلاحی"]),
    ],
)
def test_people(sentence, expected):
    assert same(people_in(sentence), expected)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Given names that are ordinary words, with an ordinary word after them.
        ("با کمال تاسف اعلام شد که مسابقه برگزار نمی‌شود", []),
        ("این پیام دلگرم‌کننده را همه شنیدند", []),
        ("کسری بودجه امسال بالاست", []),
        ("پل ارتباطی دو شهر بسته شد", []),
        # …and as names, before a word no lexicon counts.
        ("امید فتحی‌زاده رئیس اداره روابط عمومی گفت", ["امید فتحی‌زاده"]),
        # A professional title before an adjective is no name.
        ("یک مهندس جوان ایرانی صفحه او را هک کرد", []),
        # A given name alone after a title names no one for certain.
        ("نام پاسداران حضرت روح‌الله می‌درخشد", []),
        ("حاج قاسم ارزش زیادی برای جوانان داشت", []),
        # «امیر» and «حاجی» inside names, not titles.
        ("امیر حسین قاضی‌زاده هاشمی نایب رئیس اول شد", ["امیرحسین قاضی‌زاده هاشمی"]),
        ("مسعود پزشکیان و حمیدرضا حاجی بابایی دیده‌بوسی کردند", ["مسعود پزشکیان", "حمیدرضا حاجی‌بابایی"]),
        # Well-known people, by full name or by a surname used alone.
        ("به گزارش مشرق، مایک پمپئو این روزها دچار بیش‌فعالی است", ["مایک پمپئو"]),
        ("ترامپ در توییتی نوشت که تحریم‌ها ادامه دارد", ["دونالد ترامپ"]),
        ("محمد باقر قالیباف با رای قاطع رئیس مجلس شد", ["محمدباقر قالیباف"]),
        # A surname that is also an ordinary word needs a title.
        ("آقای ظریف در نشست خبری گفت", ["محمدجواد ظریف"]),
        ("این طرح بسیار ظریف است", []),
        # Words people are named by that are also ordinary words or months.
        ("این کار از ایمان قلبی او برمی‌آید", []),
        ("در راهپیمایی ۲۲ بهمن سخنرانی می‌کند", []),
        ("علی زندگی خود را وقف کرد", []),
        # An inflected ordinary word after a name is not part of it.
        ("محمدرضا شجریان به‌زودی کنسرت می‌دهد", ["محمدرضا شجریان"]),
        ("پیمان قاسم‌خانی دنباله‌ای بر آن نوشت", ["پیمان قاسم‌خانی"]),
        # A surname that is also a given name, after a title.
        ("آقای عادل آذر گزارش خود را خواند", ["عادل آذر"]),
        # A name glued to the role after it when the source lost the space.
        ("محمدرضا نجفینماینده مردم تهران در مجلس گفت", ["محمدرضا نجفی"]),
        ("کارگردان: علی رضایی، مهدی سعدیموسیقی: رضا علوی", ["علی رضایی", "مهدی سعدی", "رضا علوی"]),
    ],
)
def test_people_on_real_news_patterns(sentence, expected):
    assert same(people_in(sentence), expected)


def test_a_given_name_no_list_holds_after_a_title():
    # «نجیم» is in no list of given names; after «سید» and before a surname it is one.
    assert [fold_key(n) for n in people_in("سید نجیم حسینی مدیرکل تعزیرات حکومتی گفت")] == [fold_key("نجیم حسینی")]


@pytest.mark.parametrize(
    "sentence",
    [
        # Given names that are also ordinary words, followed by ordinary words.
        "امید مردم به آینده بیشتر شد و نعمت امنیت حفظ شد",
        "این سازمان با همکاری مردم کار خود را ادامه داد",
        # A title with no name is not a person.
        "سخنگوی دولت در نشست خبری گفت: فضای مجازی باید امن باشد",
        "فرزند این شهید سلامت را هم آماده می‌کنیم",
        # ... followed by a plural, a participle or a verbal adjective.
        "این جشن با شادی مسلمانان جهان همراه بود",
        "راهبرد ما در دریا برگرفته از تجربه جنگ است",
        "کتاب او بیست خاطره خواندنی دارد",
        # A participle or a word glued on where a space was lost is no surname.
        "ارزش بیت کوین استخراج‌شده بالا رفت",
        # An adverb after a given name that is also a month.
        "ویروس در بهمن احتمالا در چند استان بوده است",
    ],
)
def test_no_person_without_evidence(sentence):
    assert people_in(sentence) == []


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # A body from the lexicon, written with Arabic yeh and no ZWNJ.
        ("وزير ارتباطات در وزارت ارتباطات و فناوري اطلاعات گفت", ["وزارت ارتباطات و فناوری اطلاعات"]),
        # A body the lexicon has never seen, found by its head noun.
        ("کارگروه ملی امنیت داده‌ها در نخستین جلسه خود تشکیل شد", ["کارگروه ملی امنیت داده‌ها"]),
        # A provincial branch and the body it belongs to are both named.
        (
            "بنیاد ملی نخبگان استان یزد با دانشگاه یزد تفاهم‌نامه امضا کرد",
            ["بنیاد ملی نخبگان استان یزد", "بنیاد ملی نخبگان", "دانشگاه یزد"],
        ),
        # Acronyms resolve to the body's full name.
        (
            "به گزارش ایرنا، پلیس فتا نسبت به کلاهبرداری هشدار داد",
            ["خبرگزاری جمهوری اسلامی", "پلیس فضای تولید و تبادل اطلاعات"],
        ),
        # The ezafe after a final vowel («فتای») does not hide a known name.
        (
            "سرهنگ مهدی صادقی رئیس پلیس فتای استان اصفهان گفت",
            ["پلیس فتای استان اصفهان", "پلیس فضای تولید و تبادل اطلاعات"],
        ),
        # A body known by its bare head («سپاه») with a name after it is a unit.
        ("فرمانده سپاه صاحب‌الزمان استان اصفهان در پیامی قدردانی کرد", ["سپاه صاحب‌الزمان استان اصفهان"]),
        # A provincial branch of a known body is its own organisation.
        ("سازمان تبلیغات اسلامی استان یزد مراسم را برگزار کرد", ["سازمان تبلیغات اسلامی استان یزد", "سازمان تبلیغات اسلامی"]),
    ],
)
def test_organisations(sentence, expected):
    assert same(orgs_in(sentence), expected)


@pytest.mark.parametrize(
    "sentence",
    [
        "این سازمان و آن مرکز با یکدیگر همکاری می‌کنند",  # determiners make heads generic
        "سازمان‌های مردم‌نهاد در این طرح مشارکت دارند",  # a plural head is not a name
        "دولت و مردم در کنار هم هستند",
    ],
)
def test_generic_words_are_not_organisations(sentence):
    assert orgs_in(sentence) == []


def test_unit_and_parent_are_both_found():
    # «روابط عمومی X» is a unit of X; both are mentioned.
    sentence = "به گزارش روابط عمومی وزارت ارتباطات و فناوری اطلاعات، این طرح اجرا شد"
    found = recognise_paragraph(normalise_text(sentence))
    names = {o.name: o for o in found.organisations}
    unit = next(o for n, o in names.items() if fold_key(n).startswith(fold_key("روابط عمومی")))
    assert unit.parent_id == "ministry-of-ict"
    assert "وزارت ارتباطات و فناوری اطلاعات" in names


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "سردار غلامرضا جلالی، رئیس سازمان پدافند غیرعامل کشور گفت",
            [("غلامرضا جلالی", "رئیس", "سازمان پدافند غیرعامل کشور")],
        ),
        (
            "محمدامین آقامیری دبیر شورای عالی فضای مجازی و رئیس مرکز ملی فضای مجازی در این مراسم گفت",
            [
                ("محمدامین آقامیری", "دبیر", "شورای عالی فضای مجازی"),
                ("محمدامین آقامیری", "رئیس", "مرکز ملی فضای مجازی"),
            ],
        ),
        (
            "سردار سرتیپ دوم پاسدار علی‌اکبر پورجمشیدیان مدیرکل پدافند غیرعامل استانداری اصفهان گفت",
            [("علی‌اکبر پورجمشیدیان", "مدیرکل پدافند غیرعامل", "استانداری اصفهان")],
        ),
        # «استاندار X» names the governorate.
        ("مهدی چمران، استاندار تهران افزود", [("مهدی چمران", "استاندار", "استانداری تهران")]),
    ],
)
def test_roles_beside_a_name(sentence, expected):
    assert [(fold_key(p), fold_key(r), fold_key(o)) for p, r, o in roles_in(sentence)] == [
        (fold_key(p), fold_key(r), fold_key(o)) for p, r, o in expected
    ]


def test_short_forms_and_titles_resolve_within_an_article():
    paragraphs = [
        "مدیرعامل شرکت ارتباطات زیرساخت در نشست خبری گفت: ظرفیت اینترنت کشور افزایش یافت.",
        "به گزارش مهر، مهندس مجید سلطانی مدیرعامل شرکت ارتباطات زیرساخت در این نشست افزود: پهنای باند بین‌الملل دو برابر شد.",
        "سلطانی همچنین گفت: طرح توسعه شبکه ملی اطلاعات ادامه دارد.",
    ]
    rows = extract_entities("x", [(f"x-{i:03d}", "body", normalise_text(p)) for i, p in enumerate(paragraphs, 1)])
    people = {r["person_id"] for r in rows["mentions"] if r["person_id"]}
    assert len(people) == 1
    kinds = sorted(r["mention_kind"] for r in rows["mentions"] if r["person_id"])
    assert kinds == ["name", "short", "title"]


def test_two_people_sharing_a_surname_stay_apart():
    paragraphs = [
        "دکتر علی موسوی رئیس دانشگاه تهران و مهندس حسن موسوی مدیرعامل شرکت مخابرات ایران دیدار کردند.",
        "موسوی در این دیدار گفت: همکاری ادامه دارد.",
    ]
    rows = extract_entities("y", [(f"y-{i:03d}", "body", normalise_text(p)) for i, p in enumerate(paragraphs, 1)])
    assert len(rows["article_people"]) == 2
    # The bare surname in the second paragraph could be either: not resolved.
    assert not [m for m in rows["mentions"] if m["paragraph_id"] == "y-002" and m["person_id"]]


def test_offsets_point_at_the_surface(seed_db):
    rows = seed_db.execute(
        "select paragraphs.text, mentions.char_start, mentions.char_end, mentions.surface "
        "from mentions join paragraphs on paragraphs.id = mentions.paragraph_id"
    ).fetchall()
    assert len(rows) > 100
    for text, start, end, surface in rows:
        assert text[start:end] == surface
    for text, start, end, surface in seed_db.execute(
        "select paragraphs.text, roles.char_start, roles.char_end, roles.surface "
        "from roles join paragraphs on paragraphs.id = roles.paragraph_id"
    ):
        assert text[start:end] == surface


def test_a_role_names_the_body_its_article_records():
    # Sobhaneh Online: the body is first named by a longer form, then by
    # the form the role is stated with; the role and the mention must end up
    # with the same organisation, recorded for the article.
    from build.entities import extract_entities

    sentences = [
        "قرارگاه فرهنگی اجتماعی حضرت بقیه الله اعظم کاری است که مستقیما با حفظ انقلاب و تهدیدات علیه انقلاب اسلامی مرتبط است.",
        "فرمانده قرارگاه فرهنگی حضرت بقیه الله اعظم (عج) در پایان خطاب به نیروهای جوان کشور اظهار کرد: همه از جمله"
        " مقام معظم رهبری به شما جوانان امید بسته‌اند؛ توصیه می‌کنم که بیشتر روی نقش آفرینی خود فکر کنید.",
    ]
    rows = extract_entities("a", [(f"a-{i:03d}", "body", normalise_text(s)) for i, s in enumerate(sentences, 1)])
    recorded = {row["organisation_id"] for row in rows["article_organisations"]}
    assert rows["roles"] and all(r["organisation_id"] in recorded for r in rows["roles"] if r["organisation_id"])


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # «و» inside a body's name, between words that go together.
        ("اتحادیه کسب و کارهای نوپا در بیانیه‌ای اعلام کرد", ["اتحادیه کسب و کارهای نوپا"]),
        ("نشست کارگروه فرهنگی و اجتماعی تنگستان برگزار شد", ["کارگروه فرهنگی و اجتماعی تنگستان"]),
        # «با» after مقابله and مبارزه.
        ("ستاد مبارزه با قاچاق کالا گزارش داد", ["ستاد مبارزه با قاچاق کالا"]),
        # A name matched through its ezafe goes on: not «وزارت نیرو».
        ("وزارت نیروی دریایی آمریکا اعلام کرد", ["وزارت نیروی دریایی آمریکا"]),
        # Adjectives and participles are no part of a body's name.
        ("این سازمان مثبت عمل کرد", []),
        # One ordinary word after a head describes a kind of body: no name.
        ("یک روزنامه انگلیسی نوشت", []),
        ("شرکت تحقیقاتی این طرح را اجرا کرد", []),
        ("انجمن اسلامی معلمان رسما اعلام کرد", ["انجمن اسلامی معلمان"]),
        ("سازمان اطلاعات نظامی منصوب‌شده از سوی او", ["سازمان اطلاعات نظامی"]),
        # A short name of Iran's body, followed by a country, is that country's body.
        ("ارتش ونزوئلا آماده‌باش اعلام کرد", []),
        ("وزارت بهداشت فلسطین اعلام کرد", ["وزارت بهداشت فلسطین"]),
        # A short name the press uses for a well-known body.
        ("نمایندگان مجلس با این طرح مخالفت کردند", ["مجلس شورای اسلامی"]),
        # A time, an amount or the noun of a compound verb ends the name.
        ("خبرگزاری رسمی عمان شامگاه دیروز گزارش داد", ["خبرگزاری رسمی عمان"]),
        ("باشگاه پرسپولیس نسبت به این رای اعتراض کرد", ["باشگاه پرسپولیس"]),
        ("شورای ائتلاف نیروهای انقلاب قرار است فهرست را اعلام کند", ["شورای ائتلاف نیروهای انقلاب"]),
        ("وزارت بازرگانی حدود پانصد هزار تن گندم خرید", []),
        ("فدراسیون فوتبال اصلا تصمیمی نگرفته است", ["فدراسیون فوتبال"]),
        # A head in its ordinary sense: a location, a population, a force.
        ("خرم‌آباد مرکز استان لرستان است", []),
        ("جمعیت ایران زیاد است", []),
        ("سازمان بهداشت جهانی وضعیت همه‌گیری را اعلام کرد", ["سازمان جهانی بهداشت"]),
        ("نیروی کار ارزان است", []),
        ("جمعیت موتلفه اسلامی بیانیه داد", ["جمعیت موتلفه اسلامی"]),
        # A country ends the name, in one word or two.
        ("گزارش به کمیته تحریم‌های کره شمالی ارائه شد", ["کمیته تحریم‌های کره شمالی"]),
        # Neither «سایر» nor an indefinite plural is part of a name.
        ("بنیاد مسکن واحدهایی را مستقر کرد", ["بنیاد مسکن"]),
        ("نیروی هوایی روسیه مواضع تروریست‌ها را بمباران کرد", ["نیروی هوایی روسیه"]),
        # A unit of a known body's provincial branch, the body named by its short name.
        ("رئیس اداره اطلاع‌رسانی آموزش و پرورش یزد گفت", ["اداره اطلاع‌رسانی آموزش و پرورش یزد", "آموزش و پرورش یزد", "وزارت آموزش و پرورش"]),
        # An outlet named in guillemets after a word for an outlet.
        ("پایگاه اینترنتی «نوراخبار» مدعی شد", ["نوراخبار"]),
        ("او گفت «ما می‌آییم»", []),
        ("حمله به پایگاه نظامی «التاجی» در بغداد", []),
        # ... or after a head noun, the words between describing it.
        ("حزب «النهضه» اعلام کرد", ["النهضه"]),
        ("مدیرعامل شرکت سرمایه‌گذاری «آلفاوست» گفت", ["آلفاوست"]),
        ("مدیرکل هواشناسی استان یزد گفت", ["هواشناسی استان یزد", "سازمان هواشناسی کشور"]),
        # A number after a word that numbers units is part of the name.
        ("پرونده در دادسرای ناحیه ۳ مشهد بررسی شد", ["دادسرای ناحیه ۳ مشهد"]),
        # An outlet cited by its short name, which alone is an ordinary word.
        ("به گزارش مشرق، وزیر کشور گفت", ["مشرق نیوز"]),
        ("منبع: مهر", ["خبرگزاری مهر"]),
        ("در مهر امسال باران بارید", []),
        # An outlet whose one-word name is a word or a place only when cited.
        ("استان فارس باران آمد", []),
        ("آغاز دوره تابناک امامت است", []),
        ("در گفت‌وگو با خبرنگار فارس گفت", ["خبرگزاری فارس"]),
        ("کیهان نوشت: دولت باید پاسخ دهد", ["روزنامه کیهان"]),
        # ... but a time word that is part of the name stays: «نماز جمعه», «رادیو فردا».
        ("ستاد برگزاری نماز جمعه قم بیانیه داد", ["ستاد برگزاری نماز جمعه قم"]),
    ],
)
def test_organisations_on_real_news_patterns(sentence, expected):
    assert same(orgs_in(sentence), expected)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # An MP: the body is named after «در».
        ("محمدرضا نجفی نماینده مردم تهران در مجلس گفت", [("محمدرضا نجفی", "نماینده", "مجلس شورای اسلامی")]),
        # A title with no body, before the name; the title ends where the name starts.
        ("رئیس جمهور آمریکا دونالد ترامپ در توییتی نوشت", [("دونالد ترامپ", "رئیس‌جمهور آمریکا", None)]),
        # A numbered police station is a body of its own.
        ("مجید عسگرنیا رئیس کلانتری ۱۲۶ تهران پارس گفت", [("مجید عسگرنیا", "رئیس", "کلانتری ۱۲۶ تهران‌پارس")]),
        # A body named in guillemets after a describing head; two roles share it.
        ("جف بزوس رئیس شرکت اینترنتی «آمازون»، ثروتمندترین فرد جهان شد", [("جف بزوس", "رئیس", "آمازون")]),
        ("بیل گیتس، بنیان‌گذار و رئیس شرکت «مایکروسافت»، دوم شد",
         [("بیل گیتس", "بنیان‌گذار", "مایکروسافت"), ("بیل گیتس", "رئیس", "مایکروسافت")]),
        # A name in guillemets: the name ends at the closing mark, and the role follows it.
        ("«جیمز رابرت دیکسون» سخنگوی وزارت دفاع آمریکا گفت", [("جیمز رابرت دیکسون", "سخنگو", "وزارت دفاع آمریکا")]),
        # A second surname word made from a place, a role after it.
        ("عباس مسجدی آرانی، رییس سازمان پزشکی قانونی گفت", [("عباس مسجدی آرانی", "رییس", "سازمان پزشکی قانونی کشور")]),
        # A surname that begins with a role word; a country ends a role phrase.
        ("سعید قاضی مغربی رئیس دانشگاه پیام نور گفت", [("سعید قاضی مغربی", "رئیس", "دانشگاه پیام نور")]),
        # A one-word role written with its ezafe («سخنگوی») is still a role.
        ("علی ربیعی سخنگوی دولت گفت", [("علی ربیعی", "سخنگوی دولت", None)]),
        # A unit named with its body: the role is head of the unit.
        ("قاسم دستخال رئیس پایگاه یکم پلیس آگاهی گفت", [("قاسم دستخال", "رئیس", "پایگاه یکم پلیس آگاهی")]),
    ],
)
def test_roles_on_real_news_patterns(sentence, expected):
    found = roles_in(sentence)
    assert [(fold_key(p or ""), fold_key(r), fold_key(o or "")) for p, r, o in found] == [
        (fold_key(p or ""), fold_key(r), fold_key(o or "")) for p, r, o in expected
    ]


def test_a_reporter_spoken_to_is_not_the_speaker():
    # «در گفت‌وگو با خبرنگار فارس گفت»: the title is the reporter's, after a preposition.
    sentences = ["هاشم فاطمی مدیر منابع آب شهرستان است.", "وی امروز در گفت‌وگو با خبرنگار فارس گفت: آب کافی است."]
    rows = extract_entities("a", [(f"a-{i:03d}", "body", normalise_text(s)) for i, s in enumerate(sentences, 1)])
    assert not [r for r in rows["roles"] if "خبرنگار" in r["role"]]


def test_a_name_run_on_after_its_short_form_is_cut_back():
    # The headline names the body; later its name runs into the sentence
    # («… تعرض به سفارت»): both mentions are the one body, and the second
    # mention's span ends where the name does.
    from build.entities import extract_entities

    sentences = [
        "وزارت خارجه عراق: امنیت سفارت‌ها تضمین می‌شود",
        "وزارت خارجه عراق تعرض به سفارت‌ها را محکوم کرد.",
        # A fuller name written after the short one is another body: «شورای شهر» then «شورای شهر سوکره».
        "شورای شهر سوکره نیز بیانیه‌ای صادر کرد.",
    ]
    paragraphs = [(f"a-{i:03d}", "body", normalise_text(s)) for i, s in enumerate(sentences, 1)]
    rows = extract_entities("a", paragraphs)
    texts = {pid: text for pid, _, text in paragraphs}
    orgs = [(m["paragraph_id"], m["surface"]) for m in rows["mentions"] if m["organisation_id"]]
    assert orgs == [("a-001", "وزارت خارجه عراق"), ("a-002", "وزارت خارجه عراق"), ("a-003", "شورای شهر سوکره")]
    for m in rows["mentions"]:
        assert texts[m["paragraph_id"]][m["char_start"] : m["char_end"]] == m["surface"]


def test_a_word_the_article_makes_speak_is_a_surname():
    # «جوکار» and «تقوی» are ordinary words too; the article makes them speak
    # («جوکار تصریح کرد»), so after a given name they are surnames.
    from build.entities import extract_entities

    sentences = [
        "حسین کاردان امروز در جلسه شورای شهر حضور یافت.",
        "کاردان تصریح کرد: این طرح اجرا می‌شود.",
        "سیدرضا تقوی رییس سنی مجلس در ابتدای جلسه سخن گفت.",
        # A given name that is also a word needs the speech verb right after it.
        "در این جلسه توفیق خدمت به مردم را از خدا خواستیم.",
        "با کمال تاسف گفت که نمی‌آید.",
    ]
    rows = extract_entities("a", [(f"a-{i:03d}", "body", normalise_text(s)) for i, s in enumerate(sentences, 1)])
    names = {fold_key(p["name"]) for p in rows["article_people"]}
    assert names == {fold_key("حسین کاردان"), fold_key("سیدرضا تقوی")}


def test_a_title_inside_quoted_words_is_not_the_speaker():
    from build.entities import extract_entities

    sentences = [
        "حسین کاردان عضو شورای شهر است.",
        "عضو شورای اسلامی شهر ایلام گفت: رایزنی‌هایی با استاندار ایلام صورت گرفته است.",
    ]
    rows = extract_entities("a", [(f"a-{i:03d}", "body", normalise_text(s)) for i, s in enumerate(sentences, 1)])
    assert not [r for r in rows["roles"] if fold_key(r["role"]) == fold_key("استاندار")]


def test_an_outlet_named_in_guillemets_is_found_again_by_its_bare_name():
    from build.entities import extract_entities

    sentences = ["پایگاه اینترنتی «نوراخبار» مدعی شد که مذاکرات ادامه دارد.", "نوراخبار نوشت: مذاکرات ادامه دارد."]
    paragraphs = [(f"a-{i:03d}", "body", normalise_text(s)) for i, s in enumerate(sentences, 1)]
    rows = extract_entities("a", paragraphs)
    found = [(m["paragraph_id"], m["surface"], m["method"]) for m in rows["mentions"] if m["organisation_id"]]
    assert found == [("a-001", "نوراخبار", "rule:quoted-name"), ("a-002", "نوراخبار", "article:same-name")]
    assert len({m["organisation_id"] for m in rows["mentions"] if m["organisation_id"]}) == 1


def test_a_surname_that_is_an_ordinary_word_is_that_person_alone_only_where_it_speaks():
    # «کاردان» is a word (capable) and a surname: alone, it is the person
    # only where it speaks; «موسوی» (a surname's ending) is the person anywhere.
    from build.entities import extract_entities

    sentences = [
        "حسین کاردان و مهدی موسوی در جلسه حضور داشتند.",
        "مدیران کاردان باید کار را پیش ببرند و موسوی هم آمد.",
        "کاردان گفت: این طرح اجرا می‌شود.",
    ]
    rows = extract_entities("a", [(f"a-{i:03d}", "body", normalise_text(s)) for i, s in enumerate(sentences, 1)])
    short = [(m["paragraph_id"], m["surface"]) for m in rows["mentions"] if m["method"] == "article:surname"]
    assert short == [("a-002", "موسوی"), ("a-003", "کاردان")]


def test_the_first_word_of_a_two_word_surname_names_the_person_alone():
    from build.entities import extract_entities

    sentences = ["عباس مسجدی آرانی، رییس سازمان پزشکی قانونی گفت: آمار را دولت اعلام می‌کند.", "مسجدی افزود: ما وظیفه‌ای نداریم."]
    rows = extract_entities("a", [(f"a-{i:03d}", "body", normalise_text(s)) for i, s in enumerate(sentences, 1)])
    people = {m["paragraph_id"]: m["person_id"] for m in rows["mentions"] if m["person_id"]}
    assert people["a-002"] == people["a-001"]
