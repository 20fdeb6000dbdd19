"""Clean stage: separate a page's article (headline and body) from its cruft.

Both input kinds are reduced to the same thing, a list of lines (one per block
element), so one general scorer serves them:

* every line gets a score: long prose lines with sentence punctuation are
  positive, short lines, link lists, captions and timestamp lines negative;
  known boilerplate lines (``data/boilerplate.txt``) are hard barriers;
* the body is the contiguous run of lines with the largest total score
  (maximum-sum segment), which keeps short sub-headings and quotes inside an
  article but stops at menus, headline lists and footers;
* the headline is the headline-like line before the body whose words overlap
  the body most (HTML: og:title, <h1>, <title> first).

Nothing here is keyed to a site, file or URL: pages we never saw must work too.
The cleaner interprets no dates or sources; it hands over hints for metadata.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from searchapp.records import CleanedDocument, RawDocument


class CleaningError(Exception):
    """No article could be found in a document; the message says why."""


# ---------------------------------------------------------------------------
# Boilerplate phrases (data file, extendable without code)
# ---------------------------------------------------------------------------

_WS = re.compile(r"\s+")
# Trailing decoration ignored when comparing a line with a phrase ("Related Stories:", "Read more >").
_KEY_TAIL = re.compile(r"[\s:.!>»›|•·\-–—]+$")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


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
    text = resources.files("searchapp").joinpath("data/boilerplate.txt").read_text("utf-8")
    for raw_line in text.splitlines():
        if not raw_line.strip() or raw_line.lstrip().startswith("#"):
            continue
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


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d{2}"
# A full date as pages print it; used to recognise timestamp lines.
_DATE_IN_TEXT = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}\b"
    rf"|\b{_YEAR}[-/.]\d{{1,2}}[-/.]\d{{1,2}}\b"
    rf"|\b\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR}\b",
    re.IGNORECASE,
)
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
    elif key in bp.drop or lower.startswith(bp.drop_prefix):
        line.kind = _Kind.DROP
    elif key in bp.junk:
        line.kind = _Kind.JUNK
    elif line.words <= 40 and _CAPTION.search(text):
        line.kind = _Kind.CAPTION
    elif line.words <= 15 and _DATE_IN_TEXT.search(text):
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

    start, end, total = _best_segment(lines)
    anchor = _title_line(lines, hints.title) if hints.title else None
    if anchor is not None and start < anchor:
        # The page's own headline marks where its article starts; a bigger
        # block above it is usually a teaser list or a menu.
        a_start, a_end, a_total = _best_segment(lines[anchor + 1 :])
        if a_end >= a_start and a_total >= 0.3 * total:
            start, end, total = a_start + anchor + 1, a_end + anchor + 1, a_total
    if end < start or total <= 0:
        raise CleaningError(f"no article text found in {path}")

    body_lines = [ln for ln in lines[start : end + 1] if ln.kind is _Kind.TEXT]
    body_words = set(_content_words(" ".join(ln.text for ln in body_lines)))

    title_idx = _pick_headline(lines, start, body_words) if not hints.title else None
    if hints.title:
        title = hints.title
    elif title_idx is not None:
        title = lines[title_idx].text
        if title_idx == start:
            body_lines = body_lines[1:]
    else:
        title = ""
    title, version = _split_version(_norm(title))
    # HTML bodies often repeat the <h1>: do not keep the headline as a paragraph.
    title_key = _key(title)
    body_lines = [ln for ln in body_lines if _key(_split_version(ln.text)[0]) != title_key]
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
            out.append(_Line(line.text[: m.start()].strip(), line.link_chars, line.tag))
            out.append(_Line("(END)", tag=line.tag))
        else:
            out.append(line)
    return out


def _text_lines(text: str) -> list[_Line]:
    return [_Line(t) for t in (_norm(raw) for raw in text.splitlines()) if t]


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

# Never visible or never article: skipped with everything inside.
_SKIP_TAGS = frozenset(
    "script style noscript template svg iframe button select input textarea canvas video audio "
    "object embed head nav aside footer header figcaption dialog menu link meta".split()
)
_BLOCK_TAGS = frozenset(
    "p div section article main li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tbody thead tfoot tr "
    "td th dd dt dl figure address center hr details summary fieldset body html form".split()
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
_SCRIPT_STRIP = re.compile(
    r"<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
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
_ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle")


class _LineBuilder:
    """Collects text into lines, one per block element, counting link text."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self._parts: list[str] = []
        self._link_chars = 0

    def add(self, text: str, in_link: bool) -> None:
        self._parts.append(text)
        if in_link:
            self._link_chars += len(text.strip())

    def flush(self, tag: str) -> None:
        if self._parts:
            text = _norm("".join(self._parts))
            if text:
                self.lines.append(_Line(text, link_chars=self._link_chars, tag=tag))
        self._parts = []
        self._link_chars = 0


