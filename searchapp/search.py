"""Search stage: keyword queries, sorting, paging, highlighting and facets.

`Searcher` is the one interface the web UI and the CLI use; a second backend
(OpenSearch, say) would implement the same `search` and `article` methods
over the same records.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from whoosh import collectors, query
from whoosh import searching as whoosh_searching
from whoosh.qparser import (
    FieldAliasPlugin,
    GtLtPlugin,
    AndGroup,
    MultifieldParser,
)

from .highlight import Highlighter, QueryMatches
from .facets import FACETS, FACETS_BY_NAME, TABLES, FacetResult, doc_mask
from .index import SEP, open_live_index
from .queries import QueryTooBroad, minus_as_not, rewrite

SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
FACET_LIMIT = 15

# Field prefixes a user may type ("person:kerry") -> the analyzed index field.
FIELD_ALIASES = {
    "source_text": ["source", "agency"],
    "people_text": ["person", "people"],
    "countries_text": ["country", "countries"],
    "organizations_text": ["org", "organization", "organisation", "organizations"],
    "dateline_text": ["dateline"],
}


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (facet name, chosen values)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

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
            per_page=min(MAX_PER_PAGE, max(1, _int(first("per_page"), 10))),
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
        if self.per_page != 10:
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
    error: str | None = None  # a query the parser could not read

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
            "filters": {name: list(values) for name, values in self.request.filters},
            "hits": [asdict(h) for h in self.hits],
            "facets": {
                f.name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in f.values]
                for f in self.facets
            },
        }


def scored_matches(searcher: whoosh_searching.Searcher, q: query.Query) -> tuple[np.ndarray, np.ndarray]:
    """Every document `q` matches and its score, in one pass of Whoosh's matcher."""
    collector = collectors.UnlimitedCollector()
    searcher.search_with_collector(q, collector)
    items = collector.items  # (score, document number)
    docs = np.fromiter((d for _, d in items), dtype=np.int64, count=len(items))
    scores = np.fromiter((sc for sc, _ in items), dtype=np.float64, count=len(items))
    return docs, scores


