"""Snippets with the query's matches wrapped in <mark>, all other text escaped.

Whoosh's own strict-phrase highlighting compares whitespace-split raw text
with analyzed terms, so it misses "U.N." for "UN" and any stemmed word; this
module re-analyzes the text with the index's own analyzer instead (given by the
backend) and marks a phrase only where its words stand together, as one <mark>.
What to mark (QueryMatches) comes from the backend's reading of the query.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# The index's analyzer: text -> (position, term, startchar, endchar) for each term.
Analyze = Callable[[str], Iterator[tuple[int, str, int, int]]]
# The length of the lead shown when nothing in an article's body matches.
LEAD_CHARS = 240


@dataclass(frozen=True)
class QueryMatches:
    """What to mark in one field: single terms, and phrases (tuples of terms)."""

    terms: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]

    def phrase_only_words(self) -> frozenset[str]:
        """Words that occur in the query only inside a phrase: never marked alone."""
        return frozenset(w for p in self.phrases for w in p) - self.terms


class Highlighter:
    """Cuts up to `top` windows of about `maxchars` around the matches."""

    def __init__(self, analyze: Analyze, maxchars: int = 300, surround: int = 80, top: int = 2) -> None:
        self.analyze = analyze
        self.maxchars = maxchars
        self.surround = surround
        self.top = top

    def snippet(self, text: str, matches: QueryMatches, extra_terms: frozenset[str] = frozenset()) -> str:
        """HTML snippet of `text`, or "" when nothing in it matches.

        `extra_terms` are terms the index says matched (e.g. the expansions
        of a prefix query) and are marked like single terms.
        """
        spans = self.match_spans(text, matches, extra_terms)
        if not spans:
            return ""
        windows = self._windows(text, spans)
        # The windows with the most matches, shown in text order.
        best = sorted(sorted(windows, key=lambda w: -len(w[2]))[: self.top], key=lambda w: w[0])
        out: list[str] = []
        shown_to = 0
        for start, end, marks in best:
            if start > shown_to or (start > 0 and not out):
                out.append(" … " if out else "… ")
            at = start
            for ms, me in marks:
                out += [html.escape(text[at:ms], quote=False), "<mark>", html.escape(text[ms:me], quote=False), "</mark>"]
                at = me
            out.append(html.escape(text[at:end], quote=False))
            shown_to = end
        if shown_to < len(text.rstrip()):
            out.append(" …")
        return "".join(out).strip()

    def mark_all(self, text: str, matches: QueryMatches) -> str:
        """All of `text` as HTML, every match wrapped in <mark> (for the article page)."""
        out, at = [], 0
        for start, end in self.match_spans(text, matches):
            out += [html.escape(text[at:start], quote=False), "<mark>", html.escape(text[start:end], quote=False), "</mark>"]
            at = end
        out.append(html.escape(text[at:], quote=False))
        return "".join(out)

    def match_spans(self, text: str, matches: QueryMatches, extra_terms: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
        """Character spans to mark, in order: each phrase occurrence as one span."""
        singles = matches.terms | extra_terms
        wanted = singles.union(*matches.phrases)
        # Only the positions of wanted terms are kept: most of a text's words are not,
        # and a set per word was most of the cost of a page's ten snippets.
        words_at: dict[int, set[str]] = defaultdict(set)
        span_at: dict[int, tuple[int, int]] = {}
        for pos, term, startchar, endchar in self.analyze(text):
            if term in wanted:
                words_at[pos].add(term)
                span_at[pos] = (startchar, endchar)
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
        return [(span_at[start][0], span_at[end][1]) for start, end in sorted(marked.items())]

    def _windows(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """Group nearby spans into windows of at most ~maxchars, with context."""
        groups: list[list[tuple[int, int]]] = []
        for span in spans:
            if groups and span[1] - groups[-1][0][0] <= self.maxchars - 2 * self.surround:
                groups[-1].append(span)
            else:
                groups.append([span])
        windows: list[tuple[int, int, list[tuple[int, int]]]] = []
        for group in groups:
            start = _word_boundary(text, max(0, group[0][0] - self.surround), backward=True)
            end = _word_boundary(text, min(len(text), group[-1][1] + self.surround), backward=False)
            if windows and start <= windows[-1][1]:
                # Contexts overlap: no text may show twice. Merge the two
                # windows while that stays short, else start where the other ends.
                prev_start, prev_end, prev_group = windows[-1]
                if end - prev_start <= self.maxchars * 1.5:
                    windows[-1] = (prev_start, end, prev_group + group)
                    continue
                # The earlier window stops before this one's first match.
                cut = max(prev_group[-1][1], min(prev_end, group[0][0]))
                windows[-1] = (prev_start, cut, prev_group)
                start = cut
            windows.append((start, end, group))
        return windows


def _word_boundary(text: str, at: int, backward: bool) -> int:
    """Move `at` to the nearest space so that windows do not cut words."""
    if at <= 0 or at >= len(text):
        return max(0, min(at, len(text)))
    if backward:
        space = text.rfind(" ", max(0, at - 20), at)
        return space + 1 if space >= 0 else at
    space = text.find(" ", at, at + 20)
    return space if space >= 0 else at


def lead(body: str, limit: int = LEAD_CHARS) -> str:
    """The start of `body`, cut at a word, for a hit whose body does not match."""
    text = " ".join(body.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
