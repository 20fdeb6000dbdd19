"""The contract every search backend keeps: each test here runs once per backend in
searchapp.search.BACKENDS, through the SearchBackend protocol alone (no backend's
classes, no private attributes), so that a new backend is held to the same behaviour
by adding its name there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from searchapp.ingest.pipeline import process_collection
from searchapp.search import BACKENDS, open_backend
from searchapp.search.api import BackendConfig, SearchBackend

from ...conftest import SEEDS

MakeBackend = Callable[[Path], SearchBackend]


@pytest.fixture(scope="module", params=BACKENDS)
def backend_kind(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def make_backend(backend_kind) -> MakeBackend:
    """A backend of the kind under test for an index at a given location."""
    return lambda location: open_backend(BackendConfig(str(location), backend_kind))


@pytest.fixture(scope="module")
def seed_backend(make_backend, tmp_path_factory) -> SearchBackend:
    backend = make_backend(tmp_path_factory.mktemp("contract-index"))
    report = backend.rebuild(process_collection(SEEDS))
    assert report.indexed == 5 and not report.rejected
    return backend


@pytest.fixture(scope="module")
def searcher(seed_backend):
    with seed_backend.searcher() as s:
        yield s
