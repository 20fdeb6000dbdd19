"""Shared fixtures: the seed collection, an index built from it, and the
Flask `app`, `client` and `runner` fixtures as in Flask's tutorial."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchapp import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def seed_id(prefix: str) -> str:
    """The document id of seed 000..004 (its file name)."""
    return next(p.name for p in SEEDS.iterdir() if p.name.startswith(prefix))


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of the seed collection, for tests that add bad files to it."""
    src = tmp_path / "src"
    src.mkdir()
    for p in SEEDS.iterdir():
        (src / p.name).write_bytes(p.read_bytes())
    return src


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    from searchapp.index import build_index
    from searchapp.ingest.pipeline import process_collection

    index_dir = tmp_path_factory.mktemp("index")
    report = build_index(process_collection(SEEDS), index_dir)
    assert report.indexed == 5 and not report.rejected
    return index_dir


@pytest.fixture
def app(seed_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(seed_index)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
