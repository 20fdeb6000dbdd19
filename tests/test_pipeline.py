"""The pipeline: read -> clean -> extract, serially or in worker processes."""

from __future__ import annotations

import os
import subprocess
import sys

from searchapp.ingest.pipeline import process_collection


def test_parallel_processing_gives_the_same_articles_in_order(seed_copy):
    src = seed_copy
    (src / "empty.txt").write_bytes(b"")
    serial = list(process_collection(src))
    parallel = list(process_collection(src, workers=2))
    assert parallel == serial
    assert [type(i).__name__ for i in parallel].count("Rejected") == 1



def test_a_document_that_takes_too_long_is_skipped_and_the_build_goes_on(seed_copy, monkeypatch):
    """A pattern that backtracks for minutes on one page must not stall the build, in
    a serial build (main thread) or in worker processes."""
    import re
    import time

    from searchapp.ingest import pipeline
    from searchapp.ingest.clean import clean as real_clean
    from searchapp.records import Rejected

    def slow_clean(raw):
        if raw.path == "slow.txt":
            # Catastrophic backtracking, for 3 s (so that without the limit the test
            # fails rather than hangs).
            start = time.monotonic()
            while time.monotonic() - start < 3:
                re.match(r"(a+)+$", "a" * 20 + "b")
        return real_clean(raw)

    (seed_copy / "slow.txt").write_text("A headline\n\nSome body text that is long enough to be an article.")
    monkeypatch.setattr(pipeline, "clean", slow_clean)
    monkeypatch.setattr(pipeline, "MAX_SECONDS", 0.3)
    for workers in (1, 2):
        items = {item.path: item for item in process_collection(seed_copy, workers=workers)}
        assert items["slow.txt"] == Rejected("slow.txt", "took longer than 0.3 s to clean; skipped")
        assert sum(not isinstance(i, Rejected) for i in items.values()) == 5


def test_importing_searchapp_keeps_numpy_from_starting_blas_threads():
    """A build's processes stay single-threaded after numpy's import (searchapp/__init__.py):
    glibc's `__libc_single_threaded`, which a forked worker inherits, is what makes the
    model's many GIL handovers cheap. Needs a machine of 2 or more cores to fail."""
    probe = (
        "import ctypes, os, searchapp, numpy\n"
        "flag = ctypes.c_char.in_dll(ctypes.CDLL(None), '__libc_single_threaded').value\n"
        "print(len(os.listdir('/proc/self/task')), flag == b'\\x01', os.environ['OPENBLAS_NUM_THREADS'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "True", "1"]
    # A value the user set is kept.
    env["OPENBLAS_NUM_THREADS"] = "2"
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[2] == "2"
