"""Queries: how a reader's search text becomes a correct and fast Whoosh query, and what
of a query the highlighter marks.

Whoosh's parser does the reading (make_parser, parse); this module fixes up what it makes:
- `oil -opec` means `oil NOT opec` (minus_as_not);
- exclusions are matched as AndNot, not by walking every document for a Not, and
  with a Whoosh bug fixed (exclusions_last, AndNot);
- a wide prefix, wildcard or range matches its words' union at once, and one that
  stands for too many words is refused with advice (QueryTooBroad);
- a word starting with < or > ("<img", "<script>") is a word, not a crash (GtLtPlugin);
- matching stops after a time limit, keeping what it found (scored_matches, matching_docs).
docs/search.md has the figures behind each.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
from whoosh import collectors, query
from whoosh.fields import Schema
from whoosh.matching import AndNotMatcher, FilterMatcher, ListMatcher, NullMatcher
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldParser, QueryParser, syntax
from whoosh.qparser import GtLtPlugin as _WhooshGtLtPlugin
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from ..api import QueryTooBroad
from ..highlight import QueryMatches
from .analysis import analyze
from .schema import DEFAULT_FIELDS, FIELD_ALIASES, FILTER_FIELDS
from .tables import deleted_docs

# A prefix or wildcard that stands for more words of a field than this matches them all
# at once with one score (see ConstantScoreUnion); fewer are ranked word by word.
SCORED_EXPANSIONS = 64
# More words than this ("body:[a TO zzz]": 34,000 words, 6.9 million postings, 30 s) and
# the query is refused with advice, as Lucene's maxClauseCount does. "a*" (2,295 words
# in bodies) still runs, in about 2 s at 86,000 articles.
MAX_EXPANSIONS = 4096


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


class ConstantScoreUnion:
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


class _Prefix(ConstantScoreUnion, query.Prefix):
    pass


class _Wildcard(ConstantScoreUnion, query.Wildcard):
    pass


class _TermRange(ConstantScoreUnion, query.TermRange):
    pass


def _fast_leaves(node: query.Query) -> query.Query:
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


def rewrite(q: query.Query, reader: IndexReader) -> query.Query:
    """The parsed query `q` as it should run on the index of `reader`."""
    q = exclusions_last(q)
    # "*" and "title:*" are Whoosh's per-field Every, which walks every term of the
    # field (19 s at 86,000 articles); every article has a body, so it is everything
    # (and "*" is then Or([Every(), Every()]) until normalised).
    q = q.accept(lambda node: query.Every() if isinstance(node, query.Every) else node).normalize()
    q = q.accept(_fast_leaves)
    for leaf in q.leaves():
        if isinstance(leaf, _Wildcard) and not any(c.isalnum() for c in leaf.text):
            # "???" is every three-letter word: a pattern with no letter says nothing.
            raise QueryTooBroad(
                f"{leaf.text} has no letter: it stands for every word of its length. "
                "Put at least one letter in a wildcard. Example: sanction*"
            )
        if isinstance(leaf, ConstantScoreUnion) and leaf.too_broad(reader):
            raise QueryTooBroad(
                f"{leaf} stands for more than {MAX_EXPANSIONS:,} different words of this "
                "collection; make it narrower (more letters before the *, a shorter range). "
                "Example: sanction*"
            )
    return q


class GtLtPlugin(_WhooshGtLtPlugin):
    """Whoosh's "day:>20160101", without its crash on a < or > that starts a query or a
    group ("<img src=x>", "(<b)": IndexError "list index out of range", as it looks for a
    field name before the first node). Such a sign, and any not after a field name, is
    dropped, as Whoosh drops it elsewhere: "<img src=x>" searches img, src and x."""

    def do_gtlt(self, parser, group):
        newgroup = group.empty_copy()
        i = 0
        while i < len(group):
            node = group[i]
            if isinstance(node, self.GtLtNode):
                if i < len(group) - 1 and newgroup and isinstance(newgroup[-1], syntax.FieldnameNode):
                    nextnode = group[i + 1]
                    if nextnode.has_text:
                        newgroup.append(self.make_range(nextnode, node.rel))
                        i += 1
            elif isinstance(node, syntax.GroupNode):
                newgroup.append(self.do_gtlt(parser, node))
            else:
                newgroup.append(node)
            i += 1
        return newgroup


def make_parser(schema: Schema) -> QueryParser:
    """Whoosh's parser as readers use it: words ANDed over title and body, field prefixes
    ("person:kerry"), and comparisons ("day:>20160101")."""
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema, group=AndGroup)
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(GtLtPlugin())
    return parser


def parse(parser: QueryParser, text: str, reader: IndexReader) -> query.Query:
    """The reader's text as the query to run on the index of `reader`: Every for no text,
    NullQuery for nothing searchable; raises QueryTooBroad, or whatever Whoosh's parser
    raises on odd syntax."""
    if not text.strip():
        return query.Every()
    q = parser.parse(minus_as_not(text))
    if q is query.NullQuery:
        # Nothing searchable in the text (only punctuation, say).
        return query.NullQuery
    return rewrite(q, reader)


# Did-you-mean: corrections within this many edits, keeping the first letter (readers
# rarely mistype it, and it bounds the words compared to one letter's share), for
# queries of at most this many words.
SUGGEST_MAX_EDITS = 2
SUGGEST_PREFIX = 1
SUGGEST_MAX_WORDS = 8
# Shorter words are not corrected: one or two edits away from a three-letter word is
# almost any other ("oil" -> "on").
SUGGEST_MIN_CHARS = 4


def suggestion(parser: QueryParser, text: str, searcher: Searcher) -> str | None:
    """The reader's query with its words the index does not have replaced by the nearest
    ones it has (Whoosh's correct_query, by edit distance then frequency), written as they
    appear in an article that the corrected query finds; None when nothing needs
    correcting or the corrected query finds nothing either."""
    text = minus_as_not(text)
    if len(text.split()) > SUGGEST_MAX_WORDS:
        return None
    q = parser.parse(text)
    reader = searcher.reader()
    # A word counts as mistyped only when no field it is searched in has it ("tarrif" is
    # in some bodies and no title: not a typo to correct).
    tokens = [t for t in q.all_tokens() if t.fieldname in searcher.schema]
    present = {t.startchar for t in tokens if (t.fieldname, t.text) in reader}
    missing = [
        (t.fieldname, t.text) for t in tokens
        if t.startchar not in present and t.endchar - t.startchar >= SUGGEST_MIN_CHARS
    ]
    if not missing:
        return None
    correction = searcher.correct_query(q, text, terms=missing, maxdist=SUGGEST_MAX_EDITS, prefix=SUGGEST_PREFIX)
    if not correction.tokens:
        return None
    found = searcher.search(rewrite(correction.query, searcher.reader()), limit=1)
    if not found:
        return None
    # Index terms are stems ("sanction", "compani"): show each as an article writes it.
    stored = found[0]
    surface: dict[str, str] = {}
    for fieldname in DEFAULT_FIELDS:
        value = stored.get(fieldname) or ""
        for _pos, term, start, end in analyze(value):
            surface.setdefault(term, value[start:end].lower())
    # One correction per word of the text (a word searched in title and body has a token
    # for each), last first so that the earlier positions stay right.
    by_place = {t.startchar: t for t in reversed(correction.tokens) if t.startchar is not None}
    out = text
    for start in sorted(by_place, reverse=True):
        t = by_place[start]
        out = out[:start] + surface.get(t.text, t.text) + out[t.endchar :]
    return out if out != text else None


def _is_filter(node: query.Query) -> bool:
    """A word, or words OR-ed, of a facet's searchable copy ("source:Reuters",
    "country:(japan OR china)"): what such a query matches is a filter, not a ranking."""
    if isinstance(node, query.Term):
        return node.fieldname in FILTER_FIELDS
    if type(node) is query.Or:
        return bool(node.subqueries) and all(_is_filter(c) for c in node.subqueries)
    return False


def split_filters(q: query.Query) -> tuple[query.Query | None, list[query.Query], list[query.Query]]:
    """The parts of `q` that only narrow its results, apart: (what is left to match and
    score, or None when nothing is; the filters a match must pass; those it must not).

    Only parts ANDed with the rest (or excluded from it) at the top of the query. Every
    article's facet copy is a word or two, so a filter word scores about alike in every
    match it has: "source:Reuters" is 80,000 matches scored in Python for nothing (300 ms
    at 86,000 articles), where its postings as a mask take a few ms (docs/search.md). The
    same documents; the order can differ only among matches that scored differently by
    the length of their facet copy (an article naming 3 countries against one naming 1)."""
    if _is_filter(q):
        return None, [q], []
    if isinstance(q, query.AndNot):
        rest, required, excluded = split_filters(q.a)
        if _is_filter(q.b):
            return rest, required, [*excluded, q.b]
        return AndNot(rest or query.Every(), q.b), required, excluded
    if type(q) is query.And:
        required = [c for c in q.subqueries if _is_filter(c)]
        if not required:
            return q, [], []
        rest = [c for c in q.subqueries if not _is_filter(c)]
        return (rest[0] if len(rest) == 1 else query.And(rest, boost=q.boost)) if rest else None, required, []
    return q, [], []


class DocSet(query.Query):
    """Matches the given documents (sorted numbers of the whole index), unscored: to join
    a query as Require(query, DocSet(...)), so that Whoosh matches the query only there,
    skipping along these documents (a phrase then checks positions in them alone)."""

    def __init__(self, docs: np.ndarray) -> None:
        self.docs = docs
        self.boost = 1.0

    def __repr__(self) -> str:
        return f"DocSet({len(self.docs)} documents)"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def estimate_size(self, ixreader) -> int:
        return len(self.docs)

    def matcher(self, searcher, context=None):
        parent = searcher.get_parent()
        offset = next((off for sub, off in parent.leaf_searchers() if sub is searcher), 0)
        size = searcher.doc_count_all()
        local = self.docs[(self.docs >= offset) & (self.docs < offset + size)] - offset
        return ListMatcher([int(d) for d in local], all_weights=0.0) if len(local) else NullMatcher()


def filter_docs(searcher: Searcher, q: query.Query) -> np.ndarray:
    """The documents a filter of split_filters lets through, sorted, from its words'
    postings read a block at a time (Whoosh's all_ids() yields them one by one in
    Python: 0.1 s for the 80,000 of source:Reuters)."""
    if isinstance(q, query.Or):
        return np.unique(np.concatenate([filter_docs(searcher, c) for c in q.subqueries]))
    parts = [np.zeros(0, dtype=np.int64)]
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if q.fieldname not in reader.schema:
            continue
        btext = reader.schema[q.fieldname].to_bytes(q.text)
        if (q.fieldname, btext) not in reader:
            continue
        docs = _posting_ids(raw_postings(reader, q.fieldname, btext))
        if reader.has_deletions():
            docs = docs[~np.isin(docs, deleted_docs(reader))]
        parts.append(docs + offset)
    return np.concatenate(parts)


def raw_postings(reader, fieldname: str, btext: bytes):
    """A word's posting list in one segment with its deleted documents still in it (the
    callers drop them as arrays; Whoosh's filter around it reads one document at a time)."""
    matcher = reader.postings(fieldname, btext)
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _posting_ids(matcher) -> np.ndarray:
    """A posting list's document numbers as an array, a block at a time from Whoosh 3's
    leaf matcher (its block fields are not public API, hence the fallback)."""
    if not all(hasattr(matcher, a) for a in ("_read_ids", "_ids", "_i", "_next_block")):
        return np.fromiter(matcher.all_ids(), dtype=np.int64)
    blocks = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        blocks.append(np.asarray(matcher._ids[matcher._i:], dtype=np.int64))
        matcher._next_block()
    return np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int64)


