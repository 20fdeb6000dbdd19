"""Shared fixtures: the seed collection, an index built from it, and the
Flask `app`, `client` and `runner` fixtures as in Flask's tutorial.

Inputs from outside the repository (../shared, Debian's chromium) are named in
REQUIRED_INPUTS. A test whose input is missing is skipped with the reason in the
summary (`-rs`); with SEARCHAPP_REQUIRE_INPUTS=1, as CI sets it, a missing input fails
the run before any test starts.
"""

from __future__ import annotations

import gzip
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from searchapp.search import open_backend
from searchapp.search.api import BackendConfig
from searchapp.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
AEB = SHARED / "data" / "aeb"
READABILITY = SHARED / "data" / "readability"
SEEDS_ENTITIES = SHARED / "data" / "seeds-entities.json"
REUTERS = SHARED / "data" / "reuters21578" / "reuters21578.jsonl.gz"
CONLL = SHARED / "data" / "conll2003-dev"
CHROMIUM = Path("/usr/bin/chromium")
REQUIRED_INPUTS = {
    AEB / "ground-truth.json": "the article-extraction benchmark (../shared/data/aeb)",
    READABILITY / "ground-truth.json": "Readability's test pages (../shared/data/readability)",
    SEEDS_ENTITIES: "the seeds' expected entities (../shared/data/seeds-entities.json)",
    REUTERS: "Reuters-21578 as JSON lines (../shared/data/reuters21578, research use; read, never copied)",
    CONLL / "docs" / "010.txt": "the CoNLL-2003 development stories (../shared/data/conll2003-dev; read, never copied)",
    CHROMIUM: "Debian's chromium, for the browser tests (make test installs it)",
}

# Property tests (hypothesis): a few examples each in the ordinary run, to keep the suite
# fast; HYPOTHESIS_PROFILE=thorough for many more. No deadline: a slow example on a busy
# machine is not a failure (the examples are bounded in size instead).
settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_sessionstart(session: pytest.Session) -> None:
    missing = [f"{what}: {path}" for path, what in REQUIRED_INPUTS.items() if not path.exists()]
    if missing and os.environ.get("SEARCHAPP_REQUIRE_INPUTS") == "1":
        pytest.exit("Required test inputs are missing:\n  " + "\n  ".join(missing), returncode=1)


def needs(path: Path) -> pytest.MarkDecorator:
    """Skip a test when a required input is missing, saying which (see REQUIRED_INPUTS)."""
    return pytest.mark.skipif(not path.exists(), reason=f"missing {REQUIRED_INPUTS[path]}: {path}")


def write_reuters(folder: Path, stories: int) -> Path:
    """The first `stories` Reuters-21578 stories as text dumps in `folder`: headline, date,
    a dateline with the agency tag, then the paragraphs (as a reader's saved pages have them)."""
    with gzip.open(REUTERS, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if n == stories:
                break
            story = json.loads(line)
            when = datetime.fromisoformat(story["date"])
            paragraphs = [" ".join(p.split()) for p in story["body"].split("\n    ") if p.strip()] or ["(no text)"]
            (folder / f"{story['id']}.txt").write_text("\n".join(
                [story["title"].title() or "Untitled", f"{when:%B %d, %Y %H:%M}",
                 f"LONDON, {when:%b} {when.day} (Reuters) - " + paragraphs[0], *paragraphs[1:]]), encoding="utf-8")
    return folder


def seed_id(prefix: str) -> str:
    """The document id of seed 000..004 (its file name)."""
    return next(p.name for p in SEEDS.iterdir() if p.name.startswith(prefix))


def build(src: Path, location: Path, kind: str | None = None):
    """Index the documents under `src` into `location` through the real pipeline."""
    from searchapp.ingest.pipeline import process_collection

    return open_backend(BackendConfig(str(location), kind)).rebuild(process_collection(src))


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
    index_dir = tmp_path_factory.mktemp("index")
    report = build(SEEDS, index_dir)
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


@contextmanager
def serving(app) -> Iterator[str]:
    """`app` served by a thread on a free loopback port (for the browser tests): its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, one for the whole run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()
