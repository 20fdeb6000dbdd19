"""The pipeline: read -> clean -> extract, serially or in worker processes."""

from __future__ import annotations

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
