"""Clean stage: separate a page's article (headline and body) from its cruft.

Both input kinds are reduced to the same thing, a list of lines (one per block
element), so one general scorer serves them:

* every line gets a score: long prose lines with sentence punctuation are
  positive, short lines, link lists, captions and timestamp lines negative;
  known boilerplate lines (``data/boilerplate.txt``) are hard barriers;
* text dumps: the body is the contiguous run of lines with the largest total
  score (maximum-sum segment), which keeps short sub-headings and quotes inside
  an article but stops at menus and footers; lists of other stories (headline,
  one paragraph, headline...) and lines that only repeat earlier ones are
  discounted first;
* HTML: each line knows the elements it sits in, so the body is an element, as
  in Readability: the one whose own paragraphs hold the most prose, widened to
  enclosing elements that add mostly prose (an article cut into sections), with
  all its readable lines (lists, tables, sub-heads) up to barriers;
* the headline is the headline-like line before the body whose words overlap
  the body most (HTML: og:title, <h1>, <title> first).

Speed: HTML is parsed once by BeautifulSoup (lxml), after a regex pre-pass cuts
out what the walk would skip anyway (scripts, styles, SVG, <nav>, <footer>...),
and the tree is walked once; see ``_prepare_html``.

Nothing here is keyed to a site, file or URL: pages we never saw must work too.
The cleaner interprets no dates or sources; it hands over hints for metadata.py.
"""
from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Iterable, Iterator

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from searchapp import datafiles
from searchapp.records import CleanedDocument, RawDocument

from .rules import (
    ALWAYS_JUNK_ATTR,
    ANCHOR_ELEMENT_MIN_SHARE,
    ANCHOR_SEGMENT_MIN_SHARE,
    ANNOUNCED_LIST_MAX_LINES,
    ARTICLE_MAX_LINK_SHARE,
    ARTICLE_TYPES,
    ASCII_UPPER,
    BLOCK_TAGS,
    BODY_START,
    BREADCRUMB,
    BULLET,
    BYLINE,
    BYLINE_BONUS,
    BYLINE_BONUS_FULL_WORDS,
    BYLINE_LOOKAHEAD_LINES,
    BYLINE_MAX_WORDS,
    CAPTION,
    CAPTION_MAX_WORDS,
    CJK,
    COMMENT_HEADER,
    COMMENT_HEADER_MAX_WORDS,
    DATE_IN_TEXT,
    DATE_META_KEYS,
    ELEMENT_TAG,
    EMAIL_DOMAIN,
    EMPTY_ELEMENT,
    END_MARK,
    FALLBACK_TITLE_WORDS,
    FIRST_LINE_HEADLINE_MAX_WORDS,
    FORM_KEEP_MIN_PARAGRAPHS,
    GALLERY,
    GRANDPARENT_CREDIT,
    HEADING_MAX_WEIGHT,
    HEADING_TAGS,
    HEADLINE_DISTANCE_PENALTY,
    HEADLINE_FULL_WORDS,
    HEADLINE_LIKE_MAX_WORDS,
    HEADLINE_LIKE_MIN_WORDS,
    HEADLINE_LOOKBACK_LINES,
    HEADLINE_MAX_LINK_SHARE,
    HEADLINE_MAX_WORDS,
    HEADLINE_MIN_SCORE,
    HEADLINE_MIN_WORDS,
    HEADLINE_OR_TIME,
    HIDDEN_STYLE,
    IDEOGRAPHS_PER_WORD,
    INVISIBLE_OPEN,
    JSON_LD_OPEN,
    JUNK_ATTR,
    KEY_TAIL,
    KICKER_MAX_WORDS,
    LD_DATE,
    LINE_SCORE_FLOOR,
    LINE_SCORE_OFFSET,
    LINK,
    LINKED_HEADLINE_TAGS,
    LINK_DENSITY_PENALTY,
    LIST_ITEM_MAX_WORDS,
    LIST_MIN_ITEMS,
    LONG_CAPTION,
    MAX_DEPTH,
    MAX_ITEMPROP_DATES,
    MAX_TIME_DATES,
    MONTH_START,
    NEVER_FURNITURE_TAGS,
    NON_PROSE_WEIGHT,
    NOTE,
    NOTES_LOOKBACK_LINES,
    NOT_A_HEADLINE,
    PARAGRAPH,
    PREPASS_DROPPED_TAGS,
    PROSE_WEIGHT,
    PUBLISHED_META_KEYS,
    REAL_PARAGRAPHS_MIN,
    REAL_PARAGRAPH_MAX_LINK_SHARE,
    REAL_PARAGRAPH_MIN_WORDS,
    REPEAT_GRAM,
    REPEAT_MIN_GRAMS,
    REPEAT_MIN_SOURCES,
    REPEAT_SEEN_SHARE,
    SENTENCE_HEADLINE_PENALTY,
    SENT_END,
    SENT_INSIDE,
    SEPARATING_SKIP_TAGS,
    SHORT_PARAGRAPH_CREDIT,
    SHORT_PARAGRAPH_MAX_LINK_SHARE,
    SHORT_PARAGRAPH_MIN_WORDS,
    SIGNOFF,
    SIGNOFF_LOOKAHEAD_LINES,
    SITE_SUFFIX_MAX_WORDS,
    SKIPPED_LINE_SCORE,
    SKIP_TAGS,
    STAMP,
    STOPWORDS,
    SUBHEAD_TAGS,
    TEASER_BYLINE_MAX_WORDS,
    TEASER_MAX_SCORE,
    TEASER_MIN_RUN,
    TIMESTAMP_LOOKAHEAD_LINES,
    TIMESTAMP_LOOKBACK_LINES,
    TIMESTAMP_MAX_WORDS,
    TITLE_LINE_MAX_WORDS,
    TITLE_MIN_WORDS,
    TITLE_SEP,
    URL_DATE,
    URL_HOST,
    VERSION,
    VERSION_UPDATE,
    VOID,
    WIDEN_ARTICLE_LIKE_LOSS,
    WIDEN_LINK_LINE_SHARE,
    WIDEN_MIN_GAIN,
    WIDEN_PROSE_SHARE,
    WORD,
)


