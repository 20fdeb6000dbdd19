"""Hostile input is shown safely everywhere: a collection whose titles, bodies, URLs and
source names carry script payloads, searched with payload queries and facet parameters, in
a real browser with JavaScript ON. Any script that runs (a dialog, a console message, an
error, a changed global) fails the test; a payload that reached the page as markup would
also show as a console message, as the Content-Security-Policy refuses to run it."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from searchapp.web import create_app

from .conftest import CHROMIUM, build, needs, serving

pytestmark = needs(CHROMIUM)

# Each payload sets window.pwned (or opens a dialog) if it ever runs.
PAYLOADS = [
    "<script>window.pwned='script'</script>",
    "<img src=x onerror=\"window.pwned='img'\">",
    "\"><svg onload=\"window.pwned='svg'\">",
    "'><body onload=alert('body')>",
    "javascript:window.pwned='url'",
    "<a href=\"javascript:alert('link')\">click</a>",
    "{{7*7}}<iframe srcdoc=\"<script>parent.pwned='iframe'</script>\"></iframe>",
]
JOINED = " ".join(PAYLOADS)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    src = tmp_path_factory.mktemp("hostile")
    escaped = JOINED.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    (src / "evil.html").write_text(
        f"""<html><head><title>Sanctions talks {escaped}</title>
        <link rel="canonical" href="javascript:window.pwned='canonical'"></head><body><article>
        <h1>Sanctions talks {escaped}</h1>
        <p>SEOUL, Jan. 5 (Yonhap) -- Diplomats met on Tuesday to discuss sanctions {escaped}
        against North Korea, officials said, as the talks dragged into a second week without agreement.</p>
        <p>The envoys said the sanctions talks would resume next week in Seoul {escaped} after consultations.</p>
        </article></body></html>""",
        encoding="utf-8",
    )
    (src / "evil.meta.json").write_text(json.dumps({"url": "javascript:alert('sidecar')", "source": PAYLOADS[1]}))
    (src / "dump.txt").write_text(
        f"Home | News | {PAYLOADS[0]}\nSanctions envoy {PAYLOADS[2]} visits Seoul\n"
        f"SEOUL, Jan. 6 (AP) -- The sanctions envoy arrived in Seoul on Wednesday {PAYLOADS[3]} for talks "
        f"with officials about North Korea, {PAYLOADS[5]} the foreign ministry said in a statement.\n"
        f"The envoy will meet the foreign minister on Thursday {PAYLOADS[6]} and leave on Friday, officials said.\n",
        encoding="utf-8",
    )
    report = build(src, tmp_path_factory.mktemp("hostile-index"))
    assert report.indexed == 2
    app = create_app({"INDEX_DIR": str(report.location).rsplit("/builds/", 1)[0]})
    with serving(app) as base:
        yield base


def _pages() -> list[str]:
    q = quote(JOINED)
    one = quote(PAYLOADS[1])
    return [
        "/",
        "/search?q=sanctions",
        f"/search?q={q}",
        f"/search?q={quote(PAYLOADS[2])}",
        f"/search?q=sanctions&source={one}&people={quote(PAYLOADS[0])}&countries={quote(PAYLOADS[2])}"
        f"&organizations={quote(PAYLOADS[3])}&month={quote(PAYLOADS[4])}&sort={one}&page={one}",
        f"/search.json?q={q}",
        f"/search?q=sanctions&from={one}&to={quote(PAYLOADS[4])}",
        f"/search?q=sanctions+published:[{quote(PAYLOADS[0])}+TO+2016]",
        "/article/evil.html",
        f"/article/evil.html?q={q}&source={one}",
        "/article/evil.html.json",
        "/article/dump.txt",
        f"/article/dump.txt?q={quote('sanctions ' + PAYLOADS[0])}",
        f"/article/{one}",
        f"/nowhere/{one}",
        "/facet/source",
        f"/facet/people?q={q}&fq={quote(PAYLOADS[0])}&source={one}",
        f"/facet/source.json?q=sanctions&fq={one}",
        f"/facet/{one}",
    ]


@pytest.mark.parametrize("path", _pages())
def test_no_payload_runs_anywhere(browser, hostile_server, path):
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("console", lambda m: events.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: events.append(f"page error: {e}"))
    try:
        response = page.goto(hostile_server + path)
        page.wait_for_load_state("load")
        if response.status == 404:  # the page itself says so; nothing else may
            events.remove("console error: Failed to load resource: the server responded with a status of 404 (NOT FOUND)")
        # Hovering runs onmouseover payloads, if any got in (the skip link sits off-screen until focused).
        for link in page.locator("a:not(.skip)").all()[:40]:
            link.hover(timeout=2000)
        assert page.evaluate("typeof window.pwned") == "undefined"
        # The one script a page may have is the "/" key's file; the one SVG the server's timeline.
        assert page.locator('script:not([src="/static/keys.js"]), iframe, svg:not(.timeline), svg [onload], '
                            "img[onerror], body[onload]").count() == 0
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    finally:
        context.close()
    assert events == []


def test_the_payloads_are_in_the_pages_as_text(browser, hostile_server):
    # The test above means something only if the payloads reached the pages.
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    page.goto(hostile_server + "/article/evil.html")
    text = page.locator("body").inner_text()
    context.close()
    assert PAYLOADS[0] in text and PAYLOADS[2] in text


def test_exports_carry_the_payloads_as_inert_text(hostile_server):
    """A CSV or JSON-lines export is a download, never a page: its type is not HTML, the
    browser may not sniff one, and the payloads are in it as plain text."""
    import urllib.request

    for path, mimetype in (("/search.csv?q=sanctions", "text/csv"), ("/search.jsonl?q=sanctions", "application/x-ndjson")):
        with urllib.request.urlopen(hostile_server + path, timeout=10) as response:
            body = response.read().decode("utf-8")
            assert response.headers.get_content_type() == mimetype
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.headers["Content-Disposition"].startswith("attachment")
        assert PAYLOADS[0] in body.replace('\\"', '"') and "Sanctions talks" in body
