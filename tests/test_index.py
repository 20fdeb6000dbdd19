"""Atomic rebuilds: a failed or empty build never takes the old index away."""

from __future__ import annotations

import pytest

from whoosh import index as whoosh_index

from searchapp import facets
from searchapp.facets import FACETS, SORT_COLUMNS, TABLES_DIR
from searchapp.index import CURRENT, EmptyBuild, article_to_document, build_index
from searchapp.ingest.pipeline import process_collection
from searchapp.records import Rejected
from searchapp.search import Searcher, SearchRequest

from .conftest import SEEDS


def test_rebuild_swaps_in_a_new_index_and_keeps_one_previous(tmp_path):
    first = build_index(process_collection(SEEDS), tmp_path)
    second = build_index(process_collection(SEEDS), tmp_path)
    third = build_index(process_collection(SEEDS), tmp_path)
    assert (tmp_path / CURRENT).resolve() == third.location
    builds = sorted(p.name for p in (tmp_path / "builds").iterdir())
    assert builds == sorted([second.location.name, third.location.name])
    assert not first.location.exists()


def test_failed_rebuild_leaves_the_old_index_serving(tmp_path):
    build_index(process_collection(SEEDS), tmp_path)
    before = (tmp_path / CURRENT).resolve()

    def exploding():
        yield from list(process_collection(SEEDS))[:2]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        build_index(exploding(), tmp_path)
    assert (tmp_path / CURRENT).resolve() == before
    assert not any(p.name.endswith(".partial") for p in (tmp_path / "builds").iterdir())
    with Searcher(tmp_path) as s:
        assert s.search(SearchRequest()).total == 5


def test_empty_rebuild_is_refused(tmp_path):
    build_index(process_collection(SEEDS), tmp_path)
    before = (tmp_path / CURRENT).resolve()
    with pytest.raises(EmptyBuild) as err:
        build_index([Rejected("a.txt", "empty file")], tmp_path)
    assert err.value.rejected == [Rejected("a.txt", "empty file")]
    assert (tmp_path / CURRENT).resolve() == before


def test_open_searcher_survives_a_rebuild(tmp_path):
    build_index(process_collection(SEEDS), tmp_path)
    with Searcher(tmp_path) as s:
        build_index(process_collection(SEEDS), tmp_path)
        assert s.search(SearchRequest(q="Kerry")).total == 4


def test_parallel_processing_gives_the_same_articles_in_order(seed_copy):
    src = seed_copy
    (src / "empty.txt").write_bytes(b"")
    serial = list(process_collection(src))
    parallel = list(process_collection(src, workers=2))
    assert parallel == serial
    assert [type(i).__name__ for i in parallel].count("Rejected") == 1


# --------------------------------------------------------------------------- facet tables


def _facet_counts(index_dir) -> dict[str, dict[str, int]]:
    with Searcher(index_dir) as s:
        return {f.name: {v.value: v.count for v in f.values} for f in s.search(SearchRequest(per_page=1)).facets}


def test_build_writes_the_facet_tables_searches_use(tmp_path, monkeypatch):
    report = build_index(process_collection(SEEDS), tmp_path / "ix")
    written = sorted(p.name.split("-", 1)[1] for p in (report.location / TABLES_DIR).iterdir())
    assert written == sorted([f"{f.name}.npz" for f in FACETS] + [f"{c}.npy" for c in SORT_COLUMNS])
    expected = _facet_counts(tmp_path / "ix")
    with Searcher(tmp_path / "ix") as s:
        oldest_first = [h.id for h in s.search(SearchRequest(sort="oldest")).hits]

    # A new process (an empty cache) counts from the files, never reading the postings.
    def no_postings(*args):
        raise AssertionError("read the postings although the build wrote the tables")

    monkeypatch.setattr(facets, "TABLES", facets.FacetTables())
    monkeypatch.setattr("searchapp.search.TABLES", facets.TABLES)
    monkeypatch.setattr(facets.FacetTable, "read", classmethod(no_postings))
    monkeypatch.setattr(facets, "_read_column", no_postings)
    assert _facet_counts(tmp_path / "ix") == expected
    assert expected["people"]["John Kerry"] == 4 and expected["source"]["Yonhap"] == 3
    with Searcher(tmp_path / "ix") as s:  # the date column too
        assert [h.id for h in s.search(SearchRequest(sort="oldest")).hits] == oldest_first


def test_facet_tables_combine_segments(tmp_path):
    """An index of two segments counts as the same documents in one."""
    articles = [a for a in process_collection(SEEDS) if not isinstance(a, Rejected)]
    report = build_index(iter(articles[:3]), tmp_path / "ix")
    ix = whoosh_index.open_dir(report.location)
    with ix.writer() as writer:  # a second segment, as an incremental update would add
        for article in articles[3:]:
            writer.add_document(**article_to_document(article))
    with Searcher(tmp_path / "ix") as s:
        assert len(list(s._searcher.leaf_searchers())) == 2
    build_index(iter(articles), tmp_path / "one")
    assert _facet_counts(tmp_path / "ix") == _facet_counts(tmp_path / "one")
    # A filter on a value from both segments finds its documents in both.
    kerry = SearchRequest.from_args({"people": ["John Kerry"], "per_page": ["10"]})
    with Searcher(tmp_path / "ix") as two, Searcher(tmp_path / "one") as one:
        assert {h.id for h in two.search(kerry).hits} == {h.id for h in one.search(kerry).hits}
        assert two.search(kerry).total == 4