def _attr_text(el: Tag) -> str:
    cls = el.get("class")
    if isinstance(cls, list):
        cls = " ".join(cls)
    return f"{cls or ''} {el.get('id') or ''} {el.get('role') or ''}"


def _is_furniture(el: Tag) -> bool:
    if el.has_attr("hidden") or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(str(style)):
        return True
    if el.name in ("body", "html", "main", "article"):
        return False
    attrs = _attr_text(el)
    if not attrs.strip() or not _JUNK_ATTR.search(attrs):
        return False
    if _ALWAYS_JUNK_ATTR.search(attrs):
        return True
    # A wrapper whose name merely mentions "share" or "ad" but holds several
    # long paragraphs is the article, not furniture.
    long_paragraphs = 0
    for p in el.find_all("p"):
        if len(p.get_text(" ", strip=True).split()) >= 20:
            long_paragraphs += 1
            if long_paragraphs >= 2:
                return False
    return True


def _walk(node: Tag, out: _LineBuilder, in_link: bool, depth: int = 0) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                out.add(str(child), in_link)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in _SKIP_TAGS:
            if name in ("header", "footer", "aside", "nav", "figcaption", "menu"):
                out.flush(node.name)  # they separate blocks even though skipped
            continue
        if name == "br":
            out.flush(node.name)
            continue
        if name == "form" and not _is_form_wrapper(child):
            continue
        if _is_furniture(child):
            out.flush(node.name)
            continue
        block = name in _BLOCK_TAGS
        if block:
            out.flush(node.name)
        if depth < 400:  # pathological nesting: keep the text flat rather than recurse forever
            _walk(child, out, in_link or name == "a", depth + 1)
        else:
            out.add(child.get_text(" "), in_link)
        if block:
            out.flush(name)


def _is_form_wrapper(form: Tag) -> bool:
    """Some sites wrap the whole page in one <form>; real forms hold few paragraphs."""
    return len(form.find_all("p", limit=3)) >= 3


def _meta_content(soup: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in soup.find_all("meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop")
        content = m.get("content")
        if key and content:
            found.setdefault(str(key).strip().lower(), str(content).strip())
    return found


def _json_ld_articles(soup: BeautifulSoup) -> Iterator[dict]:
    for script in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.I)}):
        try:
            data = json.loads(script.string or "")
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


def _page_hints(soup: BeautifulSoup, given_url: str | None) -> _PageHints:
    meta = _meta_content(soup)
    hints = _PageHints()
    site_name = meta.get("og:site_name")
    articles = list(_json_ld_articles(soup))

    # URL: canonical first, it is what the publisher calls the page.
    canonical = soup.find("link", rel="canonical")
    url = (canonical.get("href") if canonical else None) or meta.get("og:url") or given_url
    hints.url = str(url).strip() if url and str(url).startswith("http") else given_url

    # Title: og:title, then <h1>, then <title>; a title equal to the site name is no headline.
    candidates: list[str] = []
    for c in (meta.get("og:title"), meta.get("twitter:title")):
        if c:
            candidates.append(c)
    h1 = soup.find("h1")
    if h1:
        candidates.append(h1.get_text(" ", strip=True))
    if soup.title and soup.title.string:
        candidates.append(str(soup.title.string))
    for c in candidates:
        c = _strip_site_suffix(_norm(c), site_name)
        if c and len(c.split()) >= 2 and not (site_name and _key(c) == _key(site_name)):
            hints.title = c
            break

    # Dates, best first.
    dates: list[str] = []
    if meta.get("article:published_time"):
        dates.append(meta["article:published_time"])
    for art in articles:
        value = art.get("datePublished")
        if isinstance(value, str):
            dates.append(value)
    for el in soup.find_all(attrs={"itemprop": "datePublished"}, limit=3):
        value = el.get("content") or el.get("datetime") or el.get_text(" ", strip=True)
        if value:
            dates.append(str(value))
    for t in soup.find_all("time", limit=2):
        if t.get("datetime"):
            dates.append(str(t["datetime"]))
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


def _html_lines(soup: BeautifulSoup) -> list[_Line]:
    out = _LineBuilder()
    root = soup.body or soup
    _walk(root, out, in_link=False)
    out.flush(root.name or "body")
    return out.lines


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def clean(raw: RawDocument) -> CleanedDocument:
    """Find the article in a page: headline, body paragraphs and metadata hints."""
    if raw.kind == "html":
        # Scripts and styles are most of a modern page's bytes; dropping them before
        # parsing saves time (JSON-LD scripts are kept: they carry dates).
        soup = BeautifulSoup(_SCRIPT_STRIP.sub(" ", raw.text), "lxml")
        hints = _page_hints(soup, raw.given.url)
        lines = _html_lines(soup)
    elif raw.kind == "text":
        hints = _PageHints(url=raw.given.url)
        lines = _text_lines(raw.text)
    else:
        raise CleaningError(f"unknown document kind {raw.kind!r} for {raw.path}")
    if not lines:
        raise CleaningError(f"no text at all in {raw.path}")
    return _assemble(lines, hints, raw.path)