class CleaningError(Exception):
    """No article could be found in a document; the message says why."""


# ---------------------------------------------------------------------------
# Boilerplate phrases (data file, extendable without code)
# ---------------------------------------------------------------------------



def _norm(text: str) -> str:
    return " ".join(text.split())  # faster than a regex; called for every line


def _key(text: str) -> str:
    return KEY_TAIL.sub("", _norm(text).lower())


@dataclass(frozen=True)
class _Boilerplate:
    stop: frozenset[str]
    stop_prefix: tuple[str, ...]
    stop_contains: tuple[str, ...]
    drop: frozenset[str]
    drop_prefix: tuple[str, ...]
    junk: frozenset[str]


@lru_cache(maxsize=1)
def _boilerplate() -> _Boilerplate:
    sets: dict[str, list[str]] = {
        k: [] for k in ("stop", "stop-prefix", "stop-contains", "drop", "drop-prefix", "junk")
    }
    for raw_line in datafiles.lines("boilerplate.txt"):
        kind, _, phrase = raw_line.partition("\t")
        kind = kind.strip().lower()
        if kind not in sets or not phrase.strip():
            continue  # tolerate user typos rather than failing the whole build
        # Prefix/contains phrases may legitimately end in punctuation ("related:").
        sets[kind].append(_key(phrase) if kind in ("stop", "drop", "junk") else _norm(phrase).lower())
    return _Boilerplate(
        stop=frozenset(sets["stop"]),
        stop_prefix=tuple(sets["stop-prefix"]),
        stop_contains=tuple(sets["stop-contains"]),
        drop=frozenset(sets["drop"]),
        drop_prefix=tuple(sets["drop-prefix"]),
        junk=frozenset(sets["junk"]),
    )


# ---------------------------------------------------------------------------
# Line classification and scoring
# ---------------------------------------------------------------------------


class _Kind(Enum):
    TEXT = "text"
    STOP = "stop"  # hard barrier: boilerplate, "(END)"
    DROP = "drop"  # not body, but the article may continue after it ("Advertisement")
    JUNK = "junk"  # navigation word: negative, never a headline
    SIGNOFF = "signoff"  # reporter e-mail: ends the article
    NOTE = "note"  # editor's note "(ATTN: ...)"
    CAPTION = "caption"  # photo caption / credit
    TIMESTAMP = "timestamp"  # short line giving a date: a date hint




@dataclass
class _Line:
    text: str
    link_chars: int = 0
    tag: str = ""
    kind: _Kind = _Kind.TEXT
    score: float = 0.0
    words: int = 0
    # HTML only: serial numbers of the block elements the line sits in, outermost first.
    path: tuple[int, ...] = ()


def _length(text: str) -> int:
    """Word count; ideographs count half a word so Chinese/Japanese prose scores like prose."""
    return len(text.split()) + len(CJK.findall(text)) // IDEOGRAPHS_PER_WORD


def _classify(line: _Line) -> None:
    bp = _boilerplate()
    text = line.text
    key = _key(text)
    lower = _norm(text).lower()
    line.words = _length(text)
    if (
        key in bp.stop
        or lower.startswith(bp.stop_prefix)
        or any(p in lower for p in bp.stop_contains)
        or (line.words <= COMMENT_HEADER_MAX_WORDS and COMMENT_HEADER.match(text))
    ):
        line.kind = _Kind.STOP
    elif SIGNOFF.match(text):
        line.kind = _Kind.SIGNOFF
    elif NOTE.match(text):
        line.kind = _Kind.NOTE
    elif key in bp.drop or lower.startswith(bp.drop_prefix) or not WORD.search(text):
        # (a line of only bullets, rules or zero-width spaces says nothing either way)
        line.kind = _Kind.DROP
    elif key in bp.junk or GALLERY.match(text):
        line.kind = _Kind.JUNK
    elif (line.words <= CAPTION_MAX_WORDS and CAPTION.search(text)) or LONG_CAPTION.search(text):
        line.kind = _Kind.CAPTION
    elif line.words <= TIMESTAMP_MAX_WORDS and (DATE_IN_TEXT.search(text) or STAMP.match(text)):
        line.kind = _Kind.TIMESTAMP
    line.score = _score(line)


