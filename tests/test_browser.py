"""The site in a real browser: Playwright driving Debian's Chromium.

A Datasette is started exactly as ``make serve`` starts it, on a copy of the
seed database.  Each test opens
a page as a reader would, checks what is on the screen and saves a
screenshot to test-artifacts/.  Chromium comes from Debian
(``apt-get install chromium``; ``make test`` installs it); no browser is
ever downloaded.  Without it these tests are skipped, except under CI
(``CI=true``), where a missing browser is a failure.
"""

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
import yaml

from conftest import ROOT, needs_dashboards

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
DB = "iran_cyberspace"


def _unavailable(reason):
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


def serve_command(db_path, port):
    """The `make serve` command line, for ``db_path`` on ``port``: its configuration directory, served."""
    from deploy.site import assemble, serve_command as site_command

    return site_command(assemble(db_path), port)


@pytest.fixture(scope="module")
def site(seed_db_path, tmp_path_factory):
    """Base URL of a running site (stopped after the module's tests)."""
    directory = tmp_path_factory.mktemp("site")
    db_path = directory / f"{DB}.db"
    shutil.copy(seed_db_path, db_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    # As `make serve` does: absolute links (the charts' data) name the site's own address.
    process = subprocess.Popen(serve_command(db_path, port), cwd=ROOT, env=dict(os.environ, SITE_URL=url),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
    # A kind is shown by its Persian label; an article is named by its
    # headline, its id beside it isolated left to right.
    assert style(page, "td.col-kind", "direction") == "rtl"
    assert style(page, "td.col-article_id bdi[dir=ltr]", "direction") == "ltr"
    # The table's description is the Persian half, right to left.
    assert style(page, ".metadata-description p", "direction") == "rtl"
    # Facets are shown.
    assert page.locator(".facet-info[data-column=kind] li").count() >= 5


def test_search_box_finds_variant_spelling(page, site):
    open_page(page, f"{site}/{DB}/paragraphs")
    page.fill("input#_search", "تامیناجتماعی")
    page.press("input#_search", "Enter")
    page.wait_for_load_state()
    # The search alone goes to the ranked search page, matches marked.
    assert "/search?q=" in page.url
    texts = page.locator("td.col-snippet").all_inner_texts()
    assert texts and all("تأمین" in t or "تامین" in t for t in texts)
    assert page.locator("td.col-snippet mark").count() >= len(texts)
    assert page.input_value("input[name=q]#qp1") == "تامیناجتماعی"


def test_ranked_search_page(page, site):
    open_page(page, f"{site}/{DB}/search?q=" + quote("پدافند غیرعامل"))
    marks = page.locator("td.col-snippet mark")
    assert marks.count() > 0
    assert style(page, "td.col-snippet", "direction") == "rtl"
    assert page.locator("td.col-paragraph_id a").count() == page.locator("td.col-snippet").count()


@needs_dashboards
def test_chart_page_draws_persian_labels(page, site):
    open_page(page, f"{site}/-/dashboards/people-and-organisations")
    page.wait_for_selector("#chart-organisations canvas, #chart-organisations svg", timeout=15000)
    page.wait_for_timeout(500)
    size = page.eval_on_selector("#chart-organisations canvas, #chart-organisations svg", "e => e.getBoundingClientRect().height")
    assert size > 100
    open_page(page, f"{site}/-/dashboards/cyberspace-news")
    page.wait_for_selector("#chart-per-year canvas, #chart-per-year svg", timeout=15000)


def test_row_page_marks_mentions(page, site, seed_db_path):
    import sqlite_utils

    paragraph_id = "003_67594997d190f86c-004"
    mentions = list(sqlite_utils.Database(seed_db_path).query(
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
    latin = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    assert [int(link.split("·")[0].translate(latin)) for link in links] == list(range(1, len(links) + 1))
    kinds = yaml.safe_load((ROOT / "data" / "labels.yaml").read_text(encoding="utf-8"))["values"]["paragraphs.kind"]
    assert links[0].endswith(kinds["title"]["fa"]) and links[-1].endswith(kinds["boilerplate"]["fa"])
    # Mentions are marked in the text, and boilerplate is greyed.
    assert page.locator(f"{section} mark.mention-person").count() > 0
    grey = style(page, f"{section} .kind-boilerplate p", "color")
    assert grey != style(page, f"{section} .kind-body p", "color")
    # Each paragraph's text starts at the right edge of its column.
    assert style(page, f"{section} .kind-body p", "textAlign") in ("start", "right")


# Every kind of page, at a desktop width and a phone's.
WIDTHS = (1280, 390)
PAGES = {
    "home": "/",
    "database": f"/{DB}",
    "table-articles": f"/{DB}/articles",
    "table-paragraphs": f"/{DB}/paragraphs?_facet=kind",
    "table-people": f"/{DB}/people",
    "table-organisations": f"/{DB}/organisations",
    "row-article": f"/{DB}/articles/001_306a7383131c10d2",
    "row-paragraph": f"/{DB}/paragraphs/001_306a7383131c10d2-003",
    "row-person": f"/{DB}/people/{{person}}",
    "row-organisation": f"/{DB}/organisations/passive-defense-organization",
    "row-statement": f"/{DB}/statements/001_306a7383131c10d2-s003",
    "table-statements": f"/{DB}/statements",
    "search": f"/{DB}/search?q=" + quote("پدافند غیرعامل"),
    "search-statements": f"/{DB}/search_statements?q=" + quote("تامین اجتماعی"),
    "canned-query": f"/{DB}/mentions_of_person?person=" + quote("غیب پرور"),
    "sql-query": f"/{DB}?sql=" + quote("select id, kind, text from paragraphs limit 5"),
    "dashboard": "/-/dashboards/cyberspace-news",
    "downloads": "/-/downloads",
    "not-found": "/no-such-page",
}

# What each page is checked for, in the page itself.
_LAYOUT = """() => {
  const doc = document.documentElement;
  const clipped = [];
  for (const td of document.querySelectorAll("td")) {
    const box = td.getBoundingClientRect();
    if (!box.width) continue;
    // The cell's content fits its own box, and the box is on the screen.
    if (td.scrollWidth > td.clientWidth + 1) clipped.push(["cell wider than its column", td.className, td.scrollWidth, td.clientWidth]);
    if (box.left < -1 || box.right > doc.clientWidth + 1) {
      const wrapper = td.closest(".table-wrapper");
      if (!wrapper || wrapper.scrollWidth > wrapper.clientWidth + 1 && doc.clientWidth < 600)
        clipped.push(["cell off the screen", td.className, box.left, box.right]);
    }
  }
  for (const wrapper of document.querySelectorAll(".table-wrapper")) {
    if (doc.clientWidth < 600 && wrapper.scrollWidth > wrapper.clientWidth + 1) clipped.push(["table scrolls sideways", wrapper.scrollWidth, wrapper.clientWidth]);
  }
  return {scroll: doc.scrollWidth, width: doc.clientWidth, clipped: clipped.slice(0, 5),
          lang: doc.lang, dir: doc.dir, bodyDir: getComputedStyle(document.body).direction};
}"""

# An id isolated left to right: its first character is to the left of its last.
_ID_ORDER = """e => {
  const text = e.textContent, node = e.firstChild && e.firstChild.nodeType === 3 ? e.firstChild : null;
  if (!node || text.length < 2) return null;
  const at = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
  const first = at(0), last = at(text.length - 1);
  return {text, inOrder: first.top < last.top - 1 || (Math.abs(first.top - last.top) <= 1 && first.left < last.left)};
}"""


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(browser, request):
    """A page at one of WIDTHS; its screenshot is saved as <kind>-<width>.png."""
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="fa-IR")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.width = width
    yield page
    context.close()
    assert not errors, errors


def most_mentioned_person(db_path):
    import sqlite_utils

    return sqlite_utils.Database(db_path).execute("select id from people order by n_mentions desc, id limit 1").fetchone()[0]


@pytest.mark.parametrize("kind", [pytest.param(k, marks=needs_dashboards) if k == "dashboard" else k for k in PAGES])
def test_every_kind_of_page_reads_as_persian_at_each_width(sized_page, site, kind, seed_db_path):
    page = sized_page
    response = page.goto(site + PAGES[kind].format(person=most_mentioned_person(seed_db_path)))
    assert response.status == (404 if kind == "not-found" else 200)
    page.evaluate("document.fonts.ready")
    if kind == "dashboard":
        page.wait_for_selector("#chart-per-year canvas, #chart-per-year svg", timeout=15000)
        page.wait_for_timeout(300)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{kind}-{page.width}.png"), full_page=True)
    layout = page.evaluate(_LAYOUT)
    # Persian, right to left, for the whole page.
    assert (layout["lang"], layout["dir"], layout["bodyDir"]) == ("fa", "rtl", "rtl")
    # No sideways scrolling, nothing cut off.
    assert layout["scroll"] <= layout["width"], layout
    assert layout["clipped"] == [], layout["clipped"]
    # The interface is Persian: the search box on every page, the licence line.
    assert page.locator(".site-search button").first.inner_text() == "جست‌وجو"
    licence = page.locator("footer .licence")
    assert licence.is_visible() and "CC BY 4.0" in licence.inner_text() and "ناشران" in licence.inner_text()
    body = page.inner_text("body")
    for english in ("Powered by", "This data as", "Links from other tables", "Custom SQL query", "0 results"):
        assert english not in body, english
    # Every id isolated left to right reads in its own order.
    ids = [r for r in page.eval_on_selector_all("bdi[dir=ltr]", f"es => es.map({_ID_ORDER})") if r]
    assert all(r["inOrder"] for r in ids), [r for r in ids if not r["inOrder"]]
    if kind.startswith("row-") or kind.startswith("table-"):
        assert ids, "an id is shown on this page"


def test_a_phone_shows_table_rows_as_cards_with_persian_labels(browser, site, seed_db_path):
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="fa-IR")
    page = context.new_page()
    open_page(page, f"{site}/{DB}/people/{most_mentioned_person(seed_db_path)}")
    # The roles table's cards are labelled with the roles table's own columns.
    labels = page.eval_on_selector_all(
        ".entity-roles td", "es => es.map(e => getComputedStyle(e, '::before').content.replace(/\"/g, ''))")
    headers = page.eval_on_selector_all(".entity-roles th", "es => es.map(e => e.textContent.trim())")
    assert labels[: len(headers)] == headers
    assert page.eval_on_selector(".entity-roles tr:nth-child(1)", "e => getComputedStyle(e).display") == "block"
    page.screenshot(path=str(ARTIFACTS / "row-person-roles-390.png"), full_page=True)
    context.close()


def test_on_a_phone_a_persons_statement_opens_its_quote_highlighted_in_the_article(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fa-IR")
    page = context.new_page()
    open_page(page, f"{site}/{DB}/people/person-fc40f1b7d1")
    first = page.locator("ol.statement-list li").first
    quote_text = first.locator("blockquote").inner_text().strip()
    assert style(page, "ol.statement-list blockquote", "direction") == "rtl"
    first.locator("a.statement-in-article").click()
    page.wait_for_load_state()
    page.evaluate("document.fonts.ready")
    statement_id = page.url.split("#", 1)[1]
    target = page.locator(f"mark.quote[id='{statement_id}']")
    # The quote the link names is the page's target, on the screen, and stands out from the other quotes.
    assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == statement_id
    assert page.evaluate(f"document.querySelector(':target') === document.getElementById('{statement_id}')")
    box = target.bounding_box()
    assert box and 0 <= box["y"] < 844 and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1
    pieces = page.locator(f"mark.quote[data-statement='{statement_id}']").all_inner_texts()
    assert "".join(pieces).strip() == quote_text
    assert style(page, f"mark.quote[id='{statement_id}']", "outlineStyle") != "none"
    others = page.locator(f"mark.quote:not([data-statement='{statement_id}'])")
    if others.count():
        assert style(page, f"mark.quote:not([data-statement='{statement_id}'])", "outlineStyle") == "none"
    # The speaker's words link to the speaker's page.
    assert page.locator("a[href*='/people/'] mark.speaker").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "statement-in-article-390.png"))
    context.close()


# Every place a reader types Persian, and spellings that must find the same rows.
TYPING_PLACES = [
    ("header search box", "/", ".site-search input[name=q]", "td.col-paragraph_id",
     ["تأمین‌اجتماعی", "تامین اجتماعی", "تأمیناجتماعی", "تامين اجتماعي"]),
    ("paragraphs search box", f"/{DB}/paragraphs", "input#_search", "td.col-paragraph_id",
     ["پدافند غیرعامل", "پدافند غیر عامل", "پدافند غيرعامل"]),
    ("people search box", f"/{DB}/people", "input#_search", "td.col-id",
     ["غیب‌پرور", "غیب پرور", "غيب‌پرور"]),
    ("organisations search box", f"/{DB}/organisations", "input#_search", "td.col-id",
     ["تأمین‌اجتماعی", "تامین اجتماعی", "تأمین اجتماعی"]),
    ("mentions of a person", f"/{DB}/mentions_of_person", "input#qp1", "td.col-paragraph_id",
     ["غیب‌پرور", "غیب پرور", "غيب‌پرور"]),
    ("mentions of an organisation", f"/{DB}/mentions_of_organisation", "input#qp1", "td.col-paragraph_id",
     ["تأمین اجتماعی", "تامین اجتماعی", "تأمین‌اجتماعی"]),
    ("statement search", f"/{DB}/search_statements", "input#qp1", "td.col-statement_id",
     ["تأمین‌اجتماعی", "تامین اجتماعی", "تامين اجتماعي"]),
]


@pytest.mark.parametrize("place, path, box, results, spellings", TYPING_PLACES, ids=[p[0] for p in TYPING_PLACES])
def test_every_place_a_reader_types_finds_every_spelling(page, site, place, path, box, results, spellings):
    found = []
    for spelling in spellings:
        open_page(page, site + path)
        page.fill(box, spelling)
        page.press(box, "Enter")
        page.wait_for_load_state()
        found.append(sorted(page.locator(results).all_inner_texts()))
    assert found[0], f"{place}: {spellings[0]} finds nothing"
    assert all(f == found[0] for f in found), {s: len(f) for s, f in zip(spellings, found)}
