"""Every field of a SearchRequest reaches the result cache's key: a new request field
that the key forgot would answer one search with another's cached results."""

from __future__ import annotations

import dataclasses

from searchapp.search.api import SearchRequest
from searchapp.search.cache import request_key

CHANGED = {
    "q": "Kerry", "filters": (("source", ("Yonhap",)),), "sort": "oldest", "page": 2, "per_page": 20,
    "date_from": "2016-01", "date_to": "2016-02", "undated": True, "story": "003.txt",
}


def test_every_request_field_changes_the_key():
    base = SearchRequest()
    fields = {f.name for f in dataclasses.fields(SearchRequest)}
    assert fields == set(CHANGED), "a new SearchRequest field: add it here and to request_key"
    for name, value in CHANGED.items():
        assert request_key(dataclasses.replace(base, **{name: value})) != request_key(base), name
