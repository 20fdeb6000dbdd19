"""Bad inputs (tests/bad_inputs.py) through the real `searchapp build`: none crashes or
hangs it, each is indexed, indexed with a note or skipped with a clear reason, and the
JSON report beside the index accounts for every one of them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from searchapp.ingest.reader import iter_collection
from searchapp.records import RawDocument, Rejected
from searchapp.search import open_backend
from searchapp.search.api import BackendConfig, SearchRequest
from searchapp.web import create_app

from .bad_inputs import ARTICLE, NOTED, SKIPPED, make_unreadable, write_corpus

SEARCHAPP = Path(sys.executable).parent / "searchapp"
# A build of the whole corpus takes about 2 s; past this it hangs.
BUILD_TIMEOUT_S = 120


# Root reads every file whatever its mode: as root, the build runs without the
# capabilities that let it (util-linux's setpriv), so unreadable files are unreadable to it.
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else []


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The corpus, built once by `searchapp build` in a subprocess: (expectations, the
    report, the index folder, the command's output)."""
    top = tmp_path_factory.mktemp("bad-inputs")
    src, index_dir = top / "src", top / "index"
    expect = write_corpus(src)
    expect.update(make_unreadable(src))
    try:
        run = subprocess.run(
            [*UNPRIVILEGED, str(SEARCHAPP), "build", str(src), "--index", str(index_dir), "--workers", "2"],
            capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
        )
        assert run.returncode == 0, run.stderr
        report = json.loads((index_dir / "build-report.json").read_text(encoding="utf-8"))
        yield expect, report, index_dir, run.stdout
    finally:
        (src / "locked-folder").chmod(0o755)
        shutil.rmtree(src, ignore_errors=True)


def test_every_input_is_accounted_for(built):
    expect, report, _, _ = built
    documents = {d["path"]: d for d in report["documents"]}
    assert len(documents) == len(report["documents"]), "an input reported twice"
    assert set(documents) == set(expect)
    assert report["inputs"] == report["indexed"] + report["skipped"] == len(expect)
    assert report["indexed_with_notes"] == sum(e.status == NOTED for e in expect.values())
    assert report["guessed_body"] == sum(e.guessed for e in expect.values()) == 3
    assert {p for p, d in documents.items() if d.get("guessed_body")} == {p for p, e in expect.items() if e.guessed}
    assert report["metadata_files"] == 1  # with-meta.meta.json, used with its document
    assert report["status"] == "live" and report["error"] is None


def test_each_input_has_the_outcome_and_reason_it_should(built):
    expect, report, _, _ = built
    wrong = {}
    for doc in report["documents"]:
        want = expect[doc["path"]]
        said = " ".join(doc.get("notes", []))
        if doc["status"] != want.status or want.says not in said:
            wrong[doc["path"]] = (doc["status"], said, "wanted", want.status, want.says)
    assert not wrong


def test_indexed_bad_inputs_read_as_they_should(built):
    expect, _, index_dir, _ = built
    with open_backend(BackendConfig(str(index_dir))).searcher() as searcher:
        for path, want in expect.items():
            if want.status == SKIPPED:
                continue
            article = searcher.article(path)
            assert article is not None, path
            assert want.body in article.body, (path, article.body[:200])
            assert "\ufffd" not in article.body or path == "broken-utf8.txt"
            assert article.body_guessed == want.guessed, path
        # The entity bomb was not expanded, and the refused metadata is not used.
        assert "lollol" not in searcher.article("bomb.html").body
        meta = searcher.article("with-meta.txt")
        assert meta.url is None and meta.source == "VOA"
        # Each indexed input can be found by its text.
        having = {p for p, e in expect.items() if e.status != SKIPPED and "resume high-level talks" in searcher.article(p).body}
        # (Every article, not one per story: most of these carry the same text.)
        found = searcher.export(SearchRequest(q='"resume high-level talks"'), limit=100).articles
        assert {a.id for a in found} == having and len(having) >= 8


def test_the_summary_names_every_skipped_input_and_the_notes(built):
    expect, report, _, out = built
    noted = sum(e.status == NOTED for e in expect.values())
    assert (
        f"Seen {len(expect)} input(s) and 1 metadata file(s): {report['indexed']} indexed "
        f"({noted} with notes, 3 with a guessed body), {report['skipped']} skipped." in out
    )
    for path, want in expect.items():
        if want.status != "indexed":
            assert f"  {path}: " in out, path
    assert "Report: " in out and "build-report.json" in out


def test_a_guessed_body_is_said_on_its_article_page(built):
    _, _, index_dir, _ = built
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    said = "The article could not be told from the page around it; this is the page's text."
    guessed = client.get("/article/all-navigation.html")
    assert guessed.status_code == 200 and said in guessed.get_data(as_text=True)
    assert client.get("/article/all-navigation.html.json").get_json()["body_guessed"] is True
    found = client.get("/article/good.txt")
    assert found.status_code == 200 and said not in found.get_data(as_text=True)


def test_a_file_that_vanishes_during_the_walk_is_reported(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("Talks resume\n\n" + ARTICLE)
    items = iter_collection(tmp_path)
    first = next(items)
    (tmp_path / "b.txt").unlink()
    (tmp_path / "c.txt").write_bytes(b"")  # and one that changed under the build
    rest = list(items)
    assert isinstance(first, RawDocument)
    assert rest == [
        Rejected("b.txt", "cannot be read: No such file or directory"),
        Rejected("c.txt", "empty file"),
    ]


def test_a_failed_build_writes_its_report_and_keeps_the_old_index(seed_copy, tmp_path):
    index_dir = tmp_path / "index"
    ok = subprocess.run([str(SEARCHAPP), "build", str(seed_copy), "--index", str(index_dir)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    live = (index_dir / "current").resolve()
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "a.txt").write_bytes(b"")
    (empty / "b.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    failed = subprocess.run([str(SEARCHAPP), "build", str(empty), "--index", str(index_dir)], capture_output=True, text=True)
    assert failed.returncode == 1
    assert "Error: " in failed.stderr and "a.txt: empty file" in failed.stdout
    report = json.loads((index_dir / "build-report.json").read_text(encoding="utf-8"))
    assert report["status"] == "failed" and report["error"]
    assert report["inputs"] == report["skipped"] == 2 and report["indexed"] == 0
    assert (index_dir / "current").resolve() == live
    with open_backend(BackendConfig(str(index_dir))).searcher() as searcher:
        assert searcher.search(SearchRequest(q="")).total == 5
