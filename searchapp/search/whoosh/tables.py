"""Facet tables: how the Whoosh backend counts facets and sorts by date fast.

A FacetTable holds one field's every (document, value) pair of the index as two flat
arrays, so a count is one vectorised pass instead of Whoosh re-reading every posting
list of the field on each search; the date column is held the same way. The tables are
made per segment (segments never change once written), by the build, which saves them
beside the index (write_tables), and cached per process (TABLES).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from ..facets import FACETS, Facet

# Beside the Whoosh files of a build: each segment's FacetTables and sort columns, written
# by the build (write_tables) so that the first search after a rebuild need not read them
# from the postings (about 1 s at 86,000 articles; docs/search.md).
TABLES_DIR = "facet-tables"
# Numeric columns that searches sort and group by (dates, stories), cached like the facet tables.
SORT_COLUMNS = ("day", "story_key")
# The field whose values order equal hits (TABLES.id_order): the article id.
ID_FIELD = "id"
# A count over fewer matches than this share of the documents reads only the matches' own
# entries (through the table laid out by document); more, and one pass over every entry
# is quicker than gathering.
SPARSE_COUNT_SHARE = 1 / 16
# Fields whose per-document lengths (in words, as Whoosh's scoring sees them) are kept
# like the facet tables, for scoring their words with numpy (scoring.py).
LENGTH_FIELDS = ("title", "body")


@dataclass(frozen=True)
class FacetTable:
    """One field's values for every document: pair i is (entry_doc[i], values[entry_value[i]])."""

    values: tuple[str, ...]  # distinct
    entry_doc: np.ndarray
    entry_value: np.ndarray

    @classmethod
    def read(cls, reader: IndexReader, fieldname: str) -> "FacetTable":
        """One segment's table from its postings (document numbers local to the segment)."""
        values: list[str] = []
        docs: list[int] = []
        counts: list[int] = []
        if fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                before = len(docs)
                docs.extend(reader.postings(fieldname, term).all_ids())
                counts.append(len(docs) - before)
                values.append(term.decode("utf-8"))
        return cls(
            values=tuple(values),
            entry_doc=np.array(docs, dtype=np.int32),
            entry_value=np.repeat(np.arange(len(values), dtype=np.int32), counts),
        )

    @classmethod
    def combine(cls, parts: list[tuple["FacetTable", int]]) -> "FacetTable":
        """The whole index's table from (segment table, document offset) pairs."""
        if len(parts) == 1 and parts[0][1] == 0:
            return parts[0][0]
        index: dict[str, int] = {}
        docs, vals = [], []
        for table, offset in parts:
            # The same value in two segments is one value of the whole index.
            remap = np.array([index.setdefault(v, len(index)) for v in table.values], dtype=np.int32)
            docs.append(table.entry_doc + offset)
            vals.append(remap[table.entry_value] if len(remap) else table.entry_value)
        empty = np.zeros(0, dtype=np.int32)
        return cls(
            values=tuple(index),
            entry_doc=np.concatenate(docs) if docs else empty,
            entry_value=np.concatenate(vals) if vals else empty,
        )

    def save(self, path: Path) -> None:
        np.savez(path, values=np.array(self.values, dtype=str), entry_doc=self.entry_doc, entry_value=self.entry_value)

    @classmethod
    def load(cls, path: Path) -> "FacetTable":
        with np.load(path, allow_pickle=False) as data:
            return cls(tuple(data["values"].tolist()), data["entry_doc"], data["entry_value"])

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        return {value: i for i, value in enumerate(self.values)}

    @functools.cached_property
    def _folded(self) -> dict[str, list[int]]:
        folded: dict[str, list[int]] = {}
        for i, value in enumerate(self.values):
            folded.setdefault(value.casefold(), []).append(i)
        return folded

    def mask(self, value: str, size: int) -> np.ndarray:
        """The documents with `value`; a value in no document is looked for in any case
        (a reader's "source=yonhap"), every value it then matches counted."""
        out = np.zeros(size, dtype=bool)
        i = self._index.get(value)
        chosen = [i] if i is not None else self._folded.get(value.casefold(), [])
        for i in chosen:
            out[self.entry_doc[self.entry_value == i]] = True
        return out

    def value_of(self, size: int) -> np.ndarray:
        """For a single-valued field: each document's value as an index into `values`
        (-1 for none), over `size` documents."""
        out = np.full(size, -1, dtype=np.int32)
        out[self.entry_doc] = self.entry_value
        return out

    @functools.cached_property
    def _by_document(self) -> tuple[np.ndarray, np.ndarray]:
        """The entries' values ordered by document, and where each document's start
        (document d's are values[starts[d]:starts[d + 1]])."""
        order = np.argsort(self.entry_doc, kind="stable")
        docs = self.entry_doc[order]
        ends = int(docs[-1]) + 1 if len(docs) else 0
        return self.entry_value[order], np.searchsorted(docs, np.arange(ends + 1))

    def _values_of(self, docs: np.ndarray) -> np.ndarray:
        """The values of the entries of `docs` (sorted document numbers)."""
        values, starts = self._by_document
        docs = docs[docs < len(starts) - 1]  # past the last document with an entry: none
        first, lengths = starts[docs], starts[docs + 1] - starts[docs]
        # Each document's run of entries, end to end: run k is first[k] + 0..lengths[k]-1.
        offsets = np.repeat(first - (np.cumsum(lengths) - lengths), lengths)
        return values[offsets + np.arange(len(offsets))]

    def count(self, doc_mask: np.ndarray) -> dict[str, int]:
        """Counts of each value over the documents where doc_mask is True."""
        if np.count_nonzero(doc_mask) < SPARSE_COUNT_SHARE * len(doc_mask):
            chosen = self._values_of(np.flatnonzero(doc_mask))
        else:
            chosen = self.entry_value[doc_mask[self.entry_doc]]
        counts = np.bincount(chosen, minlength=len(self.values))
        present = np.flatnonzero(counts)
        # Whole arrays to Python at once: a broad query counts some 20,000 values.
        return dict(zip(map(self.values.__getitem__, present.tolist()), counts[present].tolist()))


