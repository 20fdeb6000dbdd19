"""The Whoosh search backend: `SearchBackend` and `Searcher` of searchapp.search.api over
a Whoosh index folder (build.py) whose fields schema.py describes.

A search is done on boolean arrays over the index's document numbers: the query's
matches (one scored pass of Whoosh's matcher), and per facet the documents its chosen
values let through (from the facet tables, tables.py). Counts, filters, sorting and
paging are numpy operations on those arrays; Whoosh itself only matches and scores.

Each build of the index is opened once per process (a `_Generation`) and shared by every
searcher of that process that reads it: opening a Whoosh searcher on 86,000 articles
takes about 55 ms and some 300 MB (its readers copy the segment's files into memory),
so one per request cost the browser more than the search itself (issue 13). A searcher
is then a cheap handle; the backend notices a rebuild or rollback (the `current` link
names another build) on the next `searcher()`, opens the new build, and closes the old
one when the last handle reading it closes.
"""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from whoosh import query
from whoosh.index import Index

from searchapp.records import Article, Rejected

from .. import checks
from ..api import BuildReport, Hit, QueryTooBroad, SearchRequest, SearchResults, StoredArticle
from ..cache import LRU, ResultCache
from ..facets import FACET_LIMIT, FACETS, FACETS_BY_NAME
from ..highlight import Highlighter, QueryMatches, lead
from .analysis import analyze
from .build import build_index, live_build, open_live_index, rollback
from .queries import (
    DocSet,
    filter_docs,
    make_parser,
    matched_terms,
    matching_docs,
    parse,
    query_matches,
    scored_matches,
    split_filters,
)
from .schema import BODY, DAY, hit_fields, stored_article
from .scoring import TermScores, array_scored_matches
from .tables import TABLES, doc_mask, filter_mask


# Filter masks kept per build: one byte per document each (86 KB at 86,000 articles).
FILTER_MASK_ENTRIES = 64


class _Generation:
    """One build of the index, opened once in this process and shared by the searchers
    that read it; closed once it is no longer live and no searcher uses it."""

    def __init__(self, ix: Index) -> None:
        self.ix = ix
        self.searcher = ix.searcher()
        self.folder = Path(ix.storage.folder)  # the build: its facet tables too
        self.parser = make_parser(ix.schema)
        self.highlighter = Highlighter(analyze)
        # This build's answers: a swap to another build starts with an empty cache.
        self.results = ResultCache()
        # Its filter masks ("source:Reuters"), as boolean arrays over the documents.
        self.filters: LRU[query.Query, np.ndarray] = LRU(FILTER_MASK_ENTRIES)
        # Its words' scores, as arrays (scoring.py).
        self.terms = TermScores()
        # Whoosh's readers are not thread-safe: a posting list is read by seeking and
        # reading a file object the whole reader shares, so two threads matching at
        # once read each other's blocks ("Block tag error"). Searches of one build take
        # turns; with the GIL, threads of one process never ran them in parallel anyway,
        # and the server's processes still do.
        self.lock = threading.RLock()
        self.pid = os.getpid()  # a build opened before a fork is not the child's to use
        self._users = 0
        self._live = True
        self._closed = False
        self._count = threading.Lock()

    def acquire(self) -> None:
        with self._count:
            self._users += 1

    def release(self) -> None:
        with self._count:
            self._users -= 1
            close = not self._live and self._users == 0
        if close:
            self._close()

    def retire(self) -> None:
        """No longer the live build: close now if unused, else when the last user leaves."""
        with self._count:
            self._live = False
            close = self._users == 0
        if close:
            self._close()

    @property
    def closed(self) -> bool:
        return self._closed

    def _close(self) -> None:
        with self.lock:  # not under a search still running (users are counted, but be safe)
            if not self._closed:
                self._closed = True
                self.searcher.close()
                self.ix.close()


