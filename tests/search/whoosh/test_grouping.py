"""How many distinct sources each story's hits have (backend._distinct_per_group): the
count np.unique over (story, source) pairs gives, for any stories and sources."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from searchapp.search.whoosh.backend import _distinct_per_group


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(-1, 5)), max_size=60), st.integers(0, 3))
def test_distinct_sources_per_story(pairs, extra_groups):
    groups = np.array([g for g, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.int32)
    n_groups = (int(groups.max()) + 1 if len(groups) else 0) + extra_groups
    expected = np.zeros(n_groups, dtype=np.int64)
    if len(pairs):
        distinct = np.unique(np.stack([groups, values.astype(np.int64)]), axis=1)
        expected += np.bincount(distinct[0], minlength=n_groups)
    assert _distinct_per_group(groups, values, n_groups).tolist() == expected.tolist()
