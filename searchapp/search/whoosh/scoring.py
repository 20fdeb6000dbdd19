"""Scoring with numpy: a query's matches and their BM25F scores from arrays, as Whoosh's
matchers would give them one document at a time in Python.

A word's postings (document numbers and weights) and the documents' field lengths are
arrays; its scores over all its documents are one vectorised BM25F (Whoosh's formula and
parameters, operation for operation), cached per build (`TermScores`). AND, OR, exclusion
and Require of such parts are intersections and unions of sorted arrays, scores added as
Whoosh's matchers add them. Any other part (a phrase, a prefix, a range) is matched by
Whoosh itself and joins as arrays, so every query gets Whoosh's documents and scores.
"dlr" (39,000 matches at 86,000 articles) took 224 ms a page scored in Python
(docs/search.md).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from whoosh import query, scoring
from whoosh.searching import Searcher

from ..cache import LRU
from .queries import SCORED_EXPANSIONS, AndNot, ConstantScoreUnion, DocSet, raw_postings, scored_matches
from .tables import TABLES, deleted_docs

# Whoosh ORs the words of a prefix (or wildcard, or range) with a tree of UnionMatchers,
# which add the words' scores, only on an index of more documents than this (its
# query.Or picks a preloading matcher, which scores otherwise, below); fewer documents
# and Whoosh scores such a query itself.
WHOOSH_UNION_DOCS = 5000
# Words whose scores are kept per build; a word costs 12 bytes per document it is in
# ("said": about 70,000 documents, 0.8 MB), so at most some 100 MB, usually far less.
TERM_SCORE_ENTRIES = 128

Arrays = tuple[np.ndarray, np.ndarray]  # (sorted document numbers, their scores)
_EMPTY: Arrays = (np.zeros(0, dtype=np.int64), np.zeros(0))


class TermScores(LRU[tuple[str, str], Arrays]):
    """A word's documents and BM25F scores in one field, per build, least recently used
    dropped first (thread-safe)."""

    def __init__(self, entries: int = TERM_SCORE_ENTRIES) -> None:
        super().__init__(entries)


def supported(searcher: Searcher) -> bool:
    """Whether this index scores as term_scores computes: Whoosh's BM25F."""
    return type(searcher.weighting) is scoring.BM25F


def term_scores(searcher: Searcher, fieldname: str, text: str, folder: Path | None) -> Arrays:
    """Every document with `text` in `fieldname` and its BM25F score, as Whoosh's
    BM25FScorer computes it (whoosh.scoring.bm25, the same operations in the same order)
    on an index of one segment. Deleted documents (an update's) are left out, as Whoosh's
    matchers leave them out. On an index of several segments (after an update), the
    average length is the whole index's, as on one segment of the same documents: Whoosh's
    own scorer divides the index's total length by the segment's documents, which would
    rank an update's new documents apart from the rest."""
    weighting = searcher.weighting
    field = searcher.schema[fieldname]
    B = weighting._field_B.get(fieldname, weighting.B)  # noqa: N806 - BM25's names
    K1 = weighting.K1  # noqa: N806
    idf = searcher.idf(fieldname, text)
    avgfl = searcher.avg_field_length(fieldname) or 1
    btext = field.to_bytes(text)
    docs, scores = [], []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (fieldname, btext) not in reader:
            continue
        ids, tf = _postings(raw_postings(reader, fieldname, btext))
        if reader.has_deletions():
            live = ~np.isin(ids, deleted_docs(reader))
            ids, tf = ids[live], tf[live]
        fl = TABLES.lengths(reader, fieldname, folder)[ids]
        docs.append(ids + offset)
        scores.append(idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl))))
    if not docs:
        return _EMPTY
    return np.concatenate(docs), np.concatenate(scores)


def _postings(matcher) -> Arrays:
    """A posting list's document numbers and weights, a block at a time."""
    ids, weights = [], []
    while matcher.is_active():
        if matcher._ids is None:  # noqa: SLF001 - Whoosh 3's block fields (see queries._posting_ids)
            matcher._read_ids()  # noqa: SLF001
        if matcher._weights is None:  # noqa: SLF001
            matcher._read_weights()  # noqa: SLF001
        ids.append(np.asarray(matcher._ids, dtype=np.int64))  # noqa: SLF001
        weights.append(np.asarray(matcher._weights, dtype=np.float64))  # noqa: SLF001
        matcher._next_block()  # noqa: SLF001
    if not ids:
        return _EMPTY
    return np.concatenate(ids), np.concatenate(weights)


def _scorable(searcher: Searcher, node: query.Query) -> bool:
    if isinstance(node, ConstantScoreUnion):
        # Its words are the whole index's (Whoosh expands it per segment: on an updated
        # index of several segments, the arrays give what one segment would).
        return (
            searcher.doc_count_all() > WHOOSH_UNION_DOCS
            and node.field() in searcher.schema
            and searcher.schema[node.field()].scorable
        )
    if type(node) is query.Term:
        return node.fieldname in searcher.schema and searcher.schema[node.fieldname].scorable
    if type(node) in (query.And, query.Or):
        return type(node) is query.And or (not node.scale and not node.minmatch)
    return isinstance(node, (query.AndNot, query.Require)) and type(node) in (AndNot, query.Require)


