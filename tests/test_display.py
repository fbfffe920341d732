"""What the site serves to show Persian well: stylesheet, font, home page, charts."""

import re
from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT

DB = "iran_cyberspace"


@pytest.mark.asyncio
async def test_every_page_loads_the_stylesheet_and_its_font(datasette):
    html = (await datasette.client.get(f"/{DB}/paragraphs")).text
    assert '<link rel="stylesheet" href="/static/site.css">' in html
    css = (await datasette.client.get("/static/site.css")).text
    fonts = re.findall(r'url\("([^"]+\.woff2)"\)', css)
    assert fonts
    for font in set(fonts):
        response = await datasette.client.get("/static/" + font)
        assert response.status_code == 200 and response.content[:4] == b"wOF2"
    # The font ships with its licence.
    assert "SIL Open Font License" in (ROOT / "static" / "fonts" / "OFL.txt").read_text()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/"):
            self.links.append(href)


@pytest.mark.asyncio
async def test_home_page_examples_all_work(datasette):
    html = (await datasette.client.get("/")).text
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    parser = _Links()
    parser.feed(html)
    # The language switch (/-/lang) answers with a redirect; it has a test of its own.
    examples = [link for link in parser.links
                if ("/-/" in link or "?" in link or "/organisations/" in link) and not link.startswith("/-/lang")]
    # a person, an organisation, a search, the charts and the downloads, in English and in Persian
    assert len(examples) >= 10
    for link in examples:
        response = await datasette.client.get(link)
        assert response.status_code == 200, link


def _charts():
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    dashboards = metadata["plugins"]["datasette-dashboards"]
    return [
        (slug, name, chart)
        for slug, dashboard in dashboards.items()
        for name, chart in dashboard["charts"].items()
        if chart.get("query")
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize("slug, name, chart", _charts(), ids=[f"{s}/{n}" for s, n, _ in _charts()])
async def test_every_chart_has_data(datasette, slug, name, chart):
    response = await datasette.client.get(f"/{chart['db']}.json", params={"sql": chart["query"], "_shape": "array"})
    assert response.status_code == 200, response.text
    rows = response.json()
    assert rows
    # every field the chart draws is a column of its query
    fields = {e["field"] for e in chart["display"]["encoding"].values()}
    assert fields <= set(rows[0])


@pytest.mark.asyncio
async def test_dashboards_render(datasette):
    for slug in {s for s, _, _ in _charts()}:
        response = await datasette.client.get(f"/-/dashboards/{slug}")
        assert response.status_code == 200
        assert "vega-lite.min.js" in response.text


@pytest.mark.asyncio
async def test_a_bilingual_description_shows_the_half_in_the_pages_language(datasette):
    # metadata.yml: "One row per article file. · هر سطر یک خبر."
    persian = (await datasette.client.get(f"/{DB}/articles")).text
    english = (await datasette.client.get(f"/{DB}/articles?_lang=en")).text
    assert "<p>هر سطر یک خبر.</p>" in persian and "One row per article file." not in persian
    assert "<p>One row per article file.</p>" in english and "هر سطر یک خبر." not in english
