"""HTML: a regex pre-pass, one BeautifulSoup (lxml) parse, one walk of the tree.

The pre-pass (``_prepare_html``) cuts out as text what the walk would skip
anyway (scripts, styles, SVG, comments, <nav>, <footer>, site <header>s,
images, empty elements): every element costs BeautifulSoup tens of
microseconds. The walk (``_walk``) turns the tree into lines, one per block
element, each knowing its link text and the elements it sits in; furniture is
skipped by class/id, and what the walk notices besides text goes to the page
hints.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.builder import LXMLTreeBuilder
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from .hints import PageHints, Seen, page_hints
from .lines import Line, length
from .phrases import norm
from .rules import (
    ALL_ATTRIBUTES_TAGS,
    ALWAYS_JUNK_ATTR,
    ASCII_UPPER,
    BLOCK_TAGS,
    BODY_START,
    ELEMENT_TAG,
    EMPTY_ELEMENT,
    FORM_KEEP_MIN_PARAGRAPHS,
    FURNITURE_NAME_CACHE,
    HEADLINE_OR_TIME,
    HIDDEN_STYLE,
    INVISIBLE_OPEN,
    INVISIBLE_SKIP_TAGS,
    JSON_LD_OPEN,
    JUNK_ATTR,
    KEPT_ATTRIBUTES,
    LINK,
    MAX_BLOCK_DEPTH,
    NEVER_FURNITURE_TAGS,
    PARAGRAPH,
    PREPASS_DROPPED_TAGS,
    READ_INSIDE_TAGS,
    REAL_PARAGRAPHS_MIN,
    REAL_PARAGRAPH_MAX_LINK_SHARE,
    REAL_PARAGRAPH_MIN_WORDS,
    SEPARATING_SKIP_TAGS,
    EMBED_TAGS,
    SKIP_TAGS,
    TABLE_SECTION_TAGS,
    VOID,
)


def parse_html(text: str, given_url: str | None, everything: bool = False) -> tuple[list[Line], PageHints]:
    """The page's lines and hints. `everything`: all its visible text, furniture
    (navigation, footers, side columns, furniture-named elements) included."""
    markup, json_ld = _prepare_html(text, everything)
    skip = INVISIBLE_SKIP_TAGS if everything else SKIP_TAGS
    with warnings.catch_warnings():
        # A page whose whole text looks like a file name or URL ("index.html") is still
        # a page: BeautifulSoup's warning would be noise in a build (an error in tests).
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        # XHTML pages are parsed as HTML on purpose (browsers do too): no warning.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, builder=_WalkedTreeBuilder(skip, everything))
    out = _LineBuilder()
    root = soup.body or soup
    root_path = (out.next_id(),)
    _walk(root, out, root_path, skip, everything)
    out.flush(root.name or "body", root_path)
    return out.lines, page_hints(soup, json_ld, out.seen, given_url)


def _prepare_html(html: str, everything: bool = False) -> tuple[str, list[str]]:
    """Markup worth parsing, and the JSON-LD blocks (kept aside: they carry dates).
    `everything`: only what is never visible is cut."""
    # Offsets found in `lower` are used on `html`: str.lower() may change the
    # length ("İ" becomes two characters), then only ASCII letters are lowered.
    lower = html.lower()
    if len(lower) != len(html):
        lower = ASCII_UPPER.sub(lambda m: m.group().lower(), html)
    json_ld = _json_ld_blocks(html, lower)
    html = _strip_invisible(html, lower)
    m = BODY_START.search(html)
    head, body = (html[: m.start()], html[m.start() :]) if m else ("", html)
    if everything:
        return LINK.sub("", head) + VOID.sub("", body), json_ld
    # Site navigation, footers and side columns are skipped by the walk anyway;
    # a <header> stays when it holds the headline or the time, a <form> when it
    # wraps the whole page (some sites do).
    for name in PREPASS_DROPPED_TAGS:
        body = _drop_balanced(body, name)
    body = _drop_balanced(body, "header", keep=HEADLINE_OR_TIME)
    body = _drop_balanced(body, "form", keep=PARAGRAPH, keep_count=FORM_KEEP_MIN_PARAGRAPHS)
    body = _drop_balanced(body, "button")
    body = EMPTY_ELEMENT.sub(_blank_or_nothing, VOID.sub("", body))
    return LINK.sub("", head) + body, json_ld


def _blank_or_nothing(m: "re.Match[str]") -> str:
    return " " if m.group(2) else ""


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


_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"  # what BeautifulSoup counts as blank
# How the builder hands an element to BeautifulSoup: as an element, as its text only, as
# link text only; or as an element whose text the walk reads (get_text), built whole.
_ELEMENT, _TEXT, _LINK_TEXT, _READ = 0, 1, 2, 3


class _WalkedTreeBuilder(LXMLTreeBuilder):
    """BeautifulSoup's lxml builder, handing BeautifulSoup only what the walk reads.

    The parse is lxml's and the tree BeautifulSoup's, as with the "lxml" feature;
    what differs is how much of the page becomes Python objects (each costs tens of
    microseconds, and building them was 60% of the cleaning time):

    * an element the walk skips whole (SKIP_TAGS, hidden or junk furniture) is
      built empty: its descendants are never looked at, and the element itself
      still is (its name separates lines); but an element whose text the walk
      reads (an <h1>, a <title>, an itemprop date) is built whole, junk and all;
    * a blank string beside the start or end of an element that ends a line
      (a block, <br>, a separating skipped element) is left out: the line's text
      is trimmed anyway (norm), and it holds no link text;
    * a body element keeps only the attributes the walk reads (KEPT_ATTRIBUTES);
    * an inline element the walk passes through (no date, no furniture name, not
      skipped) is no element, only its text; a link's text is a _LinkText (a
      third of a page's elements are such links and spans) unless a line ends
      right inside it: the walk names that line after the innermost element, so
      from there on that one is an element;
    * class stays one string (multi_valued_attributes=None): splitting it into a
      list for every element is a tenth of the parse, and it is only searched.

    The lines and hints are the same as from the whole tree (checked on both
    benchmark sets; tests/test_cleaner_tree.py)."""

    def __init__(self, skip: frozenset[str], everything: bool) -> None:
        super().__init__(multi_valued_attributes=None)
        self._skip = skip
        self._everything = everything
        # The walk ends a line at these whatever their attributes (furniture too, but
        # that depends on attributes: its blanks are simply kept).
        self._line_ends = (BLOCK_TAGS - skip) | {"br"} | (frozenset(SEPARATING_SKIP_TAGS) & skip)
        self._dropping = 0  # depth inside an element built empty
        # For each open element: built as an element, as text, or as link text; its name.
        self._open: list[int] = []
        self._open_names: list[str] = []
        self._in_link = 0  # how many open links are built as link text
        self._reading = 0  # how many open elements have their text read
        # Never built as text: what ends a line, what is skipped, what the walk reads.
        self._never_text = self._line_ends | skip | READ_INSIDE_TAGS | {"time", "br"}
        self._in_head = False
        self._after_line_end = True  # the last start/end was of an element that ends a line

    def _drop_blank(self, line_end: bool) -> None:
        soup = self.soup
        data = soup.current_data
        if data and (line_end or self._after_line_end) and not "".join(data).strip(_ASCII_SPACES):
            soup.current_data = []

    def start(self, tag, attrib, nsmap={}):  # type: ignore[no-untyped-def,override]
        if self._dropping:
            self._dropping += 1
            return
        if nsmap or tag[0] == "{":  # not from the HTML parser: the general way
            self._after_line_end = False
            self._open.append(_ELEMENT)
            self._open_names.append(tag)
            return super().start(tag, attrib, nsmap)
        line_end = tag in self._line_ends
        self._drop_blank(line_end)
        self._after_line_end = line_end
        if self._in_head or tag in ALL_ATTRIBUTES_TAGS:
            attrs = dict(attrib)
        elif tag == "head":
            self._in_head = True
            attrs = dict(attrib)
        else:
            attrs = {k: v for k, v in attrib.items() if k in KEPT_ATTRIBUTES}
        soup = self.soup
        if soup.current_data:
            soup.endData(_LinkText if self._in_link else None)  # the text so far
        if self._open and self._open[-1] in (_TEXT, _LINK_TEXT) and (attrs or line_end):
            # This one may end a line right inside an element built as text (a block,
            # <br>, furniture): the walk names such a line after the innermost element,
            # so from here on that one is an element.
            outer = "a" if self._open[-1] == _LINK_TEXT else self._open_names[-1]
            soup.handle_starttag(outer, None, None, {}, namespaces=self.active_namespace_prefixes[-1])
            if self._open[-1] == _LINK_TEXT:
                self._in_link -= 1
            self._open[-1] = _ELEMENT
        # An inline element the walk would pass through (no attribute it reads, no
        # furniture name) only brings its text; a link marks it as link text.
        as_text = _ELEMENT
        if not self._in_head and tag not in self._never_text and "itemprop" not in attrs:
            if not attrs or _furniture_of(tag, attrs) is None:
                as_text = _LINK_TEXT if tag == "a" else _TEXT
        read = as_text == _ELEMENT and (tag in READ_INSIDE_TAGS or attrs.get("itemprop") == "datePublished")
        self._open.append(_READ if read else as_text)
        self._open_names.append(tag)
        if as_text:
            if as_text == _LINK_TEXT:
                self._in_link += 1
            return
        soup.handle_starttag(tag, None, None, attrs, namespaces=self.active_namespace_prefixes[-1])
        if read:
            self._reading += 1
        if self._in_head or self._reading:
            return
        if tag in self._skip:
            self._dropping = 1
        elif attrs:
            furniture = _furniture_of(tag, attrs)
            if furniture == "hidden" or (furniture == "junk" and not self._everything):
                self._dropping = 1

    def end(self, tag):  # type: ignore[no-untyped-def,override]
        if self._dropping > 1:
            self._dropping -= 1
            return
        self._dropping = 0
        if tag == "head":
            self._in_head = False
        line_end = tag in self._line_ends
        self._drop_blank(line_end)
        self._after_line_end = line_end
        if self.soup.current_data:
            self.soup.endData(_LinkText if self._in_link else None)
        self._open_names.pop()
        kind = self._open.pop()
        if kind == _TEXT:
            return
        if kind == _LINK_TEXT:
            self._in_link -= 1
            return
        if kind == _READ:
            self._reading -= 1
        if tag[0] == "{" or len(self.nsmaps) > 1:
            super().end(tag)
        else:  # what super().end does for a tag with no namespace, in one call
            self.soup.handle_endtag(tag)

    def data(self, content):  # type: ignore[no-untyped-def,override]
        if not self._dropping:
            self.soup.current_data.append(content)  # BeautifulSoup.handle_data

    def comment(self, text):  # type: ignore[no-untyped-def,override]
        if not self._dropping:
            self._drop_blank(False)
            if self._in_link:
                self.soup.endData(_LinkText)
            super().comment(text)

    def pi(self, target, data):  # type: ignore[no-untyped-def,override]
        if not self._dropping:
            if self._in_link:
                self.soup.endData(_LinkText)
            super().pi(target, data)


class _LinkText(NavigableString):
    """Text inside a link (<a>) that was built as no element of its own."""


# get_text() of an element whose text the walk reads: link text counts.
_TEXT_TYPES = (NavigableString, CData, _LinkText)


class _LineBuilder:
    """Collects text into lines, one per block element, counting link text and
    remembering which elements each line sits in."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._parts: list[str] = []
        self._link_chars = 0
        self.seen = Seen()
        self._serial = 0
        # How many lines there were when the last quote (EMBED_TAGS) that gave lines
        # closed: a furniture-named wrapper that closes after it holds a quoted post.
        self.quoted_at = 0

    def next_id(self) -> int:
        self._serial += 1
        return self._serial

    def add(self, text: str, in_link: bool) -> None:
        self._parts.append(text)
        if in_link:
            self._link_chars += len(text.strip())

    def flush(self, tag: str, path: tuple[int, ...]) -> None:
        if self._parts:
            text = norm("".join(self._parts))
            if text:
                self.lines.append(Line(text, link_chars=self._link_chars, tag=tag, path=path))
        self._parts = []
        self._link_chars = 0


