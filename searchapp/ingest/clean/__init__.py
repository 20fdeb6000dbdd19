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
from searchapp.ingest.patterns import MONTH
from searchapp.records import CleanedDocument, RawDocument


class CleaningError(Exception):
    """No article could be found in a document; the message says why."""


# ---------------------------------------------------------------------------
# Boilerplate phrases (data file, extendable without code)
# ---------------------------------------------------------------------------

# Trailing decoration ignored when comparing a line with a phrase ("Related Stories:", "Read more >").
_KEY_TAIL = re.compile(r"[\s:.!>»›|•·\-–—]+$")


def _norm(text: str) -> str:
    return " ".join(text.split())  # faster than a regex; called for every line


def _key(text: str) -> str:
    return _KEY_TAIL.sub("", _norm(text).lower())


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


_YEAR = r"(?:19|20)\d{2}"
# A full date as pages print it; used to recognise timestamp lines.
_DATE_IN_TEXT = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+{_YEAR}(?!\d)"
    rf"|\b{_YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}(?!\d)"
    rf"|\b\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR}(?!\d)",
    re.IGNORECASE,
)
# "Updated at 1:23 p.m.", "Published 2 hours ago": a time stamp without a full date.
_STAMP = re.compile(r"^(?:last\s+)?(?:updated|published|posted|modified)\b[^.!?]{0,30}\d", re.IGNORECASE)
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_SIGNOFF = re.compile(rf"^\(?{_EMAIL}(?:\s*[/,;&]\s*{_EMAIL})*\)?$")
_END_MARK = re.compile(r"\s*\(END\)\s*$")
# Editor's notes on wire copy: "(ATTN: ADDS quotes ...)", "(EDS: ...)", "(Editor's note: ...)".
_NOTE = re.compile(
    r"^\(\s*((?:ATTN|EDS?|EDITORS?'?S?\s+NOTE|CORRECTS?|RECASTS?)\b.*?)\s*\)?$", re.IGNORECASE
)
# Wire version markers leading a headline: "(LEAD)", "(2nd LD)", "(News Focus)", "(URGENT)".
_VERSION = re.compile(
    r"^\(\s*((?:LEAD|URGENT|\d+(?:st|nd|rd|th)\s+LD|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}))\s*\)\s*(?=\S)"
)
_VERSION_UPDATE = re.compile(r"^(UPDATE\s+\d+)\s*[-–—:]\s*(?=\S)")
_CAPTION = re.compile(
    r"\b(?:photo|photograph|image|picture|credit|illustration|file photo)s?\s*(?::|by\b|courtesy\b)"
    r"|getty\s*images|\bAP Photo\b|shutterstock|\biStock\b|\(Yonhap\)\s*$",
    re.IGNORECASE,
)
# Captions that give themselves away however long they are: a wire-photo credit
# "(AP Photo/Jane Doe)", or "In this Nov. 20, 2019, file photo, ..." at the start.
_LONG_CAPTION = re.compile(
    r"\((?:AP|AFP|Reuters|EPA|Yonhap|Xinhua)\s*(?:Photo|Images?)\b[^()]*\)|^In this\b.{0,60}\bphoto\b",
    re.IGNORECASE,
)
# Photo-gallery furniture: "Image 1 of 8", "1 / 8".
_GALLERY = re.compile(r"^(?:(?:image|photo|slide|picture)\s+)?\d+\s*(?:of|/)(?:\s*/)?\s*\d*$", re.IGNORECASE)
# "jsmith says:" heads a reader comment; the article is over.
_COMMENT_HEADER = re.compile(r"^\S.{0,40}\ssays:?$", re.IGNORECASE)
_SENT_END = re.compile(r"[.!?…:;\"”’')\]»。！？]$")
# A sentence boundary inside a line; the word before it must not be an
# abbreviation ("U.N. resolution", "No. 2" are headline material, not prose).
_SENT_INSIDE = re.compile(r"(?:[^\W\d_]{3,}|\d)[.!?][\"”’')]?\s+[\"“‘'(]?[A-Z0-9]|[。！？]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # scripts written without spaces
_WORD = re.compile(r"\w+")


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
    return len(text.split()) + len(_CJK.findall(text)) // 2


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
        or (line.words <= 5 and _COMMENT_HEADER.match(text))
    ):
        line.kind = _Kind.STOP
    elif _SIGNOFF.match(text):
        line.kind = _Kind.SIGNOFF
    elif _NOTE.match(text):
        line.kind = _Kind.NOTE
    elif key in bp.drop or lower.startswith(bp.drop_prefix) or not _WORD.search(text):
        # (a line of only bullets, rules or zero-width spaces says nothing either way)
        line.kind = _Kind.DROP
    elif key in bp.junk or _GALLERY.match(text):
        line.kind = _Kind.JUNK
    elif (line.words <= 40 and _CAPTION.search(text)) or _LONG_CAPTION.search(text):
        line.kind = _Kind.CAPTION
    elif line.words <= 15 and (_DATE_IN_TEXT.search(text) or _STAMP.match(text)):
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
        return -4.0
    n = line.words
    text = line.text
    prose = bool(_SENT_END.search(text) or _SENT_INSIDE.search(text))
    link_density = min(1.0, line.link_chars / max(1, len(text)))
    # Headlines, menu items and link lists lack sentence punctuation; a line
    # that is mostly links is navigation however long it is.
    weight = (1.0 if prose else 0.35) - 1.5 * link_density
    if line.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        weight = min(weight, 0.35)
    # Floor: one inline teaser must not split an article in two; long runs of
    # them still add up to a wall.
    return max(n * weight - 7.0, -12.0)


