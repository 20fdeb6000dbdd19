"""Puts the stages together: read -> clean -> extract -> Article.

Both `searchapp build` and `searchapp clean` go through `process`, so what the
index holds is exactly what `clean` shows.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

from searchapp.records import Article, RawDocument, Rejected

from .clean import CleaningError, clean
from .extract.entities import extract_entities
from .extract.metadata import extract_metadata
from .reader import iter_collection


def process(raw: RawDocument) -> Article | Rejected:
    """Clean one decoded document and extract its metadata and entities."""
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
        warnings=raw.warnings,
    )


def process_collection(folder: str | os.PathLike[str], workers: int = 1) -> Iterator[Article | Rejected]:
    """Every document under `folder`, processed, in the folder's (sorted) order.

    With workers > 1, cleaning and extraction run in that many processes
    (they are CPU-bound pure Python), while the caller, typically the index
    writer, consumes the results in order.
    """
    if workers <= 1:
        yield from map(_process_item, iter_collection(folder))
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_process_item, iter_collection(folder), chunksize=8)


def _process_item(item: RawDocument | Rejected) -> Article | Rejected:
    return item if isinstance(item, Rejected) else process(item)
