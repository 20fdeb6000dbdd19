"""Puts the stages together: read -> clean -> extract -> Article.

Both `searchapp build` and `searchapp clean` go through `process`, so what the
index holds is exactly what `clean` shows.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator

from searchapp.records import Article, RawDocument, Rejected

from .cache import ProcessingCache
from .clean import CleaningError, clean
from .extract.entities import extract_entities
from .extract.metadata import extract_metadata
from .reader import iter_collection

# Cleaning and extracting one document takes milliseconds; one that takes longer than
# this (a pattern backtracking on some odd page) is skipped rather than stall the build.
MAX_SECONDS = 20.0
TOOK_TOO_LONG = "took longer than"
# The build report's note for a document whose article could not be told from the page
# around it (CleanedDocument.body_guessed): it is indexed with the page's best text.
GUESSED_BODY_NOTE = "guessed body: the article could not be told from the page around it; the page's text is indexed"


class _TookTooLong(BaseException):
    """Raised by the alarm inside a document's cleaning (a BaseException, so that no
    `except Exception` in a stage can swallow it)."""


def process(raw: RawDocument) -> Article | Rejected:
    """Clean one decoded document and extract its metadata and entities, within
    MAX_SECONDS: past that it is Rejected. The limit is an alarm signal, so it holds
    in the main thread of a process (the build's workers, a serial build, `clean`);
    elsewhere the document is processed without it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return _process(raw)

    def alarm(_signum, _frame):
        raise _TookTooLong

    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
        try:
            return _process(raw)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TookTooLong:
        return Rejected(raw.path, f"{TOOK_TOO_LONG} {MAX_SECONDS:g} s to clean; skipped")
    finally:
        signal.signal(signal.SIGALRM, previous)


def _process(raw: RawDocument) -> Article | Rejected:
    try:
        cleaned = clean(raw)
    except CleaningError as err:
        return Rejected(raw.path, str(err))
    return Article(
        id=raw.path,
        path=raw.path,
        url=raw.given.url or cleaned.url,
        title=cleaned.title,
        body=cleaned.body,
        metadata=extract_metadata(cleaned, raw.given),
        entities=extract_entities(cleaned.title, cleaned.body),
        version=cleaned.version,
        notes=cleaned.notes,
        signoff=cleaned.signoff,
        warnings=raw.warnings + ((GUESSED_BODY_NOTE,) if cleaned.body_guessed else ()),
        body_guessed=cleaned.body_guessed,
    )


def process_collection(
    folder: str | os.PathLike[str], workers: int = 1, cache: str | os.PathLike[str] | None = None
) -> Iterator[Article | Rejected]:
    """Every document under `folder`, processed, in the folder's (sorted) order.

    With workers > 1, cleaning and extraction run in that many processes
    (they are CPU-bound pure Python), while the caller, typically the index
    writer, consumes the results in order. With `cache` (a folder), a document
    processed before by the same code is taken from it (ingest/cache.py).
    """
    work = functools.partial(_process_item, str(cache) if cache is not None else None)
    if workers <= 1:
        yield from map(work, iter_collection(folder))
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(work, iter_collection(folder), chunksize=8)


def _process_item(cache: str | None, item: RawDocument | Rejected) -> Article | Rejected:
    if isinstance(item, Rejected):
        return item
    if cache is None:
        return process(item)
    store = ProcessingCache(cache)
    done = store.get(item)
    if done is None:
        done = process(item)
        # Past the time limit depends on how busy the machine was: try again next time.
        if not (isinstance(done, Rejected) and done.reason.startswith(TOOK_TOO_LONG)):
            store.put(item, done)
    return done