class _Evaluation:
    def __init__(self, searcher: Searcher, terms: TermScores, folder: Path | None, deadline: float,
                 within: DocSet | None) -> None:
        self.searcher = searcher
        self.terms = terms
        self.folder = folder
        self.deadline = deadline
        self.within = within
        self.partial = False

    def run(self, node: query.Query) -> Arrays:
        if not _scorable(self.searcher, node):
            return self._whoosh(node)
        if type(node) is query.Term:
            if time.monotonic() >= self.deadline:  # past the time limit: what was found by then
                self.partial = True
                return _EMPTY
            docs, scores = self.terms.get(
                (node.fieldname, node.text),
                lambda: term_scores(self.searcher, node.fieldname, node.text, self.folder),
            )
            return (docs, scores * node.boost) if node.boost != 1 else (docs, scores)
        if isinstance(node, ConstantScoreUnion):
            return self._expansion(node)
        if type(node) is query.Or:
            docs, scores = _union([self.run(c) for c in node.subqueries])
        elif type(node) is query.And:
            docs, scores = _intersection([self.run(c) for c in node.subqueries])
        elif type(node) is query.Require:  # a's documents that b has too, a's scores
            (docs, scores), (only, _) = self.run(node.a), self.run(node.b)
            keep = self._mask(only)[docs]
            return docs[keep], scores[keep]
        else:  # AndNot: a's documents that b does not have, a's scores
            (docs, scores), (drop, _) = self.run(node.a), self.run(node.b)
            keep = ~self._mask(drop)[docs]
            return docs[keep], scores[keep]
        return (docs, scores * node.boost) if node.boost != 1 else (docs, scores)

    def _mask(self, docs: np.ndarray) -> np.ndarray:
        mask = np.zeros(self.searcher.doc_count_all(), dtype=bool)
        mask[docs] = True
        return mask

    def _expansion(self, node: ConstantScoreUnion) -> Arrays:
        """A prefix, wildcard or range as Whoosh matches it (queries.ConstantScoreUnion):
        more than SCORED_EXPANSIONS words, every document of any with the query's boost
        for its score; fewer, the OR of its words, their scores added (the boost applied
        only to an OR of two words or more, as Whoosh's Prefix.matcher does)."""
        fieldname = node.field()
        words = [w.decode("utf-8") for w in node._btexts(self.searcher.reader())]  # noqa: SLF001
        parts = [self.run(query.Term(fieldname, w)) for w in words]
        docs, scores = _union(parts)
        if len(words) > SCORED_EXPANSIONS:
            return docs, np.full(len(docs), float(node.boost))
        return (docs, scores * node.boost) if len(words) > 1 and node.boost != 1 else (docs, scores)

    def _whoosh(self, node: query.Query) -> Arrays:
        """A part this module does not score (a phrase, a prefix...): Whoosh's own pass,
        only over the documents the caller keeps (`within`) when it says which."""
        if self.within is not None:
            node = query.Require(node, self.within)
        docs, scores, partial = scored_matches(self.searcher, node, max(0.0, self.deadline - time.monotonic()))
        self.partial = self.partial or partial
        order = np.argsort(docs, kind="stable")
        return docs[order], scores[order]


def _union(parts: list[Arrays]) -> Arrays:
    """OR: every document of any part, its score the sum of the parts that have it."""
    parts = [p for p in parts if len(p[0])]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    docs, where = np.unique(np.concatenate([d for d, _ in parts]), return_inverse=True)
    return docs, np.bincount(where, weights=np.concatenate([s for _, s in parts]), minlength=len(docs))


def _intersection(parts: list[Arrays]) -> Arrays:
    """AND: the documents of every part, their scores added."""
    docs, scores = parts[0]
    for other_docs, other_scores in parts[1:]:
        docs, mine, theirs = np.intersect1d(docs, other_docs, assume_unique=True, return_indices=True)
        scores = scores[mine] + other_scores[theirs]
    return docs, scores


def array_scored_matches(
    searcher: Searcher, q: query.Query, terms: TermScores, folder: Path | None, time_limit: float,
    within: DocSet | None = None,
) -> tuple[np.ndarray, np.ndarray, bool] | None:
    """Like queries.scored_matches (every match of `q` and its score, and whether Whoosh's
    part stopped at the time limit), from arrays; None when the index does not score as
    this module does, for Whoosh to do it all. With `within`, the parts Whoosh matches
    are matched in those documents only (the others' matches may then be missing)."""
    if not supported(searcher):
        return None
    evaluation = _Evaluation(searcher, terms, folder, time.monotonic() + time_limit, within)
    docs, scores = evaluation.run(q)
    return docs, scores, evaluation.partial
