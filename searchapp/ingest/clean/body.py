"""Choosing the article: from scored lines and page hints to a CleanedDocument.

``assemble`` serves both input kinds: the best segment of lines (text dumps,
after their own discounts; HTML as a first guess), moved below the page's own
headline when that holds enough of the article; for HTML the article is then
an element (``_dom_body``, widened by ``_widen``); then the headline, the
notes, the sign-off and the date and source hints.
"""
from __future__ import annotations

import re
from typing import Iterable

from searchapp.records import CleanedDocument

from .headline import content_words, pick_headline, split_version, title_line
from .hints import PageHints
from .lines import Kind, Line, best_segment, classify, mark_repeats, split_end_marks
from .phrases import match_key, norm
from .rules import (
    ABOUT_US_HEADING,
    ABOUT_US_LOOKAHEAD_LINES,
    ABOUT_US_PUBLISHER,
    ANCHOR_ELEMENT_MIN_SHARE,
    ANCHOR_SEGMENT_MIN_SHARE,
    ARTICLE_MAX_LINK_SHARE,
    ALL_RIGHTS,
    ARTICLE_MIN_PROSE,
    BUYING_LIST_MAX_ITEMS,
    BRACKETED_ASIDE,
    CHART_FIGURE_SHARE,
    CHART_LABEL_MAX_WORDS,
    CHART_MIN_LABELS,
    COPYRIGHT_HOLDER,
    EMAIL_DOMAIN,
    END_MARK,
    END_MATTER_HEADING,
    END_MATTER_MAX_GAP,
    FALLBACK_TITLE_WORDS,
    FIGURE_LABEL,
    GRANDPARENT_CREDIT,
    HEADING_TAGS,
    HEADLINE_MAX_WORDS,
    KICKER_MAX_WORDS,
    LEAD_SENTENCE_END,
    LINKED_LINE_MIN_OWN_WORDS,
    PRICE,
    NOT_A_HOLDER,
    NOTE,
    NOTES_LOOKBACK_LINES,
    READABLE_LINE_MIN_WORDS,
    SHORT_PARAGRAPH_CREDIT,
    SIBLING_MAX_LINK_SHARE,
    SIBLING_MIN_CREDIT,
    SIBLING_MIN_SHARE,
    SIBLING_PARAGRAPH_MAX_LINK_SHARE,
    SIBLING_PARAGRAPH_MIN_CHARS,
    SIBLING_SENTENCE_END,
    SHORT_PARAGRAPH_MAX_LINK_SHARE,
    SHORT_PARAGRAPH_MIN_WORDS,
    SIGNOFF_LOOKAHEAD_LINES,
    SUBHEAD_TAGS,
    TABLE_CELL_TAGS,
    TEXT_LIST_MIN_ITEMS,
    TEXT_LIST_MIN_SHARE,
    TIMESTAMP_LOOKAHEAD_LINES,
    TIMESTAMP_LOOKBACK_LINES,
    WIDEN_ARTICLE_LIKE_LOSS,
    WIDEN_LINK_LINE_SHARE,
    WIDEN_MIN_GAIN,
    WIDEN_PROSE_SHARE,
)
from .text import across_boxes, credit_tables, extend_by_list, extend_by_table, mark_teasers


class CleaningError(Exception):
    """No article could be found in a document; the message says why."""


class NoArticle(CleaningError):
    """The article could not be told from the page around it (the page may still
    have text: see ``guess``)."""


def prepare(lines: list[Line]) -> list[Line]:
    """Split "(END)" from the paragraph it is glued to, classify and score every
    line, drop lines that only repeat earlier ones."""
    lines = split_end_marks(lines)
    for line in lines:
        classify(line)
    mark_repeats(lines)
    return lines