def _score(line: _Line) -> float:
    """Positive for article prose, negative for everything a reader skips."""
    kind = line.kind
    if kind in (_Kind.STOP, _Kind.SIGNOFF):
        return float("-inf")  # barrier
    if kind in (_Kind.DROP, _Kind.NOTE):
        return 0.0  # transparent: neither article nor a reason to stop
    if kind in (_Kind.JUNK, _Kind.CAPTION, _Kind.TIMESTAMP):
        return SKIPPED_LINE_SCORE
    n = line.words
    text = line.text
    prose = bool(SENT_END.search(text) or SENT_INSIDE.search(text))
    link_density = min(1.0, line.link_chars / max(1, len(text)))
    # Headlines, menu items and link lists lack sentence punctuation; a line
    # that is mostly links is navigation however long it is.
    weight = (PROSE_WEIGHT if prose else NON_PROSE_WEIGHT) - LINK_DENSITY_PENALTY * link_density
    if line.tag in HEADING_TAGS:
        weight = min(weight, HEADING_MAX_WEIGHT)
    # Floor: one inline teaser must not split an article in two; long runs of
    # them still add up to a wall.
    return max(n * weight - LINE_SCORE_OFFSET, LINE_SCORE_FLOOR)


def _mark_repeats(lines: list[_Line]) -> None:
    """A long line that only repeats several earlier lines (a page's hidden
    metadata holding the whole article as one string, a print version) is no
    more article: it is dropped, though the article may run across it."""
    first_seen: dict[tuple[str, ...], int] = {}
    for i, line in enumerate(lines):
        if line.kind is not _Kind.TEXT:
            continue
        tokens = WORD.findall(line.text.lower())
        grams = [tuple(tokens[k : k + REPEAT_GRAM]) for k in range(len(tokens) - REPEAT_GRAM + 1)]
        if len(grams) >= REPEAT_MIN_GRAMS:
            sources = {first_seen[g] for g in grams if g in first_seen}
            seen = sum(1 for g in grams if g in first_seen)
            if len(sources) >= REPEAT_MIN_SOURCES and seen >= REPEAT_SEEN_SHARE * len(grams):
                line.kind, line.score = _Kind.DROP, 0.0
                continue
        for g in grams:
            first_seen.setdefault(g, i)




def _shape(line: _Line) -> str | None:
    """What a list's items share at their start: a bullet, a number or a month."""
    text = line.text
    if BULLET.match(text):
        return "bullet"
    if text[:1].isdigit():
        return "number"
    if MONTH_START.match(text):
        return "month"
    return None


def _list_run(lines: list[_Line], i: int) -> int:
    """End (exclusive) of the run of list items starting at i; i when there is none."""
    if i >= len(lines) or lines[i].kind is not _Kind.TEXT:
        return i
    shape = _shape(lines[i])
    if shape is None:
        return i
    j = i
    while (
        j < len(lines)
        and lines[j].kind is _Kind.TEXT
        and lines[j].words <= LIST_ITEM_MAX_WORDS
        and _shape(lines[j]) == shape
    ):
        j += 1
    return j if j - i >= LIST_MIN_ITEMS else i


def _extend_by_list(lines: list[_Line], end: int) -> int:
    """Text dumps: a list closing the article (tour dates, numbered points) scores
    low line by line; take it when the article announces it ("...dates:") or when
    its items share their start (bullets, numbers, months), under at most a
    one-line heading."""
    nxt = end + 1
    if nxt < len(lines) and _headline_like(lines[nxt]) and not lines[end].text.endswith(":"):
        run_end = _list_run(lines, nxt + 1)
        return run_end - 1 if run_end > nxt + 1 else end
    run_end = _list_run(lines, nxt)
    if run_end > nxt:
        return run_end - 1
    if lines[end].text.endswith(":"):
        # Announced list without a common shape: take it up to the next barrier or gap.
        j = nxt
        while (
            j < len(lines)
            and lines[j].kind is _Kind.TEXT
            and lines[j].words <= LIST_ITEM_MAX_WORDS
            and j - nxt < ANNOUNCED_LIST_MAX_LINES
        ):
            j += 1
        return j - 1
    return end


def _headline_like(line: _Line) -> bool:
    return line.kind is _Kind.TEXT and HEADLINE_LIKE_MIN_WORDS <= line.words <= HEADLINE_LIKE_MAX_WORDS and (
        line.text.endswith(("...", "…")) or not SENT_END.search(line.text)
    )




def _mark_teasers(lines: list[_Line]) -> None:
    """Text dumps: a list of other stories reads as headline, one paragraph,
    headline, one paragraph... (bylines or dates between). Its paragraphs are
    prose, but an article does not put a heading over every paragraph."""
    units: list[int] = []  # prose lines of the current run of (headline, paragraph) units
    run_start = 0  # its first headline

    def close() -> None:
        # A run straight after a paragraph continues that article (a round-up
        # with a sub-head per item); other stories come after a heading or a gap.
        continues = run_start > 0 and lines[run_start - 1].score > 0
        if len(units) >= TEASER_MIN_RUN and not continues:
            for i in units:
                lines[i].score = min(lines[i].score, TEASER_MAX_SCORE)
        units.clear()

    i = 0
    while i < len(lines):
        if _headline_like(lines[i]):
            if not units:
                run_start = i
            # Skip a byline ("by Jane Doe") and dates between headline and summary.
            j = i + 1
            if j < len(lines) and lines[j].kind is _Kind.TEXT and lines[j].words <= TEASER_BYLINE_MAX_WORDS:
                j += 1
            while j < len(lines) and lines[j].kind is _Kind.TIMESTAMP:
                j += 1
            if j < len(lines) and lines[j].score > 0 and lines[j].kind is _Kind.TEXT:
                units.append(j)
                i = j + 1
                continue
        close()
        i += 1
    close()


