"""Did-you-mean: a query that finds nothing gets the nearest query that finds something,
from the index's own words, written as the articles write them."""

from __future__ import annotations

import pytest

from searchapp.search.api import SearchRequest


def suggestion(searcher, q: str, **args) -> tuple[int, str | None]:
    results = searcher.search(SearchRequest.from_args({"q": [q], **{k: [v] for k, v in args.items()}}))
    return results.total, results.suggestion


@pytest.mark.parametrize("q,expected", [
    ("kery", "kerry"),
    ("sanctons agianst", "sanctions against"),  # stems shown as words ("sanction")
    ('"nucleer test"', '"nuclear test"'),
    ("title:kery", "title:kerry"),
    ("Churkn", "churkin"),
])
def test_a_mistyped_query_gets_the_nearest_one_that_finds_something(searcher, q, expected):
    total, suggested = suggestion(searcher, q)
    assert total == 0 and suggested == expected
    assert searcher.search(SearchRequest(q=suggested)).total > 0


@pytest.mark.parametrize("q", ["Kerry", "oil", "zzzqqxv", '"unclosed (', "???", ""])
def test_no_suggestion_for_a_query_that_finds_something_a_short_word_or_nothing_near(searcher, q):
    assert suggestion(searcher, q)[1] is None