def assemble(lines: list[Line], hints: PageHints, path: str) -> CleanedDocument:
    """The article of a page's (prepared) lines; NoArticle when it cannot be told."""
    html = bool(lines[0].path)  # HTML lines know their elements; text-dump lines do not
    if not html:
        credit_tables(lines)
    start, end, total = best_segment(lines)
    if not html:
        scores = [line.score for line in lines]
        mark_teasers(lines)
        marked = best_segment(lines)
        if marked[2] > 0:
            start, end, total = marked
        else:  # the page is nothing but such units: better them than nothing
            for line, score in zip(lines, scores):
                line.score = score
    anchor = title_line(lines, hints.title) if hints.title else None
    if anchor is not None and start < anchor:
        # The page's own headline marks where its article starts; a bigger
        # block above it is usually a teaser list or a menu.
        a_start, a_end, a_total = best_segment(lines[anchor + 1 :])
        if a_end >= a_start and a_total >= ANCHOR_SEGMENT_MIN_SHARE * total:
            start, end, total = a_start + anchor + 1, a_end + anchor + 1, a_total
    if end < start or total <= 0:
        raise NoArticle(f"no article text found in {path}")

    if not html:
        end = extend_by_list(lines, end)
        start, end = extend_by_table(lines, start, end)
        start, end = across_boxes(lines, start, end, total)
    body_lines = [ln for ln in lines[start : end + 1] if ln.kind is Kind.TEXT]
    if html:
        found = _dom_body(lines, anchor)
        if found is not None:
            body_lines, start, end = found
    body_words = set(content_words(" ".join(ln.text for ln in body_lines)))
    title_idx = pick_headline(lines, start, body_words) if not hints.title else None
    if title_idx is not None and title_idx == start and len(body_lines) > 1:
        body_lines = body_lines[1:]
    title, body_lines = _split_title(lines, hints, title_idx, body_lines)
    # A body with less prose than one short sentence is no article told from its
    # page (a headline alone, a table, a cut-off first line): the page's best text
    # serves better, marked as such. (A calendar of short HTML paragraphs has
    # their credit.)
    if sum(_credit(ln) for ln in body_lines) < ARTICLE_MIN_PROSE:
        raise NoArticle(f"no article text found in {path}")
    return _document(lines, hints, path, title, title_idx, body_lines, start, end)


def guess(lines: list[Line], hints: PageHints, path: str) -> CleanedDocument:
    """The page's best text when its article cannot be told from the rest: of the
    stretches between barriers, the one with the most words outside links (or, on
    a page that is all links, the most words), every readable line of it, tables
    and lists as lines. CleaningError when the page has no readable line at all
    (none of READABLE_LINE_MIN_WORDS words)."""
    regions: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line.score == float("-inf"):
            regions.append([])
        elif line.kind is Kind.TEXT:
            regions[-1].append(i)

    def worth(region: list[int]) -> tuple[float, int]:
        # Words outside links first; on a page of nothing but links, words.
        return sum(_unlinked_words(lines[i]) for i in region), sum(lines[i].words for i in region)

    regions = [r for r in regions if any(lines[i].words >= READABLE_LINE_MIN_WORDS for i in r)]
    if not regions:
        raise CleaningError(f"no article text found in {path}: not one line of readable text")
    best = max(regions, key=worth)
    start, end = best[0], best[-1]
    body_lines = [lines[i] for i in best]
    title_idx = None
    if not hints.title:
        body_words = set(content_words(" ".join(ln.text for ln in body_lines)))
        title_idx = pick_headline(lines, start, body_words)
        if title_idx is None and len(body_lines) > 1 and body_lines[0].words <= HEADLINE_MAX_WORDS:
            title_idx = start  # a short first line heads the text, whatever its punctuation
        if title_idx == start and len(body_lines) > 1:
            body_lines = body_lines[1:]
    title, body_lines = _split_title(lines, hints, title_idx, body_lines)
    return _document(lines, hints, path, title, title_idx, body_lines, start, end, guessed=True)


def _split_title(
    lines: list[Line], hints: PageHints, title_idx: int | None, body_lines: list[Line]
) -> tuple[str, list[Line]]:
    """The headline (the page's own, or the line picked), and the body without it."""
    if hints.title:
        title = hints.title
    elif title_idx is not None:
        title = lines[title_idx].text
    else:
        title = ""
    title = norm(title)
    # HTML bodies often repeat the <h1>: do not keep the headline as a paragraph.
    title_key = match_key(split_version(title)[0])
    body_lines = [ln for ln in body_lines if match_key(split_version(ln.text)[0]) != title_key] or body_lines
    return title, body_lines