def _mark_repeats(lines: list[_Line]) -> None:
    """A long line that only repeats several earlier lines (a page's hidden
    metadata holding the whole article as one string, a print version) is no
    more article: it is dropped, though the article may run across it."""
    first_seen: dict[tuple[str, ...], int] = {}
    for i, line in enumerate(lines):
        if line.kind is not _Kind.TEXT:
            continue
        tokens = _WORD.findall(line.text.lower())
        grams = [tuple(tokens[k : k + 4]) for k in range(len(tokens) - 3)]
        if len(grams) >= 60:
            sources = {first_seen[g] for g in grams if g in first_seen}
            seen = sum(1 for g in grams if g in first_seen)
            if len(sources) >= 3 and seen >= 0.9 * len(grams):
                line.kind, line.score = _Kind.DROP, 0.0
                continue
        for g in grams:
            first_seen.setdefault(g, i)


_BULLET = re.compile(r"^[•·▪►◦*\-–—]\s")
_MONTH_START = re.compile(rf"^{MONTH}\s", re.IGNORECASE)
_LIST_MIN = 3


def _shape(line: _Line) -> str | None:
    """What a list's items share at their start: a bullet, a number or a month."""
    text = line.text
    if _BULLET.match(text):
        return "bullet"
    if text[:1].isdigit():
        return "number"
    if _MONTH_START.match(text):
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
    while j < len(lines) and lines[j].kind is _Kind.TEXT and lines[j].words <= 40 and _shape(lines[j]) == shape:
        j += 1
    return j if j - i >= _LIST_MIN else i


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
        while j < len(lines) and lines[j].kind is _Kind.TEXT and lines[j].words <= 40 and j - nxt < 30:
            j += 1
        return j - 1
    return end


def _headline_like(line: _Line) -> bool:
    return line.kind is _Kind.TEXT and 4 <= line.words <= 20 and (
        line.text.endswith(("...", "…")) or not _SENT_END.search(line.text)
    )


