"""Exports of a whole search (CSV, JSON lines) and a facet's own page ("more"), through
the app on real documents: the seeds, and small collections written here."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from searchapp.search.export import CSV_COLUMNS, FORMULA_STARTS
from searchapp.search.facets import FACET_LIMIT
from searchapp.web import create_app, views

from .conftest import build

COUNTRIES = [
    "France", "Germany", "Japan", "Brazil", "India", "Kenya", "Egypt", "Peru", "Chile", "Norway",
    "Sweden", "Poland", "Turkey", "Canada", "Mexico", "Spain", "Italy", "Argentina", "Nigeria", "Vietnam",
]


def _story(n: int, country: str, title: str | None = None) -> str:
    title = title or f"Trade envoy of {country} meets ministers"
    return (
        f"{title}\n\n"
        f"The trade envoy of {country} met ministers on Tuesday to discuss "
        f"tariffs and the rules of the World Trade Organization, officials said after the meeting ended.\n\n"
        f"The envoy said talks with {country} would go on next month, when the ministers meet again in the same hall "
        f"to settle the remaining questions on farm subsidies and fishing rights.\n"
    )


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """Twenty stories, each naming one more country than the facet shows."""
    src = tmp_path_factory.mktemp("many")
    for n, country in enumerate(COUNTRIES):
        (src / f"{n:02d}.txt").write_text(_story(n, country), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("many-index")
    assert build(src, index_dir).indexed == len(COUNTRIES)
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.mark.parametrize("query", ["q=sanctions", "q=UN&sort=oldest", "q=Kerry&source=Yonhap&source=VOA", ""])
def test_the_csv_has_every_hit_of_the_search_in_its_order(client, query):
    hits = client.get(f"/search.json?{query}&per_page=100").get_json()
    response = client.get(f"/search.csv?{query}&page=3")  # the page is not the export's
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["X-Total-Count"] == str(hits["total"])
    rows = _rows(response)
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [h["id"] for h in hits["hits"]] and rows
    article = client.get(f"/article/{rows[0]['id']}.json").get_json()
    assert rows[0]["body"] == article["body"] and rows[0]["people"] == "; ".join(article["people"])


def test_the_json_lines_are_the_articles_of_the_search(client):
    hits = client.get("/search.json?q=sanctions&sort=newest").get_json()["hits"]
    response = client.get("/search.jsonl?q=sanctions&sort=newest")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert [a["id"] for a in lines] == [h["id"] for h in hits]
    pages = [client.get(f"/article/{a['id']}.json").get_json() for a in lines]
    assert lines == [{k: v for k, v in page.items() if k not in ("related", "versions")} for page in pages]


def test_an_export_of_a_bad_query_says_why(client):
    response = client.get('/search.csv?q="unclosed (')
    assert response.status_code == 400 and "without its pair" in response.get_data(as_text=True)


def test_no_csv_cell_is_a_live_formula(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    titles = ['=HYPERLINK("http://example.com/x","click") sanctions talks', "+1 sanctions talks resume",
              "-2 sanctions talks stall", "@SUM(1+1) sanctions talks end"]
    for n, title in enumerate(titles):
        (src / f"{n}.txt").write_text(_story(n, "France", title).replace("tariffs", "sanctions"), encoding="utf-8")
    build(src, tmp_path / "index")
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    rows = _rows(client.get("/search.csv?q=sanctions"))
    assert len(rows) == 4
    assert sorted(r["title"] for r in rows) == sorted("'" + t for t in titles)  # kept, shown as typed
    assert not [c for r in rows for c in r.values() if c.startswith(FORMULA_STARTS)]


def test_a_facet_with_more_values_than_shown_links_to_its_own_page(many):
    page = many.get("/search?q=envoy").get_data(as_text=True)
    shown = re.search(r'data-facet="countries".*?</section>', page, re.DOTALL).group(0)
    assert shown.count('class="value"') == FACET_LIMIT
    more = re.search(r'<p class="more"><a href="([^"]+)">(\d+) more countries', shown)
    assert more and int(more.group(2)) == len(COUNTRIES) - FACET_LIMIT
    whole = many.get(more.group(1).replace("&amp;", "&")).get_data(as_text=True)
    values = re.findall(r'<span class="value">([^<]+)</span>', whole)
    assert sorted(values) == sorted(COUNTRIES) and "20 values" in whole
    # Each value narrows the search it came from.
    assert '/search?q=envoy&amp;countries=Kenya"' in whole


def test_a_facets_page_filters_its_values_and_pages_them(many, monkeypatch):
    found = many.get("/facet/countries.json?q=envoy&fq=an").get_json()
    assert sorted(v["value"] for v in found["values"]) == sorted(c for c in COUNTRIES if "an" in c.lower())
    monkeypatch.setattr(views, "FACET_PAGE_SIZE", 8)
    pages = [many.get(f"/facet/countries.json?q=envoy&fpage={n}").get_json() for n in (1, 2, 3)]
    assert [p["fpages"] for p in pages] == [3, 3, 3] and [len(p["values"]) for p in pages] == [8, 8, 4]
    assert sorted(v["value"] for p in pages for v in p["values"]) == sorted(COUNTRIES)
    html = many.get("/facet/countries?q=envoy&fpage=2").get_data(as_text=True)
    assert "Page 2 of 3" in html and 'fpage=3"' in html and 'fpage=1' not in html  # page 1 is the bare URL


def test_a_facets_page_keeps_the_chosen_values(client):
    data = client.get("/facet/people.json?q=sanctions&people=John+Kerry").get_json()
    assert {"value": "John Kerry", "count": 4, "selected": True} in data["values"]
    assert data["filters"] == {"people": ["John Kerry"]}


def test_unknown_facets_and_pages_are_404s_in_the_layout(client):
    for path in ("/facet/nope", "/nowhere", "/article/nope.txt"):
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 404 and 'role="search"' in page and 'class="error"' in page, path
    assert "the facets are source, month" in client.get("/facet/nope").get_data(as_text=True)
    assert client.get("/facet/nope.json").get_json()["error"].startswith("No facet 'nope'")


def test_search_json_with_all_streams_every_hit_as_one_document(client):
    page = client.get("/search.json?q=UN&per_page=100").get_json()
    response = client.get("/search.json?q=UN&all=1&page=2")
    data = json.loads(response.get_data(as_text=True))
    assert response.mimetype == "application/json" and response.headers["X-Total-Count"] == "5"
    assert data["total"] == 5 and [a["id"] for a in data["articles"]] == [h["id"] for h in page["hits"]]
    assert data["articles"][0]["body"] and "people" in data["articles"][0]
