"""A bounded cache of search results, for any backend: a repeated page (a reader going
back, a shared link, a facet toggled off again) is answered without searching again.

A backend keeps one `ResultCache` per index generation (build), so a rebuild or rollback
that makes another build live starts with an empty cache and never shows the old build's
results; the key is the request in a normal form, so requests that must give the same
answer share an entry.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import Generic, TypeVar

from searchapp import catalog

from . import checks
from .api import SearchRequest, SearchResults

# Entries per index generation. A page of results is some 10-30 KB (ten hits with their
# snippets, five facets' counts), so 512 entries hold at most about 15 MB per process.
RESULT_CACHE_ENTRIES = 512


def request_key(request: SearchRequest) -> Hashable:
    """`request` in a normal form: the chosen values of a facet are a set (their order in
    the URL changes nothing the backend answers), facets in name order; with what else
    an answer depends on: the entity names shown (the catalog, which can be reloaded)
    and the time limit matching ran under."""
    filters = tuple(sorted((name, frozenset(values)) for name, values in request.filters if values))
    context = (catalog.version(), checks.SEARCH_TIME_LIMIT)
    return (context, request.q, filters, request.sort, request.page, request.per_page,
            request.date_from, request.date_to, request.undated, request.story)


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A thread-safe mapping of at most `entries` items, the least recently used dropped
    first; `get(key, build)` builds a missing value outside the lock."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K, build: Callable[[], V]) -> V:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return value


class ResultCache:
    """A thread-safe LRU of SearchResults keyed by request_key, at most `entries` long."""

    def __init__(self, entries: int = RESULT_CACHE_ENTRIES) -> None:
        self.entries = entries
        self._results: OrderedDict[Hashable, SearchResults] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._results)

    def get(self, request: SearchRequest) -> SearchResults | None:
        """The cached answer to `request`, as its own answer (the request it carries is
        this one, for the links a page makes from it), or None."""
        key = request_key(request)
        with self._lock:
            results = self._results.get(key)
            if results is None:
                self.misses += 1
                return None
            self._results.move_to_end(key)
            self.hits += 1
        return results if results.request == request else replace(results, request=request)

    def put(self, results: SearchResults) -> None:
        # A search stopped at the time limit answered with what it found by then, which
        # depends on how busy the machine was: not an answer to keep.
        if results.partial or self.entries <= 0:
            return
        key = request_key(results.request)
        with self._lock:
            self._results[key] = results
            self._results.move_to_end(key)
            while len(self._results) > self.entries:
                self._results.popitem(last=False)
