"""The UI in a real browser: Debian's chromium driven by Playwright.

The pages work without JavaScript, so the browser runs with it off: what
passes here works for every reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from searchapp.web import create_app

from .conftest import CHROMIUM, needs, serving

pytestmark = needs(CHROMIUM)


@pytest.fixture(scope="module")
def live_server(seed_index):
    app = create_app({"INDEX_DIR": str(seed_index)})
    with serving(app) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def test_search_filter_and_read_an_article(page, live_server):
    page.goto(live_server + "/")
    assert page.locator(".total").inner_text() == "5"

    page.fill('input[type="search"][name="q"]', "Kerry")
    page.click('button[type="submit"]')
    assert page.locator(".total").inner_text() == "4"
    assert page.locator(".hit .snippet mark").first.inner_text() == "Kerry"

    # Filter by source agency: the facet link keeps the query.
    page.locator('[data-facet="source"] a', has_text="Yonhap").click()
    assert page.locator(".total").inner_text() == "3"
    assert "q=Kerry" in page.url and "source=Yonhap" in page.url
    titles = page.locator(".hit h3").all_inner_texts()
    assert "FM Yun, Kerry agree on closer coordination over N.K. sanctions" in titles

    # Open an article: the query is marked in it, and the way back keeps the filter.
    page.locator(".hit h3 a", has_text="FM Yun, Kerry agree").click()
    assert page.locator("h1").inner_text() == "FM Yun, Kerry agree on closer coordination over N.K. sanctions"
    assert "Send Feedback" not in page.locator(".body").inner_text()
    assert page.locator(".body mark").first.inner_text() == "Kerry"
    page.locator(".back a").click()
    assert page.locator(".total").inner_text() == "3"
    page.go_back()

    # Follow one of the article's entities.
    page.locator('[data-facet="people"] a', has_text="Yun Byung-se").click()
    assert page.locator(".total").inner_text() == "1"


def test_hostile_query_is_shown_as_text(page, live_server):
    evil = "<img src=x onerror=alert(1)>Kerry"
    page.goto(live_server + "/")
    page.fill('input[type="search"][name="q"]', evil)
    page.click('button[type="submit"]')
    assert page.locator("img").count() == 0
    assert page.locator('input[type="search"][name="q"]').input_value() == evil


def test_screenshot_renders(page, live_server, tmp_path):
    page.goto(live_server + "/?q=%22nuclear+test%22")
    path = tmp_path / "search.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    assert page.locator(".hit .snippet mark", has_text="nuclear test").count() >= 3


def test_a_phone_sees_the_search_button_and_the_first_hit_at_once(browser, live_server, tmp_path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server + "/search?q=sanctions")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        button = page.locator('.searchbox button[type="submit"]').bounding_box()
        assert button["x"] + button["width"] <= 390
        first_hit = page.locator(".hit").first.bounding_box()
        assert first_hit["y"] < 844  # on the first screen, above the facets
        # The facets wait behind a "Filters" toggle that works without script, after the hits.
        assert not page.locator(".facets").is_visible()
        page.locator("label.facets-toggle-label").click()
        assert page.locator(".facets").is_visible() and page.locator(".facets").bounding_box()["y"] > first_hit["y"]
        (Path(__file__).parent / "output").mkdir(exist_ok=True)
        page.screenshot(path=str(Path(__file__).parent / "output" / "phone-search.png"), full_page=False)
    finally:
        context.close()


def test_the_keyboard_reaches_the_results_first(page, live_server):
    page.goto(live_server + "/search?q=sanctions")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the results"
    page.keyboard.press("Enter")
    assert page.url.endswith("#results")
    # After the search box, the first links are the results' own, not 30 facet values.
    order = page.eval_on_selector_all("a[href], input, button", "els => els.map(e => e.closest('.facets') ? 'facet' : e.closest('.hit') ? 'hit' : 'other')")
    assert order.index("hit") < order.index("facet")


def test_the_home_page_puts_the_cursor_in_the_search_box(page, live_server):
    page.goto(live_server + "/")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Search query"