class Searcher:
    """Searches one index folder. Cheap to create; call close() when done."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self._ix = open_live_index(index_dir)
        self._searcher = self._ix.searcher()
        self._folder = Path(self._ix.storage.folder)  # the build: its facet tables too
        schema = self._ix.schema
        self._parser = MultifieldParser(["title", "body"], schema, group=AndGroup)
        self._parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        self._parser.add_plugin(GtLtPlugin())
        self._highlighter = Highlighter()

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def __enter__(self) -> "Searcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def parse(self, text: str) -> query.Query:
        if not text.strip():
            return query.Every()
        q = self._parser.parse(minus_as_not(text))
        if q is query.NullQuery:
            # Nothing searchable in the text (only punctuation, say).
            return query.NullQuery
        return rewrite(q, self._searcher.reader())

    def highlight_paragraphs(self, article: "StoredArticle", q: str) -> list[str]:
        """The article's paragraphs as HTML, with the matches of query `q` marked."""
        try:
            matches = QueryMatches.from_query(self.parse(q), "body") if q.strip() else None
        except Exception:  # noqa: BLE001 - an unreadable query just marks nothing
            matches = None
        if matches is None:
            return [html.escape(p, quote=False) for p in article.paragraphs]
        return [self._highlighter.mark_all(p, matches) for p in article.paragraphs]

    def search(self, request: SearchRequest) -> SearchResults:
        error = None
        try:
            q = self.parse(request.q)
        except Exception as err:  # noqa: BLE001 - whoosh's parser raises assorted errors on odd syntax
            q, error = query.NullQuery, (
                str(err) if isinstance(err, QueryTooBroad) else f"Could not read the query: {err}"
            )

        # Everything about filters and counts is done on boolean arrays over
        # the index's document numbers: the query's matches, and per facet
        # the documents its chosen values let through (from the FacetTables).
        # ("*" is everything, all of equal score: that is date order, without scoring.)
        ranked = request.sort == "relevance" and q is not query.NullQuery and not isinstance(q, query.Every)
        if ranked:
            # One scored pass gives both all the matches (for the counts) and their
            # scores (for the page): a phrase or prefix query is matched once, not twice.
            scored_docs, scores = scored_matches(self._searcher, q)
            matched = np.zeros(self._searcher.doc_count_all(), dtype=bool)
            matched[scored_docs] = True
        else:
            matched = doc_mask(self._searcher, q)
        size = len(matched)
        tables = {f.name: TABLES.get(self._searcher, f.name, self._folder) for f in FACETS}
        filter_masks = {
            name: FACETS_BY_NAME[name].filter_mask(tables[name], values, size) for name, values in request.filters
        }
        current = np.logical_and.reduce([matched, *filter_masks.values()])

        # Facet counts: over the current results, except that a disjunctive
        # facet with chosen values is counted without its own filter.
        counts = {}
        for f in FACETS:
            mask = current
            if f.disjunctive and f.name in filter_masks:
                mask = np.logical_and.reduce([matched, *(m for k, m in filter_masks.items() if k != f.name)])
            counts[f.name] = tables[f.name].count(mask)

        total = int(current.sum())
        hits: tuple[Hit, ...] = ()
        # Whoosh clamps a page past the end to the last page; a reader who
        # asked for page 99 of 3 should see that it is empty instead.
        first = (request.page - 1) * request.per_page
        if total and first < total:
            matches = None if isinstance(q, query.Every) else QueryMatches.from_query(q, "body")
            # The body terms the query matches in the index, with the expansions of
            # prefix and wildcard queries that the query tree does not list. Per leaf:
            # Whoosh's existing_terms() on a compound query loses terms.
            reader = self._searcher.reader()
            terms = (
                _body_terms(t for leaf in q.leaves() for t in leaf.existing_terms(reader, expand=True))
                if matches
                else frozenset()
            )
            page = slice(first, first + request.per_page)
            if ranked:
                keep = current[scored_docs]
                docs, page_scores = scored_docs[keep], scores[keep]
                # Highest score first; ties (the same story filed twice, or every hit of
                # a wide prefix, which all score alike) newest first, undated last.
                order = self._order(docs, scores=page_scores)[page]
                hits = tuple(
                    self._hit(self._searcher.stored_fields(int(d)), matches, terms, float(sc))
                    for d, sc in zip(docs[order], page_scores[order])
                )
            else:
                # By date (also the order for browsing with no query), sorted
                # with numpy over a cached column rather than Whoosh's per-document keys.
                docs = np.flatnonzero(current)
                docs = docs[self._order(docs, newest=request.sort != "oldest")[page]]
                hits = tuple(self._hit(self._searcher.stored_fields(int(d)), matches, terms, None) for d in docs)

        facets = tuple(f.result(counts.get(f.name, {}), request.selected(f.name), FACET_LIMIT) for f in FACETS)
        return SearchResults(request=request, total=total, hits=hits, facets=facets, error=error)

    def _order(self, docs: np.ndarray, newest: bool = True, scores: np.ndarray | None = None) -> np.ndarray:
        """Positions of `docs` in reading order: by score when given, then by date (newest
        or oldest first, undated last), then in index order."""
        day = TABLES.column(self._searcher, "day", self._folder)[docs]  # YYYYMMDD, 0 when undated
        by_date = -day if newest else np.where(day == 0, np.iinfo(np.int64).max, day)
        return np.lexsort((docs, by_date) if scores is None else (docs, by_date, -scores))

    def _hit(self, stored: dict, matches: QueryMatches | None, matched: frozenset[str], score: float | None) -> Hit:
        """A hit from its stored fields; `matched` are the body terms the index
        matched, which include expansions of prefix and wildcard queries that
        the query tree does not list."""
        body = stored.get("body", "")
        snippet = ""
        if matches is not None:
            snippet = self._highlighter.snippet(body, matches, matched - _phrase_words(matches))
        if not snippet:
            snippet = html.escape(_lead(body), quote=False)
        return Hit(
            id=stored["id"],
            title=stored.get("title", ""),
            source=stored.get("source", ""),
            published=_iso_date(stored),
            published_text=stored.get("published_text"),
            dateline=stored.get("dateline"),
            snippet=snippet,
            url=stored.get("url"),
            path=stored.get("path", ""),
            score=score,
        )

    def article(self, article_id: str) -> StoredArticle | None:
        stored = self._searcher.document(id=article_id)
        if stored is None:
            return None

        def listed(name: str) -> tuple[str, ...]:
            ids = stored.get(name)
            facet = FACETS_BY_NAME[name]
            return tuple(sorted(facet.value(i) for i in ids.split(SEP))) if ids else ()

        return StoredArticle(
            id=stored["id"],
            path=stored.get("path", ""),
            url=stored.get("url"),
            title=stored.get("title", ""),
            body=stored.get("body", ""),
            source=stored.get("source", ""),
            published=_iso_date(stored),
            published_text=stored.get("published_text"),
            dateline=stored.get("dateline"),
            version=stored.get("version"),
            notes=tuple(stored.get("notes") or ()),
            signoff=stored.get("signoff"),
            people=listed("people"),
            countries=listed("countries"),
            organizations=listed("organizations"),
        )


def _iso_date(stored: dict) -> str | None:
    published = stored.get("published")
    return published.date().isoformat() if published else None


def _body_terms(terms) -> frozenset[str]:
    return frozenset(t.decode("utf-8") if isinstance(t, bytes) else t for f, t in terms if f == "body")


def _phrase_words(matches: QueryMatches) -> frozenset[str]:
    # Words that occur in the query only inside a phrase must not be marked alone.
    return frozenset(w for p in matches.phrases for w in p) - matches.terms


def _lead(body: str, limit: int = 240) -> str:
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _int(text: str, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default

