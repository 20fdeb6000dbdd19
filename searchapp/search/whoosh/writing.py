"""The Whoosh segment writer the backend writes with: Whoosh's own, less one cost.

When Whoosh writes a segment's postings it asks, for every posting, the length of its
document's field (for the length bounds it keeps per block of postings). Its
per-document reader reads that length from the segment's file on each call, and for a
field without lengths (the unscored ID and facet fields) looks for their file on disk,
one `stat` a posting: a third of the time a merge takes, a fifth of writing a new
segment. Here each field's lengths are read once per segment; the files written are
the same byte for byte (tests/search/whoosh/test_writing.py).
"""

from __future__ import annotations

from typing import Any

from whoosh import writing


class SegmentWriter(writing.SegmentWriter):
    def per_document_reader(self):
        return _ReadOnce(super().per_document_reader())


class _ReadOnce:
    """A per-document reader whose doc_field_length reads each field's lengths once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._lengths: dict[tuple[str, int], list] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        lengths = self._lengths.get((fieldname, default))
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = [read(d, fieldname, default) for d in range(self._reader.doc_count_all())]
            self._lengths[fieldname, default] = lengths
        return lengths[docnum]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)