class WhooshBackend:
    """A collection indexed with Whoosh in one folder (`index_dir`)."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.index_dir = Path(index_dir)
        self._live: _Generation | None = None
        self._lock = threading.Lock()
        self.generations_opened = 0  # how many builds this backend opened (tests, benchmarks)

    def searcher(self) -> "WhooshSearcher":
        return WhooshSearcher(self._generation())

    def _generation(self) -> _Generation:
        """The live build, shared: reopened when `current` names another build."""
        with self._lock:
            live = self._live
            if live is not None and live.pid == os.getpid() and live.folder == live_build(self.index_dir):
                live.acquire()
                return live
            self._live = None
            if live is not None and live.pid == os.getpid():
                live.retire()
            generation = _Generation(open_live_index(self.index_dir))  # IndexNotFound with advice
            self.generations_opened += 1
            generation.acquire()
            self._live = generation
            return generation

    def rebuild(
        self,
        items: Iterable[Article | Rejected],
        on_item: Callable[[Article | Rejected], None] | None = None,
        wait: bool = False,
    ) -> BuildReport:
        return build_index(items, self.index_dir, on_item=on_item, wait=wait)

    def rollback(self) -> str:
        return rollback(self.index_dir)


class WhooshSearcher:
    """Searches one build of the index (the one `current` named when it was opened): a
    handle on the build's shared Whoosh searcher, for one request or one command."""

    def __init__(self, generation: _Generation) -> None:
        self._generation = generation
        self._searcher = generation.searcher
        self._folder = generation.folder
        self._parser = generation.parser
        self._highlighter = generation.highlighter
        self._closed = False

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._generation.release()

    def __enter__(self) -> "WhooshSearcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _parse(self, text: str) -> query.Query:
        return parse(self._parser, text, self._searcher.reader())

    def highlight_paragraphs(self, article: StoredArticle, q: str) -> list[str]:
        with self._generation.lock:
            return self._highlight_paragraphs(article, q)

    def _highlight_paragraphs(self, article: StoredArticle, q: str) -> list[str]:
        try:
            matches = query_matches(self._parse(q), BODY) if q.strip() and not checks.refusal(q) else None
        except Exception:  # noqa: BLE001 - an unreadable query just marks nothing
            matches = None
        if matches is None:
            return [html.escape(p, quote=False) for p in article.paragraphs]
        return [self._highlighter.mark_all(p, matches) for p in article.paragraphs]

    def search(self, request: SearchRequest) -> SearchResults:
        cached = self._generation.results.get(request)
        if cached is not None:
            return cached
        with self._generation.lock:
            results = self._search(request)
        self._generation.results.put(results)
        return results

    def _search(self, request: SearchRequest) -> SearchResults:
        q, error = self._read(request.q)
        # Words of a facet ("source:Reuters") narrow the matches as masks, unscored.
        run, required, excluded = (q, [], []) if q is query.NullQuery else split_filters(q)
        run = query.Every() if run is None else run
        masks = []
        for f in required:
            if not isinstance(run, query.Every) and f.estimate_size(self._reader) < run.estimate_size(self._reader):
                # The filter is the narrower ("country:japan oil"): Whoosh then matches
                # along it, skipping most of the rest's postings, still not scoring it.
                run = query.Require(run, f)
            else:
                masks.append(self._filter(f))
        masks.extend(~self._filter(f) for f in excluded)

        size = self._searcher.doc_count_all()
        tables = {f.name: TABLES.get(self._searcher, f.name, self._folder) for f in FACETS}
        filter_masks = {
            name: filter_mask(FACETS_BY_NAME[name], tables[name], values, size) for name, values in request.filters
        }
        # Every count and hit is of matches that pass the chosen values of the conjunctive
        # facets (only a disjunctive facet is counted without its own filter), so Whoosh
        # need match only there: a phrase then checks positions in those documents alone.
        narrowing = [m for name, m in filter_masks.items() if not FACETS_BY_NAME[name].disjunctive]
        within = DocSet(np.flatnonzero(np.logical_and.reduce(narrowing))) if narrowing else None

        # ("*" is everything, all of equal score: that is date order, without scoring.)
        ranked = request.sort == "relevance" and run is not query.NullQuery and not isinstance(run, query.Every)
        if ranked:
            # One scored pass gives both all the matches (for the counts) and their
            # scores (for the page): a phrase or prefix query is matched once, not twice.
            # From cached arrays of the words' scores where it can, else by Whoosh's matcher.
            arrays = array_scored_matches(
                self._searcher, run, self._generation.terms, self._folder, checks.SEARCH_TIME_LIMIT, within
            )
            if arrays is None:
                whole = query.Require(run, within) if within is not None else run
                arrays = scored_matches(self._searcher, whole, checks.SEARCH_TIME_LIMIT)
            scored_docs, scores, partial = arrays
            matched = np.zeros(self._searcher.doc_count_all(), dtype=bool)
            matched[scored_docs] = True
        elif isinstance(run, query.Every) or run is query.NullQuery:
            matched, partial = doc_mask(self._searcher, run), False
        else:
            docs, partial = matching_docs(self._searcher, run, checks.SEARCH_TIME_LIMIT)
            matched = np.zeros(self._searcher.doc_count_all(), dtype=bool)
            matched[docs] = True
        for mask in masks:
            matched &= mask
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
            matches = None if isinstance(q, query.Every) else query_matches(q, BODY)
            terms = matched_terms(q, self._searcher.reader(), BODY) if matches else frozenset()
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

        if error is None and total == 0:
            error = checks.unbalanced(request.q)  # read as plain words, and found nothing
        facets = tuple(f.result(counts.get(f.name, {}), request.selected(f.name), FACET_LIMIT) for f in FACETS)
        return SearchResults(request=request, total=total, hits=hits, facets=facets, error=error, partial=partial)

    @property
    def _reader(self):
        return self._searcher.reader()

    def _filter(self, f: query.Query) -> np.ndarray:
        """The documents filter `f` lets through, as a boolean array (cached per build:
        a reader narrowing by source or country pages through it, toggling facets)."""
        def build() -> np.ndarray:
            mask = np.zeros(self._searcher.doc_count_all(), dtype=bool)
            mask[filter_docs(self._searcher, f)] = True
            mask.flags.writeable = False  # shared by later searches
            return mask

        return self._generation.filters.get(f, build)

    def _read(self, text: str) -> tuple[query.Query, str | None]:
        """The query to run for the reader's `text`, or NullQuery and what was wrong with
        it: over a limit (checked before parsing), too broad, or unreadable."""
        refused = checks.refusal(text)
        if refused:
            return query.NullQuery, refused
        try:
            q = self._parse(text)
        except QueryTooBroad as err:
            return query.NullQuery, str(err)
        except RecursionError:
            return query.NullQuery, checks.unreadable(checks.TOO_NESTED)
        except Exception:  # noqa: BLE001 - whoosh's parser raises assorted errors on odd syntax
            return query.NullQuery, checks.unreadable(checks.UNBALANCED if checks.unbalanced(text) else checks.SYNTAX)
        if q is query.NullQuery:  # only signs ("???", "^")
            return q, checks.unreadable(checks.NO_WORDS)
        return q, None

    def _order(self, docs: np.ndarray, newest: bool = True, scores: np.ndarray | None = None) -> np.ndarray:
        """Positions of `docs` in reading order: by score when given, then by date (newest
        or oldest first, undated last), then in index order."""
        day = TABLES.column(self._searcher, DAY, self._folder)[docs]  # YYYYMMDD, 0 when undated
        by_date = -day if newest else np.where(day == 0, np.iinfo(np.int64).max, day)
        return np.lexsort((docs, by_date) if scores is None else (docs, by_date, -scores))

    def _hit(self, stored: dict, matches: QueryMatches | None, matched: frozenset[str], score: float | None) -> Hit:
        """A hit from its stored fields; `matched` are the body terms the index
        matched, which include expansions of prefix and wildcard queries that
        the query tree does not list."""
        body = stored.get(BODY, "")
        snippet = ""
        if matches is not None:
            snippet = self._highlighter.snippet(body, matches, matched - matches.phrase_only_words())
        if not snippet:
            snippet = html.escape(lead(body), quote=False)
        return Hit(**hit_fields(stored), snippet=snippet, score=score)

    def article(self, article_id: str) -> StoredArticle | None:
        with self._generation.lock:
            stored = self._searcher.document(id=article_id)
        return None if stored is None else stored_article(stored)
