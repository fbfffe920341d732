"""Describing an article: attribution, URL and publication date."""

import pytest

from build.describe import describe_article, parse_attribution
from build.normalise import normalise_text
from build.segment import Paragraph, classify_paragraphs


def describe(*lines):
    paragraphs = [Paragraph(i, normalise_text(line), line) for i, line in enumerate(lines, 1)]
    return describe_article(classify_paragraphs(paragraphs))


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # Seed 001
        ("به گزارش زرین نامه به نقل از خبرگزاری بسیج؛ سردار گفت", ("زرین نامه", "خبرگزاری بسیج")),
        # Seed 002: the news desk is dropped, the outlet kept.
        (
            "به گزارش گروه علم و پیشرفت خبرگزاری فارس به نقل از روابط عمومی مرکز ملی فضای مجازی، سید ابوالحسن",
            ("خبرگزاری فارس", "روابط عمومی مرکز ملی فضای مجازی"),
        ),
        # Seed 004
        ("به گزارش ایتنا از ایسنا، مهندس محمد حسن انتظاری", ("ایتنا", "ایسنا")),
        # Seed 003
        ("به گزارش روابط‌عمومی سازمان تأمین‌اجتماعی؛ دکتر میرهاشم موسوی", ("روابط‌عمومی سازمان تأمین‌اجتماعی", None)),
        # Other outlets
        ("به گزارش خبرنگار حوزه فناوری خبرگزاری تسنیم، وزیر ارتباطات گفت", ("خبرگزاری تسنیم", None)),
        ("به گزارش ایرنا، وزیر گفت", ("ایرنا", None)),
        ("به گزارش خبرنگار گروه علمی ایرنا، ستار هاشمی گفت", ("ایرنا", None)),
    ],
)
def test_parse_attribution(sentence, expected):
    assert parse_attribution(sentence) == expected


def test_no_attribution():
    assert parse_attribution("وزیر ارتباطات در نشست خبری گفت: اینترنت پایدار است.") is None


def test_stated_date_with_time_gets_tehran_offset():
    # Seed 004: Iran kept daylight saving time in 1393 (+04:30 in Mordad).
    d = describe(
        "تشکیل کارگروه امور بین‌الملل",
        "خبرگزاری ایسنا , 25 مرداد 1393 ساعت 12:13",
        "به گزارش ایتنا از ایسنا، کارگروه امور بین‌الملل تشکیل شد و نخستین جلسه خود را برگزار کرد.",
    )
    assert d.published_date == "2014-08-16"
    assert d.published_datetime == "2014-08-16T12:13:00+04:30"
    assert d.date_status == "stated"
    assert d.published_jalali == "۲۵ مرداد ۱۳۹۳ ساعت ۱۲:۱۳"
    assert d.date_paragraph == 2


def test_date_without_year_is_inferred_from_weekday_and_years_mentioned():
    # Seed 003: «دوشنبه هفتم آذرماه» with no year; the text mentions 2022 and 1401.
    d = describe(
        "امروز دوشنبه هفتم آذرماه، همایش علمی بسیج در سازمان برگزار شد و مدیران درباره حکمرانی سخن گفتند.",
        "در استراتژی امنیت ملی آمریکا که در سال ۲۰۲۲ منتشر شد، چنین آمده است.",
        "برنامه ۱۴۰۱ هم این بود که بر بستر نارضایتی مردم سوار شوند.",
    )
    assert (d.published_date, d.date_status) == ("2022-11-28", "inferred")


def test_no_date_no_title():
    d = describe(
        "در ابتدای این دیدار رئیس سازمان پدافند غیرعامل کشور ضمن تشریح وظایف سازمان به نقش سازمان تبلیغات اشاره کرد.",
        "در ادامه این دیدار زمینه‌های همکاری مشترک بررسی شد.",
    )
    assert d.title is None and d.published_date is None and d.date_status is None


def test_url_prefers_the_article_address_over_the_site():
    d = describe(
        "عنوان خبر",
        "متن خبر درباره فضای مجازی که به اندازه کافی بلند است تا متن باشد.",
        "آدرس مطلب: https://www.itna.ir/news/31892/x",
        "https://www.itna.ir",
    )
    assert d.url == "https://www.itna.ir/news/31892/x" and d.url_paragraph == 3