def _document(
    lines: list[Line],
    hints: PageHints,
    path: str,
    title: str,
    title_idx: int | None,
    body_lines: list[Line],
    start: int,
    end: int,
    guessed: bool = False,
) -> CleanedDocument:
    """The cleaned record: body paragraphs, and the notes, sign-off and date and
    source hints found around them."""
    title, version = split_version(title)
    paragraphs = tuple(norm(ln.text) for ln in body_lines if norm(ln.text))
    if not paragraphs:
        raise NoArticle(f"no article text found in {path}")
    if not title:
        # No headline on the page: the first words of the article stand in for it.
        words = paragraphs[0].split()
        title = " ".join(words[:FALLBACK_TITLE_WORDS]) + (" …" if len(words) > FALLBACK_TITLE_WORDS else "")

    # Notes and timestamps are looked for around the headline and the body's top.
    head_from = max(0, (title_idx if title_idx is not None else start) - NOTES_LOOKBACK_LINES)
    notes = tuple(
        m.group(1)
        for ln in lines[head_from : end + 1]
        if ln.kind is Kind.NOTE and (m := NOTE.match(ln.text))
    )
    signoff = None
    for ln in lines[end + 1 : end + 1 + SIGNOFF_LOOKAHEAD_LINES]:
        if ln.kind is Kind.SIGNOFF:
            signoff = ln.text.strip("()")
            break
    timestamps = [
        ln.text for ln in lines[max(0, start - TIMESTAMP_LOOKBACK_LINES) : end + 1] if ln.kind is Kind.TIMESTAMP
    ]
    timestamps += [
        ln.text for ln in lines[end + 1 : end + 1 + TIMESTAMP_LOOKAHEAD_LINES] if ln.kind is Kind.TIMESTAMP
    ]
    source_hints = list(hints.source_hints)
    if signoff:
        source_hints.append(signoff.split("@", 1)[1].split("/")[0].strip())
    # A reporter's address in the byline above the text names the employer too.
    for ln in lines[head_from:start]:
        if ln.kind is Kind.SIGNOFF:
            source_hints += EMAIL_DOMAIN.findall(ln.text)
    # The copyright holder below the article, last: the page's own tags say it better.
    for ln in lines[end + 1 :]:
        holder = _copyright_holder(ln) if ln.kind is Kind.STOP else None
        if holder:
            source_hints.append(holder)
            break
    publisher = _about_us_publisher(lines[end + 1 :])
    if publisher:
        source_hints.append(publisher)

    return CleanedDocument(
        title=title,
        paragraphs=paragraphs,
        version=version,
        notes=notes,
        signoff=signoff,
        date_hints=tuple(_dedupe(hints.date_hints + timestamps)),
        source_hints=tuple(_dedupe(source_hints)),
        url=hints.url,
        body_guessed=guessed,
    )


def _copyright_holder(line: Line) -> str | None:
    """Who a copyright line names: "© 2019 The New York Times Company" -> "The New
    York Times Company"; "© 2019 Cleveland.com. All rights reserved" -> its domain,
    "cleveland.com" (the sources table knows a domain, or it names no one); None
    for "Copyright © 2012 All Rights Reserved" and for a photo agency's credit."""
    m = COPYRIGHT_HOLDER.match(line.text)
    if not m:
        return None
    holder = ALL_RIGHTS.split(m.group(1))[0].strip(" .")
    holder = re.sub(r"^(?i:copyright)\s+", "", holder)
    domain = re.match(r"[.](?:com|net|org|co|tv|news)\b", line.text[m.start(1) + len(holder) :], re.IGNORECASE)
    if domain:
        return (holder + domain.group(0)).lower().replace(" ", "")
    return holder if holder and not NOT_A_HOLDER.search(holder) else None


