"""Abusive and malformed queries, as every backend must answer them: a fast answer with
no hits and a message over a limit, a clear message (never an internal one) for what
cannot be read, and partial results past the time limit."""

from __future__ import annotations

import time

import pytest

from searchapp.search import checks
from searchapp.search.api import SearchRequest


def search(searcher, q: str, **kw):
    return searcher.search(SearchRequest(q=q, per_page=100, **kw))


# --------------------------------------------------------------------------- limits


def test_a_query_over_the_length_limit_is_refused_at_once(searcher):
    q = "Kerry " * 20_000  # 120,000 characters
    start = time.perf_counter()
    results = search(searcher, q)
    assert time.perf_counter() - start < 1.0
    assert results.total == 0 and results.hits == ()
    assert f"{len(q):,} characters" in results.error and f"{checks.MAX_QUERY_CHARS:,}" in results.error
    assert "Search for the few words" in results.error


def test_a_query_over_the_word_limit_is_refused(searcher):
    q = " ".join(["Kerry"] * (checks.MAX_QUERY_TERMS + 1))
    assert len(q) <= checks.MAX_QUERY_CHARS
    results = search(searcher, q)
    assert results.total == 0 and results.hits == ()
    assert f"{checks.MAX_QUERY_TERMS + 1} words" in results.error and str(checks.MAX_QUERY_TERMS) in results.error


def test_queries_at_the_limits_are_run(searcher):
    at_words = " ".join(["Kerry"] * checks.MAX_QUERY_TERMS)
    assert search(searcher, at_words).error is None and search(searcher, at_words).total > 0
    # Operators and field prefixes are not words of the limit.
    ors = " OR ".join(["title:Kerry"] * checks.MAX_QUERY_TERMS)
    assert checks.query_terms(ors) == checks.MAX_QUERY_TERMS
    assert search(searcher, ors).error is None
    at_chars = "Kerry" + " " * (checks.MAX_QUERY_CHARS - 5)
    assert search(searcher, at_chars).error is None


# --------------------------------------------------------------------------- query errors


@pytest.mark.parametrize("q", ["<img src=x>", "<script>", "(<Kerry)", "<Kerry>", ">Kerry"])
def test_angle_brackets_are_not_syntax_errors(searcher, q):
    # A < or > that is not a comparison after a field name is dropped: the words are searched.
    results = search(searcher, q)
    assert results.error is None
    if "Kerry" in q:
        assert results.total == search(searcher, "Kerry").total > 0


def test_comparisons_still_work(searcher):
    assert search(searcher, "day:>20160101").total == search(searcher, "day:[20160102 TO]").total


def test_deep_nesting_gives_an_answer(searcher):
    deep = "(" * 450 + "Kerry" + ")" * 450  # as deep as fits in the length limit
    assert search(searcher, deep).total == search(searcher, "Kerry").total > 0


@pytest.mark.parametrize("q", ['"unclosed (', '"security councel', "Kerrry)", "(Kerrry"])
def test_unbalanced_quotes_or_parentheses_that_find_nothing_say_so(searcher, q):
    results = search(searcher, q)
    assert results.total == 0
    assert results.error.startswith("No article matches, and the query has")
    assert ("quote" in results.error) == ('"' in q)
    assert ("parenthesis" in results.error) == ("(" in q or ")" in q)
    assert checks.EXAMPLE in results.error


def test_unbalanced_queries_that_find_something_are_answered(searcher):
    # An unclosed quote is read as separate words; with hits, that is the answer.
    results = search(searcher, '"security council')
    assert results.total > 0 and results.error is None


def test_only_signs_says_there_is_nothing_to_search(searcher):
    results = search(searcher, "^ ~")
    assert results.total == 0 and results.error == checks.unreadable(checks.NO_WORDS)


@pytest.mark.parametrize("q", ["???", "title:??", "?*", "sanctions ???"])
def test_a_wildcard_without_a_letter_is_refused_with_advice(searcher, q):
    results = search(searcher, q)
    assert results.total == 0 and "has no letter" in results.error and "Example: sanction*" in results.error
    assert search(searcher, "sanctio?").total > 0  # with letters, it runs


ODD = ['"', "(", ")", "title:", "title:((", "AND OR NOT", "[a TO", "{a TO}", "day:>", "day:<=x", "a^", "~2",
       "x:y:z", "*:*", "NOT NOT", "-", "- -", '"(" ")"', "\\", "'", "=<", "person:", "[TO]", "a AND", "OR b"]


@pytest.mark.parametrize("q", ODD)
def test_odd_syntax_gets_an_answer_or_a_readable_message(searcher, q):
    results = search(searcher, q)
    assert results.total >= 0
    assert results.error is None or results.error.startswith(("Could not read the query: ", "No article matches"))
    assert results.error is None or checks.EXAMPLE in results.error


# --------------------------------------------------------------------------- time limit


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_a_search_past_the_time_limit_says_its_results_are_partial(searcher, monkeypatch, sort):
    full = search(searcher, "Kerry OR sanctions", sort=sort)
    assert not full.partial and full.to_json()["partial"] is False
    monkeypatch.setattr(checks, "SEARCH_TIME_LIMIT", 0.0)
    cut = search(searcher, "Kerry OR sanctions", sort=sort)
    assert cut.partial and cut.to_json()["partial"] is True
    assert cut.total <= full.total and cut.error is None
    # Browsing everything is not matched, and not cut.
    assert not search(searcher, "", sort=sort).partial
