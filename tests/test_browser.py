"""The site in a real browser: Playwright driving Debian's Chromium.

A Datasette is started exactly as ``make serve`` starts it, on a copy of the
seed database with entity tables (tests/entity_fixture.py).  Each test opens
a page as a reader would, checks what is on the screen and saves a
screenshot to test-artifacts/.  Chromium comes from Debian
(``apt-get install chromium``; ``make test`` installs it); no browser is
ever downloaded.  Without it these tests are skipped, except under CI
(``CI=true``), where a missing browser is a failure.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
DB = "iran_cyberspace"


def _unavailable(reason):
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def serve_command(db_path, port):
    """The `make serve` command line, for ``db_path`` on ``port``."""
    settings = json.loads((ROOT / "settings.json").read_text())
    command = [
        str(Path(sys.executable).with_name("datasette")), "serve", "--immutable", str(db_path),
        "--metadata", str(ROOT / "metadata.yml"), "--plugins-dir", str(ROOT / "plugins"),
        "--template-dir", str(ROOT / "templates"), "--static", f"static:{ROOT / 'static'}",
        "-h", "127.0.0.1", "-p", str(port),
    ]
    for key, value in settings.items():
        command += ["--setting", key, str(value).lower() if isinstance(value, bool) else str(value)]
    return command


@pytest.fixture(scope="module")
def site(entity_db_path, tmp_path_factory):
    """Base URL of a running site (stopped after the module's tests)."""
    directory = tmp_path_factory.mktemp("site")
    db_path = directory / f"{DB}.db"
    shutil.copy(entity_db_path, db_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(serve_command(db_path, port), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        # Loading hazm takes seconds, more on a busy machine.
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(process.stderr.read().decode())
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _unavailable(f"playwright is not installed: {error}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh page; a screenshot of it is saved when the test ends."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, errors


def open_page(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.evaluate("document.fonts.ready")
    return response


def style(page, selector, prop):
    return page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}")


def test_home_page_explains_in_both_languages(page, site):
    open_page(page, site + "/")
    assert page.locator("[lang=fa]").first.is_visible()
    assert "مجموعه" in page.content() or "اخبار فارسی" in page.inner_text("body")
    assert style(page, "div[lang=fa] p", "direction") == "rtl"
    for name in ("a person", "an organisation", "a search", "charts"):
        assert page.get_by_role("link", name=name).count() == 1
    # The site's own font is loaded and used.
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert "Vazirmatn" in style(page, "body", "fontFamily")


def test_persian_paragraph_starting_with_a_latin_word_stays_right_to_left(page, site):
    # /-/downloads: «datapackage.json: توصیف همهٔ جدول‌ها …»
    open_page(page, site + "/-/downloads")
    paragraph = "div[lang=fa] p:nth-of-type(2)"
    assert page.inner_text(paragraph).startswith("datapackage.json")
    assert style(page, paragraph, "direction") == "rtl"
    assert style(page, paragraph, "textAlign") == "right"


def test_persian_cells_run_right_to_left(page, site):
    open_page(page, f"{site}/{DB}/paragraphs?_facet=kind&_size=20")
    cell = "td.col-text"
    assert style(page, cell, "direction") == "rtl"
    assert style(page, cell, "textAlign") == "right"
    # The text ends at the left edge of the cell: its last line is right-aligned.
    box = page.eval_on_selector(cell, """e => {
        const r = document.createRange(); r.selectNodeContents(e);
        const rects = r.getClientRects(); const c = e.getBoundingClientRect();
        const first = rects[0];
        return {right_gap: c.right - first.right, left_gap: first.left - c.left};
    }""")
    assert box["right_gap"] < box["left_gap"]
    # An English value stays left-to-right; ids stay left-to-right.
    assert style(page, "td.col-kind", "direction") == "ltr"
    assert style(page, "td.col-article_id", "direction") == "ltr"
    # The Persian half of the table's description runs right to left.
    assert page.eval_on_selector_all(
        ".metadata-description bdi", "es => es.map(e => getComputedStyle(e).direction)") == ["ltr", "rtl"]
    # Facets are shown.
    assert page.locator(".facet-info[data-column=kind] li").count() >= 5


def test_search_box_finds_variant_spelling(page, site):
    open_page(page, f"{site}/{DB}/paragraphs")
    page.fill("input#_search", "تامیناجتماعی")
    page.press("input#_search", "Enter")
    page.wait_for_load_state()
    texts = page.locator("td.col-text").all_inner_texts()
    assert texts and all("تأمین" in t or "تامین" in t for t in texts)
    assert page.input_value("input#_search") == "تامیناجتماعی"


def test_ranked_search_page(page, site):
    open_page(page, f"{site}/{DB}/search?q=" + quote("پدافند غیرعامل"))
    marks = page.locator("td.col-snippet mark")
    assert marks.count() > 0
    assert style(page, "td.col-snippet", "direction") == "rtl"
    assert page.locator("td.col-paragraph_id a").count() == page.locator("td.col-snippet").count()


def test_chart_page_draws_persian_labels(page, site):
    open_page(page, f"{site}/-/dashboards/people-and-organisations")
    page.wait_for_selector("#chart-organisations canvas, #chart-organisations svg", timeout=15000)
    page.wait_for_timeout(500)
    size = page.eval_on_selector("#chart-organisations canvas, #chart-organisations svg", "e => e.getBoundingClientRect().height")
    assert size > 100
    open_page(page, f"{site}/-/dashboards/cyberspace-news")
    page.wait_for_selector("#chart-per-year canvas, #chart-per-year svg", timeout=15000)


def test_row_page_marks_mentions(page, site, entity_db_path):
    import sqlite_utils

    paragraph_id = "003_67594997d190f86c-004"
    mentions = list(sqlite_utils.Database(entity_db_path).query(
        "select surface, person_id from mentions where paragraph_id = ? order by char_start", [paragraph_id]))
    open_page(page, f"{site}/{DB}/paragraphs/{paragraph_id}")
    people = page.locator("mark.mention-person").all_inner_texts()
    organisations = page.locator("mark.mention-organisation").all_inner_texts()
    assert sorted(people) == sorted(m["surface"] for m in mentions if m["person_id"]) != []
    assert sorted(organisations) == sorted(m["surface"] for m in mentions if not m["person_id"]) != []
    colour = style(page, "mark.mention-person", "backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_articles_page_reads_right_to_left_in_order(page, site):
    article_id = "001_306a7383131c10d2"
    open_page(page, f"{site}/{DB}/articles/{article_id}")
    section = "section.article-text"
    assert style(page, section, "direction") == "rtl"
    # The title, then the lede, the body and the boilerplate, in file order.
    links = page.locator(f"{section} a.paragraph-link").all_inner_texts()
    assert [int(link.split("·")[0]) for link in links] == list(range(1, len(links) + 1))
    assert links[0].endswith("title") and links[-1].endswith("boilerplate")
    # Mentions are marked in the text, and boilerplate is greyed.
    assert page.locator(f"{section} mark.mention-person").count() > 0
    grey = style(page, f"{section} .kind-boilerplate p", "color")
    assert grey != style(page, f"{section} .kind-body p", "color")
    # Each paragraph's text starts at the right edge of its column.
    assert style(page, f"{section} .kind-body p", "textAlign") in ("start", "right")