def read_column(reader: IndexReader, fieldname: str) -> np.ndarray:
    return np.fromiter(reader.column_reader(fieldname), dtype=np.int64)


def read_lengths(reader: IndexReader, fieldname: str) -> np.ndarray:
    """Each document's length in `fieldname` as BM25F reads it (Whoosh stores it in a
    byte, so approximately; 0 for none)."""
    return np.fromiter(
        (reader.doc_field_length(d, fieldname, 0) or 0 for d in range(reader.doc_count_all())),
        dtype=np.float64, count=reader.doc_count_all(),
    )


@dataclass(frozen=True)
class _Kind:
    """A kind of per-segment table: how it is read from the postings, saved beside the
    index, loaded back, and joined over the segments of an index."""

    name: str
    suffix: str
    read: Callable[[IndexReader, str], Any]
    save: Callable[[Path, Any], None]
    load: Callable[[Path], Any]
    combine: Callable[[list[tuple[Any, int]]], Any]  # (segment's table, document offset) pairs

    def path(self, folder: Path, segment: str, fieldname: str) -> Path:
        return folder / TABLES_DIR / f"{segment}-{fieldname}{self.suffix}"


# (The readers are looked up at call time, so that a test can swap them out.)
_FACET = _Kind(
    "facet", ".npz",
    read=lambda reader, fieldname: FacetTable.read(reader, fieldname),
    save=lambda path, table: table.save(path),
    load=FacetTable.load,
    combine=FacetTable.combine,
)
_COLUMN = _Kind(
    "column", ".npy",
    read=lambda reader, fieldname: read_column(reader, fieldname),
    save=np.save,
    load=np.load,
    combine=lambda parts: np.concatenate([part for part, _ in parts]) if parts else np.zeros(0, dtype=np.int64),
)

_LENGTHS = _Kind(
    "lengths", ".npy",
    read=lambda reader, fieldname: read_lengths(reader, fieldname),
    save=np.save,
    load=np.load,
    combine=lambda parts: np.concatenate([part for part, _ in parts]) if parts else np.zeros(0),
)


def write_tables(index_path: Path) -> None:
    """Write every segment's FacetTables and sort columns into the build at `index_path`,
    where it has none yet (an update's copy has its old segments' tables; they never
    change), and drop those of segments it no longer has (merged by an update)."""
    index_path = Path(index_path)
    folder = index_path / TABLES_DIR
    folder.mkdir(exist_ok=True)
    ix = whoosh_index.open_dir(index_path)
    segments = set()
    try:
        with ix.searcher() as searcher:
            for sub, _ in searcher.leaf_searchers():
                reader = sub.reader()
                segment = reader.segment().segment_id()
                segments.add(segment)
                kinds = ((_FACET, [*(f.name for f in FACETS), ID_FIELD]), (_COLUMN, SORT_COLUMNS), (_LENGTHS, LENGTH_FIELDS))
                for kind, fieldnames in kinds:
                    for fieldname in fieldnames:
                        path = kind.path(index_path, segment, fieldname)
                        if not path.exists():
                            kind.save(path, kind.read(reader, fieldname))
    finally:
        ix.close()
    for path in folder.iterdir():
        if path.name.split("-", 1)[0] not in segments:
            path.unlink()