def query_matches(q: query.Query, fieldname: str) -> QueryMatches:
    """What to mark of query `q` in `fieldname`: its terms and phrases, but not the
    excluded ones."""
    terms: set[str] = set()
    phrases: list[tuple[str, ...]] = []

    def walk(node: query.Query) -> None:
        if isinstance(node, query.Not):
            return  # excluded words are not what the reader looks for
        if isinstance(node, query.AndNot):
            walk(node.a)  # nor are the right side's
            return
        if isinstance(node, query.Phrase):
            if node.fieldname == fieldname and node.words:
                phrases.append(tuple(node.words))
            return
        if isinstance(node, query.Term):
            if node.fieldname == fieldname:
                terms.add(node.text)
            return
        for child in node.children():
            walk(child)

    walk(q)
    return QueryMatches(frozenset(terms), tuple(phrases))


def matched_terms(q: query.Query, reader: IndexReader, fieldname: str) -> frozenset[str]:
    """The terms of `fieldname` that `q` matches in the index, with the expansions of
    prefix and wildcard queries that the query tree does not list. Per leaf: Whoosh's
    existing_terms() on a compound query loses terms."""
    return frozenset(
        t.decode("utf-8") if isinstance(t, bytes) else t
        for leaf in q.leaves()
        for f, t in leaf.existing_terms(reader, expand=True)
        if f == fieldname
    )


