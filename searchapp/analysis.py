"""The text analyzer shared by indexing and querying.

What news readers need and Whoosh's StandardAnalyzer gets wrong:
- "U.N." must match "UN" and "U.S." must match "US": acronyms with dots are
  indexed without them.
- "US" must be searchable at all: no stop list (Whoosh's drops "us").
- "Kim Jong-un" must not match "UN": a hyphenated word is indexed whole
  ("jong-un"), plus those of its parts that stand as words on their own
  (three letters or more, or an upper-case acronym as in "anti-US").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import (
    Composable,
    LowercaseFilter,
    StemFilter,
    Token,
    Tokenizer,
)
from whoosh.analysis.filters import CharsetFilter
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


class NewsTokenizer(Tokenizer):
    """Yields words, dotted acronyms without dots and hyphenated compounds."""

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
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        pos = start_pos
        for match in TOKEN_RE.finditer(value):
            text = match.group(0)
            if match.group("acronym"):
                text = text.replace(".", "")
            # Parts are for the index only: a query for "Jong-un" looks up the
            # compound, and a phrase must not get the parts as extra words.
            parts = HYPHEN_RE.split(text) if match.group("word") and mode != "query" else []
            extra = [p for p in parts if len(p) >= 3 or (p.isupper() and len(p) >= 2)] if len(parts) > 1 else []
            for i, piece in enumerate([text, *extra]):
                t.text = piece
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = piece
                if positions:
                    # The parts share the compound's position, like synonyms,
                    # so phrases over the compound still work.
                    t.pos = pos
                if chars:
                    t.startchar = start_char + match.start()
                    t.endchar = start_char + match.end()
                yield t
            pos += 1

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


def news_analyzer() -> Composable:
    """Tokenise, lowercase, fold accents, stem (English); no stop words."""
    return NewsTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StemFilter(cachesize=50000)


def plain_tokens(text: str) -> list[str]:
    """The analyzed terms of `text` (for tests and debugging)."""
    return [t.text for t in news_analyzer()(text)]

