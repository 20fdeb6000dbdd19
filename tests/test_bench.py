"""The benchmark's smoke mode runs (a seed index, the production server on loopback): the
mix, the three ways and the JSON, with no thresholds (timings are not tested)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"


def test_the_benchmark_smoke_mode_runs_every_way(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--smoke", "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())
    assert figures["queries"] >= 200 and len(figures["mix"]) == figures["queries"]
    kinds = {m["kind"] for m in figures["mix"]}
    assert {"and2", "and3", "phrase", "or", "not", "prefix", "field"} <= kinds
    assert sum(1 for m in figures["mix"] if m["filters"]) >= figures["queries"] // 5
    for way in ("plain", "inprocess", "http_first", "http_repeat", "http_later"):
        assert figures["figures"][way]["samples"] > 0, way
    assert set(figures["ratios_plain_over"]) == {"inprocess", "http_first", "http_repeat", "http_later"}
    assert figures["server_resident_mib"] and "p95" in done.stdout


def test_the_build_benchmark_runs_its_three_builds(tmp_path):
    out = tmp_path / "build.json"
    script = SCRIPT.parent / "bench_build.py"
    seeds = SCRIPT.parents[1] / "seeds"
    done = subprocess.run([sys.executable, str(script), str(seeds), "--workers", "1", "--json", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())
    assert figures["indexed"] == 5
    assert set(figures["seconds"]) == {"first build", "rebuild, cache warm", "plain Whoosh, index only",
                                  "plain Whoosh, our schema"}


def test_the_update_benchmark_runs_and_checks_the_update_against_a_rebuild(tmp_path):
    out = tmp_path / "update.json"
    script = SCRIPT.parent / "bench_update.py"
    seeds = SCRIPT.parents[1] / "seeds"
    done = subprocess.run([sys.executable, str(script), str(seeds), "--docs", "3", "--new", "2", "--changed", "2",
                           "--workers", "1", "--json", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text())
    assert figures["same_answers_as_rebuild"] and figures["changed"] == 2 and figures["update_s"] > 0
