"""The search interface: what the web UI and the CLI ask of a search backend, and the
records they get back. Nothing here knows which search library answers.

    backend = open_backend(BackendConfig(location="index/"))   # searchapp.search
    backend.rebuild(articles)                # a complete new index, swapped in atomically
    with backend.searcher() as searcher:     # one consistent view of the collection
        results = searcher.search(SearchRequest.from_args(request.args))

A backend is a `SearchBackend`, in a package of searchapp.search (the Whoosh one first).
docs/architecture.md says how each method maps onto OpenSearch's APIs. The contract
tests (tests/search/contract/) hold every backend to the same behaviour.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

from searchapp.records import Article, Rejected

from .facets import FACETS, FacetResult

SORTS = ("relevance", "newest", "oldest")
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100


# --------------------------------------------------------------------------- errors


class SearchError(Exception):
    """Base of the errors a backend raises; each message says what to do."""


class IndexNotFound(SearchError):
    """The index is missing or unusable."""


class EmptyBuild(SearchError):
    """No document could be indexed; the live index was left as it was."""

    def __init__(self, rejected: list[Rejected]) -> None:
        super().__init__(
            f"No document could be indexed ({len(rejected)} skipped); the existing index is unchanged."
        )
        self.rejected = rejected


class BuildInProgress(SearchError):
    """Another build of the same index is running; the message says whose and what to do."""


class NothingToRollBack(SearchError):
    """There is no earlier build to make live again."""


class QueryTooBroad(SearchError, ValueError):
    """A prefix, wildcard or range stands for too many words (shown to the reader as the
    results' error, not raised out of search())."""


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (facet name, chosen values)
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def from_args(cls, args: Mapping[str, Sequence[str]]) -> "SearchRequest":
        """Build from URL-style parameters: q, sort, page, per_page, and one
        repeated parameter per facet (`source=Yonhap&source=VOA`)."""

        def first(name: str, default: str = "") -> str:
            values = args.get(name) or []
            return values[0] if values else default

        filters = []
        for facet in FACETS:
            chosen = tuple(dict.fromkeys(v for v in args.get(facet.name, []) if v))
            if chosen:
                filters.append((facet.name, chosen))
        sort = first("sort", "relevance")
        return cls(
            q=first("q").strip(),
            filters=tuple(filters),
            sort=sort if sort in SORTS else "relevance",
            page=max(1, _int(first("page"), 1)),
            per_page=_per_page(_int(first("per_page"), DEFAULT_PER_PAGE)),
        )

    def selected(self, facet: str) -> tuple[str, ...]:
        return dict(self.filters).get(facet, ())

    def to_params(self) -> list[tuple[str, str]]:
        """The request as URL parameters (defaults left out), the inverse of from_args."""
        params = [("q", self.q)] if self.q else []
        for name, values in self.filters:
            params.extend((name, v) for v in values)
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            params.append(("per_page", str(self.per_page)))
        if self.page != 1:
            params.append(("page", str(self.page)))
        return params

    def toggled(self, facet: str, value: str) -> "SearchRequest":
        """This request with `value` of `facet` chosen or unchosen, back on page 1."""
        filters = dict(self.filters)
        chosen = filters.get(facet, ())
        chosen = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
        filters[facet] = chosen
        ordered = tuple((f.name, filters[f.name]) for f in FACETS if filters.get(f.name))
        return SearchRequest(self.q, ordered, self.sort, 1, self.per_page)

    def with_page(self, page: int) -> "SearchRequest":
        return SearchRequest(self.q, self.filters, self.sort, page, self.per_page)

    def with_sort(self, sort: str) -> "SearchRequest":
        return SearchRequest(self.q, self.filters, sort, 1, self.per_page)


def _per_page(n: int) -> int:
    """A page size asked for: the default for none (0 or less), at most MAX_PER_PAGE."""
    return DEFAULT_PER_PAGE if n < 1 else min(MAX_PER_PAGE, n)


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


# --------------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    source: str
    published: str | None  # ISO date
    published_text: str | None
    dateline: str | None
    snippet: str  # HTML: <mark> around matches, everything else escaped
    url: str | None
    path: str
    score: float | None


@dataclass(frozen=True)
class StoredArticle:
    """An article as the index gives it back; entities by their current canonical names."""

    id: str
    path: str
    url: str | None
    title: str
    body: str
    source: str
    published: str | None
    published_text: str | None
    dateline: str | None
    version: str | None
    notes: tuple[str, ...]
    signoff: str | None
    people: tuple[str, ...]
    countries: tuple[str, ...]
    organizations: tuple[str, ...]
    # The article could not be told from its page: the body is the page's text.
    body_guessed: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: tuple[FacetResult, ...]
    error: str | None = None  # a query the backend could not read, said for the reader
    partial: bool = False  # matching stopped at the time limit: the hits found by then

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.request.per_page))

    def to_json(self) -> dict:
        return {
            "q": self.request.q,
            "sort": self.request.sort,
            "page": self.request.page,
            "per_page": self.request.per_page,
            "pages": self.pages,
            "total": self.total,
            "error": self.error,
            "partial": self.partial,
            "filters": {name: list(values) for name, values in self.request.filters},
            "hits": [asdict(h) for h in self.hits],
            "facets": {
                f.name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in f.values]
                for f in self.facets
            },
        }


@dataclass
class BuildReport:
    """What a rebuild did: how many articles it indexed, what it skipped and why, and
    where the new index lives (a folder for Whoosh)."""

    indexed: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    location: str | None = None


# --------------------------------------------------------------------------- the protocol


class Searcher(Protocol):
    """One consistent view of a collection: every call sees the same index, even when a
    rebuild swaps in a new one meanwhile. Cheap to open; close it when done."""

    def search(self, request: SearchRequest) -> SearchResults:
        """A page of hits, the total and the counts of every facet in FACETS.

        Choosing several values of a disjunctive facet means any of them, and its counts
        are taken without its own filter; several values of a conjunctive facet mean all
        of them, counted over the current results. A query the backend cannot read gives
        no hits and `error` set; it never raises."""
        ...

    def article(self, article_id: str) -> StoredArticle | None: ...

    def highlight_paragraphs(self, article: StoredArticle, q: str) -> list[str]:
        """The article's paragraphs as HTML, the matches of query `q` in <mark>, all
        other text escaped."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> "Searcher": ...

    def __exit__(self, *exc: object) -> None: ...


class SearchBackend(Protocol):
    """A collection's index: searched through `searcher()`, replaced by `rebuild()`."""

    def searcher(self) -> Searcher:
        """Open the live index; raises IndexNotFound (with advice) when there is none."""
        ...

    def rebuild(
        self,
        items: Iterable[Article | Rejected],
        on_item: Callable[[Article | Rejected], None] | None = None,
        wait: bool = False,
    ) -> BuildReport:
        """Index every Article of `items` into a new index and swap it in atomically,
        calling `on_item` after each item. Searchers already open keep their view. When
        nothing could be indexed (EmptyBuild) or anything fails, the old index stays live.
        One rebuild at a time: BuildInProgress while another runs, unless `wait`."""
        ...

    def rollback(self) -> str:
        """Make the index that was live before the last rebuild live again (atomically);
        returns where it lives. NothingToRollBack when there is none."""
        ...


@dataclass(frozen=True)
class BackendConfig:
    """Which backend serves a collection, and where its index lives."""

    location: str  # Whoosh: the index folder
    kind: str | None = None  # a name in searchapp.search.BACKENDS; None for the default
