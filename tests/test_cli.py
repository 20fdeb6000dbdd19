"""The `searchapp` command."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from searchapp.cli import cli

from .conftest import ROOT, SEEDS, seed_id


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_build_reports_indexed_and_skipped(tmp_path, seed_copy):
    src = seed_copy
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)))
    result = run("build", str(src), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 0, result.output
    assert "Indexed 5 document(s)" in result.output
    assert "Skipped 2 document(s):" in result.output
    assert "empty.txt: empty file" in result.output
    assert "binary.txt: binary file, not text" in result.output


def test_build_with_nothing_usable_fails_and_keeps_old_index(tmp_path):
    assert run("build", str(SEEDS), "--index", str(tmp_path / "ix")).exit_code == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(bad), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert "existing index is unchanged" in result.output
    assert json.loads(run("search", "Kerry", "--index", str(tmp_path / "ix"), "--json").output)["total"] == 4


def test_search_json_is_the_web_document(seed_index, client):
    result = run("search", "Kerry", "--index", str(seed_index), "--json", "--filter", "source=Yonhap")
    assert result.exit_code == 0
    cli_doc, web_doc = json.loads(result.output), client.get("/search.json?q=Kerry&source=Yonhap").get_json()
    assert cli_doc.pop("took_ms") >= 0 and web_doc.pop("took_ms") >= 0  # how long each took: not the same
    assert cli_doc == web_doc


@pytest.mark.parametrize("flag,path", [("--csv", "/search.csv"), ("--nl", "/search.jsonl")])
def test_search_exports_are_the_web_exports(seed_index, client, flag, path):
    result = run("search", "sanctions", "--index", str(seed_index), flag, "--sort", "oldest", "--filter", "source=Yonhap")
    assert result.exit_code == 0
    web = client.get(path + "?q=sanctions&sort=oldest&source=Yonhap").get_data(as_text=True)
    assert result.stdout_bytes.decode() == web and len(web.splitlines()) >= 3  # (.output drops CRs)


def test_search_refuses_two_output_formats(seed_index):
    result = CliRunner().invoke(cli, ["search", "x", "--index", str(seed_index), "--csv", "--json"])
    assert result.exit_code == 2 and "Choose one of" in result.output


def test_search_text_output(seed_index):
    result = run("search", "Blinken", "--index", str(seed_index))
    assert result.output.splitlines()[0] == "1 hit(s)"
    assert seed_id("004") in result.output


def test_search_without_index_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["search", "x", "--index", str(tmp_path)])
    assert result.exit_code == 1 and "searchapp build" in result.output


def test_clean_prints_one_json_object_per_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("clean", str(SEEDS / seed_id("000")), str(empty))
    first, second = (json.loads(line) for line in result.output.splitlines())
    keys = {"path", "title", "body", "published", "source", "dateline", "people", "countries", "organizations", "error"}
    assert keys <= set(first) and keys <= set(second)
    assert first["error"] is None and first["title"].startswith("Progress slow on U.N.")
    assert first["source"] == "Yonhap" and first["published"] is None and first["dateline"] == "Seoul"
    assert second["error"] == "empty file" and second["body"] is None


def test_clean_on_two_workers_keeps_the_order_and_the_output(tmp_path):
    """Files are cleaned and extracted in batches on worker processes; the lines come out
    in the order given, each as one process would make it (a missing file in between)."""
    files = [str(SEEDS / seed_id(p)) for p in ("003", "000", "004")]
    files.insert(2, str(tmp_path / "missing.txt"))
    serial = run("clean", "--workers", "1", *files).output.splitlines()
    parallel = run("clean", "--workers", "2", *files).output.splitlines()
    assert parallel == serial
    assert [json.loads(line)["path"] for line in parallel] == files
    assert json.loads(parallel[2])["error"] and json.loads(parallel[1])["people"] == ["John Kerry", "Samantha Power"]


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for name in cli.commands:
        assert re.search(rf"searchapp {name}\b", readme), f"`searchapp {name}` is not in the README"


@pytest.mark.parametrize("fmt,path", [("csv", "/search.csv"), ("jsonl", "/search.jsonl"), ("json", "/search.json?all=1&")])
def test_export_prints_what_the_web_export_streams(seed_index, client, fmt, path):
    result = run("export", "sanctions", "--index", str(seed_index), "--format", fmt, "--filter", "source=Yonhap",
                 "--from", "2016-01")
    assert result.exit_code == 0
    web = client.get(path + ("?" if "?" not in path else "") + "q=sanctions&source=Yonhap&from=2016-01").get_data(as_text=True)
    assert result.stdout_bytes.decode() == web and web.count("Yonhap") >= 2


def test_export_of_a_bad_query_is_a_clear_error(seed_index):
    result = CliRunner().invoke(cli, ["export", '"unclosed (', "--index", str(seed_index)])
    assert result.exit_code == 1 and "without its pair" in result.output
