"""Segmentation: the kind of each paragraph, by rules about page shape."""

import re

import pytest

from build.fold import fold
from build.normalise import normalise_text
from build.segment import (
    Paragraph,
    boilerplate_rule,
    boilerplate_rules,
    classify_paragraphs,
    split_paragraphs,
)


def classify(*lines):
    paragraphs = [Paragraph(i, normalise_text(line), line) for i, line in enumerate(lines, 1)]
    return [(p.kind, p.kind_rule) for p in classify_paragraphs(paragraphs)]


def test_split_paragraphs_drops_blank_lines():
    assert split_paragraphs("یک\n\n  دو  \n\n\nسه\n") == ["یک", "دو", "سه"]


@pytest.mark.parametrize(
    "line, rule",
    [
        ("انتهای پیام/", "end-marker"),  # seed 001
        ("پایان پیام /", "end-marker"),  # seed 002
        ("انتهای خبر", "end-marker"),
        ("نظرات", "comments-widget"),  # seed 001
        ("هنوز هیچ دیدگاهی ثبت نشده است اولین نظر را شما ثبت کنید", "comments-widget"),
        ("ثبت دیدگاه", "comments-widget"),
        ("ارسال نظر", "comments-widget"),
        ("کد QR مطلبدریافت لینک صفحه با کد QR", "qr-code"),  # seed 004
        ("شما می توانید این مطلب را ویرایش نمایید", "edit-suggest"),  # seed 002
        ("این مطلب را برای صفحه اول پیشنهاد کنید", "edit-suggest"),
        ("این خبر توسط افراد زیر ویرایش شده است", "edit-suggest"),
        ("کد مطلب: 31892", "item-code"),  # seed 004
        ("کد خبر: ۴۵۶۷۸۹", "item-code"),  # other sites
        ("آدرس مطلب: https://www.itna.ir/news/31892", "item-address"),
        ("لینک کوتاه: https://t.co/x", "item-address"),
        ("خبرگزاری فارس مشاهده در مرجع", "source-link"),  # seed 002
        ("https://www.itna.ir", "bare-url"),
        ("کلیه حقوق این سایت متعلق به خبرگزاری است", "copyright"),
    ],
)
def test_boilerplate_lines(line, rule):
    assert boilerplate_rule(normalise_text(line)) == rule


@pytest.mark.parametrize(
    "line",
    [
        "وی در پایان پیام رهبر انقلاب را قرائت کرد.",
        "نظرات کارشناسان درباره فضای مجازی متفاوت است و باید شنیده شود.",
        "کد ملی و آدرس منزل کاربران نباید در فضای مجازی منتشر شود.",
    ],
)
def test_text_that_mentions_furniture_words_is_not_furniture(line):
    assert boilerplate_rule(normalise_text(line)) is None


def test_patterns_are_written_in_folded_form():
    for name, how, pattern in boilerplate_rules():
        letters = re.sub(r"\\.", "", pattern.pattern)
        assert fold(letters) == letters.casefold().strip(), name


def test_title_dateline_lede_body():
    # The shape of seed 004, on other words.
    kinds = classify(
        "کد QR مطلب",
        "راه‌اندازی مرکز داده ملی در استان یزد",
        "خبرگزاری مهر , 3 مهر 1402 ساعت 10:30",
        "مهر- مرکز داده ملی با حضور معاون وزیر در یزد افتتاح شد و کار خود را آغاز کرد.",
        "مرکز داده ملی با حضور معاون وزیر در یزد افتتاح شد و کار خود را آغاز کرد.",
        "به گزارش مهر، این مرکز ظرفیت ذخیره‌سازی داده‌های دستگاه‌های اجرایی را دارد.",
        "کد خبر: 5566",
        "مهر",
    )
    assert kinds == [
        ("boilerplate", "qr-code"),
        ("title", "first-short-line"),
        ("dateline", "short-line-with-date"),
        ("lede", "agency-tag"),
        ("boilerplate", "repeat-of-earlier-paragraph"),
        ("body", "text"),
        ("boilerplate", "item-code"),
        ("boilerplate", "footer"),
    ]


def test_repeated_title_is_boilerplate():
    # Seed 002 prints its headline twice.
    kinds = classify(
        "وزیر ارتباطات: اینترنت پایدار می‌ماند",
        "وزیر ارتباطات: اینترنت پایدار می‌ماند",
        "به گزارش ایرنا، وزیر ارتباطات امروز در نشست خبری از برنامه‌های وزارتخانه گفت.",
    )
    assert [k for k, _ in kinds] == ["title", "boilerplate", "body"]


def test_lede_before_attribution():
    # Seed 001: a summary paragraph, then «به گزارش ...».
    kinds = classify(
        "تکلیف ما حفظ وحدت ملی است",
        "رئیس سازمان بسیج در نشست مدیران گفت: حفظ وحدت ملی تکلیف همه ماست.",
        "به گزارش خبرگزاری بسیج، سردار در همایش مدیران سخن گفت و از تلاش‌ها قدردانی کرد.",
    )
    assert [k for k, _ in kinds] == ["title", "lede", "body"]


def test_text_without_a_headline_has_no_title():
    # Seed 003 opens straight into a long first paragraph.
    kinds = classify(
        "امروز دوشنبه هفتم آذرماه، همایش علمی بسیج با حضور مدیران سازمان برگزار شد و سخنرانان درباره حکمرانی و پدافند شناختی سخن گفتند.",
        "مدیرعامل سازمان در این همایش گفت: بسیج نیرویی پرصلابت است.",
    )
    assert "title" not in [k for k, _ in kinds]


def test_short_sub_headline_inside_body():
    # Seed 003 has sub-headlines «سمت X: نقل قول».
    kinds = classify(
        "همایش بسیج در سازمان برگزار شد",
        "به گزارش روابط عمومی سازمان، همایش بسیج امروز با حضور مدیران و کارکنان برگزار شد.",
        "معاون فرهنگی سازمان: امروز بزرگ‌ترین جنگ، جنگ تبیین است",
        "دکتر احمد اسفندیاری معاون فرهنگی نیز در این همایش ضمن تبریک هفته بسیج گفت: ارزش بسیج در صحنه بودن است.",
    )
    assert [k for k, _ in kinds] == ["title", "body", "heading", "body"]