# Runs of (headline, summary) pairs at least this long are lists of other stories.
_TEASER_RUN = 3


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
        if len(units) >= _TEASER_RUN and not continues:
            for i in units:
                lines[i].score = min(lines[i].score, -2.0)
        units.clear()

    i = 0
    while i < len(lines):
        if _headline_like(lines[i]):
            if not units:
                run_start = i
            # Skip a byline ("by Jane Doe") and dates between headline and summary.
            j = i + 1
            if j < len(lines) and lines[j].kind is _Kind.TEXT and lines[j].words <= 4:
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

_STOPWORDS = frozenset(
    "the a an and or of to in on at for from by with as is are was were be has have had "
    "it its this that these those not but after over into about than new says said".split()
)


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())]


def _headline_score(line: _Line, body_words: set[str], distance: int) -> float:
    if line.kind is not _Kind.TEXT or line.words < 2 or line.words > 30:
        return -1.0
    if line.link_chars > 0.5 * len(line.text) and line.tag not in ("h1", "h2"):
        return -1.0
    words = set(_content_words(line.text))
    if not words:
        return -1.0
    overlap = sum(1 for w in words if w in body_words) / len(words)
    # One-word menu items overlap by chance; very distant lines are other stories.
    return overlap * min(1.0, len(words) / 4) - 0.004 * distance


# "By Jane Doe", "Von ...", "Par ...": a byline (several languages).
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|af)\b(?:\s+\S|$)", re.IGNORECASE)


# "Home > World > Asia": a breadcrumb trail.
_BREADCRUMB = re.compile(r"\S\s+[>»›/]\s+\S.*\s[>»›/]\s+\S")


def _is_byline_or_date(line: _Line) -> bool:
    return line.kind in (_Kind.TIMESTAMP, _Kind.SIGNOFF) or (line.words <= 8 and bool(_BYLINE.match(line.text)))


def _pick_headline(lines: list[_Line], start: int, body_words: set[str]) -> int | None:
    best_i, best_s = None, 0.25
    for i in range(max(0, start - 40), start + 1):
        line = lines[i]
        if i == start:
            # The body's first line may itself be the headline when it ends in "?"
            # or "!"; real paragraphs end with a period or run on past 25 words.
            if line.words > 25 or line.text.endswith(".") or _SENT_INSIDE.search(line.text):
                continue
        s = _headline_score(line, body_words, start - i)
        if _BYLINE.match(line.text) or _BREADCRUMB.search(line.text):
            continue
        if s > -1.0:
            if line.text.endswith(".") or _SENT_INSIDE.search(line.text):
                s -= 0.3  # sentences: a standfirst or a caption, not a headline
            # A headline is followed by its byline or date before the text starts.
            if any(_is_byline_or_date(lines[j]) for j in range(i + 1, min(start, i + 9))):
                s += 0.3 * min(1.0, line.words / 5)  # not for a two-word section label
        if s > best_s:
            best_i, best_s = i, s
    return best_i


