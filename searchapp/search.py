"""Search stage: keyword queries, sorting, paging, highlighting and facets.

`Searcher` is the one interface the web UI and the CLI use; a second backend
(OpenSearch, say) would implement the same `search` and `article` methods
over the same records.
"""

from __future__ import annotations

import html
import itertools
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from whoosh import collectors, query
from whoosh import searching as whoosh_searching
from whoosh.matching import AndNotMatcher, ListMatcher, NullMatcher
from whoosh.qparser import (
    FieldAliasPlugin,
    GtLtPlugin,
    AndGroup,
    MultifieldParser,
)

from .highlight import Highlighter, QueryMatches
from .facets import FACETS, FACETS_BY_NAME, TABLES, FacetResult, doc_mask
from .index import SEP, open_live_index

SORTS = ("relevance", "newest", "oldest")
# A prefix or wildcard that stands for more words of a field than this matches them all
# at once with one score (see _ConstantScoreUnion); fewer are ranked word by word.
SCORED_EXPANSIONS = 64
# More words than this ("body:[a TO zzz]": 34,000 words, 6.9 million postings, 30 s) and
# the query is refused with advice, as Lucene's maxClauseCount does. "a*" (2,295 words
# in bodies) still runs, in about 2 s at 86,000 articles.
MAX_EXPANSIONS = 4096


class QueryTooBroad(ValueError):
    """A prefix, wildcard or range stands for too many words; the message says what to do."""
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


def minus_as_not(text: str) -> str:
    """`oil -opec` as `oil NOT opec`, as readers type it into any search box.

    Only a minus that starts a word: "Jong-un" and "2015-2016" keep their hyphens, and
    nothing changes inside quotes. (Whoosh's PlusMinusPlugin splits "Jong-un" and fails
    on a minus inside parentheses.)"""
    out: list[str] = []
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif (
            char == "-"
            and not quoted
            and (i == 0 or text[i - 1].isspace() or text[i - 1] == "(")
            and i + 1 < len(text)
            and (text[i + 1].isalnum() or text[i + 1] in '"(')
        ):
            out.append("NOT ")
            continue
        out.append(char)
    return "".join(out)


class _ConstantScoreUnion:
    """For Whoosh's prefix, wildcard and range queries: match the union of their words' postings
    in one pass, every match scoring the query's boost, instead of Or-ing one matcher a
    word (Lucene's constant-score rewrite). "pr*" stands for 742 words at 86,000
    articles: 9.9 s a page as an Or, well under a second this way. Only for expansions
    of more than SCORED_EXPANSIONS words; fewer are still ranked word by word."""

    def too_broad(self, reader) -> bool:
        return next(itertools.islice(self._btexts(reader), MAX_EXPANSIONS, None), None) is not None

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        fieldname = self.field()
        expansion = iter(self._btexts(reader))
        words = list(itertools.islice(expansion, SCORED_EXPANSIONS + 1))
        if len(words) <= SCORED_EXPANSIONS:
            return super().matcher(searcher, context)
        docs: set[int] = set()
        for word in itertools.chain(words, expansion):
            docs.update(reader.postings(fieldname, word).all_ids())
        if not docs:
            return NullMatcher()
        return ListMatcher(sorted(docs), all_weights=self.boost)


class _Prefix(_ConstantScoreUnion, query.Prefix):
    pass


class _Wildcard(_ConstantScoreUnion, query.Wildcard):
    pass


class _TermRange(_ConstantScoreUnion, query.TermRange):
    pass


def _fast_leaves(node: query.Query) -> query.Query:
    if isinstance(node, query.Every):
        return query.Every()
    if type(node) is query.Prefix:
        return _Prefix(node.fieldname, node.text, boost=node.boost)
    if type(node) is query.Wildcard:
        return _Wildcard(node.fieldname, node.text, boost=node.boost)
    if type(node) is query.TermRange:  # "[a TO c]"
        return _TermRange(
            node.fieldname, node.start, node.end, node.startexcl, node.endexcl, boost=node.boost
        )
    return node


