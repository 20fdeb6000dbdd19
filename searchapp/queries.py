"""Queries: how a reader's search text becomes a correct and fast Whoosh query.

Whoosh's parser does the reading; this module fixes up what it makes:
- `oil -opec` means `oil NOT opec` (minus_as_not);
- exclusions are matched as AndNot, not by walking every document for a Not, and
  with a Whoosh bug fixed (exclusions_last, AndNot);
- a wide prefix, wildcard or range matches its words' union at once, and one that
  stands for too many words is refused with advice (QueryTooBroad).
docs/search.md has the figures behind each.
"""

from __future__ import annotations

import itertools

from whoosh import query
from whoosh.matching import AndNotMatcher, ListMatcher, NullMatcher
from whoosh.reading import IndexReader

# A prefix or wildcard that stands for more words of a field than this matches them all
# at once with one score (see _ConstantScoreUnion); fewer are ranked word by word.
SCORED_EXPANSIONS = 64
# More words than this ("body:[a TO zzz]": 34,000 words, 6.9 million postings, 30 s) and
# the query is refused with advice, as Lucene's maxClauseCount does. "a*" (2,295 words
# in bodies) still runs, in about 2 s at 86,000 articles.
MAX_EXPANSIONS = 4096


class QueryTooBroad(ValueError):
    """A prefix, wildcard or range stands for too many words; the message says what to do."""


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
        if isinstance(leaf, _ConstantScoreUnion) and leaf.too_broad(reader):
            raise QueryTooBroad(
                f"{leaf} stands for more than {MAX_EXPANSIONS:,} different words of this "
                "collection; make it narrower (more letters before the *, a shorter range)."
            )
    return q
