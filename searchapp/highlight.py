"""Snippets with the query's matches wrapped in <mark>, all other text escaped.

Whoosh's own strict-phrase highlighting compares whitespace-split raw text
with analyzed terms, so it misses "U.N." for "UN" and any stemmed word; this
module re-analyzes the text with the index's analyzer instead and marks a
phrase only where its words stand together, as one <mark>.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from whoosh import highlight, query
from whoosh.analysis import Token

from .analysis import analyze


@dataclass(frozen=True)
class QueryMatches:
    """What to mark in one field: single terms, and phrases (tuples of terms)."""

    terms: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def from_query(cls, q: query.Query, fieldname: str) -> "QueryMatches":
        terms: set[str] = set()
        phrases: list[tuple[str, ...]] = []

        def walk(node: query.Query) -> None:
            if isinstance(node, query.Not):
                return  # excluded words are not what the reader looks for
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
        return cls(frozenset(terms), tuple(phrases))


class MarkFormatter(highlight.HtmlFormatter):
    """A bare <mark> around matches; HtmlFormatter escapes the rest."""

    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=" … ")

    def format_fragment(self, fragment, replace: bool = False) -> str:
        # Show where the fragment was cut out of the text.
        out = super().format_fragment(fragment, replace).strip()
        if fragment.startchar > 0:
            out = "… " + out
        if fragment.endchar < len(fragment.text.rstrip()):
            out += " …"
        return out

    def format(self, fragments, replace: bool = False) -> str:
        # Fragments come with their own ellipses (format_fragment).
        return " ".join(self.format_fragment(f, replace) for f in fragments).replace("… …", "…")


class Highlighter:
    def __init__(self, maxchars: int = 300, surround: int = 80, top: int = 2) -> None:
        self.fragmenter = highlight.ContextFragmenter(maxchars=maxchars, surround=surround)
        self.formatter = MarkFormatter()
        self.top = top

    def snippet(self, text: str, matches: QueryMatches, extra_terms: frozenset[str] = frozenset()) -> str:
        """HTML snippet of `text`, or "" when nothing in it matches.

        `extra_terms` are terms the index says matched (e.g. the expansions
        of a prefix query) and are marked like single terms.
        """
        words_at: dict[int, set[str]] = defaultdict(set)
        span_at: dict[int, tuple[int, int]] = {}
        for pos, term, startchar, endchar in analyze(text):
            words_at[pos].add(term)
            span_at[pos] = (startchar, endchar)
        if not span_at:
            return ""

        singles = matches.terms | extra_terms
        marked: dict[int, int] = {}  # start position -> end position (inclusive)
        for phrase in matches.phrases:
            n = len(phrase)
            for pos in sorted(words_at):
                if all(phrase[k] in words_at.get(pos + k, ()) for k in range(n)):
                    marked[pos] = pos + n - 1
        covered = {p for start, end in marked.items() for p in range(start, end + 1)}
        for pos, words in words_at.items():
            if pos not in covered and words & singles:
                marked[pos] = pos
        if not marked:
            return ""

        tokens = []
        for pos in sorted(span_at):
            if pos in covered and pos not in marked:
                continue  # inside a phrase: the phrase's token spans it
            end = marked.get(pos)
            tok = Token(positions=True, chars=True)
            tok.pos = pos
            tok.startchar = span_at[pos][0]
            tok.endchar = span_at[end][1] if end is not None else span_at[pos][1]
            tok.matched = end is not None
            tok.text = text[tok.startchar : tok.endchar]
            tokens.append(tok)
        fragments = self.fragmenter.fragment_tokens(text, tokens)
        best = highlight.top_fragments(fragments, self.top, highlight.BasicFragmentScorer(), highlight.FIRST)
        return self.formatter.format(best)