def _best_segment(lines: list[_Line]) -> tuple[int, int, float]:
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


# ---------------------------------------------------------------------------
# Headline
# ---------------------------------------------------------------------------



def _content_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


def _headline_score(line: _Line, body_words: set[str], distance: int) -> float:
    if line.kind is not _Kind.TEXT or line.words < HEADLINE_MIN_WORDS or line.words > HEADLINE_MAX_WORDS:
        return NOT_A_HEADLINE
    if line.link_chars > HEADLINE_MAX_LINK_SHARE * len(line.text) and line.tag not in LINKED_HEADLINE_TAGS:
        return NOT_A_HEADLINE
    words = set(_content_words(line.text))
    if not words:
        return NOT_A_HEADLINE
    overlap = sum(1 for w in words if w in body_words) / len(words)
    # One-word menu items overlap by chance; very distant lines are other stories.
    return overlap * min(1.0, len(words) / HEADLINE_FULL_WORDS) - HEADLINE_DISTANCE_PENALTY * distance






def _is_byline_or_date(line: _Line) -> bool:
    return line.kind in (_Kind.TIMESTAMP, _Kind.SIGNOFF) or (
        line.words <= BYLINE_MAX_WORDS and bool(BYLINE.match(line.text))
    )


def _pick_headline(lines: list[_Line], start: int, body_words: set[str]) -> int | None:
    best_i, best_s = None, HEADLINE_MIN_SCORE
    for i in range(max(0, start - HEADLINE_LOOKBACK_LINES), start + 1):
        line = lines[i]
        if i == start:
            # The body's first line may itself be the headline when it ends in "?"
            # or "!"; real paragraphs end with a period or run on past 25 words.
            if line.words > FIRST_LINE_HEADLINE_MAX_WORDS or line.text.endswith(".") or SENT_INSIDE.search(line.text):
                continue
        s = _headline_score(line, body_words, start - i)
        if BYLINE.match(line.text) or BREADCRUMB.search(line.text):
            continue
        if s > NOT_A_HEADLINE:
            if line.text.endswith(".") or SENT_INSIDE.search(line.text):
                s -= SENTENCE_HEADLINE_PENALTY  # sentences: a standfirst or a caption, not a headline
            # A headline is followed by its byline or date before the text starts.
            if any(_is_byline_or_date(lines[j]) for j in range(i + 1, min(start, i + 1 + BYLINE_LOOKAHEAD_LINES))):
                s += BYLINE_BONUS * min(1.0, line.words / BYLINE_BONUS_FULL_WORDS)  # not for a two-word section label
        if s > best_s:
            best_i, best_s = i, s
    return best_i


def _split_version(title: str) -> tuple[str, str | None]:
    """'(LEAD) No. 2 U.S. diplomat ...' -> ('No. 2 U.S. diplomat ...', 'LEAD')."""
    for rx in (VERSION, VERSION_UPDATE):
        m = rx.match(title)
        if m:
            return title[m.end() :].strip(), _norm(m.group(1))
    return title, None


# ---------------------------------------------------------------------------
# Shared assembly
# ---------------------------------------------------------------------------


@dataclass
class _PageHints:
    """What an HTML page says about itself outside the visible text."""

    title: str | None = None
    date_hints: list[str] = field(default_factory=list)
    source_hints: list[str] = field(default_factory=list)
    url: str | None = None


