"""The small typed records that pass between the pipeline's stages.

read (ingest/reader.py) -> RawDocument | Rejected
clean (ingest/clean/) -> CleanedDocument
extract (ingest/extract/: metadata.py, entities/) -> ArticleMetadata, Entities
ingest/pipeline.py puts them together into an Article, which a search backend indexes
(searchapp/search/api.py: SearchBackend.rebuild).

Each stage only sees these records, never another stage's internals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

DocumentKind = Literal["html", "text"]


@dataclass(frozen=True)
class GivenMetadata:
    """Metadata that came *with* a document (sidecar file or folder manifest).

    When present it wins over anything guessed from the text.
    """

    url: str | None = None
    source: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class RawDocument:
    """A document as read from disk, decoded to text."""

    path: str  # relative to the collection folder, POSIX separators; unique
    text: str
    kind: DocumentKind
    encoding: str
    given: GivenMetadata = field(default_factory=GivenMetadata)
    # What was doubtful about reading it, for the build report: an encoding guessed,
    # replacement characters, sidecar metadata refused. Empty when all was well.
    warnings: tuple[str, ...] = ()
    # A hash of the bytes it was read from (file, sidecar, manifest entry): an update
    # compares it with the index's to find what changed. Empty when not read from files.
    content_key: str = ""


@dataclass(frozen=True)
class Unchanged:
    """A document an update found as the index holds it (the same content key): not
    read further, its article kept as it is."""

    path: str
    content_key: str


@dataclass(frozen=True)
class Rejected:
    """A document that could not be used, and why (shown to the user by `build`)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Removed:
    """A document the live index holds that its collection no longer has (found by an
    update): taken out of the index."""

    path: str


@dataclass(frozen=True)
class CleanedDocument:
    """The article separated from the page's cruft, plus hints for metadata extraction.

    The cleaner does not interpret dates or sources; it only hands over the
    strings a careful reader would look at (meta tags, timestamp lines, sign-offs).
    """

    title: str
    paragraphs: tuple[str, ...]
    # Wire-copy markers kept out of title and body: "LEAD", "2nd LD", "News Focus".
    version: str | None = None
    # Editor's notes such as "ATTN: ADDS quotes, details in last 6 paras".
    notes: tuple[str, ...] = ()
    # Reporter sign-off, e.g. "hague@yna.co.kr".
    signoff: str | None = None
    # Strings a publication date may be read from, best first: meta tags,
    # JSON-LD, <time datetime>, timestamp lines near the headline.
    date_hints: tuple[str, ...] = ()
    # Strings naming the publisher: og:site_name, sign-off domain, copyright lines.
    source_hints: tuple[str, ...] = ()
    url: str | None = None
    # True when the article could not be told from the page around it, and the body
    # is the page's best text instead (its densest region, or all its visible text).
    body_guessed: bool = False

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class ArticleMetadata:
    published: dt.date | None  # None when the text does not give a full date
    published_text: str | None  # the date as the text gives it, e.g. "Jan. 25" with no year
    source: str  # canonical agency name, "Unknown" when the text does not say
    dateline: str | None  # dateline city, e.g. "Seoul"


UNKNOWN_SOURCE = "Unknown"


@dataclass(frozen=True)
class Entities:
    """Canonical entity names, sorted and de-duplicated, one tuple per facet."""

    people: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """One article, ready to index."""

    id: str
    path: str
    url: str | None
    title: str
    body: str
    metadata: ArticleMetadata
    entities: Entities
    version: str | None = None
    notes: tuple[str, ...] = ()
    signoff: str | None = None
    # The reader's warnings (RawDocument.warnings) and the cleaner's (a guessed body),
    # for the build report; not indexed.
    warnings: tuple[str, ...] = ()
    # The body is the page's best text, not an article told from its page (CleanedDocument).
    body_guessed: bool = False
    # The id of the first article of its story in the collection (ingest/stories.py);
    # "" until the build groups it: its own story.
    story: str = ""
