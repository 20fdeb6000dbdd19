"""Atomic rebuilds: a failed or empty build never takes the old index away."""

from __future__ import annotations

import pytest

from searchapp.index import CURRENT, EmptyBuild, build_index
from searchapp.pipeline import process_collection
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
