"""Facet counts equal counts made by hand over every hit (hypothesis: random queries and
filter combinations), on 3,000 Reuters-21578 stories from ../shared/data/."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchapp.ingest.pipeline import process_collection
from searchapp.search.api import SearchRequest
from searchapp.search.facets import FACETS, FACETS_BY_NAME

from ...conftest import REUTERS, needs, write_reuters

pytestmark = needs(REUTERS)
STORIES = 3000
WORDS = ["", "oil", "bank", "trade", "dlrs", "pct", "shares", "prices", "tonnes", "japan", "stake", "dividend",
         "rate OR rates", '"money market"', "oil -prices", "net loss"]


@pytest.fixture(scope="module")
def reuters(make_backend, tmp_path_factory):
    src = write_reuters(tmp_path_factory.mktemp("reuters"), STORIES)
    backend = make_backend(tmp_path_factory.mktemp("reuters-index"))
    backend.rebuild(process_collection(src, workers=2))
    with backend.searcher() as s:
        everything = s.search(SearchRequest())
        values = {f.name: [v.value for v in s.facet(SearchRequest(), f.name).values][:40] for f in everything.facets}
        yield s, values


def _by_hand(searcher, request: SearchRequest, facet: str) -> Counter:
    """The facet's counts over every hit of `request` (a disjunctive facet without its own filter)."""
    if FACETS_BY_NAME[facet].disjunctive:
        request = replace(request, filters=tuple((n, v) for n, v in request.filters if n != facet))
    counts: Counter = Counter()
    for article in searcher.export(request, limit=STORIES).articles:
        if facet == "source":
            counts[article.source] += 1
        elif facet == "month":
            if article.published:
                counts[article.published[:7]] += 1
        else:
            counts.update(getattr(article, facet))
    return counts


@st.composite
def requests(draw, values):
    filters = []
    for name in draw(st.lists(st.sampled_from([f.name for f in FACETS]), max_size=2, unique=True)):
        chosen = draw(st.lists(st.sampled_from(values[name]), min_size=1, max_size=2, unique=True)) if values[name] else []
        if chosen:
            filters.append((name, tuple(chosen)))
    order = [f.name for f in FACETS]
    return SearchRequest(q=draw(st.sampled_from(WORDS)), filters=tuple(sorted(filters, key=lambda f: order.index(f[0]))),
                         sort=draw(st.sampled_from(["relevance", "newest"])))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_facet_counts_are_the_counts_over_every_hit(reuters, data):
    searcher, values = reuters
    request = data.draw(requests(values))
    results = searcher.search(request)
    assert results.total == len(list(searcher.export(request, limit=STORIES).articles))
    for shown in results.facets:
        whole = {v.value: v.count for v in searcher.facet(request, shown.name).values if v.count}
        assert whole == dict(_by_hand(searcher, request, shown.name)), (request, shown.name)
        assert all(whole.get(v.value, 0) == v.count for v in shown.values), (request, shown.name)
