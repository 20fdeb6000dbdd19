"""The cleaner's tree builder hands BeautifulSoup less than lxml sees (html._WalkedTreeBuilder):
what it leaves out must be what the walk never reads. Each page is parsed both ways, with
the plain "lxml" builder and with ours, and must give the same lines and hints."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given
from hypothesis import strategies as st
from bs4.builder import LXMLTreeBuilder

from searchapp.ingest.clean import html as clean_html
from searchapp.ingest.clean.rules import SKIP_TAGS

from .conftest import AEB, READABILITY, needs

SNIPPETS = {
    # Blanks between inline elements are word breaks; beside blocks they are trimmed anyway.
    "inline-blanks": "<body><p><b>North</b> <i>Korea</i>\n<a href='/x'>said</a> on <span>Monday</span></p>\n"
    "<div>\n  <p>\n  One line.\n  </p>\n  <span>tail</span> <em>words</em>\n</div></body>",
    # A skipped element between words: its blanks stay, its inside goes.
    "script-between-words": "<body><p>the <button>Share</button> council <select><option>a</option></select> met"
    "</p></body>",
    # Junk furniture that is the <h1>, or carries the date, is still read.
    "junk-h1-and-date": "<body><h1 class='comment-count'>Council <b>meets</b></h1>"
    "<div class='comments' itemprop='datePublished'>2016-01-29</div>"
    "<div class='comments'><time datetime='2016-01-30'>x</time><h1>Not this</h1></div>"
    "<article><p>The Security Council met in New York on Tuesday to discuss the sanctions.</p></article></body>",
    # ... and so is what sits inside them, junk or skipped (found by the property test below).
    "junk-inside-read": "<body><h1>Council <div class='comments'>meets</div><select><option>x</option></select>"
    "</h1><div itemprop='datePublished'><p class='comments'>29 January 2016</p></div></body>",
    "hidden-with-meta": "<body><div hidden><meta property='og:title' content='Hidden title'></div>"
    "<div style='display:none'><p>Never seen.</p></div><p>Seen <span aria-hidden='true'>icon</span>here.</p></body>",
    # <head> is read whole by the hints, <noscript> and all.
    "head-noscript-meta": "<html><head><title> Council meets </title><noscript><meta name='description' "
    "content='d'></noscript><link rel='canonical' href='https://example.com/a'>"
    "<meta property='og:site_name' content='Example'></head><body><p>Text of the page.</p></body></html>",
    "title-in-body": "<body><title>Late title here</title><meta property='og:title' content='Meta in body'>"
    "<p>A paragraph <br> split\n<br>\nby breaks.</p></body>",
    "pre-and-table": "<body><pre>  a  <b>b</b>\n\n <i>c</i>  </pre><table>\n<tr>\n<td> 1 </td> <td>2</td>\n</tr>"
    "</table><ul>\n<li> one </li>\n<li><a href='#'>two</a> </li></ul></body>",
    "maybe-furniture": "<body><div class='sidebar'>\n<p>" + "word " * 25 + "end.</p>\n<p>" + "more " * 25
    + "end.</p></div><div class='related'> <p>Short one.</p> </div></body>",
    # Links with no attribute the walk reads are text marked as link text, not elements:
    # a link around blocks (a teaser card), a headline that is a link, links in links.
    "link-cards": "<body><ul><li><a href='/a'><div><h3>Other story</h3><p>Its teaser, a sentence of it.</p>"
    "</div></a></li></ul><h1><a href='/self'>Council</a><a href='/x'>meets</a> today</h1>"
    "<p>Read <a href='/1'>one <b>bold</b> <!-- c --> link</a> and <a class='more' href='/2'>more</a>.</p>"
    "<span itemprop='datePublished'><a href='/d'>29 Jan</a> 2016</span></body>",
    # A line ended inside a link is named after the innermost element, the link or not.
    "link-breaks": "<body><p><a href='/x'><strong>http://amzn.to/x<br></strong>after</a></p><ul><li><a href='/a'>"
    "Title<br>Teaser</a> <a href='/b'>Other<div class='card'>card</div></a></li></ul></body>",
    # Inline elements with attributes: a furniture name keeps them elements, any other
    # name lets them be text, and a line ending inside one makes it an element again.
    "inline-attributes": "<body><p><span class='byline-share'>Share</span> <span class='x' style='color:red'>"
    "red <em class='y'>words<br>broken</em></span> <sup id='n1'>[1]</sup><span hidden>gone</span></p></body>",
    "footer-separates": "<body><p>before<aside>box</aside>after <nav>menu</nav> end</p></body>",
}


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean_html, "_WalkedTreeBuilder", lambda skip, everything: LXMLTreeBuilder(
        multi_valued_attributes=None))


def _both(html: str, monkeypatch: pytest.MonkeyPatch, everything: bool = False) -> tuple:
    ours = clean_html.parse_html(html, None, everything)
    with monkeypatch.context() as m:
        _plain(m)
        plain = clean_html.parse_html(html, None, everything)
    return ours, plain


def _same(ours: tuple, plain: tuple) -> None:
    (lines, hints), (plain_lines, plain_hints) = ours, plain
    assert [(ln.text, ln.link_chars, ln.tag, ln.path) for ln in lines] == [
        (ln.text, ln.link_chars, ln.tag, ln.path) for ln in plain_lines
    ]
    assert hints == plain_hints


@pytest.mark.parametrize("everything", [False, True], ids=["walk", "everything"])
@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_lean_tree_gives_the_same_lines_and_hints(name: str, everything: bool, monkeypatch) -> None:
    _same(*_both(SNIPPETS[name], monkeypatch, everything))


def test_what_the_lean_tree_keeps_and_leaves_out() -> None:
    # Without the pre-pass (which would cut the <button> already).
    html = SNIPPETS["inline-blanks"] + SNIPPETS["junk-h1-and-date"] + SNIPPETS["script-between-words"]
    soup = BeautifulSoup(html, builder=clean_html._WalkedTreeBuilder(SKIP_TAGS, False))
    # Skipped and junk elements are there (they separate lines), but empty.
    assert [el.contents for el in soup.find_all(["button", "select"])] == [[], []]
    junk = soup.find_all("div", class_="comments")
    assert junk[0].get_text() == "2016-01-29" and junk[1].contents == []
    assert soup.h1.get_text(" ", strip=True) == "Council meets"
    # Only the attributes the walk reads; a link with none of them is link text, no element.
    assert soup.find("a") is None and soup.find("div", itemprop=True).attrs == {
        "class": "comments", "itemprop": "datePublished"}
    # Inline elements the walk passes through (<b>, <i>, a bare <span>) bring only their text.
    assert [(type(c).__name__, str(c)) for c in soup.find("p").contents] == [
        ("NavigableString", "North"), ("NavigableString", " "), ("NavigableString", "Korea"),
        ("NavigableString", "\n"), ("_LinkText", "said"), ("NavigableString", " on "), ("NavigableString", "Monday")]
    # Blanks between inline elements stay (above); blanks beside blocks are gone.
    div = soup.find("div", class_=False)
    assert all(isinstance(c, Tag) or c.strip() for c in div.contents[:2])
    lines, _ = clean_html.parse_html(SNIPPETS["inline-blanks"], None)
    assert [ln.text for ln in lines] == ["North Korea said on Monday", "One line.", "tail words"]


def _sample(folder: Path, every: int) -> list[str]:
    ids = sorted(json.loads((folder / "ground-truth.json").read_text("utf-8")))
    return ids[::every]


@needs(READABILITY / "ground-truth.json")
@needs(AEB / "ground-truth.json")
def test_lean_tree_is_the_same_on_benchmark_pages(monkeypatch) -> None:
    """A sample of both benchmark sets (every 8th page): same lines, same hints."""
    for folder in (READABILITY, AEB):
        for page in _sample(folder, 8):
            html = gzip.decompress((folder / "html" / f"{page}.html.gz").read_bytes()).decode("utf-8")
            _same(*_both(html, monkeypatch))


# Arbitrary markup from the elements and attributes the builder treats apart: the two
# builders must still give the same lines and hints.
_TAGS = ["p", "div", "span", "a", "b", "h1", "h2", "li", "ul", "td", "pre", "time", "button", "script",
         "figcaption", "aside", "em", "section", "title", "select", "nav", "header", "article"]
_ATTRS = ["", " class='comments'", " class='share-bar'", " class='sidebar'", " class='byline'", " hidden",
          " href='/x'", " itemprop='datePublished'", " style='display:none'", " datetime='2016-01-29'",
          " id='main'", " class='comments' itemprop='datePublished'", " style='color:red' href='/y'",
          " aria-hidden='true'", " rel='canonical' href='https://example.com/a'"]
_TEXTS = ["", " ", "\n  ", "North", " Korea ", "said.", "\u3000", "Council meets on sanctions today.",
          " ".join(["The council met in New York on Tuesday to discuss the sanctions."] * 3),
          "<meta property='og:title' content='Meta title here'>", "<link rel='canonical' href='https://e.com/b'>"]


@st.composite
def _markup(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(draw(st.sampled_from(_TEXTS)))
        elif kind == 1:
            parts.append(draw(st.sampled_from(["<br>", "<!-- c -->", "<hr>"])))
        else:
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}{draw(st.sampled_from(_ATTRS))}>{draw(_markup(depth + 1))}</{tag}>")
    return "".join(parts)


@given(body=_markup(), everything=st.booleans())
def test_lean_tree_is_the_same_on_arbitrary_markup(body: str, everything: bool) -> None:
    html = f"<html><head><title>T</title></head><body>{body}</body></html>"
    ours = clean_html.parse_html(html, None, everything)
    with pytest.MonkeyPatch.context() as m:
        _plain(m)
        plain = clean_html.parse_html(html, None, everything)
    _same(ours, plain)