def _assemble(lines: list[_Line], hints: _PageHints, path: str) -> CleanedDocument:
    lines = _split_end_marks(lines)
    for line in lines:
        _classify(line)
    _mark_repeats(lines)
    html = bool(lines[0].path)  # HTML lines know their elements; text-dump lines do not
    start, end, total = _best_segment(lines)
    if not html:
        scores = [line.score for line in lines]
        _mark_teasers(lines)
        marked = _best_segment(lines)
        if marked[2] > 0:
            start, end, total = marked
        else:  # the page is nothing but such units: better them than nothing
            for line, score in zip(lines, scores):
                line.score = score
    anchor = _title_line(lines, hints.title) if hints.title else None
    if anchor is not None and start < anchor:
        # The page's own headline marks where its article starts; a bigger
        # block above it is usually a teaser list or a menu.
        a_start, a_end, a_total = _best_segment(lines[anchor + 1 :])
        if a_end >= a_start and a_total >= ANCHOR_SEGMENT_MIN_SHARE * total:
            start, end, total = a_start + anchor + 1, a_end + anchor + 1, a_total
    if end < start or total <= 0:
        raise CleaningError(f"no article text found in {path}")

    if not html:
        end = _extend_by_list(lines, end)
    body_lines = [ln for ln in lines[start : end + 1] if ln.kind is _Kind.TEXT]
    if html:
        found = _dom_body(lines, anchor)
        if found is not None:
            body_lines, start, end = found
    body_words = set(_content_words(" ".join(ln.text for ln in body_lines)))

    title_idx = _pick_headline(lines, start, body_words) if not hints.title else None
    if hints.title:
        title = hints.title
    elif title_idx is not None:
        title = lines[title_idx].text
        if title_idx == start and len(body_lines) > 1:
            body_lines = body_lines[1:]
    else:
        title = ""
    title, version = _split_version(_norm(title))
    # HTML bodies often repeat the <h1>: do not keep the headline as a paragraph.
    title_key = _key(title)
    body_lines = [ln for ln in body_lines if _key(_split_version(ln.text)[0]) != title_key] or body_lines
    paragraphs = tuple(_norm(ln.text) for ln in body_lines if _norm(ln.text))
    if not paragraphs:
        raise CleaningError(f"no article text found in {path}")
    if not title:
        # No headline on the page: the first words of the article stand in for it.
        words = paragraphs[0].split()
        title = " ".join(words[:FALLBACK_TITLE_WORDS]) + (" …" if len(words) > FALLBACK_TITLE_WORDS else "")

    # Notes and timestamps are looked for around the headline and the body's top.
    head_from = max(0, (title_idx if title_idx is not None else start) - NOTES_LOOKBACK_LINES)
    notes = tuple(
        m.group(1)
        for ln in lines[head_from : end + 1]
        if ln.kind is _Kind.NOTE and (m := NOTE.match(ln.text))
    )
    signoff = None
    for ln in lines[end + 1 : end + 1 + SIGNOFF_LOOKAHEAD_LINES]:
        if ln.kind is _Kind.SIGNOFF:
            signoff = ln.text.strip("()")
            break
    timestamps = [
        ln.text for ln in lines[max(0, start - TIMESTAMP_LOOKBACK_LINES) : end + 1] if ln.kind is _Kind.TIMESTAMP
    ]
    timestamps += [
        ln.text for ln in lines[end + 1 : end + 1 + TIMESTAMP_LOOKAHEAD_LINES] if ln.kind is _Kind.TIMESTAMP
    ]
    source_hints = list(hints.source_hints)
    if signoff:
        source_hints.append(signoff.split("@", 1)[1].split("/")[0].strip())
    # A reporter's address in the byline above the text names the employer too.
    for ln in lines[head_from:start]:
        if ln.kind is _Kind.SIGNOFF:
            source_hints += EMAIL_DOMAIN.findall(ln.text)

    return CleanedDocument(
        title=title,
        paragraphs=paragraphs,
        version=version,
        notes=notes,
        signoff=signoff,
        date_hints=tuple(_dedupe(hints.date_hints + timestamps)),
        source_hints=tuple(_dedupe(source_hints)),
        url=hints.url,
    )


def _dom_body(lines: list[_Line], anchor: int | None) -> tuple[list[_Line], int, int] | None:
    """HTML: the article is the element whose own paragraphs hold the most prose
    (Readability's top candidate: a paragraph credits its parent fully and its
    grandparent half), widened to enclosing elements that add more of the same,
    with every readable line inside, up to barriers."""
    credit: dict[int, float] = {}
    # An element's lines are contiguous in document order: its first and last line.
    span: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        for el in ln.path:
            if el in span:
                span[el][1] = i
            else:
                span[el] = [i, i]
        worth = _credit(ln)
        if worth > 0 and len(ln.path) >= 2:
            credit[ln.path[-2]] = credit.get(ln.path[-2], 0.0) + worth
            if len(ln.path) >= 3:
                credit[ln.path[-3]] = credit.get(ln.path[-3], 0.0) + worth * GRANDPARENT_CREDIT
    if not credit:
        return None
    top = max(credit, key=credit.__getitem__)
    if anchor is not None and span[top][1] < anchor:
        # The page's own headline marks where its article starts; a bigger block
        # wholly above it is a teaser list or a featured story.
        below = [el for el in credit if span[el][0] > anchor and credit[el] >= ANCHOR_ELEMENT_MIN_SHARE * credit[top]]
        if below:
            top = max(below, key=credit.__getitem__)
    first, last, container = _widen(lines, span, top)
    i = anchor + 1 if anchor is not None and first < anchor <= last else first
    # Barriers inside the element ("Related stories", "(END)") split it; the
    # group with the most prose is the article. A boilerplate heading that
    # leads a box of its own (a "Related" box set into the text) only removes
    # that box: the article goes on after it.
    groups: list[list[int]] = [[]]
    while i <= last:
        line = lines[i]
        if line.score != float("-inf"):
            groups[-1].append(i)
        else:
            box = _box_of(line, container)
            if line.kind is _Kind.STOP and box is not None and span[box][1] > i and not END_MARK.match(line.text):
                i = span[box][1] + 1
                continue
            groups.append([])
        i += 1
    best = max(groups, key=lambda g: sum(_credit(lines[i]) for i in g))
    kept = [i for i in best if _keep_in_article(lines[i])]
    # Short lines above the first paragraph are kickers, bylines and dates.
    while kept and lines[kept[0]].words <= KICKER_MAX_WORDS and lines[kept[0]].tag not in SUBHEAD_TAGS:
        kept.pop(0)
    if not kept or sum(_credit(lines[i]) for i in kept) <= 0:
        return None
    return [lines[i] for i in kept], kept[0], kept[-1]


def _credit(line: _Line) -> float:
    """What a line adds to its element's claim to be the article: its prose score,
    and a little for any short paragraph that is not a link (a calendar, a recipe
    is all short paragraphs)."""
    if line.kind is not _Kind.TEXT:
        return 0.0
    if line.score > 0:
        return line.score
    if (
        line.tag == "p"
        and line.words >= SHORT_PARAGRAPH_MIN_WORDS
        and line.link_chars < SHORT_PARAGRAPH_MAX_LINK_SHARE * len(line.text)
    ):
        return SHORT_PARAGRAPH_CREDIT
    return 0.0


