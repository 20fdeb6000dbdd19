"""Puts the stages together: read -> clean -> extract -> Article.

Both `searchapp build` and `searchapp clean` go through `process_items` (batches of
documents: cleaned, read by the NER model together, extracted), so what the index holds
is exactly what `clean` shows.
"""

from __future__ import annotations

import collections
import functools
import multiprocessing
import multiprocessing.pool
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
# Batches handed to the workers ahead of the one the caller reads, per worker: enough to
# keep them busy, few enough to bound what waits in memory.
IN_FLIGHT_PER_WORKER = 4
# How long a build waits for a Dask scheduler to answer, seconds.
CLUSTER_CONNECT_S = 10


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
        entities=extract_entities(cleaned.title, cleaned.body, spans, cleaned.date_hints),
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
    items: Iterable[RawDocument | Rejected | Unchanged],
    workers: int = 1,
    cache: str | os.PathLike[str] | None = None,
    cluster: str | None = None,
) -> Iterator[Article | Rejected | Unchanged]:
    """Each item processed (a Rejected or Unchanged one passed on), in order, BATCH_DOCS at a time.

    With `cache`, the documents it holds are taken from it here, in the caller's
    process; only the others are cleaned and extracted: with workers > 1 in that many
    processes (they are CPU-bound), or with `cluster` (a Dask scheduler's address) on
    that cluster's workers, while the caller, typically the index writer, consumes the
    results in order. The NER model is loaded at the first document to process (never,
    when the cache has them all): locally before the workers fork, which share it; on a
    cluster once in each of its worker processes.
    """
    store = ProcessingCache(cache) if cache is not None else None
    runner: _InProcess | _Processes | _Cluster
    if cluster is not None:
        runner = _Cluster(cluster, store)
    elif workers > 1:
        runner = _Processes(workers, store)
    else:
        runner = _InProcess(store)
    # Batches in order: (their items so far, the positions sent to be processed, the handle).
    pending: collections.deque = collections.deque()
    try:
        for batch in _batched(items, BATCH_DOCS):
            done, todo = _from_cache(store, batch)
            pending.append((done, todo, runner.submit([batch[i] for i in todo]) if todo else None))
            while len(pending) > runner.slots:
                yield from _finished(runner, pending.popleft())
        while pending:
            yield from _finished(runner, pending.popleft())
    finally:
        runner.close()


class _InProcess:
    """This process, one batch at a time: each is done when submitted."""

    slots = 0

    def __init__(self, store: ProcessingCache | None) -> None:
        self._store = store

    def submit(self, raws: list[RawDocument]) -> list[Article | Rejected]:
        return _process_items(self._store, raws)

    def result(self, handle: list[Article | Rejected]) -> list[Article | Rejected]:
        return handle

    def close(self) -> None:
        pass


class _Processes:
    """Worker processes on this machine, started (the model loaded first, for them to
    share) at the first batch with a document to process."""

    def __init__(self, workers: int, store: ProcessingCache | None) -> None:
        self._workers = workers
        self._store = store
        self._pool: multiprocessing.pool.Pool | None = None
        self.slots = workers * IN_FLIGHT_PER_WORKER

    def submit(self, raws: list[RawDocument]):
        if self._pool is None:
            load_model()
            self._pool = multiprocessing.get_context("fork").Pool(self._workers)
        # The workers keep their results in the cache themselves, in parallel.
        return self._pool.apply_async(_process_items, (self._store, raws))

    def result(self, handle) -> list[Article | Rejected]:
        return handle.get()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


class _Cluster:
    """The workers of a Dask cluster (`distributed`, an optional extra). They need
    searchapp installed, not this machine's files: documents go to them as records,
    and their results are kept in the cache here."""

    def __init__(self, address: str, store: ProcessingCache | None) -> None:
        try:
            from distributed import Client
        except ImportError as err:
            raise ClusterError(
                "Building on a cluster needs Dask's distributed: pip install 'searchapp[cluster]'."
            ) from err
        try:
            self._client = Client(address, timeout=CLUSTER_CONNECT_S)
        except (OSError, TimeoutError) as err:
            raise ClusterError(f"No Dask scheduler answered at {address}: {err}") from err
        self._store = store
        threads = sum(self._client.nthreads().values())
        if not threads:
            self._client.close()
            raise ClusterError(f"The Dask cluster at {address} has no workers.")
        self.slots = threads * IN_FLIGHT_PER_WORKER

    def submit(self, raws: list[RawDocument]):
        return raws, self._client.submit(process_batch, raws, pure=False)

    def result(self, handle) -> list[Article | Rejected]:
        raws, future = handle
        results = future.result()
        _keep(self._store, raws, results)
        return results

    def close(self) -> None:
        self._client.close()


class ClusterError(Exception):
    """The cluster a build was given cannot be used (said for the reader)."""


def _from_cache(store: ProcessingCache | None, batch: list) -> tuple[list, list[int]]:
    """A batch's items with those the cache holds already processed, and the positions
    of the documents still to process."""
    done = list(batch)
    todo = []
    for i, item in enumerate(batch):
        if isinstance(item, RawDocument):  # a Rejected, or an update's Unchanged: as it is
            hit = store.get(item) if store is not None else None
            if hit is None:
                todo.append(i)
            else:
                done[i] = hit
    return done, todo


def _finished(runner: _InProcess | _Processes | _Cluster, entry: tuple) -> list:
    done, todo, handle = entry
    if handle is not None:
        for i, item in zip(todo, runner.result(handle)):
            done[i] = item
    return done


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _process_items(store: ProcessingCache | None, raws: list[RawDocument]) -> list[Article | Rejected]:
    """Documents the cache does not hold, processed in one process_batch, and kept in it."""
    results = process_batch(raws)
    _keep(store, raws, results)
    return results


def _keep(store: ProcessingCache | None, raws: list[RawDocument], results: list[Article | Rejected]) -> None:
    """Results into the cache, unless past the time limit (which depends on how busy the
    machine was: tried again next time)."""
    if store is not None:
        for raw, result in zip(raws, results):
            if not (isinstance(result, Rejected) and result.reason.startswith(TOOK_TOO_LONG)):
                store.put(raw, result)
