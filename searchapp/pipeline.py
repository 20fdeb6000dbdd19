"""Puts the stages together: read -> clean -> extract -> Article.

Both `searchapp build` and `searchapp clean` go through `process`, so what the
index holds is exactly what `clean` shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from .cleaner import CleaningError, clean
from .entities import extract_entities
from .metadata import extract_metadata
from .reader import iter_collection
from .records import Article, RawDocument, Rejected


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
    )


def process_collection(folder: str | os.PathLike[str]) -> Iterator[Article | Rejected]:
    for item in iter_collection(folder):
        yield item if isinstance(item, Rejected) else process(item)
