"""Fixtures for the Whoosh backend's own tests: the seed index opened with Whoosh itself,
to compare the backend with what plain Whoosh does."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from whoosh import query
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher as WhooshSearcher

from searchapp.search import open_backend
from searchapp.search.api import BackendConfig
from searchapp.search.whoosh.build import open_live_index
from searchapp.search.whoosh.queries import make_parser, parse


@dataclass
class PlainWhoosh:
    """The seed index as Whoosh sees it, with the backend's parser."""

    searcher: WhooshSearcher
    parser: QueryParser

    def parse(self, text: str) -> query.Query:
        """The text as the backend runs it (rewritten)."""
        return parse(self.parser, text, self.searcher.reader())


@pytest.fixture(scope="module")
def plain(seed_index):
    ix = open_live_index(seed_index)
    with ix.searcher() as searcher:
        yield PlainWhoosh(searcher, make_parser(ix.schema))
    ix.close()


@pytest.fixture(scope="module")
def searcher(seed_index):
    with open_backend(BackendConfig(str(seed_index))).searcher() as s:
        yield s
