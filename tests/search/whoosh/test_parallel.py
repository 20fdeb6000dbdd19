"""A new index written by several processes, a segment each (search/whoosh/parallel.py):
it answers as one written by a single writer (the same articles, totals, facet counts,
and the same top hits with the same scores), the same stream always gives the same
index, and a writer process that dies fails the build, leaving the live index alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from searchapp.ingest.pipeline import process_collection
from searchapp.search import open_backend
from searchapp.search.api import BackendConfig, SearchRequest
from searchapp.search.whoosh import build as whoosh_build
from searchapp.search.whoosh import parallel
from searchapp.search.whoosh.build import CURRENT, build_index, open_live_index

from ...conftest import REUTERS, needs, write_reuters

pytestmark = needs(REUTERS)
STORIES = 80
QUERIES = ["", "oil", "bank rates", "dollar NOT yen", "export*", '"money market"', "source:reuters", "country:japan"]


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    """Reuters stories written as text dumps, processed once."""
    return list(process_collection(write_reuters(tmp_path_factory.mktemp("reuters-parallel"), STORIES)))


def _build(items, location: Path, procs: int, batch: int, monkeypatch) -> Path:
    monkeypatch.setattr(parallel, "BATCH_DOCS", batch)
    monkeypatch.setattr(whoosh_build, "default_procs", lambda: procs)
    build_index(iter(items), location)
    return location


def _answers(location: Path) -> dict:
    with open_backend(BackendConfig(str(location))).searcher() as s:
        out = {}
        for q in QUERIES:
            request = SearchRequest(q=q)
            page = s.search(request)
            out[q] = {
                "total": page.total,
                "stories": page.stories,
                "articles": sorted(a.id for a in s.export(request, limit=STORIES).articles),
                "facets": {f.name: sorted((v.value, v.count) for v in f.values) for f in page.facets},
                "top": [(h.id, None if h.score is None else round(h.score, 9)) for h in page.hits],
            }
        return out


def _segments(location: Path) -> list[int]:
    ix = open_live_index(location)
    try:
        return [segment.doc_count() for segment in ix._segments()]
    finally:
        ix.close()


def test_several_writers_answer_as_one(items, tmp_path, monkeypatch):
    one = _build(items, tmp_path / "one", procs=1, batch=10_000, monkeypatch=monkeypatch)
    three = _build(items, tmp_path / "three", procs=3, batch=7, monkeypatch=monkeypatch)
    assert _segments(one) == [STORIES]
    assert len(_segments(three)) == 3 and sum(_segments(three)) == STORIES
    assert _answers(three) == _answers(one)


def test_the_same_stream_gives_the_same_index(items, tmp_path, monkeypatch):
    def order(location: Path) -> list[str]:
        ix = open_live_index(location)
        try:
            with ix.searcher() as s:
                return [s.stored_fields(d)["id"] for d in range(s.doc_count_all())]
        finally:
            ix.close()

    first = _build(items, tmp_path / "a", procs=2, batch=5, monkeypatch=monkeypatch)
    second = _build(items, tmp_path / "b", procs=2, batch=5, monkeypatch=monkeypatch)
    assert order(first) == order(second) and len(set(order(first))) == STORIES


def test_a_build_smaller_than_a_batch_starts_no_process(items, tmp_path, monkeypatch):
    monkeypatch.setattr(parallel.ParallelWriter, "_start_task", lambda self: pytest.fail("a process was started"))
    location = _build(items[:10], tmp_path / "small", procs=2, batch=256, monkeypatch=monkeypatch)
    assert _segments(location) == [10]


def test_a_writer_process_that_dies_fails_the_build_and_keeps_the_live_index(items, tmp_path, monkeypatch):
    live = _build(items, tmp_path / "ix", procs=2, batch=10, monkeypatch=monkeypatch)
    before = (live / CURRENT).resolve()
    monkeypatch.setattr(parallel, "_write_segment", lambda *args: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3"):
        build_index(iter(items), live)
    assert (live / CURRENT).resolve() == before
    assert not any(p.name.endswith(".partial") for p in (live / "builds").iterdir())
    assert _answers(live)["oil"]["total"] > 0
