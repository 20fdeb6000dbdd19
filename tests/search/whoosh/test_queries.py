"""The Whoosh backend's query rewrites give what plain Whoosh gives, only faster."""

from __future__ import annotations

import pytest
from whoosh import query

from searchapp.search import checks
from searchapp.search.api import SearchRequest
from searchapp.search.cache import ResultCache
from searchapp.search.whoosh import queries
from searchapp.search.whoosh.queries import minus_as_not, query_matches


def test_minus_is_not_only_before_a_word():
    assert minus_as_not("Kerry -Blinken") == "Kerry NOT Blinken"
    # A hyphen inside a word is not a minus.
    assert minus_as_not("Kim Jong-un -Trump 2015-2016") == "Kim Jong-un NOT Trump 2015-2016"
    assert minus_as_not('"anti-missile -x" -y') == '"anti-missile -x" NOT y'


def test_exclusions_are_matched_as_and_not(plain):
    # The same documents as Whoosh's And([.., Not(..)]), without walking the whole index.
    q = plain.parse("Kerry Wang NOT Blinken NOT Churkin")
    assert isinstance(q, query.AndNot)
    assert not any(isinstance(node, query.Not) for node in q.leaves())
    # Excluded words are not marked in snippets.
    assert query_matches(plain.parse("Kerry -Blinken"), "body").terms == frozenset({"kerri"})


def test_query_walk_skips_negated_terms():
    q = query.And([query.Term("body", "korea"), query.Not(query.Term("body", "kim")), query.Phrase("body", ["north", "korea"])])
    m = query_matches(q, "body")
    assert m.terms == {"korea"} and m.phrases == (("north", "korea"),)


@pytest.mark.parametrize("q", ["Kerry", "resolution sanctions", '"Security Council"', "sanction*", "China NOT Kerry"])
def test_relevance_order_is_whoosh_order(searcher, plain, q):
    # One scored pass replaces Whoosh's top-N search: the same hits with the same scores,
    # in the same order except among equal scores (Whoosh: index order; ours: newest).
    ours = searcher.search(SearchRequest(q=q, per_page=100)).hits
    theirs = list(plain.searcher.search(plain.parse(q), limit=100))
    assert ours and [h.score for h in ours] == pytest.approx([h.score for h in theirs])
    by_score = lambda hits, score_of, id_of: sorted((round(score_of(h), 9), id_of(h)) for h in hits)  # noqa: E731
    assert by_score(ours, lambda h: h.score, lambda h: h.id) == by_score(theirs, lambda h: h.score, lambda h: h["id"])


def test_equal_scores_rank_newest_first(searcher, monkeypatch):
    # Every hit of a wide prefix scores alike: relevance order is then date order.
    monkeypatch.setattr(queries, "SCORED_EXPANSIONS", 1)
    relevance = [h.id for h in searcher.search(SearchRequest(q="body:s*", per_page=100)).hits]
    newest = [h.id for h in searcher.search(SearchRequest(q="body:s*", sort="newest", per_page=100)).hits]
    assert len(relevance) == 5 and relevance == newest


@pytest.mark.parametrize("q", ["s*", "sanction*", "title:n*", "te?t*", "s* NOT Kerry"])
def test_wide_prefixes_match_the_same_documents(searcher, plain, monkeypatch, q):
    # Past SCORED_EXPANSIONS words a prefix matches its words' union at once: the same
    # documents as Whoosh's word-by-word Or.
    whoosh_docs = set(plain.searcher.docs_for_query(plain.parser.parse(q)))
    monkeypatch.setattr(queries, "SCORED_EXPANSIONS", 1)
    q_fast = plain.parse(q)
    assert any(isinstance(leaf, queries.ConstantScoreUnion) for leaf in q_fast.leaves())
    assert set(plain.searcher.docs_for_query(q_fast)) == whoosh_docs
    assert searcher.search(SearchRequest(q=q, per_page=100)).total == len(whoosh_docs)


def test_too_broad_expansions_are_refused_with_advice(searcher, monkeypatch):
    monkeypatch.setattr(queries, "MAX_EXPANSIONS", 10)
    for q in ["[a TO z]", "s*"]:
        results = searcher.search(SearchRequest(q=q))
        assert results.total == 0 and not results.hits
        assert "stands for more than 10 different words" in results.error
        assert results.error.endswith("Example: sanction*")
    # A narrow one still runs.
    assert searcher.search(SearchRequest(q="sanction*")).error is None