def _box_of(line: _Line, container: int) -> int | None:
    """The element directly inside `container` that holds `line`, if the line
    sits deeper than that (inside a box rather than being a paragraph itself)."""
    level = line.path.index(container)
    return line.path[level + 1] if len(line.path) > level + 2 else None




def _prose(line: _Line) -> float:
    return line.score if line.score > 0 and line.kind is _Kind.TEXT else 0.0


def _widen(lines: list[_Line], span: dict[int, list[int]], top: int) -> tuple[int, int, int]:
    """First and last line of `top`, or of the enclosing element whose extra
    lines read as more of the same article; and that element."""
    first, last = span[top]
    path = lines[first].path
    level = path.index(top)
    own = sum(_prose(lines[i]) for i in range(first, last + 1))
    element = top
    while level > 1:  # never widen to <body> itself
        level -= 1
        w_first, w_last = span[path[level]]
        if (w_first, w_last) == (first, last):
            continue  # a wrapper adding nothing: look further up
        gain = loss = 0.0
        for i in (*range(w_first, first), *range(last + 1, w_last + 1)):
            score = lines[i].score
            if score == float("-inf"):
                continue
            if score > 0 and lines[i].kind is _Kind.TEXT:
                gain += score
            elif lines[i].link_chars > WIDEN_LINK_LINE_SHARE * len(lines[i].text):
                loss -= min(0.0, score)  # headlines of other stories, menus
            else:
                loss -= WIDEN_ARTICLE_LIKE_LOSS * min(0.0, score)  # sub-heads, list items, captions: article-like
        if gain < WIDEN_MIN_GAIN * own or gain < WIDEN_PROSE_SHARE * (gain + loss):
            break
        first, last, own, element = w_first, w_last, own + gain, path[level]
    return first, last, element




def _keep_in_article(line: _Line) -> bool:
    """Lines of the article's element: lists, tables, sub-heads and short
    paragraphs are article; link lists and page furniture are not."""
    return line.kind is _Kind.TEXT and line.link_chars <= ARTICLE_MAX_LINK_SHARE * len(line.text)


def _title_line(lines: list[_Line], title: str) -> int | None:
    """Index of the first line that repeats the page title (the article's <h1>)."""
    key = _key(_split_version(_norm(title))[0])
    for i, line in enumerate(lines):
        if line.words <= TITLE_LINE_MAX_WORDS and _key(_split_version(line.text)[0]) == key:
            return i
    return None


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        item = _norm(item)
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


# ---------------------------------------------------------------------------
# Plain-text dumps
# ---------------------------------------------------------------------------


def _split_end_marks(lines: list[_Line]) -> list[_Line]:
    """"(END)" glued to a paragraph: keep the paragraph, then a barrier line."""
    out: list[_Line] = []
    for line in lines:
        m = END_MARK.search(line.text)
        if m and m.start() > 0:
            out.append(_Line(line.text[: m.start()].strip(), line.link_chars, line.tag, path=line.path))
            out.append(_Line("(END)", tag=line.tag, path=line.path))
        else:
            out.append(line)
    return out


def _text_lines(text: str) -> list[_Line]:
    return [_Line(t) for t in (_norm(raw) for raw in text.splitlines()) if t]


# ---------------------------------------------------------------------------
# HTML: a regex pre-pass, one BeautifulSoup (lxml) parse, one walk of the tree
# ---------------------------------------------------------------------------




def _json_ld_blocks(html: str, lower: str) -> list[str]:
    """The JSON-LD scripts' contents (`lower` is `html` in ASCII lower case)."""
    blocks: list[str] = []
    pos = 0
    while (m := JSON_LD_OPEN.search(html, pos)) is not None:
        close = lower.find("</script", m.end())
        if close < 0:
            break
        blocks.append(html[m.end() : close])
        pos = close
    return blocks




def _strip_invisible(html: str, lower: str) -> str:
    """Cut <script>...</script> and the like, and comments. A scan rather than one
    regex: with an unclosed element a lazy `.*?` rescans to the end of the page
    for every later opening, which is quadratic on broken pages."""
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()  # names with no closing tag after some point: stop looking
    while (m := INVISIBLE_OPEN.search(html, pos)) is not None:
        name = (m.group(1) or "!--").lower()
        closer = "-->" if name == "!--" else f"</{name}"
        close = -1 if name in unclosed else lower.find(closer, m.end())
        if close < 0:
            unclosed.add(name)
            out.append(html[pos : m.end()])  # left as it is, as the parser will see it
            pos = m.end()
            continue
        end = close + 3 if name == "!--" else lower.find(">", close) + 1
        if end <= 0:
            end = len(html)
        out.append(html[pos : m.start()])
        out.append(" ")
        pos = end
    out.append(html[pos:])
    return "".join(out)




def _drop_balanced(html: str, name: str, keep: "re.Pattern[str] | None" = None, keep_count: int = 1) -> str:
    """Cut out every <name>...</name> (nesting-aware) unless its inside matches `keep`
    at least `keep_count` times; an unclosed element is left alone."""
    rx = re.compile(ELEMENT_TAG.format(name=name), re.IGNORECASE)
    out: list[str] = []
    pos = 0
    start = depth = 0
    for m in rx.finditer(html):
        closing = m.group(1) == "/"
        if depth == 0:
            if not closing:
                start, depth = m.start(), 1
            continue
        depth += -1 if closing else 1
        if depth == 0:
            inside = html[start : m.end()]
            if keep is not None and len(keep.findall(inside, 0)) >= keep_count:
                continue
            out.append(html[pos:start])
            out.append(" ")
            pos = m.end()
    out.append(html[pos:])
    return "".join(out)




