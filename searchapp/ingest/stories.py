"""Stories: the versions of one wire story and its reprints, grouped.

A collection holds the same story many times: an agency's updates ("(URGENT)", "(LEAD)",
"(2nd LD)") under one headline, and the same text reprinted by other outlets or saved
twice. Each article gets a story id, the id of the first article of its story in the
collection's order, so that search can show one hit per story with "N versions" and an
article page can list the others.

Three rules, each general, each within STORY_MAX_DAYS when both articles are dated (a
formulaic story, "Fed expected to add reserves", comes back every day and is not one story):
- the same title and body, once case and spacing are set aside (a page saved twice, or a
  text too short for the next rule);
- the same text: bodies whose 5-word shingles overlap by STORY_MIN_SIMILARITY or more
  (Jaccard, estimated by MinHash and found by LSH: datasketch), whatever the source;
- the same headline from the same source within STORY_HEADLINE_MAX_DAYS, once the version
  marker is taken off: an update rewrites the text but keeps the headline.

It runs in the build's main process over the stream of processed articles, in order, so
the same collection always gets the same ids.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator

from datasketch import MinHash, MinHashLSH

from searchapp.records import Article, Rejected

# Shingles of this many words; bodies with fewer words are matched by headline only.
STORY_SHINGLE_WORDS = 5
# Short formulaic texts (a dividend notice, "Fed expected to add reserves") share most
# of their shingles with every other of their kind: they join only by the first two rules.
STORY_MIN_WORDS = 50
# MinHash permutations: 64 estimate a Jaccard of 0.5 within about +-0.06.
STORY_PERMUTATIONS = 64
# Two bodies are the same story from this estimated overlap of their shingles: a reprint
# with its own lead or tail is above it, two stories on the same event are far below.
STORY_MIN_SIMILARITY = 0.5
# Articles more than this many days apart are never one story; versions under one
# headline come within a day (a daily headline, "Fed adds reserves", is a new story each day).
STORY_MAX_DAYS = 3
STORY_HEADLINE_MAX_DAYS = 1
# A headline of fewer words is too generic to join stories ("Briefs", "Markets").
STORY_MIN_TITLE_WORDS = 4

# Version markers at the start of a headline, as agencies put them.
_VERSION_MARK = re.compile(
    r"^\s*(?:\((?:LEAD|URGENT|UPDATE|FLASH|\d+(?:st|nd|rd|th)\s+LD|CORRECTED|REFILE|WRAPUP)[^)]*\)\s*)+",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


def headline_key(title: str) -> str:
    """A headline without its version marker, case and punctuation."""
    return " ".join(_WORD.findall(_VERSION_MARK.sub("", title).lower()))


def _minhash(body: str) -> MinHash | None:
    words = _WORD.findall(body.lower())
    if len(words) < STORY_MIN_WORDS:
        return None
    n = STORY_SHINGLE_WORDS
    shingles = {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}
    # crc32 instead of datasketch's default sha1: 10x faster, and 32 bits are what
    # MinHash keeps of a hash anyway.
    m = MinHash(num_perm=STORY_PERMUTATIONS, hashfunc=zlib.crc32)
    m.update_batch(list(shingles))
    return m


class StoryGrouper:
    """Gives each article of a stream its story id (see the module's docstring)."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=STORY_MIN_SIMILARITY, num_perm=STORY_PERMUTATIONS)
        self._hashes: dict[str, MinHash] = {}
        self._story: dict[str, str] = {}  # article id -> story id
        self._headlines: dict[tuple[str, str], list[tuple[dt.date | None, str]]] = {}
        # By a digest of the text, not the text: a collection's bodies held twice would
        # double the build's memory.
        self._texts: dict[bytes, list[tuple[dt.date | None, str]]] = {}
        self._day: dict[str, dt.date | None] = {}

    def story(self, article: Article) -> str:
        """The story id of `article` (its own id when it starts a story)."""
        day = article.metadata.published
        text = _digest(" ".join(f"{article.title}\n{article.body}".lower().split()))
        story = (
            _near(self._texts.get(text, []), day)
            or self._by_text(article)
            or self._by_headline(article)
            or article.id
        )
        self._story[article.id] = story
        self._day.setdefault(article.id, day)
        self._texts.setdefault(text, []).append((day, story))
        key = headline_key(article.title)
        if len(key.split()) >= STORY_MIN_TITLE_WORDS:
            self._headlines.setdefault((article.metadata.source, key), []).append((article.metadata.published, story))
        return story

    def _by_text(self, article: Article) -> str | None:
        m = _minhash(article.body)
        if m is None:
            return None
        best, best_sim = None, STORY_MIN_SIMILARITY
        for other in self._lsh.query(m):
            if not _close(article.metadata.published, self._day.get(other)):
                continue
            sim = m.jaccard(self._hashes[other])
            if sim >= best_sim:
                best, best_sim = other, sim
        if article.id not in self._hashes:  # an id given twice keeps its first text
            self._hashes[article.id] = m
            self._lsh.insert(article.id, m)
        return self._story[best] if best is not None else None

    def _by_headline(self, article: Article) -> str | None:
        key = headline_key(article.title)
        if len(key.split()) < STORY_MIN_TITLE_WORDS:
            return None
        return _near(self._headlines.get((article.metadata.source, key), []), article.metadata.published,
                     STORY_HEADLINE_MAX_DAYS)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def _close(a: dt.date | None, b: dt.date | None, days: int = STORY_MAX_DAYS) -> bool:
    """Two days near enough for one story (an undated article is near any)."""
    return a is None or b is None or abs((a - b).days) <= days


def _near(seen: list[tuple[dt.date | None, str]], day: dt.date | None, days: int = STORY_MAX_DAYS) -> str | None:
    """The story of the latest of `seen` (day, story) pairs near `day`."""
    for other_day, story in reversed(seen):
        if _close(day, other_day, days):
            return story
    return None


def group_stories(items: Iterable[Article | Rejected]) -> Iterator[Article | Rejected]:
    """`items` with each Article's `story` set, in the same order."""
    grouper = StoryGrouper()
    for item in items:
        yield dataclasses.replace(item, story=grouper.story(item)) if isinstance(item, Article) else item
