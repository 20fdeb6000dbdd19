"""The search interface: what the web UI and the CLI ask of a search backend, and the
records they get back. Nothing here knows which search library answers.

    backend = open_backend(BackendConfig(location="index/"))   # searchapp.search
    backend.rebuild(articles)                # a complete new index, swapped in atomically
    backend.update(plan)                     # the live index and some changes, swapped in atomically
    with backend.searcher() as searcher:     # one consistent view of the collection
        results = searcher.search(SearchRequest.from_args(request.args))

A backend is a `SearchBackend`, in a package of searchapp.search (the Whoosh one first).
docs/architecture.md says how each method maps onto OpenSearch's APIs. The contract
tests (tests/search/contract/) hold every backend to the same behaviour.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Protocol

from searchapp.records import Article, Rejected, Removed

from .dates import Timeline, split_query
from .facets import FACETS, FacetResult

SORTS = ("relevance", "newest", "oldest")
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
# An export (CSV, JSON lines) gives every hit of a search up to this many: a whole
# collection of the size we aim at, streamed, never the whole of a larger one by mistake.
MAX_EXPORT_ROWS = 100_000


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
    # A date range, as typed (YYYY, YYYY-MM or YYYY-MM-DD; "" for open): searchapp.search.dates.
    date_from: str = ""
    date_to: str = ""
    undated: bool = False  # only the articles with no date
    # One story's articles, every version shown (a story id); "" for one hit per story.
    story: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, Sequence[str]]) -> SearchRequest:
        """Build from URL-style parameters: q, sort, page, per_page, from, to, undated,
        and one repeated parameter per facet (`source=Yonhap&source=VOA`)."""

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
            date_from=first("from").strip()[:MAX_DATE_CHARS],
            date_to=first("to").strip()[:MAX_DATE_CHARS],
            undated=first("undated") in ("1", "true", "yes"),
            story=first("story").strip()[:MAX_STORY_CHARS],
        )

    def selected(self, facet: str) -> tuple[str, ...]:
        return dict(self.filters).get(facet, ())

    def to_params(self) -> list[tuple[str, str]]:
        """The request as URL parameters (defaults left out), the inverse of from_args."""
        params = [("q", self.q)] if self.q else []
        for name, values in self.filters:
            params.extend((name, v) for v in values)
        if self.date_from:
            params.append(("from", self.date_from))
        if self.date_to:
            params.append(("to", self.date_to))
        if self.undated:
            params.append(("undated", "1"))
        if self.story:
            params.append(("story", self.story))
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            params.append(("per_page", str(self.per_page)))
        if self.page != 1:
            params.append(("page", str(self.page)))
        return params

    def toggled(self, facet: str, value: str) -> SearchRequest:
        """This request with `value` of `facet` chosen or unchosen, back on page 1."""
        filters = dict(self.filters)
        chosen = filters.get(facet, ())
        chosen = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
        filters[facet] = chosen
        ordered = tuple((f.name, filters[f.name]) for f in FACETS if filters.get(f.name))
        return replace(self, filters=ordered, page=1)

    def with_page(self, page: int) -> SearchRequest:
        return replace(self, page=page)

    def with_sort(self, sort: str) -> SearchRequest:
        return replace(self, sort=sort, page=1)

    def with_story(self, story: str) -> SearchRequest:
        """Every version of one story (or, with "", one hit per story again), on page 1."""
        return replace(self, story=story, page=1)

    def with_query(self, q: str) -> SearchRequest:
        return replace(self, q=q, page=1)

    def with_dates(self, date_from: str = "", date_to: str = "", undated: bool = False) -> SearchRequest:
        """This request over another date range (or only the undated articles), on page 1."""
        return replace(self, date_from=date_from, date_to=date_to, undated=undated, page=1)


# A date bound is at most YYYY-MM-DD; anything longer is cut before it is read.
MAX_DATE_CHARS = 20
# A story id is an article id: a path; longer ones are cut.
MAX_STORY_CHARS = 1_000


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
    title_html: str = ""  # the title as HTML, its matches in <mark> (as the snippet)
    story: str = ""  # the story's id (ingest/stories.py)
    versions: int = 1  # articles of its story among the results (this one shown for them)
    sources: int = 1  # sources of those articles


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
    story: str
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
    timeline: Timeline | None = None  # the hits per day, month or year, and the undated
    suggestion: str | None = None  # did-you-mean: the query with its unknown words corrected
    stories: int | None = None  # the stories the hits are grouped in (None: not grouped)
    ranked: bool | None = None  # whether the hits are in score order (None: the backend did not say)

    @property
    def order(self) -> str:
        """The order the hits are in: with nothing to rank by (no query, "*", only facet
        words such as country:japan), newest first, whatever the request's sort says."""
        if self.request.sort == "relevance" and (
            self.ranked is False or (self.ranked is None and split_query(self.request.q)[0].strip() in ("", "*"))
        ):
            return "newest"
        return self.request.sort

    @property
    def pages(self) -> int:
        shown = self.total if self.stories is None else self.stories  # one hit per story
        return max(1, math.ceil(shown / self.request.per_page))

    def to_json(self) -> dict:
        return {
            "q": self.request.q,
            "sort": self.order,
            "page": self.request.page,
            "per_page": self.request.per_page,
            "pages": self.pages,
            "total": self.total,
            "stories": self.stories,
            "story": self.request.story or None,
            "error": self.error,
            "suggestion": self.suggestion,
            "partial": self.partial,
            "filters": {name: list(values) for name, values in self.request.filters},
            "from": self.request.date_from or None,
            "to": self.request.date_to or None,
            "undated": self.request.undated,
            "hits": [asdict(h) for h in self.hits],
            "facets": {
                f.name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in f.values]
                for f in self.facets
            },
            "timeline": None if self.timeline is None else {
                "unit": self.timeline.unit,
                "periods": [{"period": p.label, "count": p.count, "from": p.date_from, "to": p.date_to}
                            for p in self.timeline.periods],
                "undated": self.timeline.undated,
            },
        }


