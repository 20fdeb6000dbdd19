"""The timeline and the date range on the search page: real stories written here, dated
over a year and a half, and three undated."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from searchapp.web import create_app

from .conftest import build

DAYS = [dt.date(2015, 11, 3), dt.date(2015, 11, 20), dt.date(2016, 1, 5), dt.date(2016, 1, 6), dt.date(2016, 1, 6),
        dt.date(2016, 6, 30), dt.date(2017, 2, 14)]


def _story(title: str, day: dt.date | None) -> str:
    dateline = f"{day:%B} {day.day}, {day.year}\n\n" if day else ""
    return (
        f"{title}\n\n{dateline}"
        "PARIS (Reuters) - The trade envoy met ministers on Tuesday to discuss tariffs and the rules of the "
        "World Trade Organization, officials said after the meeting ended.\n\n"
        "The envoy said talks would go on next month, when the ministers meet again in the same hall to settle "
        "the remaining questions on farm subsidies and fishing rights.\n"
    )


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    src = tmp_path_factory.mktemp("dated")
    for n, day in enumerate(DAYS):
        (src / f"d{n}.txt").write_text(_story(f"Trade envoy meets ministers, round {n}", day), encoding="utf-8")
    for n in range(3):
        (src / f"u{n}.txt").write_text(_story(f"Trade envoy writes to ministers, letter {n}", None), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("dated-index")
    assert build(src, index_dir).indexed == len(DAYS) + 3
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()


def _bars(page: str) -> dict[str, str]:
    """The timeline's links: period -> URL."""
    svg = re.search(r'<svg class="timeline".*?</svg>', page, re.DOTALL).group(0)
    return {label: href.replace("&amp;", "&") for href, label in re.findall(r'<a href="([^"]+)" aria-label="([^:]+): \d+"', svg)}


def test_the_timeline_has_a_bar_per_month_with_hits_and_the_undated_apart(client):
    page = client.get("/search?q=envoy").get_data(as_text=True)
    assert "hits per month (peak 3)" in page
    assert list(_bars(page)) == ["2015-11", "2016-01", "2016-06", "2017-02"]  # the empty months have no link
    # 16 months from 2015-11 to 2017-02: a bar's place shows its month, gaps included.
    xs = re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" width="[0-9.]+" height="[0-9.]+" class="bar">', page)
    assert [float(x) for x in xs] == [0.0, 2 * 600 / 16, 7 * 600 / 16, 15 * 600 / 16]
    assert re.search(r'<a class="undated" href="/search\?q=envoy&amp;undated=1">undated: 3</a>', page)


def test_a_bar_narrows_the_search_to_its_month_and_then_shows_days(client):
    href = _bars(client.get("/search?q=envoy").get_data(as_text=True))["2016-01"]
    assert href == "/search?q=envoy&from=2016-01&to=2016-01"
    data = client.get(href.replace("/search?", "/search.json?")).get_json()
    assert data["total"] == 3 and data["timeline"]["unit"] == "day"
    assert len(data["timeline"]["periods"]) == 31  # every day of the month, the quiet ones too
    assert [(p["period"], p["count"]) for p in data["timeline"]["periods"] if p["count"]] == [("2016-01-05", 1), ("2016-01-06", 2)]
    page = client.get(href).get_data(as_text=True)
    assert "Date: 2016-01 – 2016-01 ✕" in page and 'value="2016-01"' in page  # a chip, and the form filled in


def test_the_undated_link_reaches_the_undated_stories(client):
    data = client.get("/search.json?q=envoy&undated=1").get_json()
    assert data["total"] == 3 and all(h["published"] is None for h in data["hits"])
    assert "Undated only ✕" in client.get("/search?q=envoy&undated=1").get_data(as_text=True)


def test_the_date_form_keeps_the_rest_of_the_search(client):
    page = client.get("/search?q=envoy&source=Reuters&sort=newest&from=2016").get_data(as_text=True)
    form = re.search(r'<form class="dates".*?</form>', page, re.DOTALL).group(0)
    hidden = re.findall(r'type="hidden" name="([^"]+)" value="([^"]+)"', form)
    assert hidden == [("q", "envoy"), ("source", "Reuters"), ("sort", "newest")]


def test_a_bad_date_is_said_in_the_page(client):
    response = client.get("/search?q=envoy&from=2016-02-30")
    assert response.status_code == 200 and "There is no date &#39;2016-02-30&#39;" in response.get_data(as_text=True)
