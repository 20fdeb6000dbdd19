"""The result cache: bounded, least recently used out first, one entry for requests that
must give the same answer, and never a partial answer."""

from __future__ import annotations

from searchapp import catalog
from searchapp.search import checks
from searchapp.search.api import SearchRequest, SearchResults
from searchapp.search.cache import ResultCache, request_key


def _results(request: SearchRequest, total: int = 1, partial: bool = False) -> SearchResults:
    return SearchResults(request=request, total=total, hits=(), facets=(), partial=partial)


def test_the_least_recently_used_entry_goes_first():
    cache = ResultCache(entries=2)
    a, b, c = (SearchRequest(q=q) for q in "abc")
    cache.put(_results(a))
    cache.put(_results(b))
    assert cache.get(a) is not None  # a is now the most recently used
    cache.put(_results(c))
    assert len(cache) == 2 and cache.get(b) is None and cache.get(a) is not None and cache.get(c) is not None


def test_filter_values_in_another_order_share_an_entry_and_keep_their_own_request():
    first = SearchRequest(q="oil", filters=(("source", ("AP", "Reuters")), ("countries", ("Iran",))))
    second = SearchRequest(q="oil", filters=(("countries", ("Iran",)), ("source", ("Reuters", "AP"))))
    assert request_key(first) == request_key(second)
    cache = ResultCache()
    cache.put(_results(first, total=7))
    hit = cache.get(second)
    assert hit is not None and hit.total == 7 and hit.request == second  # links are made from it


def test_other_pages_sorts_and_queries_are_other_entries():
    base = SearchRequest(q="oil")
    others = [base.with_page(2), base.with_sort("newest"), SearchRequest(q="Oil"), SearchRequest(q="oil", per_page=20)]
    assert len({request_key(r) for r in [base, *others]}) == 5


def test_a_partial_answer_is_not_kept():
    cache = ResultCache()
    cache.put(_results(SearchRequest(q="a*"), partial=True))
    assert cache.get(SearchRequest(q="a*")) is None and len(cache) == 0


def test_a_catalog_reload_or_another_time_limit_misses(monkeypatch):
    cache = ResultCache()
    request = SearchRequest(q="Kerry")
    cache.put(_results(request))
    catalog.reload()  # the names shown may have changed
    assert cache.get(request) is None
    cache.put(_results(request))
    monkeypatch.setattr(checks, "SEARCH_TIME_LIMIT", 0.5)
    assert cache.get(request) is None