def _walk(
    root: Tag, out: _LineBuilder, path: tuple[int, ...], skip: frozenset[str] = SKIP_TAGS, everything: bool = False
) -> None:
    """Walk the tree in document order with an explicit stack, not recursion: a page
    nested 100,000 deep (unclosed <div>s and <font>s pile up) is walked like any other,
    each block its own line. Elements named in `skip` are skipped; `everything`:
    furniture-named elements are walked too (hidden ones never)."""
    # One frame per open element: its children still to visit, its name, whether it
    # is inside a link, its path, and what to do when it closes (block, furniture, mark).
    stack: list[tuple] = [(iter(root.contents), root.name, False, path, False, None, 0)]
    while stack:
        children, node_name, in_link, path, _, _, _ = frame = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            _close(frame, out)
            continue
        if isinstance(child, NavigableString):
            if not isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                out.add(str(child), in_link or type(child) is _LinkText)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        attrs = child.attrs
        if attrs and attrs.get("itemprop") == "datePublished":
            value = attrs.get("content") or attrs.get("datetime") or child.get_text(" ", True, _TEXT_TYPES)
            if value:
                out.seen.itemprop_dates.append(str(value))
        if name in skip:
            if name == "meta":
                out.seen.metas.append(child)
            elif name == "title" and out.seen.title is None:
                out.seen.title = child.get_text(" ", True, _TEXT_TYPES)
            elif name == "link" and attrs.get("rel") == "canonical" and out.seen.canonical is None:
                out.seen.canonical = attrs.get("href")
            if name in SEPARATING_SKIP_TAGS:
                out.flush(node_name, path)  # they separate blocks even though skipped
            continue
        if name == "br":
            out.flush(node_name, path)
            continue
        if name == "time" and attrs.get("datetime"):
            out.seen.times.append(str(attrs["datetime"]))
        elif name == "h1" and out.seen.h1 is None:
            out.seen.h1 = child.get_text(" ", True, _TEXT_TYPES)
        furniture = _furniture(child) if attrs else None
        if everything and furniture in ("junk", "maybe"):
            furniture = None
        if furniture in ("hidden", "junk"):
            if name in BLOCK_TAGS:
                out.flush(node_name, path)
            continue
        block = name in BLOCK_TAGS or furniture is not None
        if block:
            out.flush(node_name, path)
        # Below MAX_BLOCK_DEPTH a block is still its own line, but counts as part of the
        # deepest element kept (paths, and the body search over them, stay small).
        # A table's sections are no elements of their own in the path (TABLE_SECTION_TAGS).
        deeper = block and len(path) < MAX_BLOCK_DEPTH and name not in TABLE_SECTION_TAGS
        child_path = path + (out.next_id(),) if deeper else path
        stack.append((iter(child.contents), name, in_link or name == "a", child_path, block, furniture, len(out.lines)))