class DeadlineCollector(collectors.WrappingCollector):
    """Collects what its child collects until `time_limit` seconds have passed, then stops
    (`timed_out`), keeping what it has. Whoosh's TimeLimitCollector does the same with a
    timer thread per search and SIGALRM, which only the main thread may set (not under a
    threaded web server); a clock read between documents is enough, and deterministic."""

    def __init__(self, child: collectors.Collector, time_limit: float) -> None:
        self.child = child
        self.time_limit = time_limit
        self.timed_out = False

    def prepare(self, top_searcher, q, context):
        self.child.prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.time_limit
        self.timed_out = False

    def collect_matches(self):
        for sub_docnum in self.child.matches():
            if time.monotonic() >= self.deadline:
                self.timed_out = True
                return
            self.child.collect(sub_docnum)


def scored_matches(searcher: Searcher, q: query.Query, time_limit: float) -> tuple[np.ndarray, np.ndarray, bool]:
    """Every document `q` matches and its score, in one pass of Whoosh's matcher, and
    whether the pass stopped at `time_limit` seconds (the matches then are those found
    by then)."""
    collector = DeadlineCollector(collectors.UnlimitedCollector(), time_limit)
    searcher.search_with_collector(q, collector)
    items = collector.child.items  # (score, document number)
    docs = np.fromiter((d for _, d in items), dtype=np.int64, count=len(items))
    scores = np.fromiter((sc for sc, _ in items), dtype=np.float64, count=len(items))
    return docs, scores, collector.timed_out


def matching_docs(searcher: Searcher, q: query.Query, time_limit: float) -> tuple[np.ndarray, bool]:
    """The documents `q` matches, unscored, and whether matching stopped at `time_limit`
    seconds (the documents then are those found by then)."""
    deadline = time.monotonic() + time_limit
    docs: list[int] = []
    for docnum in searcher.docs_for_query(q):
        if time.monotonic() >= deadline:
            return np.array(docs, dtype=np.int64), True
        docs.append(docnum)
    return np.array(docs, dtype=np.int64), False