def _split_version(title: str) -> tuple[str, str | None]:
    """'(LEAD) No. 2 U.S. diplomat ...' -> ('No. 2 U.S. diplomat ...', 'LEAD')."""
    for rx in (_VERSION, _VERSION_UPDATE):
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
        if a_end >= a_start and a_total >= 0.3 * total:
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
        title = " ".join(words[:12]) + (" …" if len(words) > 12 else "")

    # Notes and timestamps are looked for around the headline and the body's top.
    head_from = max(0, (title_idx if title_idx is not None else start) - 15)
    notes = tuple(
        m.group(1)
        for ln in lines[head_from : end + 1]
        if ln.kind is _Kind.NOTE and (m := _NOTE.match(ln.text))
    )
    signoff = None
    for ln in lines[end + 1 : end + 4]:
        if ln.kind is _Kind.SIGNOFF:
            signoff = ln.text.strip("()")
            break
    timestamps = [ln.text for ln in lines[max(0, start - 30) : end + 1] if ln.kind is _Kind.TIMESTAMP]
    timestamps += [ln.text for ln in lines[end + 1 : end + 6] if ln.kind is _Kind.TIMESTAMP]
    source_hints = list(hints.source_hints)
    if signoff:
        source_hints.append(signoff.split("@", 1)[1].split("/")[0].strip())
    # A reporter's address in the byline above the text names the employer too.
    for ln in lines[head_from:start]:
        if ln.kind is _Kind.SIGNOFF:
            source_hints += re.findall(r"@([\w-]+(?:\.[\w-]+)+)", ln.text)

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
                credit[ln.path[-3]] = credit.get(ln.path[-3], 0.0) + worth / 2
    if not credit:
        return None
    top = max(credit, key=credit.__getitem__)
    if anchor is not None and span[top][1] < anchor:
        # The page's own headline marks where its article starts; a bigger block
        # wholly above it is a teaser list or a featured story.
        below = [el for el in credit if span[el][0] > anchor and credit[el] >= 0.3 * credit[top]]
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
            if line.kind is _Kind.STOP and box is not None and span[box][1] > i and not _END_MARK.match(line.text):
                i = span[box][1] + 1
                continue
            groups.append([])
        i += 1
    best = max(groups, key=lambda g: sum(_credit(lines[i]) for i in g))
    kept = [i for i in best if _keep_in_article(lines[i])]
    # Short lines above the first paragraph are kickers, bylines and dates.
    while kept and lines[kept[0]].words <= 6 and lines[kept[0]].tag not in _SUBHEAD_TAGS:
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
    if line.tag == "p" and line.words >= 3 and line.link_chars < 0.3 * len(line.text):
        return 1.0
    return 0.0


def _box_of(line: _Line, container: int) -> int | None:
    """The element directly inside `container` that holds `line`, if the line
    sits deeper than that (inside a box rather than being a paragraph itself)."""
    level = line.path.index(container)
    return line.path[level + 1] if len(line.path) > level + 2 else None


# An enclosing element is taken in when what it adds is mostly prose (positive
# line scores against negative ones) and not negligible: an article cut into
# sections or interleaved with ads is, a list of teasers under headlines is not.
_WIDEN_PROSE_SHARE = 0.8
_WIDEN_MIN_GAIN = 0.1


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
            elif lines[i].link_chars > 0.5 * len(lines[i].text):
                loss -= min(0.0, score)  # headlines of other stories, menus
            else:
                loss -= 0.25 * min(0.0, score)  # sub-heads, list items, captions: article-like
        if gain < _WIDEN_MIN_GAIN * own or gain < _WIDEN_PROSE_SHARE * (gain + loss):
            break
        first, last, own, element = w_first, w_last, own + gain, path[level]
    return first, last, element


_SUBHEAD_TAGS = frozenset("h2 h3 h4 h5 h6 li".split())


def _keep_in_article(line: _Line) -> bool:
    """Lines of the article's element: lists, tables, sub-heads and short
    paragraphs are article; link lists and page furniture are not."""
    return line.kind is _Kind.TEXT and line.link_chars <= 0.5 * len(line.text)


def _title_line(lines: list[_Line], title: str) -> int | None:
    """Index of the first line that repeats the page title (the article's <h1>)."""
    key = _key(_split_version(_norm(title))[0])
    for i, line in enumerate(lines):
        if line.words <= 40 and _key(_split_version(line.text)[0]) == key:
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
        m = _END_MARK.search(line.text)
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

