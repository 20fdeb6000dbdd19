"""Scores from arrays are Whoosh's: the same documents and the same scores as Whoosh's
own matchers give, for words, ANDs, ORs, exclusions, boosts, and queries with parts
Whoosh scores itself (phrases, prefixes: how Whoosh scores a prefix's words depends on
the matcher it picks for the index's size, so it keeps doing so)."""

from __future__ import annotations

import pytest
from whoosh import query

from searchapp.search.whoosh import scoring
from searchapp.search.whoosh.queries import scored_matches

QUERIES = ["Kerry", "kerry sanctions", "Kerry OR Churkin", "korea NOT Kerry", "title:korea^3 sanctions",
           "(kerry OR wang) (nuclear OR missile) NOT blinken", '"security council" sanctions', "sanction* korea", "s*", "title:n* korea", "te?t*", "sanction*^2",
           "nosuchword", "kerry nosuchword", "nosuchword OR kerry", "person:kerry korea", "day:>20160101 korea"]


def _by_doc(docs, scores):
    return dict(zip((int(d) for d in docs), (float(s) for s in scores)))


@pytest.mark.parametrize("q", QUERIES)
def test_array_scores_are_whoosh_scores(plain, q):
    parsed = plain.parse(q)
    docs, scores, partial = scoring.array_scored_matches(plain.searcher, parsed, scoring.TermScores(), None, 5.0)
    theirs_docs, theirs_scores, _ = scored_matches(plain.searcher, parsed, 5.0)
    ours, theirs = _by_doc(docs, scores), _by_doc(theirs_docs, theirs_scores)
    assert not partial and ours.keys() == theirs.keys()
    assert [ours[d] for d in sorted(ours)] == pytest.approx([theirs[d] for d in sorted(theirs)], rel=1e-9)


def test_a_word_is_scored_by_arrays_not_by_whoosh(plain, monkeypatch):
    def no_whoosh(*args):
        raise AssertionError("scored by Whoosh's matcher")

    monkeypatch.setattr(scoring, "scored_matches", no_whoosh)
    docs, _scores, _ = scoring.array_scored_matches(plain.searcher, plain.parse("kerry OR sanctions NOT wang"),
                                                    scoring.TermScores(), None, 5.0)
    assert len(docs)


def test_word_scores_are_kept_per_build(plain, monkeypatch):
    terms = scoring.TermScores(entries=2)
    calls = []
    real = scoring.term_scores
    monkeypatch.setattr(scoring, "term_scores", lambda *a: calls.append(a[1:3]) or real(*a))
    for _ in range(3):
        scoring.array_scored_matches(plain.searcher, query.Term("body", "kerri"), terms, None, 5.0)
    assert calls == [("body", "kerri")]


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """An index of more documents than WHOOSH_UNION_DOCS (Whoosh ORs a prefix's words
    otherwise there), of short made-up texts."""
    import random

    from whoosh import index

    from searchapp.search.whoosh.queries import make_parser, parse
    from searchapp.search.whoosh.schema import make_schema

    rng = random.Random(5)
    vocabulary = [a + b + c for a in "bcst" for b in "aeiou" for c in "dlmnrt"] * 1
    folder = tmp_path_factory.mktemp("big")
    ix = index.create_in(folder, make_schema())
    with ix.writer(limitmb=64) as writer:
        for n in range(scoring.WHOOSH_UNION_DOCS + 200):
            writer.add_document(id=str(n), title=" ".join(rng.sample(vocabulary, 2)),
                                body=" ".join(rng.choices(vocabulary, k=rng.randint(3, 30))))
    with ix.searcher() as searcher:
        parser = make_parser(ix.schema)
        yield searcher, lambda q: parse(parser, q, searcher.reader())
    ix.close()


@pytest.mark.parametrize("q", ["ba*", "title:ba*", "ba* cel", "s* NOT ban", "bad*", "ba*^2", "b*", "zz*"])
def test_prefixes_score_as_whoosh_scores_them_on_a_larger_index(big, q, monkeypatch):
    from searchapp.search.whoosh import queries

    searcher, parse = big
    monkeypatch.setattr(queries, "SCORED_EXPANSIONS", 8)  # so that "b*" (30 words) is a wide one
    monkeypatch.setattr(scoring, "SCORED_EXPANSIONS", 8)
    parsed = parse(q)
    theirs_docs, theirs_scores, _ = scored_matches(searcher, parsed, 5.0)
    monkeypatch.setattr(scoring, "scored_matches", lambda *a: pytest.fail("scored by Whoosh's matcher"))
    docs, scores, _ = scoring.array_scored_matches(searcher, parsed, scoring.TermScores(), None, 5.0)
    ours, theirs = _by_doc(docs, scores), _by_doc(theirs_docs, theirs_scores)
    assert ours.keys() == theirs.keys()
    assert [ours[d] for d in sorted(ours)] == pytest.approx([theirs[d] for d in sorted(theirs)], rel=1e-9)


NARROWED = ['"security council"', '"security council" OR Kerry', 'Kerry NOT "security council"', "sanctions",
            '"north korea" sanction*']
ENTITY_FILTERS = [{"people": ["John Kerry"]}, {"countries": ["North Korea"], "organizations": ["United Nations"]},
                  {"source": ["Yonhap"], "people": ["John Kerry"]}, {"source": ["Yonhap", "VOA"]}]


