"""The contract for date ranges (from/to, published:[A TO B], undated) and the timeline,
on the seeds (two dated stories of January 2016, three undated)."""

from __future__ import annotations

import pytest

from searchapp.search.api import SearchRequest


def search(searcher, **args):
    args = {k: v if isinstance(v, list) else [v] for k, v in args.items()}
    return searcher.search(SearchRequest.from_args({"per_page": ["100"], **args}))


def dated(results) -> list[str | None]:
    return sorted(h.published or "" for h in results.hits)


def test_the_seeds_have_dated_and_undated_stories(searcher):
    everything = search(searcher)
    assert dated(everything) == ["", "", "", "2016-01-21", "2016-01-29"]


@pytest.mark.parametrize("args,expected", [
    ({"from": "2016-01-25"}, ["2016-01-29"]),
    ({"to": "2016-01-21"}, ["2016-01-21"]),
    ({"from": "2016-01", "to": "2016-01"}, ["2016-01-21", "2016-01-29"]),
    ({"from": "2016"}, ["2016-01-21", "2016-01-29"]),
    ({"from": "2016-02"}, []),
    ({"q": "sanctions published:[2016-01-22 TO 2016-02]"}, ["2016-01-29"]),
    ({"q": "published:2016-01-21"}, ["2016-01-21"]),
    ({"q": "date:[* TO 2016-01-28]", "from": "2016-01-22"}, []),  # both hold
])
def test_a_date_range_keeps_the_hits_dated_inside_it(searcher, args, expected):
    results = search(searcher, **args)
    assert results.error is None and dated(results) == expected and results.total == len(expected)


def test_undated_gives_the_undated_stories_only(searcher):
    results = search(searcher, undated="1")
    assert results.total == 3 and all(h.published is None for h in results.hits)
    assert results.timeline.undated == 3 and results.timeline.periods == ()


def test_a_range_narrows_the_facet_counts_too(searcher):
    results = search(searcher, q="sanctions", **{"from": "2016-01-25"})
    months = next(f for f in results.facets if f.name == "month")
    assert [(v.value, v.count) for v in months.values] == [("2016-01", 1)]


def test_a_bad_date_is_said_and_finds_nothing(searcher):
    results = search(searcher, q="sanctions", **{"from": "2016-13"})
    assert results.total == 0 and "There is no date '2016-13'" in results.error


@pytest.mark.parametrize("q", ["", "sanctions", "Kerry"])
def test_the_timeline_counts_every_hit_once(searcher, q):
    results = search(searcher, q=q)
    t = results.timeline
    assert sum(p.count for p in t.periods) + t.undated == results.total
    assert t.unit == "month"  # no range asked for
    by_month = {p.label: p.count for p in t.periods}
    for hit in results.hits:
        if hit.published:
            assert by_month[hit.published[:7]] >= 1


def test_the_seeds_timeline_is_january_2016_with_2_and_undated_3(searcher):
    t = search(searcher).timeline
    assert [(p.label, p.count) for p in t.periods] == [("2016-01", 2)] and t.undated == 3
    days = search(searcher, **{"from": "2016-01", "to": "2016-01"}).timeline
    assert days.unit == "day" and len(days.periods) == 31
    assert [(p.label, p.count) for p in days.periods if p.count] == [("2016-01-21", 1), ("2016-01-29", 1)]


def test_an_export_keeps_the_date_range(searcher):
    export = searcher.export(SearchRequest.from_args({"from": ["2016-01-25"]}), limit=100)
    assert export.total == 1 and [a.published for a in export.articles] == ["2016-01-29"]


@pytest.mark.parametrize("q", ["", "*", "published:2016"])
def test_with_nothing_to_rank_by_the_order_is_said_to_be_newest(searcher, q):
    results = search(searcher, q=q)
    assert results.order == "newest" and results.to_json()["sort"] == "newest"
    days = [h.published for h in results.hits if h.published]
    assert days == sorted(days, reverse=True)
    assert search(searcher, q="sanctions").order == "relevance"


def test_a_query_of_facet_words_only_is_said_to_be_newest_first(searcher):
    results = search(searcher, q="country:china")
    assert results.total > 0 and results.order == "newest"
