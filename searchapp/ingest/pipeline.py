"""Puts the stages together: read -> clean -> extract -> Article.

Both `searchapp build` and `searchapp clean` go through `process_items` (batches of
documents: cleaned, read by the NER model together, extracted), so what the index holds
is exactly what `clean` shows.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from searchapp.records import Article, CleanedDocument, RawDocument, Rejected, Unchanged

from .cache import ProcessingCache
from .clean import CleaningError, clean
from .extract.entities import extract_entities
from .extract.entities.model import ModelSpan, article_text, load_model, model_spans
from .extract.metadata import extract_metadata
from .reader import iter_collection
from .stories import group_stories

# Cleaning and extracting one document takes milliseconds; one that takes longer than
# this (a pattern backtracking on some odd page) is skipped rather than stall the build.
# The limit holds for its cleaning and, apart, for its extraction (the model reads a whole
# batch at once, outside the limit: its time grows only with the text's length).
MAX_SECONDS = 20.0
TOOK_TOO_LONG = "took longer than"
# The build report's note for a document whose article could not be told from the page
# around it (CleanedDocument.body_guessed): it is indexed with the page's best text.
GUESSED_BODY_NOTE = "guessed body: the article could not be told from the page around it; the page's text is indexed"
# Documents cleaned, then read by the NER model in one nlp.pipe call, then extracted:
# enough for the model to batch, few enough that results stream to the index writer.
BATCH_DOCS = 16


class _TookTooLong(BaseException):
    """Raised by the alarm inside a document's cleaning (a BaseException, so that no
    `except Exception` in a stage can swallow it)."""


T = TypeVar("T")


def _within_limit(path: str, work: Callable[[], T]) -> T | Rejected:
    """work(), or Rejected past MAX_SECONDS. The limit is an alarm signal, so it holds in
    the main thread of a process (the build's workers, a serial build, `clean`);
    elsewhere the work is done without it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return work()

    def alarm(_signum, _frame):
        raise _TookTooLong

    previous = signal.signal(signal.SIGALRM, alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
        try:
            return work()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TookTooLong:
        return Rejected(path, f"{TOOK_TOO_LONG} {MAX_SECONDS:g} s to clean; skipped")
    finally:
        signal.signal(signal.SIGALRM, previous)


def process(raw: RawDocument) -> Article | Rejected:
    """Clean one decoded document and extract its metadata and entities (each within
    MAX_SECONDS: past that it is Rejected)."""
    return process_batch([raw])[0]


def process_batch(raws: Sequence[RawDocument]) -> list[Article | Rejected]:
    """process() for several documents, with one pass of the NER model over all of them."""
    cleaned = [_within_limit(raw.path, functools.partial(_clean, raw)) for raw in raws]
    texts = [article_text(c.title, c.body) for c in cleaned if not isinstance(c, Rejected)]
    spans = iter(model_spans(texts) if texts else [])
    results: list[Article | Rejected] = []
    for raw, doc in zip(raws, cleaned):
        if isinstance(doc, Rejected):
            results.append(doc)
            continue
        results.append(_within_limit(raw.path, functools.partial(_article, raw, doc, next(spans))))
    return results


def _clean(raw: RawDocument) -> CleanedDocument | Rejected:
    try:
        return clean(raw)
    except CleaningError as err:
        return Rejected(raw.path, str(err))


def _article(raw: RawDocument, cleaned: CleanedDocument, spans: tuple[ModelSpan, ...]) -> Article:
    return Article(
        id=raw.path,
        path=raw.path,
        url=raw.given.url or cleaned.url,
        title=cleaned.title,
        body=cleaned.body,
        metadata=extract_metadata(cleaned, raw.given),
        entities=extract_entities(cleaned.title, cleaned.body, spans),
        version=cleaned.version,
        notes=cleaned.notes,
        signoff=cleaned.signoff,
        warnings=raw.warnings + ((GUESSED_BODY_NOTE,) if cleaned.body_guessed else ()),
        body_guessed=cleaned.body_guessed,
    )


def process_collection(
    folder: str | os.PathLike[str], workers: int = 1, cache: str | os.PathLike[str] | None = None
) -> Iterator[Article | Rejected]:
    """Every document under `folder`, processed, in the folder's (sorted) order. With
    `cache` (a folder), a document processed before by the same code is taken from it
    (ingest/cache.py). Each Article carries its story (ingest/stories.py)."""
    return group_stories(process_items(iter_collection(folder), workers, cache))


def process_items(
    items: Iterable[RawDocument | Rejected | Unchanged], workers: int = 1, cache: str | os.PathLike[str] | None = None
) -> Iterator[Article | Rejected | Unchanged]:
    """Each item processed (a Rejected or Unchanged one passed on), in order, BATCH_DOCS at a time.

    With workers > 1, cleaning and extraction run in that many processes (they are
    CPU-bound), while the caller, typically the index writer, consumes the results in
    order. The NER model is loaded once, before the workers fork, which share it.
    """
    load_model()
    batches = _batched(items, BATCH_DOCS)
    work = functools.partial(_process_items, str(cache) if cache is not None else None)
    if workers <= 1:
        for batch in batches:
            yield from work(batch)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for results in pool.imap(work, batches):
            yield from results


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _process_items(cache: str | None, batch: list[RawDocument | Rejected | Unchanged]) -> list[Article | Rejected | Unchanged]:
    """A batch processed: from the cache where it has them, the rest in one process_batch
    (and then kept in the cache, unless past the time limit, which depends on how busy
    the machine was: tried again next time)."""
    store = ProcessingCache(cache) if cache is not None else None
    done: dict[int, Article | Rejected] = {}
    todo: list[tuple[int, RawDocument]] = []
    for i, item in enumerate(batch):
        if not isinstance(item, RawDocument):  # Rejected, or an update's Unchanged: as it is
            done[i] = item
        elif store is not None and (hit := store.get(item)) is not None:
            done[i] = hit
        else:
            todo.append((i, item))
    if todo:
        for (i, raw), result in zip(todo, process_batch([raw for _i, raw in todo])):
            done[i] = result
            if store is not None and not (isinstance(result, Rejected) and result.reason.startswith(TOOK_TOO_LONG)):
                store.put(raw, result)
    return [done[i] for i in range(len(batch))]