def _close(frame: tuple, out: _LineBuilder) -> None:
    """An element's walk is done: end its line if it is a block, and drop what a
    furniture-sounding wrapper gave unless it holds real paragraphs."""
    _, name, _, path, block, furniture, mark = frame
    if block:
        out.flush(name, path)
    if name in EMBED_TAGS and len(out.lines) > mark:
        out.quoted_at = len(out.lines)
    if furniture == "maybe" and out.quoted_at > mark:
        return  # a post quoted in the text ("social-media-embed" around a tweet's <blockquote>)
    if furniture == "maybe":
        # Decided after the walk, from the lines it gave: no second pass over the subtree.
        for line in out.lines[mark:]:
            line.words = length(line.text)
        if not _has_real_paragraphs(out.lines[mark:]):
            del out.lines[mark:]
            out.quoted_at = min(out.quoted_at, mark)


def _furniture(el: Tag) -> str | None:
    return _furniture_of(el.name, el.attrs)


def _furniture_of(name: str, attrs: dict) -> str | None:
    """'hidden' / 'junk' for elements a reader never sees or skips, 'maybe' for a
    wrapper whose name sounds like furniture (kept if it holds real paragraphs)."""
    if not attrs:
        return None
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return "hidden"
    style = attrs.get("style")
    if style and HIDDEN_STYLE.search(str(style)):
        return "hidden"
    if name in NEVER_FURNITURE_TAGS:
        return None
    return _furniture_name(f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}")


@lru_cache(maxsize=FURNITURE_NAME_CACHE)
def _furniture_name(text: str) -> str | None:
    """'junk', 'maybe' or None for an element's class, id and role. Cached: a page
    repeats the same few class names on hundreds of elements, and JUNK_ATTR is a
    long alternation (about a tenth of the HTML time)."""
    if not JUNK_ATTR.search(text):
        return None
    return "junk" if ALWAYS_JUNK_ATTR.search(text) else "maybe"


def _has_real_paragraphs(lines: list[Line]) -> bool:
    return (
        sum(
            1
            for ln in lines
            if ln.words >= REAL_PARAGRAPH_MIN_WORDS and ln.link_chars < REAL_PARAGRAPH_MAX_LINK_SHARE * len(ln.text)
        )
        >= REAL_PARAGRAPHS_MIN
    )