def test_angle_brackets_no_longer_crash_whoosh_parser(plain):
    from whoosh.qparser import GtLtPlugin as WhooshGtLt
    from whoosh.qparser import QueryParser as WhooshParser

    stock = WhooshParser("body", plain.searcher.schema)
    stock.add_plugin(WhooshGtLt())
    with pytest.raises(IndexError):  # Whoosh's own plugin: the bug worked around
        stock.parse("<img src=x>")
    assert plain.parser.parse("<img src=x>") == plain.parser.parse("img src=x")
    assert plain.parser.parse("(<b)") == plain.parser.parse("(b)")
    assert isinstance(plain.parser.parse("day:>20160101"), query.NumericRange)


@pytest.mark.parametrize(
    "raised,says",
    [(RecursionError("maximum recursion depth exceeded"), checks.TOO_NESTED),
     (IndexError("list index out of range"), checks.SYNTAX),
     (ValueError("some parser internals"), checks.SYNTAX)],
)
def test_parser_failures_are_said_for_the_reader(searcher, monkeypatch, raised, says):
    def fail(text):
        raise raised

    monkeypatch.setattr(searcher, "_parse", fail)
    monkeypatch.setattr(searcher._generation, "results", ResultCache(entries=0))  # parse every time
    results = searcher.search(SearchRequest(q="Kerry"))
    assert results.error == checks.unreadable(says) and results.total == 0
    assert str(raised) not in results.error
    # An unbalanced query that the parser fails on is said to be unbalanced.
    if not isinstance(raised, RecursionError):
        assert searcher.search(SearchRequest(q='"Kerry')).error == checks.unreadable(checks.UNBALANCED)


def test_the_deadline_collector_keeps_what_it_found(plain, monkeypatch):
    q = plain.parse("Kerry OR sanctions")
    docs, _, cut = queries.scored_matches(plain.searcher, q, 60.0)
    assert not cut and len(docs) > 1
    clock = iter(range(1000))  # one second a reading: prepare, then one per document
    monkeypatch.setattr(queries.time, "monotonic", lambda: next(clock))
    some, _, cut = queries.scored_matches(plain.searcher, q, 1.5)
    assert cut and list(some) == list(docs[:1])
    clock = iter(range(1000))
    some, cut = queries.matching_docs(plain.searcher, q, 1.5)
    assert cut and len(some) == 1


FILTERED = ["source:yonhap", "Kerry source:yonhap", "Kerry NOT source:yonhap", "source:yonhap NOT Kerry",
            "sanctions country:(korea OR china)", "person:Blinken", "org:nations Kerry", "NOT source:yonhap",
            "Kerry source:nowhere"]


@pytest.mark.parametrize("q", FILTERED)
def test_facet_words_as_filters_match_what_whoosh_matches(searcher, plain, q):
    ours = {h.id for h in searcher.search(SearchRequest(q=q, per_page=100)).hits}
    theirs = {plain.searcher.stored_fields(d)["id"] for d in plain.searcher.docs_for_query(plain.parse(q))}
    assert ours == theirs


def test_facet_words_are_taken_out_of_the_scored_query(plain):
    rest, required, excluded = queries.split_filters(plain.parse("Kerry source:yonhap NOT person:Blinken"))
    assert {leaf.fieldname for leaf in rest.leaves()} == {"title", "body"}
    assert required == [query.Term("source_text", "yonhap")]
    assert excluded == [query.Term("people_text", "blinken")]
    assert queries.split_filters(plain.parse("source:yonhap"))[0] is None
    # A facet word OR-ed with a word of the text is not a filter.
    assert queries.split_filters(plain.parse("Kerry OR source:yonhap"))[1] == []


def test_filter_documents_are_read_a_block_at_a_time_as_whoosh_reads_them(plain):
    for q in ("source:yonhap", "country:(korea OR china)", "Kerry"):
        parsed = plain.parse(q)
        leaf = parsed if not isinstance(parsed, query.Or) or queries._is_filter(parsed) else parsed.subqueries[1]
        assert list(queries.filter_docs(plain.searcher, leaf)) == sorted(plain.searcher.docs_for_query(leaf))