def _about_us_publisher(after: list[Line]) -> str | None:
    """Who an "About us" section below the article says runs the site: "About us",
    then "Rhythm Media Group is a multi-media company, operating ..." -> "Rhythm
    Media Group". None unless the sentence's subject is a name it calls an
    organisation."""
    for i, line in enumerate(after):
        if ABOUT_US_HEADING.match(match_key(line.text)):
            for ln in after[i + 1 : i + 1 + ABOUT_US_LOOKAHEAD_LINES]:
                m = ABOUT_US_PUBLISHER.match(ln.text)
                if m:
                    return m.group(1)
            return None
    return None


def _dom_body(lines: list[Line], anchor: int | None) -> tuple[list[Line], int, int] | None:
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
    first, last, taken, left_out = _with_siblings(lines, span, first, last, container)
    i = anchor + 1 if anchor is not None and first < anchor <= last else first
    # Barriers inside the element ("Related stories", "(END)") split it; the
    # group with the most prose is the article. A boilerplate heading that
    # leads a box of its own (a "Related" box set into the text, a sign-up box
    # whose form is gone and only its heading is left) only removes that box:
    # the article goes on after it.
    groups: list[list[int]] = [[]]
    addresses: set[int] = set()  # e-mail lines that are the text's own (_address_in_text)
    while i <= last:
        line = lines[i]
        if i in left_out and line.score != float("-inf"):
            i += 1
            continue
        if line.score == float("-inf") and _address_in_text(lines, i, last):
            addresses.add(i)
        if line.score != float("-inf") or i in addresses:
            groups[-1].append(i)
        else:
            box = _box_of(line, taken)
            if line.kind is Kind.STOP and box is not None and span[box][1] >= i and not END_MARK.match(line.text):
                i = span[box][1] + 1
                continue
            groups.append([])
        i += 1
    best = max(groups, key=lambda g: sum(_credit(lines[i]) for i in g))
    if best and best is groups[-1]:
        best += _end_matter_after(lines, best[-1], _parent_of(lines[first].path, taken[0]))
    notes = _in_end_matter(lines, best)
    in_lists = _items_of_text_lists(lines, best)
    kept = [
        i
        for k, i in enumerate(best)
        if _keep_in_article(lines[i])
        or _linked_subhead(lines, best[k - 1] if k else None, i, best[k + 1 : k + 2])
        or (i in notes and _citation(lines[i]))
        or i in in_lists
        or (0 < k < len(best) - 1 and _dated_line_in_text(lines, best[k - 1], i, best[k + 1]))
        or (0 < k < len(best) - 1 and _bracketed_aside(lines, best[k - 1], i, best[k + 1]))
        or i in addresses
    ]
    kept = _with_sub_items(lines, best, kept)
    kept = _with_buying_links(lines, best, kept)
    kept = _without_chart_labels(lines, kept)
    # Short lines above the first paragraph are kickers, bylines and dates; a short
    # paragraph that ends like a sentence is the article's first.
    while kept and _kicker(lines[kept[0]]):
        kept.pop(0)
    if not kept or sum(_credit(lines[i]) for i in kept) <= 0:
        return None
    return [lines[i] for i in kept], kept[0], kept[-1]


def _parent_of(path: tuple[int, ...], element: int) -> int | None:
    """The element holding `element`, in a line's path (None for the outermost)."""
    at = path.index(element) if element in path else 0
    return path[at - 1] if at > 0 else None


def _end_matter_heading(line: Line) -> bool:
    return line.tag in HEADING_TAGS and bool(END_MATTER_HEADING.match(line.text))


def _in_end_matter(lines: list[Line], indices: list[int]) -> set[int]:
    """The lines of `indices` that sit in an end-matter section: after a heading
    "References", "Notes", "Sources"... up to the next heading of another kind."""
    inside: set[int] = set()
    on = False
    for i in indices:
        line = lines[i]
        if line.tag in HEADING_TAGS:
            on = _end_matter_heading(line)
        if on:
            inside.add(i)
    return inside


def _end_matter_after(lines: list[Line], last: int, scope: int | None) -> list[int]:
    """End-matter sections (references, notes, sources) that follow the article within
    its parent element, within a few lines of its end: the article's too. Their lines,
    headings included; [] when none follows."""
    if scope is None:
        return []
    found: list[int] = []
    for i in range(last + 1, len(lines)):
        line = lines[i]
        if line.score == float("-inf") or scope not in line.path:
            break
        if line.tag in HEADING_TAGS and not _end_matter_heading(line) and found:
            break
        if found or _end_matter_heading(line):
            found.append(i)
        elif i - last > END_MATTER_MAX_GAP:
            break
    return found