@pytest.mark.parametrize("filters", ENTITY_FILTERS)
@pytest.mark.parametrize("q", NARROWED)
def test_matching_only_where_entity_filters_let_through_changes_no_answer(seed_index, monkeypatch, q, filters):
    from searchapp.search import open_backend
    from searchapp.search.api import BackendConfig, SearchRequest
    from searchapp.search.whoosh import backend as backend_module

    request = SearchRequest.from_args({"q": [q], "per_page": ["100"], **filters})
    seen = []
    real = scoring.scored_matches
    monkeypatch.setattr(scoring, "scored_matches", lambda s, node, t: seen.append(node) or real(s, node, t))
    with open_backend(BackendConfig(str(seed_index))).searcher() as s:
        narrowed = s.search(request)
    monkeypatch.setattr(backend_module, "DocSet", lambda docs: None)  # match everywhere
    with open_backend(BackendConfig(str(seed_index))).searcher() as s:
        everywhere = s.search(request)
    assert narrowed.to_json() == everywhere.to_json()
    entity = any(name != "source" for name in filters)
    assert all(isinstance(n, query.Require) for n in seen[: len(seen) // 2]) == entity or not seen


def _texts(n: int, seed: int) -> list[tuple[str, str]]:
    import random

    rng = random.Random(seed)
    vocabulary = [a + b + c for a in "bcst" for b in "aeiou" for c in "dlmnrt"]
    return [(" ".join(rng.sample(vocabulary, 2)), " ".join(rng.choices(vocabulary, k=rng.randint(3, 30))))
            for _ in range(n)]


def _index(folder, batches: list[list[tuple[str, str]]], deleted: tuple[int, ...] = ()):
    """An index of the texts, one segment per batch (as an update adds one), ids 0..n-1,
    then the ids in `deleted` deleted."""
    from whoosh import index

    from searchapp.search.whoosh.schema import make_schema

    ix = index.create_in(folder, make_schema())
    n = 0
    for batch in batches:
        writer = ix.writer(limitmb=64)
        for title, body in batch:
            writer.add_document(id=str(n), title=title, body=body)
            n += 1
        writer.commit(merge=False)
    if deleted:
        writer = ix.writer()
        for d in deleted:
            writer.delete_by_term("id", str(d))
        writer.commit(merge=False)
    return ix


UPDATED_QUERIES = ["bad", "bad cel", "bad OR cel NOT ban", "ba*", "title:ba* cel", "b*", '"bad cel"']


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """The same documents as one segment and as two (a build, then an update's segment)."""
    texts = _texts(scoring.WHOOSH_UNION_DOCS + 400, seed=7)
    cut = scoring.WHOOSH_UNION_DOCS + 100
    one = _index(tmp_path_factory.mktemp("one"), [texts])
    two = _index(tmp_path_factory.mktemp("two"), [texts[:cut], texts[cut:]])
    yield one, two
    one.close()
    two.close()


@pytest.mark.parametrize("q", UPDATED_QUERIES)
def test_an_index_of_several_segments_scores_as_one_segment_of_the_same_documents(segmented, q, monkeypatch):
    from searchapp.search.whoosh import queries
    from searchapp.search.whoosh.queries import make_parser, parse

    monkeypatch.setattr(queries, "SCORED_EXPANSIONS", 8)
    monkeypatch.setattr(scoring, "SCORED_EXPANSIONS", 8)
    one, two = segmented
    results = []
    for ix in (one, two):
        with ix.searcher() as searcher:
            parsed = parse(make_parser(ix.schema), q, searcher.reader())
            docs, scores, _ = scoring.array_scored_matches(searcher, parsed, scoring.TermScores(), None, 5.0)
            results.append(_by_doc(docs, scores))
    assert len(results[1]) > 0 and results[0].keys() == results[1].keys()
    if '"' not in q:  # a phrase is scored by Whoosh, segment by segment
        assert [results[1][d] for d in sorted(results[1])] == pytest.approx(
            [results[0][d] for d in sorted(results[0])], rel=1e-9)


@pytest.mark.parametrize("q", UPDATED_QUERIES)
def test_deleted_documents_are_not_matched(tmp_path, q, monkeypatch):
    from searchapp.search.whoosh.queries import make_parser, parse

    texts = _texts(scoring.WHOOSH_UNION_DOCS + 400, seed=7)
    deleted = tuple(range(0, len(texts), 7))  # in both segments
    ix = _index(tmp_path, [texts[: scoring.WHOOSH_UNION_DOCS + 100], texts[scoring.WHOOSH_UNION_DOCS + 100:]], deleted)
    with ix.searcher() as searcher:
        parsed = parse(make_parser(ix.schema), q, searcher.reader())
        docs, _scores, _ = scoring.array_scored_matches(searcher, parsed, scoring.TermScores(), None, 5.0)
        theirs, _, _ = scored_matches(searcher, parsed, 5.0)
        ids = {searcher.stored_fields(int(d))["id"] for d in docs}
    ix.close()
    assert len(docs) and sorted(docs.tolist()) == sorted(theirs.tolist())
    assert not ids & {str(d) for d in deleted}
