"""The text analyzer shared by indexing, querying and highlighting.

What news readers need and Whoosh's StandardAnalyzer gets wrong:
- "U.N." must match "UN" and "U.S." must match "US": acronyms with dots are
  indexed without them.
- "US" must be searchable at all: no stop list (Whoosh's drops "us").
- "Kim Jong-un" must not match "UN": a hyphenated word is indexed whole
  ("jong-un"), plus those of its parts that stand as words on their own
  (three letters or more, or an upper-case acronym as in "anti-US").
Terms are lower-cased, accent-folded and Porter-stemmed.

`analyze()` is a plain function so that the highlighter can re-analyze
result texts without the cost of Whoosh's token-filter chain; the Whoosh
analyzer (`NewsAnalyzer`) is a thin wrapper over it, so both always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh import formats
from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

# Order matters: dotted acronyms ("U.N.", "U.S", "N.K.") before plain words.
TOKEN_RE = re.compile(
    r"""
    (?P<acronym>(?:[^\W\d_]\.){2,}|[^\W\d_]\.[^\W\d_](?![\w.]))   # U.N. / U.S. / U.S
    | (?P<word>\w+(?:[-\u2010\u2011]\w+)*)                       # word or hy-phen-ated
    """,
    re.VERBOSE,
)
HYPHEN_RE = re.compile(r"[-\u2010\u2011]")


@lru_cache(maxsize=200_000)
def normalize(word: str) -> str:
    """The index term for one word: lower-cased, accents folded, stemmed."""
    return stem(word.lower().translate(accent_map))


def analyze(text: str, mode: str = "index") -> Iterator[tuple[int, str, int, int]]:
    """Yields (position, term, startchar, endchar) for each term of `text`.

    The parts of a hyphenated word share its position, like synonyms, so
    phrases over the compound still match. They are for the index only: a
    query for "Jong-un" looks up the compound, and a phrase must not get the
    parts as extra words.
    """
    pos = 0
    for match in TOKEN_RE.finditer(text):
        word = match.group(0)
        start, end = match.span()
        if match.group("acronym"):
            yield pos, normalize(word.replace(".", "")), start, end
        else:
            yield pos, normalize(word), start, end
            if mode != "query" and ("-" in word or "\u2010" in word or "\u2011" in word):
                for part in HYPHEN_RE.split(word):
                    if len(part) >= 3 or (len(part) >= 2 and part.isupper()):
                        yield pos, normalize(part), start, end
        pos += 1


class NewsAnalyzer(Tokenizer):
    """Whoosh analyzer over `analyze()`."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        if not tokenize:
            items: Iterator[tuple[int, str, int, int]] = iter([(0, normalize(value), 0, len(value))])
        else:
            items = analyze(value, mode)
        for pos, term, start, end in items:
            t.text = term
            t.stopped = False
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class NewsPositions(formats.Positions):
    """Whoosh's Positions format, its postings for text our analyzer reads built
    straight from `analyze()`: Whoosh's way passes every word through a Token object and
    a filter generator, a fifth of the time a writer spends on a document. The same
    postings, in the same order, byte for byte (tests/search/whoosh/test_analysis.py)."""

    def word_values(self, value, analyzer, **kwargs):
        if not (isinstance(value, str) and isinstance(analyzer, NewsAnalyzer) and kwargs.get("tokenize", True)
                and not kwargs.get("start_pos")):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        poses: dict[str, list[int]] = {}
        for pos, term, _start, _end in analyze(value, kwargs.get("mode", "")):
            found = poses.get(term)
            if found is None:
                poses[term] = [pos]
            else:
                found.append(pos)
        boost, encode = self.field_boost, self.encode
        for word, poslist in poses.items():
            # Whoosh's weight: the sum of the words' boosts (1.0 each), times the field's.
            if len(poslist) == 1 and poslist[0] < SINGLE_POSITIONS_KEPT:
                # Most postings: their bytes depend on the position alone.
                yield word, 1, 1.0 * boost, _single_position(poslist[0], encode)
            else:
                yield word, len(poslist), float(len(poslist)) * boost, encode(poslist)


# The encoded postings of a word seen once, kept for the first positions of a text
# (a few MiB at most, whatever the documents' lengths).
SINGLE_POSITIONS_KEPT = 100_000
_SINGLE_POSITIONS: dict[int, bytes] = {}


def _single_position(pos: int, encode) -> bytes:
    value = _SINGLE_POSITIONS.get(pos)
    if value is None:
        value = _SINGLE_POSITIONS[pos] = encode([pos])
    return value


def news_analyzer() -> NewsAnalyzer:
    return NewsAnalyzer()


def plain_tokens(text: str) -> list[str]:
    """The index terms of `text`, in order (for tests and debugging)."""
    return [term for _pos, term, _s, _e in analyze(text)]