def _address_in_text(lines: list[Line], i: int, last: int) -> bool:
    """An e-mail address alone on a line ends wire copy (the reporter's sign-off), but
    not when a paragraph of the same element follows it: then it is the text's own
    ("Let's talk." / "jane@example.com" / "This isn't supposed to be a manifesto...")."""
    line = lines[i]
    return (
        line.kind is Kind.SIGNOFF
        and i < last
        and lines[i + 1].score > 0
        and lines[i + 1].kind is Kind.TEXT
        and lines[i + 1].path[:-1] == line.path[:-1]
    )


def _dated_line_in_text(lines: list[Line], before: int, i: int, after: int) -> bool:
    """A short line giving a date, between two lines of the article that are no
    headings, is the article's own (a dated entry, an embedded post's signature,
    a sentence about a date); bylines and datelines sit under the headline or at
    an end."""
    return (
        lines[i].kind is Kind.TIMESTAMP
        and all(_keep_in_article(lines[j]) and lines[j].tag not in HEADING_TAGS for j in (before, after))
    )


def _bracketed_aside(lines: list[Line], before: int, i: int, after: int) -> bool:
    """A paragraph wholly in brackets between two paragraphs of prose is an editor's
    aside set into the text, however linked ("[Read: Why the talks stalled]");
    promotions set between paragraphs ("SEE MORE: ...") carry no brackets."""
    line = lines[i]
    return (
        line.kind is Kind.TEXT
        and line.tag == "p"
        and bool(BRACKETED_ASIDE.match(line.text))
        and all(lines[j].score > 0 and lines[j].kind is Kind.TEXT for j in (before, after))
    )


def _citation(line: Line) -> bool:
    """A line of an end-matter section worth keeping: readable text, however linked,
    dated or short (a reference, a note)."""
    return line.kind in (Kind.TEXT, Kind.TIMESTAMP) and line.words > 0


def _kicker(line: Line) -> bool:
    return (
        line.words <= KICKER_MAX_WORDS
        and line.tag not in SUBHEAD_TAGS
        and not (line.tag == "p" and LEAD_SENTENCE_END.search(line.text))
    )


def _credit(line: Line) -> float:
    """What a line adds to its element's claim to be the article: its prose score,
    and a little for any short paragraph that is not a link (a calendar, a recipe
    is all short paragraphs)."""
    if line.kind is not Kind.TEXT:
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


def _box_of(line: Line, taken: list[int]) -> int | None:
    """The element directly inside the article's element (of those `taken`) that
    holds `line`, if the line sits deeper than that (inside a box rather than
    being a paragraph itself)."""
    level = next((k for k, el in enumerate(line.path) if el in taken), None)
    if level is None:
        return None  # a loose line of the parent, between two sections
    return line.path[level + 1] if len(line.path) > level + 2 else None


def _widen(lines: list[Line], span: dict[int, list[int]], top: int) -> tuple[int, int, int]:
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
            if score > 0 and lines[i].kind is Kind.TEXT:
                gain += score
            elif lines[i].link_chars > WIDEN_LINK_LINE_SHARE * len(lines[i].text):
                loss -= min(0.0, score)  # headlines of other stories, menus
            else:
                loss -= WIDEN_ARTICLE_LIKE_LOSS * min(0.0, score)  # sub-heads, list items, captions: article-like
        if gain < WIDEN_MIN_GAIN * own or gain < WIDEN_PROSE_SHARE * (gain + loss):
            break
        first, last, own, element = w_first, w_last, own + gain, path[level]
    return first, last, element


