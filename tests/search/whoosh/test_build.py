"""The Whoosh backend's index folder: builds under builds/, `current` swapped atomically,
one previous build kept for searchers still reading it, and the facet tables beside it."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from searchapp.ingest.pipeline import process_collection
from searchapp.records import Rejected
from searchapp.search import open_backend
from searchapp.search.api import BackendConfig, BuildInProgress, SearchRequest
from searchapp.search.facets import FACETS
from searchapp.search.whoosh import backend as whoosh_backend
from searchapp.search.whoosh import tables
from searchapp.search.whoosh.build import CURRENT, LOCK_POLL_S, build_index, build_lock
from searchapp.search.whoosh.schema import article_to_document
from searchapp.search.whoosh.tables import ID_FIELD, LENGTH_FIELDS, SORT_COLUMNS, TABLES_DIR

from ...conftest import SEEDS


def test_rebuild_swaps_in_a_new_index_and_keeps_one_previous(tmp_path):
    first = build_index(process_collection(SEEDS), tmp_path)
    second = build_index(process_collection(SEEDS), tmp_path)
    third = build_index(process_collection(SEEDS), tmp_path)
    assert (tmp_path / CURRENT).resolve() == Path(third.location)
    builds = sorted(p.name for p in (tmp_path / "builds").iterdir())
    assert builds == sorted([Path(second.location).name, Path(third.location).name])
    assert not Path(first.location).exists()


def test_failed_or_empty_rebuild_leaves_current_and_no_partial_build(tmp_path):
    build_index(process_collection(SEEDS), tmp_path)
    before = (tmp_path / CURRENT).resolve()

    def exploding():
        yield from list(process_collection(SEEDS))[:2]
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        build_index(exploding(), tmp_path)
    with pytest.raises(Exception):
        build_index([Rejected("a.txt", "empty file")], tmp_path)
    assert (tmp_path / CURRENT).resolve() == before
    assert not any(p.name.endswith(".partial") for p in (tmp_path / "builds").iterdir())


# --------------------------------------------------------------------------- facet tables


def _search(index_dir, request: SearchRequest):
    with open_backend(BackendConfig(str(index_dir))).searcher() as s:
        return s.search(request)


def _facet_counts(index_dir) -> dict[str, dict[str, int]]:
    return {f.name: {v.value: v.count for v in f.values} for f in _search(index_dir, SearchRequest(per_page=1)).facets}


def test_build_writes_the_facet_tables_searches_use(tmp_path, monkeypatch):
    report = build_index(process_collection(SEEDS), tmp_path / "ix")
    written = sorted(p.name.split("-", 1)[1] for p in (Path(report.location) / TABLES_DIR).iterdir())
    assert written == sorted([f"{f}.npz" for f in (*(f.name for f in FACETS), ID_FIELD)]
                             + [f"{c}.npy" for c in (*SORT_COLUMNS, *LENGTH_FIELDS)])
    expected = _facet_counts(tmp_path / "ix")
    oldest_first = [h.id for h in _search(tmp_path / "ix", SearchRequest(sort="oldest")).hits]

    # A new process (an empty cache) counts from the files, never reading the postings.
    def no_postings(*args):
        raise AssertionError("read the postings although the build wrote the tables")

    monkeypatch.setattr(whoosh_backend, "TABLES", tables.FacetTables())
    monkeypatch.setattr(tables.FacetTable, "read", classmethod(no_postings))
    monkeypatch.setattr(tables, "read_column", no_postings)
    monkeypatch.setattr(tables, "read_lengths", no_postings)
    assert _facet_counts(tmp_path / "ix") == expected
    assert expected["people"]["John Kerry"] == 4 and expected["source"]["Yonhap"] == 3
    # The date column too.
    assert [h.id for h in _search(tmp_path / "ix", SearchRequest(sort="oldest")).hits] == oldest_first


def test_facet_tables_combine_segments(tmp_path):
    """An index of two segments counts as the same documents in one."""
    articles = [a for a in process_collection(SEEDS) if not isinstance(a, Rejected)]
    report = build_index(iter(articles[:3]), tmp_path / "ix")
    ix = whoosh_index.open_dir(report.location)
    with ix.writer() as writer:  # a second segment, as an incremental update would add
        for article in articles[3:]:
            writer.add_document(**article_to_document(article))
    with ix.searcher() as searcher:
        assert len(list(searcher.leaf_searchers())) == 2
    ix.close()
    build_index(iter(articles), tmp_path / "one")
    assert _facet_counts(tmp_path / "ix") == _facet_counts(tmp_path / "one")
    # A filter on a value from both segments finds its documents in both.
    kerry = SearchRequest.from_args({"people": ["John Kerry"], "per_page": ["10"]})
    two, one = _search(tmp_path / "ix", kerry), _search(tmp_path / "one", kerry)
    assert {h.id for h in two.hits} == {h.id for h in one.hits}
    assert two.total == 4


# --------------------------------------------------------------------------- one build at a time


def test_a_second_build_stops_with_a_clear_message_or_waits(tmp_path):
    build_index(process_collection(SEEDS), tmp_path)
    articles = list(process_collection(SEEDS))
    with build_lock(tmp_path):
        with pytest.raises(BuildInProgress, match=r"Another build of .* is running \(pid \d+, since"):
            build_index(iter(articles), tmp_path)
        waiting = threading.Thread(target=build_index, args=(iter(articles[:1]), tmp_path), kwargs={"wait": True})
        waiting.start()
        time.sleep(3 * LOCK_POLL_S)
        assert waiting.is_alive()  # still waiting for the lock
    waiting.join(timeout=30)
    assert not waiting.is_alive()
    assert _search(tmp_path, SearchRequest()).total == 1


_KILLED_BUILD = """
import sys, time
from searchapp.ingest.pipeline import process_collection
from searchapp.search.whoosh.build import build_index

def slow():
    for i, item in enumerate(process_collection(sys.argv[1])):
        yield item
        if i == 2:
            print("writing", flush=True)
            time.sleep(60)

build_index(slow(), sys.argv[2])
"""


def test_a_killed_build_leaves_the_old_index_and_the_next_build_clears_its_debris(tmp_path):
    build_index(process_collection(SEEDS), tmp_path)
    before = (tmp_path / CURRENT).resolve()
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, str(SEEDS), str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert list((tmp_path / "builds").glob("*.partial"))  # what it left
    assert (tmp_path / CURRENT).resolve() == before
    assert _search(tmp_path, SearchRequest()).total == 5
    # The lock died with the process: the next build runs, and clears the debris.
    build_index(process_collection(SEEDS), tmp_path)
    assert not list((tmp_path / "builds").glob("*.partial"))
