"""Page hints: what an HTML page says about itself outside the visible text.

``page_hints`` reads the meta tags, the JSON-LD blocks, the <title>, the first
<h1> and whatever else the walk noticed (``Seen``), and hands over a
``PageHints`` record: the canonical URL, the headline (site name stripped) and
date and source hints, best first, for metadata.py to interpret.
"""
from __future__ import annotations

import html as html_lib
import json
from dataclasses import dataclass, field
from typing import Iterator

from bs4 import BeautifulSoup, Tag

from .phrases import match_key, norm
from .rules import (
    ARTICLE_TYPES,
    DATE_META_KEYS,
    LD_DATE,
    MAX_ITEMPROP_DATES,
    MAX_TIME_DATES,
    PUBLISHED_META_KEYS,
    SITE_SUFFIX_MAX_WORDS,
    TITLE_MIN_WORDS,
    TITLE_SEP,
    URL_DATE,
    URL_HOST,
)


@dataclass
class PageHints:
    """What an HTML page says about itself outside the visible text."""

    title: str | None = None
    date_hints: list[str] = field(default_factory=list)
    source_hints: list[str] = field(default_factory=list)
    url: str | None = None


@dataclass
class Seen:
    """What the walk notices on its way besides text: first <h1>, <time>s, itemprop dates."""

    h1: str | None = None
    # <meta> and <link> that the parser moved out of a malformed <head>.
    metas: list[Tag] = field(default_factory=list)
    canonical: str | None = None
    title: str | None = None
    times: list[str] = field(default_factory=list)
    itemprop_dates: list[str] = field(default_factory=list)


def page_hints(soup: BeautifulSoup, json_ld: list[str], seen: Seen, given_url: str | None) -> PageHints:
    head = soup.head
    meta = _meta_content(head, seen.metas)
    hints = PageHints()
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
        c = _strip_site_suffix(norm(c), site_name)
        if c and len(c.split()) >= TITLE_MIN_WORDS and not (site_name and match_key(c) == match_key(site_name)):
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
    # The article's JSON-LD names its publisher (an Organization, by name).
    for art in articles:
        name = _publisher_name(art.get("publisher"))
        if name:
            sources.append(name)
    if hints.url:
        m = URL_HOST.match(hints.url)
        if m:
            sources.append(m.group(1).lower())
    hints.source_hints = sources
    return hints


def _publisher_name(publisher: object) -> str | None:
    """The name of a JSON-LD publisher: an object with a name, or a list of them
    (the first that has one); a bare reference ({"@id": ...}) names no one."""
    for item in publisher if isinstance(publisher, list) else [publisher]:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and norm(item["name"]):
            return norm(item["name"])
    return None


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
    if (site_name and match_key(last) == match_key(site_name)) or len(last.split()) <= SITE_SUFFIX_MAX_WORDS:
        # Cut at the last separator only, keeping separators inside the headline.
        m = list(TITLE_SEP.finditer(title))[-1]
        head = title[: m.start()].strip()
        if len(head.split()) >= TITLE_MIN_WORDS:
            return head
    return title
