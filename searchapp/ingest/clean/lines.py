"""The line model and the scorer both input kinds share.

A page becomes a list of ``Line``s, one per block element (HTML) or per line
(text dumps). ``classify`` gives each its ``Kind`` (boilerplate barrier,
transparent line, caption, timestamp, sign-off... or text) and its score:
positive for article prose, negative for what a reader skips, ``-inf`` for a
barrier. ``mark_repeats`` drops lines that only repeat earlier ones, and
``best_segment`` finds the maximum-sum run of lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .phrases import boilerplate, match_key, norm
from .rules import (
    CAPTION,
    CAPTION_MAX_WORDS,
    CJK,
    COMMENT_HEADER,
    COMMENT_HEADER_MAX_WORDS,
    DATE_IN_TEXT,
    END_MARK,
    GALLERY,
    HEADING_MAX_WEIGHT,
    HEADING_TAGS,
    IDEOGRAPHS_PER_WORD,
    LINE_SCORE_FLOOR,
    LINE_SCORE_OFFSET,
    LINK_DENSITY_PENALTY,
    LONG_CAPTION,
    NON_PROSE_WEIGHT,
    NOTE,
    NUMBER,
    PROSE_WEIGHT,
    REPEAT_GRAM,
    REPEAT_MIN_GRAMS,
    REPEAT_MIN_SOURCES,
    REPEAT_SEEN_SHARE,
    RUN_ON_WORDS_PER_SENTENCE,
    STOP_CONTAINS_MAX_WORDS,
    SENT_END,
    SENT_INSIDE,
    SENTENCE_MARK,
    SIGNOFF,
    SKIPPED_LINE_SCORE,
    STAMP,
    TABLE_ROW_MAX_WORDS,
    TABLE_ROW_MIN_NUMBERS,
    TIMESTAMP_MAX_WORDS,
    WORD,
)


class Kind(Enum):
    TEXT = "text"
    STOP = "stop"  # hard barrier: boilerplate, "(END)"
    DROP = "drop"  # not body, but the article may continue after it ("Advertisement")
    JUNK = "junk"  # navigation word: negative, never a headline
    SIGNOFF = "signoff"  # reporter e-mail: ends the article
    NOTE = "note"  # editor's note "(ATTN: ...)"
    CAPTION = "caption"  # photo caption / credit
    TIMESTAMP = "timestamp"  # short line giving a date: a date hint


@dataclass
class Line:
    text: str
    link_chars: int = 0
    tag: str = ""
    kind: Kind = Kind.TEXT
    score: float = 0.0
    words: int = 0
    # HTML only: serial numbers of the block elements the line sits in, outermost first.
    path: tuple[int, ...] = ()


def length(text: str) -> int:
    """Word count; ideographs count half a word so Chinese/Japanese prose scores like prose."""
    return len(text.split()) + len(CJK.findall(text)) // IDEOGRAPHS_PER_WORD


def classify(line: Line) -> None:
    bp = boilerplate()
    text = line.text
    key = match_key(text)
    lower = norm(text).lower()
    line.words = length(text)
    if (
        key in bp.stop
        or lower.startswith(bp.stop_prefix)
        or (line.words <= STOP_CONTAINS_MAX_WORDS and any(p in lower for p in bp.stop_contains))
        or (line.words <= COMMENT_HEADER_MAX_WORDS and COMMENT_HEADER.match(text))
    ):
        line.kind = Kind.STOP
    elif SIGNOFF.match(text):
        line.kind = Kind.SIGNOFF
    elif NOTE.match(text):
        line.kind = Kind.NOTE
    elif key in bp.drop or lower.startswith(bp.drop_prefix) or not WORD.search(text):
        # (a line of only bullets, rules or zero-width spaces says nothing either way)
        line.kind = Kind.DROP
    elif key in bp.junk or GALLERY.match(text):
        line.kind = Kind.JUNK
    elif (line.words <= CAPTION_MAX_WORDS and CAPTION.search(text)) or LONG_CAPTION.search(text):
        line.kind = Kind.CAPTION
    elif line.words <= TIMESTAMP_MAX_WORDS and (DATE_IN_TEXT.search(text) or STAMP.match(text)):
        line.kind = Kind.TIMESTAMP
    line.score = _score(line)


def _score(line: Line) -> float:
    """Positive for article prose, negative for everything a reader skips."""
    kind = line.kind
    if kind in (Kind.STOP, Kind.SIGNOFF):
        return float("-inf")  # barrier
    if kind in (Kind.DROP, Kind.NOTE):
        return 0.0  # transparent: neither article nor a reason to stop
    if kind in (Kind.JUNK, Kind.CAPTION, Kind.TIMESTAMP):
        return SKIPPED_LINE_SCORE
    n = line.words
    text = line.text
    prose = bool(SENT_END.search(text) or SENT_INSIDE.search(text))
    if prose and n > RUN_ON_WORDS_PER_SENTENCE and n > RUN_ON_WORDS_PER_SENTENCE * len(SENTENCE_MARK.findall(text)):
        prose = False  # a run-on list with a full stop at its end
    link_density = min(1.0, line.link_chars / max(1, len(text)))
    # Headlines, menu items and link lists lack sentence punctuation; a line
    # that is mostly links is navigation however long it is.
    weight = (PROSE_WEIGHT if prose else NON_PROSE_WEIGHT) - LINK_DENSITY_PENALTY * link_density
    if line.tag in HEADING_TAGS:
        weight = min(weight, HEADING_MAX_WEIGHT)
    # Floor: one inline teaser must not split an article in two; long runs of
    # them still add up to a wall.
    return max(n * weight - LINE_SCORE_OFFSET, LINE_SCORE_FLOOR)


def is_table_row(line: Line, min_numbers: int = TABLE_ROW_MIN_NUMBERS) -> bool:
    """A short line with several figures: a row of a results or earnings table."""
    return (
        line.kind is Kind.TEXT
        and line.words <= TABLE_ROW_MAX_WORDS
        and len(NUMBER.findall(line.text)) >= min_numbers
    )


def mark_repeats(lines: list[Line]) -> None:
    """A long line that only repeats several earlier lines (a page's hidden
    metadata holding the whole article as one string, a print version) is no
    more article: it is dropped, though the article may run across it."""
    first_seen: dict[tuple[str, ...], int] = {}
    for i, line in enumerate(lines):
        if line.kind is not Kind.TEXT:
            continue
        tokens = WORD.findall(line.text.lower())
        grams = [tuple(tokens[k : k + REPEAT_GRAM]) for k in range(len(tokens) - REPEAT_GRAM + 1)]
        if len(grams) >= REPEAT_MIN_GRAMS:
            sources = {first_seen[g] for g in grams if g in first_seen}
            seen = sum(1 for g in grams if g in first_seen)
            if len(sources) >= REPEAT_MIN_SOURCES and seen >= REPEAT_SEEN_SHARE * len(grams):
                line.kind, line.score = Kind.DROP, 0.0
                continue
        for g in grams:
            first_seen.setdefault(g, i)


def split_end_marks(lines: list[Line]) -> list[Line]:
    """"(END)" glued to a paragraph: keep the paragraph, then a barrier line."""
    out: list[Line] = []
    for line in lines:
        m = END_MARK.search(line.text)
        if m and m.start() > 0:
            out.append(Line(line.text[: m.start()].strip(), line.link_chars, line.tag, path=line.path))
            out.append(Line("(END)", tag=line.tag, path=line.path))
        else:
            out.append(line)
    return out


def best_segment(lines: list[Line]) -> tuple[int, int, float]:
    """Maximum-sum run of lines (Kadane); barriers (-inf) cannot be spanned."""
    best = (0, -1, 0.0)
    start, total = 0, 0.0
    for i, line in enumerate(lines):
        s = line.score
        if s == float("-inf"):
            start, total = i + 1, 0.0
            continue
        if total <= 0:
            start, total = i, s
        else:
            total += s
        if total > best[2]:
            best = (start, i, total)
    return best