def _prepare_html(html: str) -> tuple[str, list[str]]:
    """Markup worth parsing, and the JSON-LD blocks (kept aside: they carry dates)."""
    # Offsets found in `lower` are used on `html`: str.lower() may change the
    # length ("İ" becomes two characters), then only ASCII letters are lowered.
    lower = html.lower()
    if len(lower) != len(html):
        lower = ASCII_UPPER.sub(lambda m: m.group().lower(), html)
    json_ld = _json_ld_blocks(html, lower)
    html = _strip_invisible(html, lower)
    m = BODY_START.search(html)
    head, body = (html[: m.start()], html[m.start() :]) if m else ("", html)
    # Site navigation, footers and side columns are skipped by the walk anyway;
    # a <header> stays when it holds the headline or the time, a <form> when it
    # wraps the whole page (some sites do).
    for name in PREPASS_DROPPED_TAGS:
        body = _drop_balanced(body, name)
    body = _drop_balanced(body, "header", keep=HEADLINE_OR_TIME)
    body = _drop_balanced(body, "form", keep=PARAGRAPH, keep_count=FORM_KEEP_MIN_PARAGRAPHS)
    body = _drop_balanced(body, "button")
    body = EMPTY_ELEMENT.sub("", VOID.sub("", body))
    return LINK.sub("", head) + body, json_ld




@dataclass
class _Seen:
    """What the walk notices on its way besides text: first <h1>, <time>s, itemprop dates."""

    h1: str | None = None
    # <meta> and <link> that the parser moved out of a malformed <head>.
    metas: list[Tag] = field(default_factory=list)
    canonical: str | None = None
    title: str | None = None
    times: list[str] = field(default_factory=list)
    itemprop_dates: list[str] = field(default_factory=list)