def _with_siblings(
    lines: list[Line], span: dict[int, list[int]], first: int, last: int, container: int
) -> tuple[int, int, int, set[int]]:
    """The article's element and those of its siblings that hold prose of their own
    (Readability's sibling step): a page cut into sections, one paragraph or a few
    each, under a parent whose other children (tabs, buttons, teasers) kept it from
    being taken whole. Returns the first and last line, the elements taken (the
    element alone when no sibling joins) and the lines of the siblings left out."""
    path = lines[first].path
    level = path.index(container)
    while level >= 1 and span[path[level - 1]] == [first, last]:
        level -= 1  # wrappers adding nothing: their parent's children are the siblings
    if level < 1:
        return first, last, [container], set()
    container, parent = path[level], path[level - 1]
    p_first, p_last = span[parent]
    own = sum(_credit(lines[i]) for i in range(first, last + 1))
    # The parent's children, in order: (first line, last line, element or None for a loose line).
    children: list[list] = []
    for i in range(p_first, p_last + 1):
        lp = lines[i].path
        at = lp.index(parent)
        child = lp[at + 1] if len(lp) > at + 1 else None
        if children and child is not None and children[-1][2] == child:
            children[-1][1] = i
        else:
            children.append([i, i, child])
    joined = []
    for c_first, c_last, child in children:
        if child == container:
            joined.append((c_first, c_last, child))
            continue
        worth = sum(_credit(lines[i]) for i in range(c_first, c_last + 1))
        chars = sum(len(lines[i].text) for i in range(c_first, c_last + 1))
        links = sum(lines[i].link_chars for i in range(c_first, c_last + 1))
        # A linked heading is another page's title (a box of teasers, not a section),
        # and a barrier ("Related stories") says the box is not the article either.
        other = any(_linked_heading(lines[i]) or lines[i].score == float("-inf") for i in range(c_first, c_last + 1))
        if other:
            continue
        if worth >= max(SIBLING_MIN_CREDIT, SIBLING_MIN_SHARE * own) and links <= SIBLING_MAX_LINK_SHARE * chars:
            joined.append((c_first, c_last, child))
        elif c_first == c_last and _sibling_paragraph(lines[c_first], child):
            joined.append((c_first, c_last, child))
    if len(joined) == 1:
        return first, last, [container], set()
    new_first, new_last = joined[0][0], joined[-1][1]
    inside = {i for a, b, _ in joined for i in range(a, b + 1)}
    left_out = {i for i in range(new_first, new_last + 1) if i not in inside}
    return new_first, new_last, [c for _, _, c in joined if c is not None], left_out


def _sibling_paragraph(line: Line, child: int | None) -> bool:
    """A paragraph beside the article's element that reads as part of it (Readability's
    rule for sibling <p>s): long with few links, or short, unlinked and a sentence."""
    if line.tag != "p" or child is None or line.path[-1] != child or line.kind is not Kind.TEXT:
        return False
    chars = len(line.text)
    if not SIBLING_SENTENCE_END.search(line.text):
        return False  # a byline, a dateline, a caption
    if chars > SIBLING_PARAGRAPH_MIN_CHARS:
        return line.score > 0 and line.link_chars < SIBLING_PARAGRAPH_MAX_LINK_SHARE * chars
    return line.link_chars == 0


def _without_chart_labels(lines: list[Line], kept: list[int]) -> list[int]:
    """A chart drawn in HTML leaves its labels as a run of tiny lines, mostly figures
    ("$900", "billion", "'17", "'18" ...): no part of the article's text. Table cells
    are data and stay."""
    out: list[int] = []
    run: list[int] = []

    def close() -> None:
        figures = sum(1 for i in run if FIGURE_LABEL.match(lines[i].text))
        if len(run) < CHART_MIN_LABELS or figures < CHART_FIGURE_SHARE * len(run):
            out.extend(run)
        run.clear()

    for i in kept:
        line = lines[i]
        if line.words <= CHART_LABEL_MAX_WORDS and line.tag not in TABLE_CELL_TAGS:
            run.append(i)
            continue
        close()
        out.append(i)
    close()
    return out


def _linked_subhead(lines: list[Line], before: int | None, i: int, after: list[int]) -> bool:
    """A linked heading after a line of the article (not another heading) and
    before a paragraph of prose is a sub-head of the article (a round-up's items,
    each title linked to its page); other stories' headlines come in runs, or at
    an end."""
    return (
        _linked_heading(lines[i])
        and before is not None
        and bool(after)
        and _keep_in_article(lines[before])
        and lines[before].tag not in HEADING_TAGS
        and lines[after[0]].score > 0
    )