# Never visible or never article: skipped with everything inside.
_SKIP_TAGS = frozenset(
    "script style noscript template svg iframe button select input textarea canvas video audio "
    "object embed head nav aside footer figcaption dialog menu link meta title".split()
)
_BLOCK_TAGS = frozenset(
    "p div section article main li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tbody thead tfoot tr "
    "td th dd dt dl figure address center hr details summary fieldset body html form header".split()
)
# class/id names of page furniture (in the spirit of Readability's "unlikely candidates").
_JUNK_ATTR = re.compile(
    r"comment|disqus|share|sharing|social|related|recirc|outbrain|taboola|newsletter|subscri|signup"
    r"|promo|sponsor|advert|cookie|gdpr|consent|popup|modal|breadcrumb|sidebar|footer|masthead"
    r"|\bnav|navbar|navigation|menu|most-?popular|most-?read|trending|\bads?\b|\bad[-_]|[-_]ads?\b"
    r"|paywall|skip-?link|byline|author-?bio|tags\b|toolbar|caption|credit|read-?more|more-?stories",
    re.IGNORECASE,
)
# Furniture that may nevertheless hold a long article (a mis-named wrapper) is kept
# when it contains several real paragraphs; these names are never the article.
_ALWAYS_JUNK_ATTR = re.compile(r"comment|disqus|outbrain|taboola|newsletter|cookie|gdpr|consent", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# Pre-pass. Scripts, styles and inline SVG are often most of a page's bytes, and
# every element costs BeautifulSoup tens of microseconds, so whatever the walk
# would skip anyway is cut out as text before parsing.
_ASCII_UPPER = re.compile(r"[A-Z]+")
_JSON_LD_OPEN = re.compile(r"<script\b[^>]*ld\+json[^>]*>", re.IGNORECASE)


def _json_ld_blocks(html: str, lower: str) -> list[str]:
    """The JSON-LD scripts' contents (`lower` is `html` in ASCII lower case)."""
    blocks: list[str] = []
    pos = 0
    while (m := _JSON_LD_OPEN.search(html, pos)) is not None:
        close = lower.find("</script", m.end())
        if close < 0:
            break
        blocks.append(html[m.end() : close])
        pos = close
    return blocks


_INVISIBLE_OPEN = re.compile(
    r"<(script|style|svg|noscript|template|iframe|select|textarea|canvas|video|audio|object)\b|<!--",
    re.IGNORECASE,
)


def _strip_invisible(html: str, lower: str) -> str:
    """Cut <script>...</script> and the like, and comments. A scan rather than one
    regex: with an unclosed element a lazy `.*?` rescans to the end of the page
    for every later opening, which is quadratic on broken pages."""
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()  # names with no closing tag after some point: stop looking
    while (m := _INVISIBLE_OPEN.search(html, pos)) is not None:
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


# Empty elements that carry no text (images, form inputs): dropped from <body> only,
# <head> keeps its <meta> and <link> for the hints.
_VOID = re.compile(r"<(?:img|source|input|wbr|track|area|param|col)\b[^>]*>", re.IGNORECASE)
_BODY_START = re.compile(r"<body\b", re.IGNORECASE)
# Elements with nothing inside (icon fonts, ad slots, spacers) and <link>s other
# than the canonical one: nothing to read, but each costs a parse.
_EMPTY_ELEMENT = re.compile(r"<(i|span|a|div|p|li|ul|section|figure|ins|b|em|strong)\b[^>]*>\s*</\1\s*>", re.I)
_LINK = re.compile(r"<link\b(?![^>]*canonical)[^>]*>", re.IGNORECASE)


def _drop_balanced(html: str, name: str, keep: "re.Pattern[str] | None" = None, keep_count: int = 1) -> str:
    """Cut out every <name>...</name> (nesting-aware) unless its inside matches `keep`
    at least `keep_count` times; an unclosed element is left alone."""
    rx = re.compile(rf"<(/?){name}\b[^>]*>", re.IGNORECASE)
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


_HEADLINE_OR_TIME = re.compile(r"<(?:h1|time)\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"<p\b", re.IGNORECASE)


def _prepare_html(html: str) -> tuple[str, list[str]]:
    """Markup worth parsing, and the JSON-LD blocks (kept aside: they carry dates)."""
    # Offsets found in `lower` are used on `html`: str.lower() may change the
    # length ("İ" becomes two characters), then only ASCII letters are lowered.
    lower = html.lower()
    if len(lower) != len(html):
        lower = _ASCII_UPPER.sub(lambda m: m.group().lower(), html)
    json_ld = _json_ld_blocks(html, lower)
    html = _strip_invisible(html, lower)
    m = _BODY_START.search(html)
    head, body = (html[: m.start()], html[m.start() :]) if m else ("", html)
    # Site navigation, footers and side columns are skipped by the walk anyway;
    # a <header> stays when it holds the headline or the time, a <form> when it
    # wraps the whole page (some sites do).
    for name in ("nav", "footer", "aside"):
        body = _drop_balanced(body, name)
    body = _drop_balanced(body, "header", keep=_HEADLINE_OR_TIME)
    body = _drop_balanced(body, "form", keep=_PARAGRAPH, keep_count=3)
    body = _drop_balanced(body, "button")
    body = _EMPTY_ELEMENT.sub("", _VOID.sub("", body))
    return _LINK.sub("", head) + body, json_ld


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/-]|$|\.|_)")
_TITLE_SEP = re.compile(r"\s+[|\-–—:·•»]+\s+")
_DATE_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "originalpublicationdate",
    "displaydate",
)
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle")


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
    if style and _HIDDEN_STYLE.search(str(style)):
        return "hidden"
    if el.name in ("body", "html", "main", "article"):
        return None
    text = _attr_text(el)
    if not _JUNK_ATTR.search(text):
        return None
    return "junk" if _ALWAYS_JUNK_ATTR.search(text) else "maybe"


