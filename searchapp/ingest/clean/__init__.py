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
  the body most (HTML: og:title, <h1>, <title> first);
* when no article can be told from the page around it (a table, a headline
  alone, a page of links), the body is the page's best text instead, its
  densest stretch between barriers (for HTML with no readable line left, all
  its visible text), and the record says so (``body_guessed``). Only a page
  with no readable line at all is refused.

Speed: HTML is parsed once by BeautifulSoup (lxml), after a regex pre-pass cuts
out what the walk would skip anyway (scripts, styles, SVG, <nav>, <footer>...),
and the tree is walked once; see ``html.py``.

Nothing here is keyed to a site, file or URL: pages we never saw must work too.
The cleaner interprets no dates or sources; it hands over hints for metadata.py.

This module is the stage's public API, ``clean`` and ``CleaningError``; the
work is done in the package's modules, listed here in import order (each
imports only modules above it, no cycles):

    rules       every pattern, tag table and threshold, named (no code)
    phrases     the boilerplate phrase table; norm() and match_key()
    lines       the line model (Line, Kind): classification, scores, repeats,
                the best segment
    text        text dumps: their lines, teaser runs, closing lists
    headline    headline choice, the wire version marker
    hints       page hints (meta tags, JSON-LD, URL) -> PageHints
    html        the pre-pass and the DOM walk: HTML -> lines and PageHints
    body        choosing the article: lines and hints -> CleanedDocument
    __init__    clean(): HTML or text dump to lines, then body

    rules <- phrases <- lines, hints <- text, headline, html <- body <- __init__
"""
from __future__ import annotations

from searchapp.records import CleanedDocument, RawDocument

from .body import CleaningError, NoArticle, assemble, guess, prepare
from .hints import PageHints
from .html import parse_html
from .lines import Kind
from .text import text_lines

__all__ = ["CleaningError", "clean"]


def clean(raw: RawDocument) -> CleanedDocument:
    """Find the article in a page: headline, body paragraphs and metadata hints."""
    if raw.kind == "html":
        lines, hints = parse_html(raw.text, raw.given.url)
    elif raw.kind == "text":
        hints = PageHints(url=raw.given.url)
        lines = text_lines(raw.text)
    else:
        raise CleaningError(f"unknown document kind {raw.kind!r} for {raw.path}")
    lines = prepare(lines)
    if lines:
        try:
            return assemble(lines, hints, raw.path)
        except NoArticle:
            pass
    if raw.kind == "html" and not any(line.kind is Kind.TEXT for line in lines):
        # Nothing readable outside the page's furniture: all its visible text, then.
        lines, hints = parse_html(raw.text, raw.given.url, everything=True)
        lines = prepare(lines)
    if not lines:
        raise CleaningError(f"no text at all in {raw.path}")
    return guess(lines, hints, raw.path)
