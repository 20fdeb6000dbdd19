"""Facets: small classes that filter a search and count values over its results.

Two kinds, by what choosing several values should mean to a reader:
- a single-valued field (source, month) is *disjunctive*: "Yonhap or VOA".
  Its counts are taken over the results filtered by every *other* facet, so
  the values not chosen yet still show how many hits they would add.
- a multi-valued field (people, countries, organisations) is *conjunctive*:
  "Wang Yi and John Kerry". Its counts are taken over the current results.

Counting uses a FacetTable per field: every (document, value) pair of the
index as two flat arrays, built once per index and cached (segments never
change), so a count is one vectorised pass instead of Whoosh re-reading every
posting list of the field on each search.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import query
from whoosh.searching import Searcher

from .entities import display_name, entity_id


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetResult:
    name: str
    label: str
    values: tuple[FacetValue, ...]


@dataclass(frozen=True)
class Facet:
    name: str  # URL parameter and index field
    label: str
    multi_valued: bool
    # Facet values sort by count, or by value (newest first) for dates.
    order: str = "count"
    # Entity facets index stable ids and show the current canonical name, so
    # renaming a row of an alias table renames the facet value without a
    # rebuild and without splitting it.
    entity: bool = False

    @property
    def disjunctive(self) -> bool:
        return not self.multi_valued

    def term(self, value: str) -> str:
        """The index term for a value as shown and put in URLs."""
        return entity_id(self.name, value) if self.entity else value

    def value(self, term: str) -> str:
        return display_name(self.name, term) if self.entity else term

    def filter_mask(self, table: "FacetTable", selected: tuple[str, ...], size: int) -> np.ndarray:
        """The documents that the chosen values let through, as a boolean array."""
        masks = [table.mask(self.term(value), size) for value in selected]
        if self.disjunctive:
            return np.logical_or.reduce(masks)
        return np.logical_and.reduce(masks)

    def result(self, term_counts: dict[str, int], selected: tuple[str, ...], limit: int | None) -> FacetResult:
        counts: dict[str, int] = {}
        for term, count in term_counts.items():
            if term:
                counts.setdefault(self.value(term), count)
        # Show a chosen value as the facet names it (an alias in a URL shows
        # as the canonical name it stands for).
        selected = tuple(self.value(self.term(v)) for v in selected)
        # A chosen value always shows, even with 0 hits, so it can be unchosen.
        for value in selected:
            counts.setdefault(value, 0)
        if self.order == "value":
            ordered = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
        else:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        chosen = [kv for kv in ordered if kv[0] in selected]
        rest = [kv for kv in ordered if kv[0] not in selected]
        if limit is not None:
            rest = rest[: max(0, limit - len(chosen))]
        values = sorted(chosen + rest, key=lambda kv: ordered.index(kv))
        return FacetResult(
            name=self.name,
            label=self.label,
            values=tuple(FacetValue(str(v), int(c), v in selected) for v, c in values),
        )


FACETS: tuple[Facet, ...] = (
    Facet("source", "Source", multi_valued=False),
    Facet("month", "Month", multi_valued=False, order="value"),
    Facet("people", "People", multi_valued=True, entity=True),
    Facet("countries", "Countries", multi_valued=True, entity=True),
    Facet("organizations", "Organisations", multi_valued=True, entity=True),
)
FACETS_BY_NAME = {f.name: f for f in FACETS}


@dataclass(frozen=True)
class FacetTable:
    """One field's values for every document: pair i is (entry_doc[i], values[entry_value[i]])."""

    values: tuple[str, ...]
    entry_doc: np.ndarray
    entry_value: np.ndarray
    # The documents of each value, for filtering.
    docs_of: dict[str, np.ndarray]

    @classmethod
    def load(cls, searcher: Searcher, fieldname: str) -> "FacetTable":
        values: list[str] = []
        docs: list[np.ndarray] = []
        vals: list[np.ndarray] = []
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            if fieldname not in reader.indexed_field_names():
                continue
            for term in reader.lexicon(fieldname):
                ids = np.fromiter(reader.postings(fieldname, term).all_ids(), dtype=np.int32)
                docs.append(ids + offset)
                vals.append(np.full(len(ids), len(values), dtype=np.int32))
                values.append(term.decode("utf-8"))
        # The same value in two segments gets two ids here; count() and
        # docs_of merge them by name.
        docs_of: dict[str, np.ndarray] = {}
        for value, ids in zip(values, docs):
            docs_of[value] = np.concatenate([docs_of[value], ids]) if value in docs_of else ids
        empty = np.zeros(0, dtype=np.int32)
        return cls(
            values=tuple(values),
            entry_doc=np.concatenate(docs) if docs else empty,
            entry_value=np.concatenate(vals) if vals else empty,
            docs_of=docs_of,
        )

    def mask(self, value: str, size: int) -> np.ndarray:
        out = np.zeros(size, dtype=bool)
        ids = self.docs_of.get(value)
        if ids is not None:
            out[ids] = True
        return out

    def count(self, doc_mask: np.ndarray) -> dict[str, int]:
        """Counts of each value over the documents where doc_mask is True."""
        chosen = self.entry_value[doc_mask[self.entry_doc]]
        counts = np.bincount(chosen, minlength=len(self.values))
        out: dict[str, int] = {}
        for i in np.flatnonzero(counts):
            out[self.values[i]] = out.get(self.values[i], 0) + int(counts[i])
        return out


class FacetTables:
    """A small process-wide cache of FacetTables (and sort columns), keyed by the
    index's segments, which never change once written."""

    def __init__(self, max_entries: int = 32) -> None:
        self._tables: OrderedDict[tuple, FacetTable | np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, searcher: Searcher, fieldname: str) -> FacetTable:
        return self._cached(searcher, ("facet", fieldname), lambda: FacetTable.load(searcher, fieldname))

    def column(self, searcher: Searcher, fieldname: str) -> np.ndarray:
        """A sortable numeric column's value for every document number."""

        def load() -> np.ndarray:
            parts = [np.fromiter(sub.reader().column_reader(fieldname), dtype=np.int64) for sub, _ in searcher.leaf_searchers()]
            return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

        return self._cached(searcher, ("column", fieldname), load)

    def _cached(self, searcher: Searcher, what: tuple, build):
        segments = tuple(
            (sub.reader().segment().segment_id(), sub.reader().segment().deleted_count())
            for sub, _ in searcher.leaf_searchers()
        )
        key = (what, segments)
        with self._lock:
            value = self._tables.get(key)
            if value is not None:
                self._tables.move_to_end(key)
                return value
        value = build()  # outside the lock: may take a while
        with self._lock:
            self._tables[key] = value
            while len(self._tables) > self._max:
                self._tables.popitem(last=False)
        return value


TABLES = FacetTables()


def doc_mask(searcher: Searcher, q: query.Query) -> np.ndarray:
    """A boolean array over the index's document numbers: True where `q` matches."""
    size = searcher.doc_count_all()
    if isinstance(q, query.Every):
        # Browsing everything: no need to walk every document in Python.
        mask = np.ones(size, dtype=bool)
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            if reader.has_deletions():
                mask[np.fromiter(reader.deleted_docs_set(), dtype=np.int64) + offset] = False
        return mask
    mask = np.zeros(size, dtype=bool)
    mask[np.fromiter(searcher.docs_for_query(q), dtype=np.int64)] = True
    return mask