def _has_real_paragraphs(lines: list[_Line]) -> bool:
    return sum(1 for ln in lines if ln.words >= 20 and ln.link_chars < 0.3 * len(ln.text)) >= 2


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
        if name in _SKIP_TAGS:
            if name == "meta":
                out.seen.metas.append(child)
            elif name == "title" and out.seen.title is None:
                out.seen.title = child.get_text(" ", strip=True)
            elif name == "link" and attrs.get("rel") == "canonical" and out.seen.canonical is None:
                out.seen.canonical = attrs.get("href")
            if name in ("footer", "aside", "nav", "figcaption", "menu"):
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
        block = name in _BLOCK_TAGS or furniture is not None
        if block:
            out.flush(node.name, path)
        mark = len(out.lines)
        child_path = path + (out.next_id(),) if block else path
        if depth < 400:  # pathological nesting: keep the text flat rather than recurse forever
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
                if any(t in _ARTICLE_TYPES for t in types if isinstance(t, str)):
                    yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _strip_site_suffix(title: str, site_name: str | None) -> str:
    """'Headline | Site' / 'Headline - Site' -> 'Headline'."""
    parts = _TITLE_SEP.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1].strip()
    if (site_name and _key(last) == _key(site_name)) or len(last.split()) <= 4:
        # Cut at the last separator only, keeping separators inside the headline.
        m = list(_TITLE_SEP.finditer(title))[-1]
        head = title[: m.start()].strip()
        if len(head.split()) >= 2:
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
        if c and len(c.split()) >= 2 and not (site_name and _key(c) == _key(site_name)):
            hints.title = c
            break

    # Dates, best first.
    dates: list[str] = []
    for key in ("article:published_time", "og:article:published_time"):
        if meta.get(key):
            dates.append(meta[key])
    for art in articles:
        value = art.get("datePublished")
        if isinstance(value, str):
            dates.append(value)
    if not articles:
        # Hand-written JSON-LD is often not quite JSON (single quotes, trailing commas).
        for block in json_ld:
            m = _LD_DATE.search(block)
            if m:
                dates.append(m.group(1))
    if meta.get("datepublished"):
        dates.append(meta["datepublished"])
    dates += seen.itemprop_dates[:3]
    dates += seen.times[:2]
    for key in _DATE_META_KEYS:
        if key in meta:
            dates.append(meta[key])
    if hints.url:
        m = _URL_DATE.search(hints.url)
        if m:
            dates.append(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    hints.date_hints = dates

    sources: list[str] = []
    if site_name:
        sources.append(site_name)
    if hints.url:
        m = re.match(r"https?://(?:www\.)?([^/:?#]+)", hints.url)
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
