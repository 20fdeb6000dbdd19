"""`searchapp update`: only new, changed and deleted files are read and applied, and the
index it leaves answers as a rebuild of the same folder does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchapp.cli import cli
from searchapp.ingest import reader
from searchapp.search import open_backend
from searchapp.search.api import BackendConfig, SearchRequest

from .conftest import seed_id

NEW_STORY = (
    "Seoul, Dec. 1 (Yonhap) -- South Korea and Japan agreed on Tuesday to resume their talks on North Korea's "
    "nuclear programme, Foreign Minister Yun Byung-se said after meeting John Kerry in Washington.\n\n"
    "The two sides will meet again in Tokyo next month, the ministry said in a statement.\n"
)
QUERIES = ["korea", "sanctions", "Kerry", "*", "resolution NOT china", '"security council"', "tokyo", "san*"]
FILTERS = [(), (("source", ("Yonhap",)),), (("countries", ("North Korea",)),)]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _answers(index_dir: Path) -> dict:
    """What searches of the index answer: totals, hits in order, every facet's counts."""
    out = {}
    with open_backend(BackendConfig(str(index_dir))).searcher() as searcher:
        for q in QUERIES:
            for filters in FILTERS:
                r = searcher.search(SearchRequest(q=q, filters=filters, per_page=100))
                out[(q, filters)] = (r.total, [(h.id, h.title, h.source) for h in r.hits], r.facets and
                                     {f.name: [(v.value, v.count) for v in f.values] for f in r.facets})
    return out


def _change(src: Path) -> None:
    (src / seed_id("000")).unlink()
    changed = src / seed_id("003")
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("held phone talks", "held phone talks from Tokyo", 1), encoding="utf-8")
    (src / "new-korea-japan.txt").write_text(NEW_STORY, encoding="utf-8")


def test_an_update_answers_as_a_rebuild_of_the_same_folder(tmp_path, seed_copy):
    updated, rebuilt = tmp_path / "updated", tmp_path / "rebuilt"
    assert run("build", str(seed_copy), "--index", str(updated)).exit_code == 0
    _change(seed_copy)
    result = run("update", str(seed_copy), "--index", str(updated))
    assert result.exit_code == 0, result.output
    assert "1 new, 1 changed, 1 removed, 3 unchanged input(s)" in result.output
    assert run("build", str(seed_copy), "--index", str(rebuilt)).exit_code == 0
    ours, theirs = _answers(updated), _answers(rebuilt)
    assert ours[("tokyo", ())][0] == 2  # the new story and the changed one
    assert ours == theirs


def test_an_update_reads_only_what_changed(tmp_path, seed_copy, monkeypatch):
    assert run("build", str(seed_copy), "--index", str(tmp_path / "ix")).exit_code == 0
    _change(seed_copy)
    decoded = []
    real = reader._decode_document
    monkeypatch.setattr(reader, "_decode_document", lambda src: decoded.append(src.rel) or real(src))
    assert run("update", str(seed_copy), "--index", str(tmp_path / "ix")).exit_code == 0
    assert sorted(decoded) == sorted([seed_id("003"), "new-korea-japan.txt"])


def test_an_update_that_finds_nothing_changed_makes_no_new_build(tmp_path, seed_copy):
    ix = tmp_path / "ix"
    assert run("build", str(seed_copy), "--index", str(ix)).exit_code == 0
    live = (ix / "current").resolve()
    result = run("update", str(seed_copy), "--index", str(ix))
    assert "Nothing to change" in result.output
    assert (ix / "current").resolve() == live and len(list((ix / "builds").iterdir())) == 1


def test_the_index_before_an_update_is_untouched_and_can_be_rolled_back_to(tmp_path, seed_copy):
    ix = tmp_path / "ix"
    assert run("build", str(seed_copy), "--index", str(ix)).exit_code == 0
    before = _answers(ix)
    backend = open_backend(BackendConfig(str(ix)))
    with backend.searcher() as during:  # opened before the update: keeps its view
        _change(seed_copy)
        assert run("update", str(seed_copy), "--index", str(ix)).exit_code == 0
        assert during.search(SearchRequest(q="tokyo")).total == 0
    assert _answers(ix) != before
    assert run("rollback", "--index", str(ix)).exit_code == 0
    assert _answers(ix) == before


