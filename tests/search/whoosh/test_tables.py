"""Facet counts (FacetTable.count): a few matches are counted from their own entries, many
in one pass over every entry; both give the counts made by hand, for any table and mask."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from searchapp.search.whoosh import tables
from searchapp.search.whoosh.tables import FacetTable

VALUES = ("Reuters", "Yonhap", "Xinhua", "UN", "NATO")


@st.composite
def table_and_mask(draw):
    size = draw(st.integers(1, 60))
    # Entries in the order a segment's postings give them: by value, then by document.
    pairs = sorted(draw(st.sets(st.tuples(st.integers(0, len(VALUES) - 1), st.integers(0, size - 1)), max_size=120)))
    table = FacetTable(
        values=VALUES,
        entry_doc=np.array([d for _v, d in pairs], dtype=np.int32),
        entry_value=np.array([v for v, _d in pairs], dtype=np.int32),
    )
    mask = np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size)), dtype=bool)
    return table, mask, pairs


@given(table_and_mask(), st.sampled_from([0.0, 1.0, 1 / 16]))
@settings(max_examples=300)
def test_counts_are_those_made_by_hand(drawn, share):
    table, mask, pairs = drawn
    expected = Counter(VALUES[v] for v, d in pairs if mask[d])
    before = tables.SPARSE_COUNT_SHARE
    tables.SPARSE_COUNT_SHARE = share  # 0: always one pass over every entry; 1: always gathered
    try:
        assert table.count(mask) == dict(expected)
    finally:
        tables.SPARSE_COUNT_SHARE = before
