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

import dataclasses
import html
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import query
from whoosh.index import Index

from searchapp.records import Article, Rejected

from .. import checks, dates
from ..api import (
    BuildReport,
    Change,
    Export,
    Hit,
    QueryTooBroad,
    SearchRequest,
    SearchResults,
    StateFiles,
    StoredArticle,
    UpdatePlan,
)
from ..cache import LRU, ResultCache
from ..facets import FACET_LIMIT, FACETS, FACETS_BY_NAME, Facet, FacetResult
from ..highlight import Highlighter, QueryMatches, lead
from .analysis import analyze
from .build import build_index, live_build, open_live_index, rollback, update_index
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
    suggestion,
)
from .schema import BODY, DAY, STORY_KEY, hit_fields, stored_article, story_key
from .scoring import TermScores, array_scored_matches
from .tables import TABLES, FacetTable, doc_mask, filter_mask

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

    def searcher(self) -> WhooshSearcher:
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
        state: StateFiles | None = None,
    ) -> BuildReport:
        return build_index(items, self.index_dir, on_item=on_item, wait=wait, state=state)

    def update(
        self,
        plan: UpdatePlan,
        on_item: Callable[[Change], None] | None = None,
        wait: bool = False,
        state: StateFiles | None = None,
    ) -> BuildReport:
        return update_index(plan, self.index_dir, on_item=on_item, wait=wait, state=state)

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

    def __enter__(self) -> WhooshSearcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _parse(self, text: str) -> query.Query:
        return parse(self._parser, text, self._searcher.reader())

    def _marker(self, q: str) -> Callable[[str], str]:
        """Text -> HTML with the matches of query `q` marked (none for an unreadable query)."""
        q = dates.split_query(q)[0]  # a date range marks nothing in the text
        try:
            matches = query_matches(self._parse(q), BODY) if q.strip() and not checks.refusal(q) else None
        except Exception:  # noqa: BLE001 - an unreadable query just marks nothing
            matches = None
        if matches is None:
            return lambda text: html.escape(text, quote=False)
        return lambda text: self._highlighter.mark_all(text, matches)

    def highlight_paragraphs(self, article: StoredArticle, q: str) -> list[str]:
        with self._generation.lock:
            mark = self._marker(q)
        return [mark(p) for p in article.paragraphs]

    def highlight_title(self, article: StoredArticle, q: str) -> str:
        with self._generation.lock:
            mark = self._marker(q)
        return mark(article.title)

    def search(self, request: SearchRequest) -> SearchResults:
        cached = self._generation.results.get(request)
        if cached is not None:
            return cached
        with self._generation.lock:
            results = self._search(request)
        self._generation.results.put(results)
        return results

    def _select(self, request: SearchRequest) -> _Selection:
        """The request's matches and filters as boolean arrays over document numbers
        (under the generation's lock)."""
        try:
            text, days = dates.day_range(request.q, request.date_from, request.date_to, request.undated)
            q, error = self._read(text)
        except dates.BadDate as err:
            text, days, (q, error) = request.q, dates.DayRange(), (query.NullQuery, str(err))
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
        scored_docs = scores = None
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
        if not days.unbounded:
            matched &= self._day_mask(days)
        if request.story:
            matched &= self._stories() == story_key(request.story)
        current = np.logical_and.reduce([matched, *filter_masks.values()])
        return _Selection(days, text, q, error, partial, matched, current, filter_masks, tables, scored_docs, scores)

    def _stories(self) -> np.ndarray:
        return TABLES.column(self._searcher, STORY_KEY, self._folder)

    def _grouped(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Of `docs` (in reading order): the positions of the first of each story, and for
        each of those the number of its story's articles and sources among `docs`."""
        keys = self._stories()[docs]
        _, first, inverse, counts = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
        order = np.argsort(first, kind="stable")  # stories in the order of their first article
        sources = TABLES.get(self._searcher, "source", self._folder).value_of(self._searcher.doc_count_all())[docs]
        per_story = _distinct_per_group(inverse, sources, len(first))
        return first[order], counts[order], per_story[order]

    def _day_mask(self, days: dates.DayRange) -> np.ndarray:
        day = TABLES.column(self._searcher, DAY, self._folder)  # YYYYMMDD, 0 when undated
        if days.undated:
            return day == 0
        mask = day > 0
        if days.start is not None:
            mask &= day >= days.start
        if days.end is not None:
            mask &= day <= days.end
        return mask

    def _timeline(self, sel: _Selection) -> dates.Timeline:
        day = TABLES.column(self._searcher, DAY, self._folder)[sel.current]
        values, counts = np.unique(day, return_counts=True)
        by_day = dict(zip(values.tolist(), counts.tolist()))
        return dates.timeline(by_day, by_day.pop(0, 0), sel.days)

    def _counts(self, sel: _Selection, facet: Facet) -> dict[str, int]:
        """A facet's counts: over the current results, except that a disjunctive facet
        with chosen values is counted without its own filter."""
        mask = sel.current
        if facet.disjunctive and facet.name in sel.filter_masks:
            mask = np.logical_and.reduce([sel.matched, *(m for k, m in sel.filter_masks.items() if k != facet.name)])
        return sel.tables[facet.name].count(mask)

    def _ordered(self, sel: _Selection, request: SearchRequest) -> tuple[np.ndarray, np.ndarray | None]:
        """The current results in the request's order (document numbers, and their
        scores when ranked)."""
        if sel.scored_docs is not None:
            keep = sel.current[sel.scored_docs]
            docs, scores = sel.scored_docs[keep], sel.scores[keep]
            # Highest score first; ties (the same story filed twice, or every hit of
            # a wide prefix, which all score alike) newest first, undated last.
            order = self._order(docs, scores=scores)
            return docs[order], scores[order]
        # By date (also the order for browsing with no query), sorted
        # with numpy over a cached column rather than Whoosh's per-document keys.
        docs = np.flatnonzero(sel.current)
        return docs[self._order(docs, newest=request.sort != "oldest")], None

    def _search(self, request: SearchRequest) -> SearchResults:
        sel = self._select(request)
        counts = {f.name: self._counts(sel, f) for f in FACETS}
        total = int(sel.current.sum())
        hits: tuple[Hit, ...] = ()
        stories = None
        first = (request.page - 1) * request.per_page
        if total:
            docs, scores = self._ordered(sel, request)
            versions = sources = np.ones(len(docs), dtype=np.int64)
            if not request.story:  # one hit per story: its first in this order
                keep, versions, sources = self._grouped(docs)
                docs, scores = docs[keep], None if scores is None else scores[keep]
                stories = len(docs)
            # Whoosh clamps a page past the end to the last page; a reader who
            # asked for page 99 of 3 should see that it is empty instead.
            page = slice(first, first + request.per_page)
            docs, versions, sources = docs[page], versions[page], sources[page]
            scores = None if scores is None else scores[page]
            q = sel.q
            matches = None if isinstance(q, query.Every) else query_matches(q, BODY)
            terms = matched_terms(q, self._searcher.reader(), BODY) if matches and len(docs) else frozenset()
            hits = tuple(
                dataclasses.replace(
                    self._hit(self._searcher.stored_fields(int(d)), matches, terms, None if scores is None else float(scores[i])),
                    versions=int(versions[i]), sources=int(sources[i]),
                )
                for i, d in enumerate(docs)
            )
        error, suggested = sel.error, None
        if error is None and total == 0:
            error = checks.unbalanced(request.q)  # read as plain words, and found nothing
            suggested = self._suggest(sel.text)
        facets = tuple(f.result(counts.get(f.name, {}), request.selected(f.name), FACET_LIMIT) for f in FACETS)
        return SearchResults(
            request=request, total=total, hits=hits, facets=facets, error=error, partial=sel.partial,
            timeline=self._timeline(sel), suggestion=suggested, stories=stories,
            ranked=sel.scored_docs is not None,
        )

    def _suggest(self, text: str) -> str | None:
        """Did-you-mean for a query that found nothing (never raises: a query the
        corrector cannot handle just gets no suggestion)."""
        if not text.strip() or checks.refusal(text):
            return None
        try:
            return suggestion(self._parser, text, self._searcher)
        except Exception:  # noqa: BLE001 - Whoosh's corrector on odd syntax
            return None

    def facet(self, request: SearchRequest, name: str) -> FacetResult:
        facet = FACETS_BY_NAME[name]
        with self._generation.lock:
            sel = self._select(request)
            return facet.result(self._counts(sel, facet), request.selected(name), None)

    def export(self, request: SearchRequest, limit: int) -> Export:
        with self._generation.lock:
            sel = self._select(request)
            docs = self._ordered(sel, request)[0][:limit]  # every article, not one per story
        total = int(sel.current.sum())

        def articles():
            for d in docs:
                with self._generation.lock:  # one stored document at a time: searches go on between
                    stored = self._searcher.stored_fields(int(d))
                yield stored_article(stored)

        error = sel.error
        if error is None and total == 0:
            error = checks.unbalanced(request.q)
        return Export(request=request, total=total, articles=articles(), error=error, partial=sel.partial)

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
        or oldest first, undated last), then by article id (not by document number, which
        depends on how the build laid the documents out in segments)."""
        day = TABLES.column(self._searcher, DAY, self._folder)[docs]  # YYYYMMDD, 0 when undated
        by_date = -day if newest else np.where(day == 0, np.iinfo(np.int64).max, day)
        by_id = TABLES.id_order(self._searcher, self._folder)[docs]
        return np.lexsort((by_id, by_date) if scores is None else (by_id, by_date, -scores))

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
        fields = hit_fields(stored)
        title = fields["title"] or ""
        title_html = self._highlighter.mark_all(title, matches) if matches is not None else html.escape(title, quote=False)
        return Hit(**fields, snippet=snippet, score=score, title_html=title_html)

    def article(self, article_id: str) -> StoredArticle | None:
        with self._generation.lock:
            stored = self._searcher.document(id=article_id)
        return None if stored is None else stored_article(stored)

    def related(self, article_id: str, limit: int) -> tuple[Hit, ...]:
        with self._generation.lock:
            return self._related(article_id, limit)

    def _related(self, article_id: str, limit: int) -> tuple[Hit, ...]:
        docnum = self._searcher.document_number(id=article_id)
        if docnum is None:
            return ()
        body = self._searcher.stored_fields(docnum).get(BODY, "")
        # Whoosh's more_like: the article's most distinctive words (Bo1 weights), searched for.
        found = self._searcher.more_like(
            docnum, BODY, text=body, top=limit * RELATED_CANDIDATES, numterms=RELATED_TERMS
        )
        own = self._searcher.stored_fields(docnum)
        story = own.get("story") or article_id
        hits, seen = [], {_same_text_key(body)}
        for hit in found:
            stored = hit.fields()
            key = _same_text_key(stored.get(BODY, ""))
            # A copy of the article or of one listed already, or a version of its story
            # (the page lists those apart).
            if key in seen or (stored.get("story") or stored["id"]) == story:
                continue
            seen.add(key)
            hits.append(self._hit(stored, None, frozenset(), hit.score))
            if len(hits) == limit:
                break
        return tuple(hits)


# More-like-this: the article's most distinctive words searched for, and how many
# candidates per related article to fetch, so that copies can be passed over.
RELATED_TERMS = 12
RELATED_CANDIDATES = 4


def _same_text_key(body: str) -> str:
    """Bodies that differ only in spacing and case are the same text."""
    return " ".join(body.lower().split())


@dataclass(frozen=True)
class _Selection:
    """What a request selects: its query, and boolean arrays over document numbers."""

    days: dates.DayRange  # the date range asked for
    text: str  # the reader's query without its date range
    q: query.Query
    error: str | None
    partial: bool
    matched: np.ndarray  # the query's matches
    current: np.ndarray  # the matches that pass every filter
    filter_masks: dict[str, np.ndarray]  # per filtered facet, the documents it lets through
    tables: dict[str, FacetTable]
    scored_docs: np.ndarray | None  # when ranked: the matches' document numbers ...
    scores: np.ndarray | None  # ... and their scores


def _distinct_per_group(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group 0..n_groups-1, how many distinct values (-1, none, is one) its
    entries have: each (group, value) pair as one integer, sorted, runs counted. (An
    np.unique over the pairs as columns sorts them as records: four times slower, 70 ms
    for a query that matches 90,000 articles.)"""
    if not len(groups):
        return np.zeros(n_groups, dtype=np.int64)
    width = int(values.max()) + 2
    pairs = np.sort(groups.astype(np.int64) * width + (values.astype(np.int64) + 1))
    distinct = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    return np.bincount(distinct // width, minlength=n_groups)