class FacetTables:
    """A small process-wide cache of FacetTables (and sort columns): per segment, as
    segments never change once written (read from the build's TABLES_DIR when it has
    them), and per index, the segments' tables combined."""

    def __init__(self, max_entries: int = 64) -> None:
        self._tables: OrderedDict[tuple, FacetTable | np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, searcher: Searcher, fieldname: str, folder: Path | None = None) -> FacetTable:
        return self._whole(searcher, _FACET, fieldname, folder)

    def column(self, searcher: Searcher, fieldname: str, folder: Path | None = None) -> np.ndarray:
        """A sortable numeric column's value for every document number."""
        return self._whole(searcher, _COLUMN, fieldname, folder)

    def id_order(self, searcher: Searcher, folder: Path | None = None) -> np.ndarray:
        """For every document number, its article id's place among the index's ids in
        sorted order: what breaks ties between equal hits, so that they come in the same
        order however the documents lie in segments (a build by several writers, an
        update's new segment). Deleted documents come last."""

        def build():
            ids, docs = [], []
            for sub, offset in searcher.leaf_searchers():
                table = self._segment(sub.reader(), _FACET, ID_FIELD, folder)
                ids.append(np.array(table.values, dtype=str)[table.entry_value] if table.values else np.zeros(0, dtype=str))
                docs.append(table.entry_doc.astype(np.int64) + offset)
            size = searcher.doc_count_all()
            rank = np.full(size, size, dtype=np.int64)
            if ids:
                all_docs = np.concatenate(docs)
                rank[all_docs[np.argsort(np.concatenate(ids), kind="stable")]] = np.arange(len(all_docs))
            return rank

        return self._cached(("id_order", _segments(searcher)), build)

    def lengths(self, reader: IndexReader, fieldname: str, folder: Path | None = None) -> np.ndarray:
        """One segment's document lengths in `fieldname` (segment document numbers)."""
        return self._segment(reader, _LENGTHS, fieldname, folder)

    def _whole(self, searcher: Searcher, kind: _Kind, fieldname: str, folder: Path | None):
        def build():
            return kind.combine(
                [(self._segment(sub.reader(), kind, fieldname, folder), offset) for sub, offset in searcher.leaf_searchers()]
            )

        return self._cached((kind.name, fieldname, _segments(searcher)), build)

    def _segment(self, reader: IndexReader, kind: _Kind, fieldname: str, folder: Path | None):
        segment = reader.segment().segment_id()

        def build():
            path = kind.path(folder, segment, fieldname) if folder else None
            return kind.load(path) if path is not None and path.exists() else kind.read(reader, fieldname)

        return self._cached((kind.name, fieldname, segment), build)

    def _cached(self, key: tuple, build):
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


def _segments(searcher: Searcher) -> tuple:
    return tuple(
        (sub.reader().segment().segment_id(), sub.reader().segment().deleted_count())
        for sub, _ in searcher.leaf_searchers()
    )


TABLES = FacetTables()


def deleted_docs(reader: IndexReader) -> np.ndarray:
    """A segment's deleted document numbers (an update's replaced and removed articles)."""
    return np.fromiter(reader.deleted_docs_set, dtype=np.int64) if reader.has_deletions() else np.zeros(0, np.int64)


def doc_mask(searcher: Searcher, q: query.Query) -> np.ndarray:
    """A boolean array over the index's document numbers: True where `q` matches."""
    size = searcher.doc_count_all()
    if isinstance(q, query.Every):
        # Browsing everything: no need to walk every document in Python.
        mask = np.ones(size, dtype=bool)
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            mask[deleted_docs(reader) + offset] = False
        return mask
    mask = np.zeros(size, dtype=bool)
    mask[np.fromiter(searcher.docs_for_query(q), dtype=np.int64)] = True
    return mask


def filter_mask(facet: Facet, table: FacetTable, selected: tuple[str, ...], size: int) -> np.ndarray:
    """The documents that the chosen values of `facet` let through, as a boolean array."""
    masks = [table.mask(facet.term(value), size) for value in selected]
    if facet.disjunctive:
        return np.logical_or.reduce(masks)
    return np.logical_and.reduce(masks)
