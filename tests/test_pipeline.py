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

