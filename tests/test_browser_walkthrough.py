"""An analyst's walk through the UI in a real browser, with JavaScript on and off: search,
expand a version group, choose two sources (the counts stay right), narrow by a timeline bar, open an article,
follow an entity and a related article, download the CSV. Any console message or failed
request fails it; screenshots go to tests/output/ (not committed)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from searchapp.web import create_app

from .conftest import CHROMIUM, SEEDS, build, needs, serving

pytestmark = needs(CHROMIUM)
OUTPUT = Path(__file__).parent / "output"


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The seeds, with 003 saved a second time (a version group to expand)."""
    src = tmp_path_factory.mktemp("walk")
    for seed in SEEDS.iterdir():
        (src / seed.name).write_bytes(seed.read_bytes())
    (src / "saved-again.txt").write_bytes(next(SEEDS.glob("003_*")).read_bytes())
    index_dir = tmp_path_factory.mktemp("walk-index")
    build(src, index_dir)
    with serving(create_app({"INDEX_DIR": str(index_dir)})) as base:
        yield base


def _count(page, facet: str, value: str) -> int:
    return int(page.locator(f'[data-facet="{facet}"] li', has_text=value).locator(".count").inner_text())


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_an_analyst_walks_through_the_collection(browser, live_server, javascript):
    OUTPUT.mkdir(exist_ok=True)
    context = browser.new_context(java_script_enabled=javascript, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status}: {r.url}"))
    shot = lambda name: page.screenshot(path=str(OUTPUT / f"walk-{'js' if javascript else 'nojs'}-{name}.png"), full_page=True)
    try:
        page.goto(live_server + "/")
        page.fill('input[type="search"][name="q"]', "sanctions")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert page.locator(".total").inner_text() == "6" and page.locator(".stories").inner_text() == "5"
        # The story saved twice is one hit; its versions expand.
        page.locator("a.versions", has_text="2 versions").click()
        assert page.locator(".hit").count() == 2 and "story=" in page.url
        shot("1-versions")
        page.go_back()
        yonhap, unknown = _count(page, "source", "Yonhap"), _count(page, "source", "Unknown")
        shot("1-search")

        # Two sources: "any of them", and each source's count stays what it was.
        page.locator('[data-facet="source"] a', has_text="Yonhap").click()
        assert page.locator(".total").inner_text() == str(yonhap)
        page.locator('[data-facet="source"] a', has_text="Unknown").click()
        assert page.locator(".total").inner_text() == str(yonhap + unknown)
        assert (_count(page, "source", "Yonhap"), _count(page, "source", "Unknown")) == (yonhap, unknown)
        shot("2-two-sources")

        # A timeline bar narrows the results to its month, whose timeline is then per day.
        page.locator('svg.timeline a[aria-label^="2016-01:"]').click()
        assert page.locator(".total").inner_text() == "3" and "from=2016-01&to=2016-01" in page.url  # 003 twice, 004
        page.locator('svg.timeline a[aria-label^="2016-01-29"]').click()
        assert page.locator(".total").inner_text() == "2" and page.locator(".hit").count() == 1  # 003, saved twice
        assert "from=2016-01-29" in page.url
        assert page.locator(".chip", has_text="Date: 2016-01-29").count() == 1
        shot("3-timeline")

        # The article, an entity of it, then a related article.
        page.locator(".hit h3 a").first.click()
        assert "Kerry" in page.locator("h1").inner_text() and page.locator("h1 mark").count() >= 1
        shot("4-article")
        page.locator('.entities [data-facet="people"] a', has_text="Wang Yi").click()
        assert int(page.locator(".total").inner_text()) >= 1 and "people=Wang+Yi" in page.url
        page.locator(".hit h3 a").first.click()
        title = page.locator("h1").inner_text()
        page.locator(".related a").first.click()
        assert page.locator("h1").inner_text() != title
        shot("5-related")

        # Download every hit of a search as CSV.
        page.goto(live_server + "/search?q=sanctions&source=Yonhap")
        with page.expect_download() as download:
            page.locator(".exports a", has_text="CSV").click()
        rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
        assert len(rows) == yonhap and {r["source"] for r in rows} == {"Yonhap"}  # every article, versions too
    finally:
        context.close()
    assert problems == []


def test_the_slash_key_puts_the_cursor_in_the_search_box(browser, live_server):
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    try:
        page.goto(live_server + "/search?q=sanctions")
        page.locator(".hit h3 a").first.focus()
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Search query"
        assert page.locator('input[type="search"][name="q"]').input_value() == "sanctions"  # no "/" typed in
        page.keyboard.press("/")  # typing in the box: a "/" is a "/"
        assert page.locator('input[type="search"][name="q"]').input_value() == "/"
    finally:
        context.close()
