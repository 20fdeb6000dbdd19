"""Atomic replace: a rebuild swaps in a complete new index; a failed or empty one never
takes the old index away, and searchers already open keep their view."""

from __future__ import annotations

import pytest

from searchapp.ingest.pipeline import process_collection
from searchapp.records import Rejected
from searchapp.search.api import EmptyBuild, IndexNotFound, NothingToRollBack, SearchRequest

from ...conftest import SEEDS


def test_no_index_says_how_to_build_one(make_backend, tmp_path):
    with pytest.raises(IndexNotFound, match="searchapp build"):
        make_backend(tmp_path / "nothing").searcher()


def test_rebuild_replaces_the_index(make_backend, tmp_path):
    backend = make_backend(tmp_path / "ix")
    articles = [a for a in process_collection(SEEDS) if not isinstance(a, Rejected)]
    first = backend.rebuild(iter(articles[:2]))
    assert first.indexed == 2
    second = backend.rebuild(iter([*articles, Rejected("bad.txt", "empty file")]))
    assert second.indexed == 5 and second.rejected == [Rejected("bad.txt", "empty file")]
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 5


def test_failed_rebuild_leaves_the_old_index_serving(make_backend, tmp_path):
    backend = make_backend(tmp_path / "ix")
    backend.rebuild(process_collection(SEEDS))

    def exploding():
        yield from list(process_collection(SEEDS))[:2]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        backend.rebuild(exploding())
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 5


def test_empty_rebuild_is_refused(make_backend, tmp_path):
    backend = make_backend(tmp_path / "ix")
    backend.rebuild(process_collection(SEEDS))
    with pytest.raises(EmptyBuild) as err:
        backend.rebuild([Rejected("a.txt", "empty file")])
    assert err.value.rejected == [Rejected("a.txt", "empty file")]
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 5


def test_open_searcher_survives_a_rebuild(make_backend, tmp_path):
    backend = make_backend(tmp_path / "ix")
    backend.rebuild(process_collection(SEEDS))
    with backend.searcher() as s:
        backend.rebuild(list(process_collection(SEEDS))[:1])
        assert s.search(SearchRequest(q="Kerry")).total == 4
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 1


def test_on_item_sees_every_item_in_order(make_backend, tmp_path):
    items = [*process_collection(SEEDS), Rejected("z.txt", "binary file")]
    seen = []
    make_backend(tmp_path / "ix").rebuild(iter(items), on_item=seen.append)
    assert seen == items


def test_rollback_makes_the_previous_index_live(make_backend, tmp_path):
    backend = make_backend(tmp_path / "ix")
    with pytest.raises(NothingToRollBack):
        backend.rollback()
    articles = [a for a in process_collection(SEEDS) if not isinstance(a, Rejected)]
    backend.rebuild(iter(articles))
    with pytest.raises(NothingToRollBack):
        backend.rollback()  # the first build has nothing before it
    backend.rebuild(iter(articles[:1]))
    backend.rollback()
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 5
    # A rebuild after a rollback keeps the build that was live (the rolled-back-to one).
    backend.rebuild(iter(articles[:2]))
    backend.rollback()
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 5