class _AndNotMatcher(AndNotMatcher):
    """Whoosh 2.7's AndNotMatcher checks its first document against the exclusions only
    when both start on the same document; when the exclusions start earlier, the first
    match slips through ("Blinken NOT (Churkin OR Blinken)" found Blinken)."""

    def _find_first(self) -> None:
        if self.a.is_active():
            self._find_next()


class AndNot(query.AndNot):
    """Whoosh's AndNot query, with the first document checked too."""

    def matcher(self, searcher, context=None):
        return _AndNotMatcher(self.a.matcher(searcher, context), self.b.matcher(searcher, searcher.boolean_context()))


def exclusions_last(q: query.Query) -> query.Query:
    """`wheat NOT usda` as "wheat, minus usda" rather than "wheat and everything but usda".

    Whoosh matches And([wheat, Not(usda)]) by walking every document of the index
    for the Not; AndNot(wheat, usda) walks only wheat's postings: 6x faster at 86,000
    articles (docs/search.md). The same documents in the same order (Whoosh's Not only
    added 1 to every score)."""
    if isinstance(q, query.AndNot):  # typed as "a ANDNOT b"
        return AndNot(exclusions_last(q.a), exclusions_last(q.b))
    if isinstance(q, query.And):
        keep = [exclusions_last(c) for c in q.subqueries if not isinstance(c, query.Not)]
        drop = [exclusions_last(c.query) for c in q.subqueries if isinstance(c, query.Not)]
        if drop:
            positive = keep[0] if len(keep) == 1 else (query.And(keep) if keep else query.Every())
            negative = drop[0] if len(drop) == 1 else query.Or(drop)
            return AndNot(positive, negative)
        return query.And(keep, boost=q.boost)
    if isinstance(q, query.Not):
        # A query that is only exclusions ("NOT usda"): everything else.
        return AndNot(query.Every(), exclusions_last(q.query))
    if isinstance(q, query.Or):
        return query.Or([exclusions_last(c) for c in q.subqueries], boost=q.boost)
    return q


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
        q = exclusions_last(q)
        # "*" and "title:*" are Whoosh's per-field Every, which walks every term of the
        # field (19 s at 86,000 articles); every article has a body, so it is everything.
        q = q.accept(_fast_leaves)
        reader = self._searcher.reader()
        for leaf in q.leaves():
            if isinstance(leaf, _ConstantScoreUnion) and leaf.too_broad(reader):
                raise QueryTooBroad(
                    f"{leaf} stands for more than {MAX_EXPANSIONS:,} different words of this "
                    "collection; make it narrower (more letters before the *, a shorter range)."
                )
        return q

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
        ranked = request.sort == "relevance" and bool(request.q.strip()) and q is not query.NullQuery
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
            matches = QueryMatches.from_query(q, "body") if request.q.strip() else None
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
                # Highest score first, ties in index order (as Whoosh's own top-N).
                order = np.lexsort((docs, -page_scores))[page]
                hits = tuple(
                    self._hit(self._searcher.stored_fields(int(d)), matches, terms, float(sc))
                    for d, sc in zip(docs[order], page_scores[order])
                )
            else:
                # By date (also the order for browsing with no query), sorted
                # with numpy over a cached column rather than Whoosh's per-document keys.
                docs = self._by_date(current, newest=request.sort != "oldest")[page]
                hits = tuple(self._hit(self._searcher.stored_fields(int(d)), matches, terms, None) for d in docs)

        facets = tuple(f.result(counts.get(f.name, {}), request.selected(f.name), FACET_LIMIT) for f in FACETS)
        return SearchResults(request=request, total=total, hits=hits, facets=facets, error=error)

    def _by_date(self, mask: np.ndarray, newest: bool) -> np.ndarray:
        """Document numbers where `mask` is set, by date; undated last, ties in index order."""
        docs = np.flatnonzero(mask)
        day = TABLES.column(self._searcher, "day", self._folder)[docs]  # YYYYMMDD, 0 when undated
        key = -day if newest else np.where(day == 0, np.iinfo(np.int64).max, day)
        return docs[np.lexsort((docs, key))]

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