@dataclass(frozen=True)
class Export:
    """Every hit of a search (up to a limit), in the request's order, for CSV or JSON lines.
    `articles` is a one-pass iterator, read while the searcher that made it is open."""

    request: SearchRequest
    total: int
    articles: Iterator[StoredArticle]
    error: str | None = None
    partial: bool = False


@dataclass
class BuildReport:
    """What a rebuild or an update did: how many articles it indexed (an update: added or
    replaced), what it skipped and why, how many it removed (an update), and where the
    index now live lives (a folder for Whoosh)."""

    indexed: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    removed: int = 0
    location: str | None = None


# What a build or an update is given: an article to index (an update: to add, or to
# replace the one of its id), a document that could not be used (an update: no longer
# indexed either), or one the collection no longer has.
Change = Article | Rejected | Removed
# Named files the caller keeps with a build (the collection's manifest: what was read
# from which file), asked for once every item is written, stored with the build and
# swapped in with it, so that the next update starts from the state the index is in.
StateFiles = Callable[[], Mapping[str, bytes]]
# An update's changes, made once the update holds the index: given a reader of the
# live build's state files (by name; None for one it lacks), the items to apply.
UpdatePlan = Callable[[Callable[[str], "bytes | None"]], Iterable[Change]]


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

    def facet(self, request: SearchRequest, name: str) -> FacetResult:
        """Every value of facet `name` with its count over the request's results (counted
        as in search()), for the facet's own page; chosen values included."""
        ...

    def export(self, request: SearchRequest, limit: int) -> Export:
        """The first `limit` hits of the request as whole articles, in its order (page and
        per_page ignored), and the total."""
        ...

    def article(self, article_id: str) -> StoredArticle | None: ...

    def related(self, article_id: str, limit: int) -> tuple[Hit, ...]:
        """Up to `limit` other articles most like this one by content (more-like-this),
        best first; copies of its text left out. () for an unknown id."""
        ...

    def highlight_paragraphs(self, article: StoredArticle, q: str) -> list[str]:
        """The article's paragraphs as HTML, the matches of query `q` in <mark>, all
        other text escaped."""
        ...

    def highlight_title(self, article: StoredArticle, q: str) -> str:
        """The article's title as HTML, marked as highlight_paragraphs marks the text."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Searcher: ...

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
        state: StateFiles | None = None,
    ) -> BuildReport:
        """Index every Article of `items` into a new index and swap it in atomically,
        calling `on_item` after each item; `state`'s files are kept with it. Searchers
        already open keep their view. When nothing could be indexed (EmptyBuild) or
        anything fails, the old index stays live. One rebuild or update at a time:
        BuildInProgress while another runs, unless `wait`."""
        ...

    def update(
        self,
        plan: UpdatePlan,
        on_item: Callable[[Change], None] | None = None,
        wait: bool = False,
        state: StateFiles | None = None,
    ) -> BuildReport:
        """Apply changes to the live index and swap the result in atomically: holding the
        index (no rebuild can swap another in meanwhile), call `plan` with a reader of
        the live build's state files, and apply each item it gives (an Article added or
        replacing the one of its id; a Rejected or Removed one's article taken out).
        Searches go on meanwhile, on the index as it was. Nothing changed (no item, the
        same state): no new build. IndexNotFound when there is no index; EmptyBuild when
        no article would be left; on any failure the old index stays live."""
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