def test_the_update_report_accounts_for_every_input(tmp_path, seed_copy):
    ix = tmp_path / "ix"
    (seed_copy / "empty.txt").write_bytes(b"")
    (seed_copy / ".hidden.txt").write_text("x")
    assert run("build", str(seed_copy), "--index", str(ix)).exit_code == 0
    _change(seed_copy)
    (seed_copy / "binary.txt").write_bytes(bytes(range(256)))
    result = run("update", str(seed_copy), "--index", str(ix))
    assert "empty.txt: empty file" in result.output and "binary.txt: binary file" in result.output
    report = json.loads((ix / "build-report.json").read_text())
    assert report["update"] == {"new": 2, "changed": 1, "removed": 1, "unchanged": 5}
    assert report["inputs"] == reader.survey(seed_copy).inputs == 8
    assert {d["path"]: d["status"] for d in report["documents"]}["empty.txt"] == "skipped"
    assert report["indexed"] == 5 and report["skipped"] == 3


def test_a_document_that_becomes_unusable_leaves_the_index(tmp_path, seed_copy):
    ix = tmp_path / "ix"
    assert run("build", str(seed_copy), "--index", str(ix)).exit_code == 0
    (seed_copy / seed_id("001")).write_bytes(b"")
    result = run("update", str(seed_copy), "--index", str(ix))
    assert f"{seed_id('001')}: empty file" in result.output
    with open_backend(BackendConfig(str(ix))).searcher() as s:
        assert s.article(seed_id("001")) is None and s.search(SearchRequest(q="*")).total == 4


def test_updating_an_index_kept_without_its_state_says_to_rebuild(tmp_path, seed_copy):
    ix = tmp_path / "ix"
    assert run("build", str(seed_copy), "--index", str(ix)).exit_code == 0
    for state in (ix / "current" / "state").iterdir():
        state.unlink()
    result = CliRunner().invoke(cli, ["update", str(seed_copy), "--index", str(ix)])
    assert result.exit_code == 1 and "searchapp build" in result.output


def test_updating_no_index_says_to_build_one(tmp_path, seed_copy):
    result = CliRunner().invoke(cli, ["update", str(seed_copy), "--index", str(tmp_path / "none")])
    assert result.exit_code == 1 and "build one with `searchapp build" in result.output


@pytest.mark.parametrize("twice", [False, True])
def test_versions_of_a_story_added_by_an_update_join_its_story(tmp_path, seed_copy, twice):
    """A reprint of an indexed story, added by an update, is one story with it."""
    ix = tmp_path / "ix"
    assert run("build", str(seed_copy), "--index", str(ix)).exit_code == 0
    original = (seed_copy / seed_id("004")).read_text(encoding="utf-8")
    (seed_copy / "reprint.txt").write_text(original, encoding="utf-8")
    assert run("update", str(seed_copy), "--index", str(ix)).exit_code == 0
    if twice:  # the state the first update kept carries the story on
        (seed_copy / "reprint-2.txt").write_text(original, encoding="utf-8")
        assert run("update", str(seed_copy), "--index", str(ix)).exit_code == 0
    with open_backend(BackendConfig(str(ix))).searcher() as s:
        stories = {s.article(p).story for p in (seed_id("004"), "reprint.txt", *(["reprint-2.txt"] if twice else []))}
    assert len(stories) == 1


def _segments(index_dir: Path) -> list[tuple[str, int, int]]:
    """The live index's segments: (id, documents, of which deleted)."""
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir((index_dir / "current").resolve())
    try:
        return [(s.segment_id(), s.doc_count_all(), s.deleted_count()) for s in ix._segments()]
    finally:
        ix.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_update_purges_a_segments_deleted_documents_once_they_are_a_third_of_it(tmp_path, seed_copy):
    from searchapp.search.whoosh.build import PURGE_DELETED_SHARE

    ix, rebuilt = tmp_path / "ix", tmp_path / "rebuilt"
    assert run("build", str(seed_copy), "--index", str(ix)).exit_code == 0
    [(first, docs, _)] = _segments(ix)
    assert docs == 5 and 1 / docs < PURGE_DELETED_SHARE <= 2 / docs
    # One article of five changed: its old version stays in the first segment, deleted.
    _edit(seed_copy / seed_id("003"), "held phone talks", "held phone talks from Tokyo")
    assert run("update", str(seed_copy), "--index", str(ix)).exit_code == 0
    segments = _segments(ix)
    assert (first, 5, 1) in segments and len(segments) == 2
    # A second of the five: two deleted, the first segment is rewritten without them.
    (seed_copy / seed_id("000")).unlink()
    assert run("update", str(seed_copy), "--index", str(ix)).exit_code == 0
    segments = _segments(ix)
    assert first not in [s for s, _, _ in segments]
    assert sum(docs for _, docs, _ in segments) == 4 and all(deleted == 0 for _, _, deleted in segments)
    assert run("build", str(seed_copy), "--index", str(rebuilt)).exit_code == 0
    assert _answers(ix) == _answers(rebuilt)