class _LineBuilder:
    """Collects text into lines, one per block element, counting link text and
    remembering which elements each line sits in."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self._parts: list[str] = []
        self._link_chars = 0
        self.seen = _Seen()
        self._serial = 0

    def next_id(self) -> int:
        self._serial += 1
        return self._serial

    def add(self, text: str, in_link: bool) -> None:
        self._parts.append(text)
        if in_link:
            self._link_chars += len(text.strip())

    def flush(self, tag: str, path: tuple[int, ...]) -> None:
        if self._parts:
            text = _norm("".join(self._parts))
            if text:
                self.lines.append(_Line(text, link_chars=self._link_chars, tag=tag, path=path))
        self._parts = []
        self._link_chars = 0


def _attr_text(el: Tag) -> str:
    attrs = el.attrs
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"


def _furniture(el: Tag) -> str | None:
    """'hidden' / 'junk' for elements a reader never sees or skips, 'maybe' for a
    wrapper whose name sounds like furniture (kept if it holds real paragraphs)."""
    attrs = el.attrs
    if not attrs:
        return None
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return "hidden"
    style = attrs.get("style")
    if style and HIDDEN_STYLE.search(str(style)):
        return "hidden"
    if el.name in NEVER_FURNITURE_TAGS:
        return None
    text = _attr_text(el)
    if not JUNK_ATTR.search(text):
        return None
    return "junk" if ALWAYS_JUNK_ATTR.search(text) else "maybe"


def _has_real_paragraphs(lines: list[_Line]) -> bool:
    return (
        sum(
            1
            for ln in lines
            if ln.words >= REAL_PARAGRAPH_MIN_WORDS and ln.link_chars < REAL_PARAGRAPH_MAX_LINK_SHARE * len(ln.text)
        )
        >= REAL_PARAGRAPHS_MIN
    )


def _walk(node: Tag, out: _LineBuilder, in_link: bool, path: tuple[int, ...], depth: int = 0) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                out.add(str(child), in_link)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        attrs = child.attrs
        if attrs and attrs.get("itemprop") == "datePublished":
            value = attrs.get("content") or attrs.get("datetime") or child.get_text(" ", strip=True)
            if value:
                out.seen.itemprop_dates.append(str(value))
        if name in SKIP_TAGS:
            if name == "meta":
                out.seen.metas.append(child)
            elif name == "title" and out.seen.title is None:
                out.seen.title = child.get_text(" ", strip=True)
            elif name == "link" and attrs.get("rel") == "canonical" and out.seen.canonical is None:
                out.seen.canonical = attrs.get("href")
            if name in SEPARATING_SKIP_TAGS:
                out.flush(node.name, path)  # they separate blocks even though skipped
            continue
        if name == "br":
            out.flush(node.name, path)
            continue
        if name == "time" and attrs.get("datetime"):
            out.seen.times.append(str(attrs["datetime"]))
        elif name == "h1" and out.seen.h1 is None:
            out.seen.h1 = child.get_text(" ", strip=True)
        furniture = _furniture(child) if attrs else None
        if furniture in ("hidden", "junk"):
            out.flush(node.name, path)
            continue
        block = name in BLOCK_TAGS or furniture is not None
        if block:
            out.flush(node.name, path)
        mark = len(out.lines)
        child_path = path + (out.next_id(),) if block else path
        if depth < MAX_DEPTH:  # pathological nesting: keep the text flat rather than recurse forever
            _walk(child, out, in_link or name == "a", child_path, depth + 1)
        else:
            out.add(child.get_text(" "), in_link)
        if block:
            out.flush(name, child_path)
        if furniture == "maybe":
            # Decided after the walk, from the lines it gave: no second pass over the subtree.
            for line in out.lines[mark:]:
                line.words = _length(line.text)
            if not _has_real_paragraphs(out.lines[mark:]):
                del out.lines[mark:]


def _meta_content(head: Tag | None, more: list[Tag]) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in (*(head.find_all("meta") if head is not None else ()), *more):
        attrs = m.attrs
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content:
            found.setdefault(str(key).strip().lower(), str(content).strip())
    return found


def _json_ld_articles(blocks: list[str]) -> Iterator[dict]:
    for block in blocks:
        try:
            data = json.loads(html_lib.unescape(block) if "&quot;" in block else block)
        except (ValueError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(t in ARTICLE_TYPES for t in types if isinstance(t, str)):
                    yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _strip_site_suffix(title: str, site_name: str | None) -> str:
    """'Headline | Site' / 'Headline - Site' -> 'Headline'."""
    parts = TITLE_SEP.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1].strip()
    if (site_name and _key(last) == _key(site_name)) or len(last.split()) <= SITE_SUFFIX_MAX_WORDS:
        # Cut at the last separator only, keeping separators inside the headline.
        m = list(TITLE_SEP.finditer(title))[-1]
        head = title[: m.start()].strip()
        if len(head.split()) >= TITLE_MIN_WORDS:
            return head
    return title


def _page_hints(soup: BeautifulSoup, json_ld: list[str], seen: _Seen, given_url: str | None) -> _PageHints:
    head = soup.head
    meta = _meta_content(head, seen.metas)
    hints = _PageHints()
    site_name = meta.get("og:site_name")
    articles = list(_json_ld_articles(json_ld))

    # URL: canonical first, it is what the publisher calls the page.
    canonical = head.find("link", rel="canonical") if head is not None else None
    url = (canonical.get("href") if canonical else seen.canonical) or meta.get("og:url") or given_url
    hints.url = str(url).strip() if url and str(url).startswith("http") else given_url

    # Title: og:title, then <h1>, then <title>; a title equal to the site name is no headline.
    candidates: list[str] = []
    for c in (meta.get("og:title"), meta.get("twitter:title")):
        if c:
            candidates.append(c)
    if seen.h1:
        candidates.append(seen.h1)
    title_tag = head.find("title") if head is not None else None
    if title_tag is not None and title_tag.string:
        candidates.append(str(title_tag.string))
    elif seen.title:
        candidates.append(seen.title)
    for art in articles:
        if isinstance(art.get("headline"), str):
            candidates.append(art["headline"])
    for c in candidates:
        c = _strip_site_suffix(_norm(c), site_name)
        if c and len(c.split()) >= TITLE_MIN_WORDS and not (site_name and _key(c) == _key(site_name)):
            hints.title = c
            break

    # Dates, best first.
    dates: list[str] = []
    for key in PUBLISHED_META_KEYS:
        if meta.get(key):
            dates.append(meta[key])
    for art in articles:
        value = art.get("datePublished")
        if isinstance(value, str):
            dates.append(value)
    if not articles:
        # Hand-written JSON-LD is often not quite JSON (single quotes, trailing commas).
        for block in json_ld:
            m = LD_DATE.search(block)
            if m:
                dates.append(m.group(1))
    if meta.get("datepublished"):
        dates.append(meta["datepublished"])
    dates += seen.itemprop_dates[:MAX_ITEMPROP_DATES]
    dates += seen.times[:MAX_TIME_DATES]
    for key in DATE_META_KEYS:
        if key in meta:
            dates.append(meta[key])
    if hints.url:
        m = URL_DATE.search(hints.url)
        if m:
            dates.append(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    hints.date_hints = dates

    sources: list[str] = []
    if site_name:
        sources.append(site_name)
    if hints.url:
        m = URL_HOST.match(hints.url)
        if m:
            sources.append(m.group(1).lower())
    hints.source_hints = sources
    return hints


def _parse_html(text: str, given_url: str | None) -> tuple[list[_Line], _PageHints]:
    markup, json_ld = _prepare_html(text)
    # multi_valued_attributes=None: class stays one string; splitting it into a
    # list for every element is a tenth of the parse time and we only search it.
    soup = BeautifulSoup(markup, "lxml", multi_valued_attributes=None)
    out = _LineBuilder()
    root = soup.body or soup
    root_path = (out.next_id(),)
    _walk(root, out, in_link=False, path=root_path)
    out.flush(root.name or "body", root_path)
    return out.lines, _page_hints(soup, json_ld, out.seen, given_url)


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def clean(raw: RawDocument) -> CleanedDocument:
    """Find the article in a page: headline, body paragraphs and metadata hints."""
    if raw.kind == "html":
        lines, hints = _parse_html(raw.text, raw.given.url)
    elif raw.kind == "text":
        hints = _PageHints(url=raw.given.url)
        lines = _text_lines(raw.text)
    else:
        raise CleaningError(f"unknown document kind {raw.kind!r} for {raw.path}")
    if not lines:
        raise CleaningError(f"no text at all in {raw.path}")
    return _assemble(lines, hints, raw.path)
