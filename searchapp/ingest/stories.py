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
import functools
import hashlib
import pickle
import re
import zlib
from collections.abc import Iterable, Iterator
from typing import TypeVar

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from searchapp.records import Article

T = TypeVar("T")

# Shingles of this many words; bodies with fewer words are matched by headline only.
STORY_SHINGLE_WORDS = 5
# Short formulaic texts (a dividend notice, "Fed expected to add reserves") share most
# of their shingles with every other of their kind: they join only by the first two rules.
STORY_MIN_WORDS = 50
# The seed of the MinHash permutations (datasketch's default): saved states rely on it.
MINHASH_SEED = 1
# Of the grouper's saved state (StoryGrouper.to_bytes); another is not read.
STATE_FORMAT = 1
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
    template = _template()
    # The template's permutations: drawing them is most of the cost of a new MinHash.
    m = MinHash(num_perm=STORY_PERMUTATIONS, seed=MINHASH_SEED, hashfunc=zlib.crc32,
                permutations=template.permutations, scheme=template.scheme)
    m.update_batch(list(shingles))
    return m


@functools.cache
def _template() -> MinHash:
    return MinHash(num_perm=STORY_PERMUTATIONS, seed=MINHASH_SEED, hashfunc=zlib.crc32)


class StoryGrouper:
    """Gives each article of a stream its story id (see the module's docstring).

    Its state can be saved (to_bytes) and restored (from_bytes) with the index, so that
    an update groups its new articles with the collection's; forget() takes out an
    article the update replaces or removes."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=STORY_MIN_SIMILARITY, num_perm=STORY_PERMUTATIONS)
        # Lean: the hash values alone, not each MinHash's permutations (1 KB an article).
        self._hashes: dict[str, LeanMinHash] = {}
        self._story: dict[str, str] = {}  # article id -> story id, in the order they came
        self._day: dict[str, dt.date | None] = {}
        # article id -> its text's digest and its (source, headline) key, to forget it by.
        self._keys: dict[str, tuple[bytes, tuple[str, str] | None]] = {}
        # (day, story, article id) of the articles of each headline and of each text. By a
        # digest of the text, not the text: a collection's bodies held twice would double
        # the build's memory.
        self._headlines: dict[tuple[str, str], list[tuple[dt.date | None, str, str]]] = {}
        self._texts: dict[bytes, list[tuple[dt.date | None, str, str]]] = {}

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
        key = headline_key(article.title)
        headline = (article.metadata.source, key) if len(key.split()) >= STORY_MIN_TITLE_WORDS else None
        if article.id not in self._story:  # an id given twice keeps its first text
            self._remember(article.id, story, day, text, headline)
        return story

    def _remember(self, article_id: str, story: str, day: dt.date | None, text: bytes,
                  headline: tuple[str, str] | None) -> None:
        self._story[article_id] = story
        self._day[article_id] = day
        self._keys[article_id] = (text, headline)
        self._texts.setdefault(text, []).append((day, story, article_id))
        if headline is not None:
            self._headlines.setdefault(headline, []).append((day, story, article_id))

    def forget(self, article_id: str) -> None:
        """Take an article out (an update replaces or removes it): later articles no
        longer join its story through it. Its story's other articles keep their ids."""
        if article_id not in self._story:
            return
        text, headline = self._keys.pop(article_id)
        for table, key in ((self._texts, text), (self._headlines, headline)):
            if key is not None and key in table:
                table[key] = [entry for entry in table[key] if entry[2] != article_id]
                if not table[key]:
                    del table[key]
        del self._story[article_id], self._day[article_id]
        if self._hashes.pop(article_id, None) is not None:
            self._lsh.remove(article_id)

    def __len__(self) -> int:
        return len(self._story)

    def to_bytes(self) -> bytes:
        """The grouper's state: each article's story, day, keys and MinHash values."""
        signed = list(self._hashes)
        hashes = np.stack([self._hashes[i].hashvalues for i in signed]) if signed else np.zeros((0, STORY_PERMUTATIONS))
        rows = [(i, self._story[i], self._day[i], *self._keys[i]) for i in self._story]
        scheme = self._hashes[signed[0]].scheme if signed else None
        return pickle.dumps({"format": STATE_FORMAT, "rows": rows, "signed": signed, "hashes": hashes, "scheme": scheme},
                            protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryGrouper:
        """A grouper as to_bytes saved it; ValueError for another format's state."""
        state = pickle.loads(data)  # noqa: S301 - our own file, kept with the index
        if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
            raise ValueError("story state of another format")
        grouper = cls()
        for article_id, story, day, text, headline in state["rows"]:
            grouper._remember(article_id, story, day, text, headline)
        for article_id, values in zip(state["signed"], state["hashes"]):
            m = LeanMinHash(seed=MINHASH_SEED, hashvalues=values, scheme=state["scheme"])
            grouper._hashes[article_id] = m
            grouper._lsh.insert(article_id, m)
        return grouper

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
            lean = LeanMinHash(m)
            self._hashes[article.id] = lean
            self._lsh.insert(article.id, lean)
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


def _near(seen: list[tuple[dt.date | None, str, str]], day: dt.date | None, days: int = STORY_MAX_DAYS) -> str | None:
    """The story of the latest of `seen` (day, story, article) near `day`."""
    for other_day, story, _article in reversed(seen):
        if _close(day, other_day, days):
            return story
    return None


def group_stories(items: Iterable[T], grouper: StoryGrouper | None = None) -> Iterator[T]:
    """`items` with each Article's `story` set (by `grouper`, a new one by default), in
    the same order; any other item passed on."""
    grouper = grouper if grouper is not None else StoryGrouper()
    for item in items:
        yield dataclasses.replace(item, story=grouper.story(item)) if isinstance(item, Article) else item
