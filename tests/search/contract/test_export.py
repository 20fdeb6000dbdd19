"""The contract for a facet's own page (`Searcher.facet`) and for exports
(`Searcher.export`): the same selection, counts and order as `search()`, without its
limits (the top FACET_LIMIT values, a page of hits)."""

from __future__ import annotations

import pytest

from searchapp.search.api import MAX_PER_PAGE, SearchRequest
from searchapp.search.facets import FACET_LIMIT, FACETS


def request(**args) -> SearchRequest:
    return SearchRequest.from_args({k: v if isinstance(v, list) else [v] for k, v in args.items()})


REQUESTS = [
    {},
    {"q": "sanctions"},
    {"q": "sanctions", "sort": "oldest"},
    {"q": "UN", "sort": "newest"},
    {"q": "Kerry OR Churkin", "source": ["Yonhap", "VOA"]},
    {"q": "North Korea", "countries": "China"},
]


@pytest.mark.parametrize("args", REQUESTS, ids=str)
def test_an_export_has_every_hit_in_the_order_of_the_pages(searcher, args):
    req = request(**args, per_page=str(MAX_PER_PAGE))
    results = searcher.search(req)
    export = searcher.export(request(**args, page="2"), limit=1000)  # page is ignored
    assert export.total == results.total and export.error is None
    assert [a.id for a in export.articles] == [h.id for h in results.hits]
    assert results.total > 0 or args.get("countries")


def test_an_export_stops_at_its_limit_and_still_says_the_total(searcher):
    export = searcher.export(request(q="UN"), limit=2)
    articles = list(export.articles)
    assert export.total == 5 and len(articles) == 2
    assert articles[0].body and articles[0].title  # whole articles, not hits


def test_an_export_of_an_unreadable_query_says_why(searcher):
    export = searcher.export(request(q='"unclosed ('), limit=10)
    assert export.total == 0 and "without its pair" in export.error and list(export.articles) == []


@pytest.mark.parametrize("args", REQUESTS, ids=str)
@pytest.mark.parametrize("facet", [f.name for f in FACETS])
def test_a_facets_own_page_counts_as_the_search_does(searcher, args, facet):
    results = searcher.search(request(**args))
    shown = next(f for f in results.facets if f.name == facet)
    whole = searcher.facet(request(**args), facet)
    # The search shows the top of the same list: the first values, then `hidden` more.
    assert len(whole.values) == len(shown.values) + shown.hidden
    assert set(shown.values) <= set(whole.values)
    if len(whole.values) <= FACET_LIMIT:
        assert whole.values == shown.values


def test_a_facets_own_page_keeps_chosen_values_and_zero_counts(searcher):
    whole = searcher.facet(request(q="Blinken", people="Vitaly Churkin"), "people")
    chosen = [v for v in whole.values if v.selected]
    assert [(v.value, v.count) for v in chosen] == [("Vitaly Churkin", 0)]
