"""The web UI through Flask's test client: pages, JSON twins, permalinks."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from searchapp.search.api import DEFAULT_PER_PAGE
from searchapp.web import create_app

from .conftest import build, seed_id


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    return BeautifulSoup(response.data, "lxml")


def test_search_json_shape(client):
    data = client.get("/search.json?q=Kerry").get_json()
    assert data["total"] == 4
    hit = data["hits"][0]
    assert {"id", "title", "source", "published", "snippet", "url"} <= set(hit)
    assert set(data["facets"]) == {"source", "month", "people", "countries", "organizations"}
    for values in data["facets"].values():
        for v in values:
            assert set(v) == {"value", "count", "selected"}


def test_facet_filter_in_the_url(client):
    data = client.get("/search.json?source=Yonhap").get_json()
    assert data["total"] == 3
    assert sorted(h["id"][:3] for h in data["hits"]) == ["000", "003", "004"]
    source = {v["value"]: v for v in data["facets"]["source"]}
    assert source["Yonhap"]["selected"] and source["Yonhap"]["count"] == 3


def test_search_page_shows_hits_and_facets(client):
    doc = page(client, "/?q=Churkin")
    hits = doc.select("li.hit")
    assert len(hits) == 1 and hits[0]["data-id"] == seed_id("002")
    assert hits[0].select_one(".snippet mark").text == "Churkin"
    facet_values = [a.select_one(".value").text for a in doc.select('[data-facet="source"] a')]
    assert facet_values == ["Unknown"]
    assert doc.select_one('link[rel="alternate"]')["href"] == "/search.json?q=Churkin"


def test_facet_links_toggle_filters(client):
    doc = page(client, "/")
    link = next(a for a in doc.select('[data-facet="source"] a') if a.select_one(".value").text == "Yonhap")
    assert link.select_one(".count").text == "3"
    doc = page(client, link["href"])
    assert doc.select_one(".total").text == "3"
    selected = doc.select_one('[data-facet="source"] li.selected a')
    assert selected.select_one(".value").text == "Yonhap"
    doc = page(client, selected["href"])  # choosing it again removes the filter
    assert doc.select_one(".total").text == "5"


def test_article_page_and_json(client):
    doc_id = seed_id("003")
    doc = page(client, f"/article/{doc_id}")
    assert doc.h1.text == "FM Yun, Kerry agree on closer coordination over N.K. sanctions"
    body = doc.select_one(".body").text
    assert "Munich Security Conference" in body and "Send Feedback" not in body
    people = doc.select('[data-facet="people"] a')
    kerry = next(a for a in people if a.text == "John Kerry")
    assert kerry["href"] == "/search?people=John+Kerry"
    assert page(client, kerry["href"]).select_one(".total").text == "4"
    data = client.get(f"/article/{doc_id}.json").get_json()
    assert data["id"] == doc_id and data["source"] == "Yonhap" and data["published"] == "2016-01-29"
    assert "John Kerry" in data["people"]


def test_unknown_article_is_404(client):
    assert client.get("/article/nope.txt").status_code == 404
    assert client.get("/article/nope.txt.json").status_code == 404


def test_hostile_query_is_escaped(client):
    evil = '<script>alert("x")</script> "<img src=x onerror=alert(1)>'
    response = client.get("/?q=" + quote(evil))
    assert response.status_code == 200
    assert b"<script>alert" not in response.data and b"<img src=x" not in response.data
    assert client.get("/search.json?q=" + quote(evil)).status_code == 200


def test_bad_paging_parameters_are_tolerated(client):
    assert client.get("/search.json?page=abc&per_page=-3&sort=bogus").get_json()["total"] == 5
    data = client.get("/search.json?page=99").get_json()
    assert data["hits"] == [] and data["total"] == 5


def test_missing_index_gives_clear_message(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    response = client.get("/")
    assert response.status_code == 503 and b"searchapp build" in response.data
    assert "searchapp build" in client.get("/search.json").get_json()["error"]


def test_no_asset_from_the_internet(client):
    doc = page(client, "/?q=Kerry")
    for tag in doc.select("[src], link[href], script"):
        url = tag.get("src") or tag.get("href") or ""
        assert not url.startswith(("http:", "https:", "//")), url


def test_hostile_document_is_shown_safely(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "evil.html").write_text(
        """<html><head><title>Talks &lt;script&gt;alert(1)&lt;/script&gt; on sanctions</title>
        <link rel="canonical" href="javascript:alert(document.cookie)"></head><body><article>
        <h1>Talks &lt;script&gt;alert(1)&lt;/script&gt; on sanctions</h1>
        <p>SEOUL, Jan. 5 (Yonhap) -- Diplomats met on Tuesday to discuss sanctions &lt;img src=x onerror=alert(2)&gt;
        against North Korea, officials said, as the talks dragged into a second week without agreement.</p>
        <p>The envoys said the sanctions talks would resume next week in Seoul after consultations at home.</p>
        </article></body></html>""",
        encoding="utf-8",
    )
    (src / "evil.meta.json").write_text('{"url": "javascript:alert(3)"}')
    build(src, tmp_path / "ix")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "ix")}).test_client()
    for url in ("/?q=sanctions", "/article/evil.html", "/article/evil.html?q=sanctions+img"):
        html = client.get(url).data.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in client.get("/?q=sanctions").data.decode()


def test_article_found_by_a_search_marks_the_query_and_links_back(client):
    doc = page(client, "/?q=%22security+council%22&source=Yonhap")
    link = doc.select_one("li.hit h3 a")["href"]
    assert "q=%22security+council%22" in link and "source=Yonhap" in link
    article = page(client, link)
    marks = [m.text for m in article.select(".body mark")]
    assert marks and all(m.lower() == "security council" for m in marks)
    back = article.select_one(".back a")
    assert back["href"] == "/search?q=%22security+council%22&source=Yonhap"
    assert back.text.strip() == "← Back to the results"
    assert article.select_one('input[name="q"]')["value"] == '"security council"'
    # Without a search, nothing is marked and the link is the plain search page.
    plain = page(client, f"/article/{seed_id('003')}")
    assert not plain.select(".body mark") and plain.select_one(".back a")["href"] == "/search"


def test_every_page_has_an_icon(client):
    doc = page(client, "/")
    icon = doc.select_one('link[rel="icon"]')["href"]
    for url in (icon, "/favicon.ico"):  # the JSON twins have no <link>: browsers ask for /favicon.ico
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        response.close()


def test_abusive_queries_get_a_small_page_with_a_message(client):
    long_q = "sanctions " * 2_000  # 20,000 characters
    response = client.get("/?q=" + quote(long_q))
    assert response.status_code == 200
    page = response.data.decode()
    assert "the limit is 1,000" in page
    # The query stays in the search box and the JSON links, not in every link of the page.
    assert len(page) < 4 * len(long_q) + 10_000
    many_words = " ".join(f"w{i}" for i in range(3_000))
    page = client.get("/?q=" + quote(many_words)).data.decode()
    assert "the limit is" in page and len(page) < 4 * len(many_words) + 10_000


@pytest.mark.parametrize("q", ["<img src=x>", "<script>", '"unclosed (', "(" * 5000 + "a" + ")" * 5000])
def test_query_errors_are_said_in_the_page_never_as_internals(client, q):
    for path in ("/", "/search.json"):
        response = client.get(path + "?q=" + quote(q))
        assert response.status_code == 200
        text = response.data.decode()
        assert "list index out of range" not in text and "recursion" not in text
    error = client.get("/search.json?q=" + quote(q)).get_json()["error"]
    assert error is None or "Example:" in error


def test_partial_results_are_said_in_the_page(client, monkeypatch):
    from searchapp.search import checks

    assert b"Partial results" not in client.get("/?q=Kerry").data
    monkeypatch.setattr(checks, "SEARCH_TIME_LIMIT", 0.0)
    assert b"Partial results" in client.get("/?q=Kerry").data
    assert client.get("/search.json?q=Kerry").get_json()["partial"] is True


def test_a_page_past_the_last_says_so(client):
    page = client.get("/?page=1000000000").data.decode()
    assert "past the last page" in page and 'class="hit"' not in page
    assert "past the last page" not in client.get("/").data.decode()
    data = client.get("/search.json?page=1000000000").get_json()
    assert data["hits"] == [] and data["total"] == 5 and data["page"] == 1_000_000_000


@pytest.mark.parametrize("per_page", ["0", "-1", "", "x"])
def test_no_page_size_is_the_default_one(client, per_page):
    data = client.get(f"/search.json?per_page={per_page}").get_json()
    assert data["per_page"] == DEFAULT_PER_PAGE and len(data["hits"]) == 5


def test_unknown_parameters_are_ignored(client):
    plain = client.get("/search.json?q=Kerry").get_json()
    odd = client.get("/search.json?q=Kerry&bogus=1&Source=x&q2=y").get_json()
    assert odd.pop("took_ms") >= 0 and plain.pop("took_ms") >= 0
    assert odd == plain


def test_a_query_that_finds_nothing_links_to_what_was_meant(client):
    page = client.get("/search?q=sanctons&source=Yonhap").get_data(as_text=True)
    assert 'Did you mean\n      <a href="/search?q=sanctions&amp;source=Yonhap"><q>sanctions</q></a>?' in page
    assert client.get("/search.json?q=sanctons").get_json()["suggestion"] == "sanctions"
    assert "Did you mean" not in client.get("/search?q=sanctions").get_data(as_text=True)


def test_browsing_without_a_query_says_it_is_newest_first(client):
    page = client.get("/search").get_data(as_text=True)
    assert "<strong>newest</strong>" in page and "<strong>relevance</strong>" not in page


def test_the_help_page_explains_the_syntax_with_links_that_search(client):
    page = BeautifulSoup(client.get("/help").data, "html.parser")
    examples = [a.get_text() for a in page.select("table.syntax a code")]
    assert '"security council"' in examples and "published:[2016-01 TO 2016-02]" in examples
    for link in page.select("table.syntax a")[:4]:
        assert client.get(link["href"]).status_code == 200
    assert client.get(page.select_one("table.syntax a")["href"].replace("/search?", "/search.json?")).get_json()["total"] > 0
    data = client.get("/help.json").get_json()
    assert data["limits"]["query_words"] == 64 and len(data["syntax"]) == len(examples)
    home = BeautifulSoup(client.get("/").data, "html.parser")
    assert home.select_one("a.help")["href"] == "/help"


def test_browsers_can_add_the_collection_as_a_search_engine(client):
    home = BeautifulSoup(client.get("/").data, "html.parser")
    link = home.select_one('link[rel="search"]')
    response = client.get(link["href"])
    assert response.mimetype == "application/opensearchdescription+xml"
    assert 'template="http://localhost/search?q={searchTerms}"' in response.get_data(as_text=True)


def test_the_page_says_how_long_the_search_took_and_starts_with_the_results(client):
    page = client.get("/search?q=Kerry").get_data(as_text=True)
    assert re.search(r'<span class="took">\(\d+\.\d\d s\)</span>', page)
    # Results before the facets in the page: the keyboard and small screens reach them first.
    assert page.index('id="results"') < page.index('class="facets"')
    assert '<a class="skip" href="#results">' in page
    assert client.get("/search.json?q=Kerry").get_json()["took_ms"] >= 0


def test_an_article_page_lists_related_articles_with_source_and_date(client):
    doc = page(client, f"/article/{seed_id('004')}")
    items = doc.select("section.related li")
    assert 1 <= len(items) <= 5
    for item in items:
        href = item.select_one("a")["href"]
        assert href.startswith("/article/") and seed_id("004") not in href
        assert client.get(href).status_code == 200 and " · " in item.select_one(".meta").get_text()
    data = client.get(f"/article/{seed_id('004')}.json").get_json()
    assert [r["id"] for r in data["related"]] == [i.select_one("a")["href"].removeprefix("/article/") for i in items]


def test_versions_of_a_story_are_grouped_on_the_page_and_listed_on_the_article(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for seed in sorted((Path(__file__).parent.parent / "seeds").iterdir()):
        (src / seed.name).write_bytes(seed.read_bytes())
    (src / "copy.txt").write_bytes(next(src.glob("003_*")).read_bytes())
    build(src, tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    doc = page(client, "/search?q=Kerry")
    assert doc.select_one(".summary").get_text(" ", strip=True).startswith("5 articles in 4 stories")
    link = doc.select_one("a.versions")
    assert link.get_text() == "2 versions"
    versions = page(client, link["href"])
    assert sorted(h["data-id"] for h in versions.select(".hit")) == sorted([seed_id("003"), "copy.txt"])
    assert versions.select_one(".chip").get_text(strip=True).startswith("Every version of one story")
    article = page(client, f"/article/{seed_id('003')}")
    assert [a["href"] for a in article.select("section.versions a")] == ["/article/copy.txt"]
    assert "/article/copy.txt" not in [a["href"] for a in article.select("section.related a")]
    assert client.get(f"/article/{seed_id('003')}.json").get_json()["versions"][0]["id"] == "copy.txt"
