"""Property test (hypothesis) of search: any query text, over the seed index, gives
SearchResults, with no error or a message for the reader without Python's internals."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from searchapp.search.api import SearchRequest, SearchResults

SYNTAX = st.sampled_from(
    ['"', "(", ")", "AND", "OR", "NOT", "ANDNOT", "TO", "[", "]", "{", "}", "*", "?", "~", "^", ":", "-", "+", "<",
     ">", "=", "<=", ">=", "\\", "'", "title:", "body:", "person:", "country:", "org:", "source:", "day:", "month:",
     "id:", "Kerry", "sanction", "U.N.", "Jong-un", "2016", "security council", " ", "  "]
)
QUERIES = st.one_of(st.text(max_size=60), st.lists(st.one_of(SYNTAX, st.text(max_size=5)), max_size=20).map(" ".join),
                    st.lists(SYNTAX, max_size=20).map("".join))
INTERNALS = re.compile(r"Traceback|Error\b|index out of range|recursion|object|NoneType|\bself\b|__")


@given(QUERIES, st.sampled_from(["relevance", "newest", "oldest"]))
def test_any_query_gets_results_and_a_readable_message(searcher, q, sort):
    results = searcher.search(SearchRequest(q=q, sort=sort))
    assert isinstance(results, SearchResults)
    assert results.total >= 0 and len(results.hits) <= results.total
    if results.error is not None:
        assert results.total == 0
        assert "Example:" in results.error and not INTERNALS.search(results.error), results.error
    results.to_json()


@given(QUERIES)
def test_any_query_marks_an_article(searcher, q):
    article = searcher.article(next(iter(searcher.search(SearchRequest()).hits)).id)
    assert len(searcher.highlight_paragraphs(article, q)) == len(article.paragraphs)
