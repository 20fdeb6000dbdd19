"""The one description of the Whoosh index's fields, both ways: an `Article` into a
Whoosh document (article_to_document), and stored fields back into the search API's
records (stored_article, and the fields of a Hit).

Facet fields hold exact values, one per line (entity ids for entities); the searchable
copies (`*_text`) are analyzed like the body so that `person:kerry` works.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from whoosh import columns, fields
from whoosh.analysis import RegexTokenizer

from searchapp.catalog import ENTITY_FACETS, entity_id
from searchapp.records import Article

from ..api import StoredArticle
from ..facets import FACETS_BY_NAME
from .analysis import NewsPositions, news_analyzer

# Multi-valued facet values are stored and indexed one per line.
_SEP = "\n"

# The fields a query searches when it names none, and the field prefixes a reader may
# type ("person:kerry") -> the analyzed index field they search.
DEFAULT_FIELDS = ("title", "body")
FIELD_ALIASES = {
    "source_text": ["source", "agency"],
    "people_text": ["person", "people"],
    "countries_text": ["country", "countries"],
    "organizations_text": ["org", "organization", "organisation", "organizations"],
    "dateline_text": ["dateline"],
}
# The searchable copies of the facets: a query on one only narrows the results, so it is
# matched as a filter mask, not scored (queries.split_filters).
FILTER_FIELDS = frozenset({"source_text", *(f"{name}_text" for name in ENTITY_FACETS)})
# The field snippets and the article page mark the query's matches in.
BODY = "body"
# The numeric sort key of the date: YYYYMMDD, or 0 when undated.
DAY = "day"
# The column of story keys (story_key()).
STORY_KEY = "story_key"


def _facet_list_field() -> fields.FieldType:
    f = fields.KEYWORD(stored=True, lowercase=False, commas=False, scorable=False)
    f.analyzer = RegexTokenizer(r"[^\n]+")
    return f


def _text_field(**options) -> fields.TEXT:
    field = fields.TEXT(analyzer=news_analyzer(), **options)
    field.format = NewsPositions(field_boost=field.format.field_boost)
    return field


def make_schema() -> fields.Schema:
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        path=fields.STORED(),
        url=fields.STORED(),
        title=_text_field(stored=True, field_boost=2.0),
        body=_text_field(stored=True),
        source=fields.ID(stored=True, sortable=True),
        source_text=_text_field(),
        published=fields.DATETIME(stored=True),
        # Sort key and date filter: YYYYMMDD, or 0 when undated, so undated articles sort
        # last. Indexed too, for a reader's `day:>20160101`.
        day=fields.NUMERIC(numtype=int, bits=32, sortable=True),
        published_text=fields.STORED(),
        month=fields.ID(stored=True, sortable=True),
        dateline=fields.ID(stored=True),
        dateline_text=_text_field(),
        version=fields.STORED(),
        notes=fields.STORED(),
        signoff=fields.STORED(),
        body_guessed=fields.STORED(),
        # The story (ingest/stories.py): its id, and a 64-bit key of it as a column, for
        # collapsing hits to one per story with numpy. Only a column: indexed as a NUMERIC
        # field it gave each story 16 terms that no query reads (two thirds of an index's
        # terms, and a good part of the time a build spends writing them).
        story=fields.ID(stored=True),
        story_key=fields.COLUMN(columns.NumericColumn("q")),
        **{name: _facet_list_field() for name in ENTITY_FACETS},
        **{f"{name}_text": _text_field() for name in ENTITY_FACETS},
    )


def article_to_document(article: Article) -> dict:
    meta = article.metadata
    doc: dict = {
        "id": article.id,
        "path": article.path,
        "url": article.url,
        "title": article.title,
        "body": article.body,
        "source": meta.source,
        "source_text": meta.source,
        "published_text": meta.published_text,
        "version": article.version,
        "notes": list(article.notes),
        "signoff": article.signoff,
        "body_guessed": article.body_guessed,
        "story": article.story or article.id,
        "story_key": story_key(article.story or article.id),
        "day": int(meta.published.strftime("%Y%m%d")) if meta.published else 0,
    }
    if meta.published:
        doc["published"] = dt.datetime.combine(meta.published, dt.time())
        doc["month"] = meta.published.strftime("%Y-%m")
    if meta.dateline:
        doc["dateline"] = meta.dateline
        doc["dateline_text"] = meta.dateline
    for name in ENTITY_FACETS:
        values = getattr(article.entities, name)
        if values:
            # Facet fields hold stable ids (see searchapp.catalog); the searchable
            # copy holds the names.
            doc[name] = _SEP.join(entity_id(name, v) for v in values)
            doc[f"{name}_text"] = _SEP.join(values)
    return doc


def story_key(story: str) -> int:
    """A story id as a signed 64-bit integer (blake2b: stable across processes)."""
    return int.from_bytes(hashlib.blake2b(story.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def hit_fields(stored: dict) -> dict:
    """The fields of a Hit that come straight from the stored document (all but the
    snippet and the score)."""
    return {
        "id": stored["id"],
        "title": stored.get("title", ""),
        "source": stored.get("source", ""),
        "published": _iso_date(stored),
        "published_text": stored.get("published_text"),
        "dateline": stored.get("dateline"),
        "url": stored.get("url"),
        "path": stored.get("path", ""),
        # Indexes built before stories were grouped: each article its own story.
        "story": stored.get("story") or stored["id"],
    }


def stored_article(stored: dict) -> StoredArticle:
    """The stored document as the search API's article, entities by their current names."""

    def listed(name: str) -> tuple[str, ...]:
        ids = stored.get(name)
        facet = FACETS_BY_NAME[name]
        return tuple(sorted(facet.value(i) for i in ids.split(_SEP))) if ids else ()

    return StoredArticle(
        **hit_fields(stored),
        body=stored.get("body", ""),
        version=stored.get("version"),
        notes=tuple(stored.get("notes") or ()),
        signoff=stored.get("signoff"),
        # Indexes built before the field was stored have no guessed bodies.
        body_guessed=bool(stored.get("body_guessed")),
        **{name: listed(name) for name in ENTITY_FACETS},
    )


def _iso_date(stored: dict) -> str | None:
    published = stored.get("published")
    return published.date().isoformat() if published else None