def _linked_heading(line: Line) -> bool:
    return line.tag in HEADING_TAGS and line.link_chars > WIDEN_LINK_LINE_SHARE * len(line.text)


def _prose(line: Line) -> float:
    return line.score if line.score > 0 and line.kind is Kind.TEXT else 0.0


def _keep_in_article(line: Line) -> bool:
    """Lines of the article's element: lists, tables, sub-heads and short
    paragraphs are article; link lists and page furniture are not. A table's
    cells are data even when they link (a list of films, each title a link), and
    a line with words of its own around its links is a sentence."""
    return line.kind is Kind.TEXT and (
        line.link_chars <= ARTICLE_MAX_LINK_SHARE * len(line.text)
        or line.tag in TABLE_CELL_TAGS
        or _unlinked_words(line) >= LINKED_LINE_MIN_OWN_WORDS
    )


def _unlinked_words(line: Line) -> int:
    """Roughly how many of a line's words are not link text."""
    return round(line.words * (1 - min(1.0, line.link_chars / max(1, len(line.text)))))


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        item = norm(item)
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _with_sub_items(lines: list[Line], best: list[int], kept: list[int]) -> list[int]:
    """`kept` with the items of lists nested in a kept list item: a sub-list spells out
    its item ("In progress:", then the bugs, each a link to its page), so its items are
    the article's however linked. A list of links on its own stays out."""
    items = {lines[i].path[-1] for i in kept if lines[i].tag == "li"}
    if not items:
        return kept
    keep = set(kept)
    for i in best:
        line = lines[i]
        if line.tag == "li" and line.kind is Kind.TEXT and len(line.path) >= 3 and line.path[-3] in items:
            keep.add(i)
    return [i for i in best if i in keep]


def _with_buying_links(lines: list[Line], best: list[int], kept: list[int]) -> list[int]:
    """`kept` with the buying links of a shopping round-up: a list of at most
    BUYING_LIST_MAX_ITEMS items left out as links, one naming a price ("Get it on Amazon for
    $39.99"), right after a paragraph of prose and before another line of the
    article, is the item's own (each product, its paragraph, where to buy it). A
    list of other stories between paragraphs names no price."""
    keep = set(kept)
    at = {i: k for k, i in enumerate(best)}
    lists: dict[int, list[int]] = {}
    for i in best:
        line = lines[i]
        if line.tag == "li" and line.kind is Kind.TEXT and len(line.path) >= 2:
            lists.setdefault(line.path[-2], []).append(i)
    for items in lists.values():
        first, last = at[items[0]], at[items[-1]]
        if (
            len(items) > BUYING_LIST_MAX_ITEMS
            or last - first != len(items) - 1  # not one run of lines
            or first == 0
            or last == len(best) - 1
            or any(i in keep for i in items)
            or not any(PRICE.search(lines[i].text) for i in items)
        ):
            continue
        before, after = best[first - 1], best[last + 1]
        if before in keep and after in keep and lines[before].score > 0:
            keep.update(items)
    return [i for i in best if i in keep]


def _items_of_text_lists(lines: list[Line], indices: list[int]) -> set[int]:
    """The items of `indices` in lists that are mostly text (at least
    TEXT_LIST_MIN_ITEMS items, and TEXT_LIST_MIN_SHARE of them, that are no links):
    in such a list an item that is all link is one of its points ("Jane fixed
    <a>the start-up crash</a>"), not a link list; a list of links stays out."""
    items: dict[int, list[int]] = {}
    for i in indices:
        line = lines[i]
        if line.tag == "li" and line.kind is Kind.TEXT and len(line.path) >= 2:
            items.setdefault(line.path[-2], []).append(i)
    out: set[int] = set()
    for group in items.values():
        text_items = sum(1 for i in group if _keep_in_article(lines[i]))
        if text_items >= TEXT_LIST_MIN_ITEMS and text_items >= TEXT_LIST_MIN_SHARE * len(group):
            out.update(group)
    return out
