"""One Whoosh searcher per build per process: reused by every request, reopened when a
rebuild or a rollback makes another build live, and the old one closed once no searcher
reads it any more; concurrent searches through it give the answers serial ones do."""

from __future__ import annotations

import concurrent.futures
import itertools
import sys

import pytest

from searchapp.ingest.pipeline import process_collection
from searchapp.records import Rejected
from searchapp.search import open_backend
from searchapp.search.api import BackendConfig, SearchRequest
from searchapp.web import BACKEND_KEY, create_app

from ...conftest import SEEDS

QUERIES = ("Kerry", "sanctions", "UN", '"security council"', "Blinken OR Churkin", "Korea NOT Kerry", "s*", "")


@pytest.fixture
def articles():
    return [a for a in process_collection(SEEDS) if not isinstance(a, Rejected)]


@pytest.fixture
def backend(tmp_path, articles):
    backend = open_backend(BackendConfig(str(tmp_path / "ix")))
    backend.rebuild(iter(articles))
    return backend


def test_searchers_share_one_whoosh_searcher(backend):
    handles = []
    for q in QUERIES:
        with backend.searcher() as s:
            assert s.search(SearchRequest(q=q)).error is None
            handles.append(s._searcher)
    assert backend.generations_opened == 1
    assert all(h is handles[0] for h in handles) and not handles[0].is_closed


def test_a_rebuild_is_picked_up_and_the_old_searcher_closed_when_unused(backend, articles):
    old = backend.searcher()
    assert old.search(SearchRequest()).total == 5
    backend.rebuild(iter(articles[:1]))
    with backend.searcher() as new:
        assert new.search(SearchRequest()).total == 1
        assert backend.generations_opened == 2 and new._searcher is not old._searcher
    # The handle opened before the swap keeps its view, and keeps its build open...
    assert old.search(SearchRequest(q="Kerry")).total == 4 and not old._searcher.is_closed
    old.close()
    # ...until it is done with it.
    assert old._searcher.is_closed
    with backend.searcher() as again:
        assert again.search(SearchRequest()).total == 1 and backend.generations_opened == 2


def test_an_unused_old_build_is_closed_at_the_swap(backend, articles):
    with backend.searcher() as s:
        first = s._searcher
    backend.rebuild(iter(articles[:2]))
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 2
    assert first.is_closed


def test_a_rollback_is_picked_up(backend, articles):
    backend.rebuild(iter(articles[:1]))
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 1
    backend.rollback()
    with backend.searcher() as s:
        assert s.search(SearchRequest()).total == 5
    assert backend.generations_opened == 2


# Threads switch this often (seconds) in the concurrency test, instead of Python's 5 ms, so
# that searches of the tiny seed index do interleave (without the lock they then fail).
SWITCH_INTERVAL_S = 1e-6


def test_concurrent_searches_through_the_shared_searcher_match_serial_ones(backend):
    requests = [SearchRequest(q=q, page=p) for q, p in itertools.product(QUERIES, (1, 2))] * 6

    def run(req: SearchRequest):
        with backend.searcher() as s:
            results = s.search(req)
            article = s.article(results.hits[0].id) if results.hits else None
            return results.to_json(), article

    serial = [run(r) for r in requests]
    before = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            concurrent_answers = list(pool.map(run, requests))
    finally:
        sys.setswitchinterval(before)
    assert concurrent_answers == serial
    assert backend.generations_opened == 1


def test_the_web_app_reuses_the_searcher_across_requests_and_rebuilds(tmp_path, articles):
    index_dir = tmp_path / "ix"
    open_backend(BackendConfig(str(index_dir))).rebuild(iter(articles))
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    client = app.test_client()
    backend = app.extensions[BACKEND_KEY]
    for q in QUERIES:
        assert client.get("/search.json", query_string={"q": q}).status_code == 200
    assert backend.generations_opened == 1
    # A rebuild by another process (here: another backend object) is seen by the next request.
    open_backend(BackendConfig(str(index_dir))).rebuild(iter(articles[:3]))
    assert client.get("/search.json").get_json()["total"] == 3
    assert backend.generations_opened == 2


def test_a_repeated_page_is_answered_from_the_cache(backend, monkeypatch):
    from searchapp.search.whoosh import backend as backend_module

    calls = []
    real = backend_module.WhooshSearcher._search
    monkeypatch.setattr(backend_module.WhooshSearcher, "_search", lambda *a: calls.append(a) or real(*a))
    request = SearchRequest(q="Kerry", filters=(("source", ("Reuters", "Yonhap")),))
    with backend.searcher() as s:
        first = s.search(request)
    with backend.searcher() as s:
        again = s.search(SearchRequest(q="Kerry", filters=(("source", ("Yonhap", "Reuters")),)))
    assert len(calls) == 1  # searched once
    assert again.to_json() | {"filters": None} == first.to_json() | {"filters": None}
    assert again.request.filters == (("source", ("Yonhap", "Reuters")),)


def test_a_rebuild_invalidates_the_cache(backend, articles):
    with backend.searcher() as s:
        assert s.search(SearchRequest(q="Kerry")).total == 4
    without_kerry = [a for a in articles if "Kerry" not in a.title + a.body]
    assert without_kerry
    backend.rebuild(iter(without_kerry))
    with backend.searcher() as s:
        assert s.search(SearchRequest(q="Kerry")).total == 0
