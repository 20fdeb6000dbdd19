"""The processing cache: an unchanged document is not cleaned or extracted again; a
changed document, or changed cleaning or extraction code or data, is."""

from __future__ import annotations

import shutil

import pytest

from searchapp.ingest import cache as processing_cache
from searchapp.ingest import pipeline
from searchapp.ingest.pipeline import process_collection
from searchapp.records import Rejected

from .conftest import SEEDS


def _count_processing(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = pipeline.process_batch
    monkeypatch.setattr(pipeline, "process_batch", lambda raws: calls.extend(r.path for r in raws) or real(raws))
    return calls


def test_an_unchanged_collection_is_not_processed_again(tmp_path, monkeypatch):
    first = list(process_collection(SEEDS, cache=tmp_path / "cache"))

    def no_cleaning(raw):
        raise AssertionError(f"cleaned {raw.path} again")

    monkeypatch.setattr(pipeline, "clean", no_cleaning)
    assert list(process_collection(SEEDS, cache=tmp_path / "cache")) == first
    assert first == list(process_collection(SEEDS, cache=tmp_path / "cache", workers=2))


def test_an_unchanged_collection_does_not_load_the_entity_model(tmp_path, monkeypatch):
    first = list(process_collection(SEEDS, cache=tmp_path / "cache", workers=2))

    def no_model():
        raise AssertionError("loaded the NER model with every document in the cache")

    monkeypatch.setattr(pipeline, "load_model", no_model)
    assert list(process_collection(SEEDS, cache=tmp_path / "cache", workers=2)) == first
    assert list(process_collection(SEEDS, cache=tmp_path / "cache", workers=1)) == first


def test_a_changed_document_alone_is_processed_again(seed_copy, tmp_path, monkeypatch):
    list(process_collection(seed_copy, cache=tmp_path / "cache"))
    changed = sorted(seed_copy.iterdir())[0]
    text = changed.read_text(encoding="utf-8")
    assert "slow" in text
    changed.write_text(text.replace("slow", "sluggish"), encoding="utf-8")
    calls = _count_processing(monkeypatch)
    again = {a.path: a for a in process_collection(seed_copy, cache=tmp_path / "cache")}
    assert calls == [changed.name] and "sluggish" in again[changed.name].body


def test_other_processing_code_misses_the_cache(tmp_path, monkeypatch):
    list(process_collection(SEEDS, cache=tmp_path / "cache"))
    monkeypatch.setattr(processing_cache, "processing_version", lambda: "another-version")
    calls = _count_processing(monkeypatch)
    list(process_collection(SEEDS, cache=tmp_path / "cache"))
    assert len(calls) == 5


def test_the_version_follows_the_code_and_data_files(tmp_path, monkeypatch):
    package = tmp_path / "searchapp"
    for name in processing_cache.VERSION_SOURCES:
        source = processing_cache._PACKAGE / name
        if source.is_dir():
            shutil.copytree(source, package / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            package.mkdir(exist_ok=True)
            shutil.copy(source, package / name)
    monkeypatch.setattr(processing_cache, "_PACKAGE", package)
    versions = []
    for change in (None, "data/countries.tsv", "ingest/clean/rules.py"):
        if change:
            with open(package / change, "a", encoding="utf-8") as handle:
                handle.write("\n# a change\n")
        processing_cache.processing_version.cache_clear()
        versions.append(processing_cache.processing_version())
    processing_cache.processing_version.cache_clear()
    assert len(set(versions)) == 3


def test_a_document_past_the_time_limit_is_not_kept(seed_copy, tmp_path, monkeypatch):
    slow = sorted(seed_copy.iterdir())[0].name
    real = pipeline.process_batch

    def slow_one(raws):
        done = real(raws)
        return [Rejected(r.path, f"{pipeline.TOOK_TOO_LONG} 20 s to clean; skipped") if r.path == slow else d
                for r, d in zip(raws, done)]

    monkeypatch.setattr(pipeline, "process_batch", slow_one)
    list(process_collection(seed_copy, cache=tmp_path / "cache"))
    monkeypatch.setattr(pipeline, "process_batch", real)
    calls = _count_processing(monkeypatch)
    items = list(process_collection(seed_copy, cache=tmp_path / "cache"))
    assert calls == [slow] and not any(isinstance(i, Rejected) for i in items)


@pytest.mark.parametrize("flag", [[], ["--no-cache"]])
def test_build_keeps_the_cache_in_the_index_folder_unless_told_not_to(tmp_path, flag):
    from click.testing import CliRunner

    from searchapp.cli import PROCESSING_CACHE, cli

    index_dir = tmp_path / "ix"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["build", str(SEEDS), "--index", str(index_dir), "--workers", "1", *flag])
        assert result.exit_code == 0, result.output
        assert "5 indexed" in result.output
    assert (index_dir / PROCESSING_CACHE).exists() == (not flag)


def test_a_complete_build_removes_older_versions_and_an_update_keeps_them(tmp_path):
    from click.testing import CliRunner

    from searchapp.cli import PROCESSING_CACHE, cli

    index_dir = tmp_path / "ix"
    cache = index_dir / PROCESSING_CACHE
    old = cache / "0123456789abcdef"  # what older code left
    (old / "ab").mkdir(parents=True)
    (old / "ab" / "entry.pickle").write_bytes(b"old")
    mine = cache / "not-a-version"  # not the cache's: left alone
    mine.mkdir()
    current = cache / processing_cache.processing_version()

    result = CliRunner().invoke(cli, ["update", str(SEEDS), "--index", str(index_dir), "--workers", "1"])
    assert result.exit_code != 0 and old.exists()  # no index to update yet
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--index", str(index_dir), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "removed the entries of 1 older version(s)" in result.output
    assert not old.exists() and mine.exists() and any(current.rglob("*.pickle"))
    (old / "ab").mkdir(parents=True)
    result = CliRunner().invoke(cli, ["update", str(SEEDS), "--index", str(index_dir), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert old.exists()
    assert "5 indexed" in CliRunner().invoke(cli, ["build", str(SEEDS), "--index", str(index_dir), "--workers", "1"]).output
