"""Index stage: the Whoosh schema, atomic rebuilds, and opening the live index.

Layout of an index folder:

    index/
      current -> builds/20260101T120000-1a2b   (a symlink, swapped atomically)
      builds/20260101T120000-1a2b/              (a complete Whoosh index,
        facet-tables/                           and the facet tables searches count with)

A rebuild writes a new folder under builds/ and only when it is complete
points `current` at it (rename of a symlink is atomic on POSIX). A rebuild
that fails leaves `current` untouched, so searchers keep the old index.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import RegexTokenizer
from whoosh.index import Index

from .analysis import news_analyzer
from .catalog import entity_id
from .facets import write_tables
from .records import Article, Rejected

CURRENT = "current"
BUILDS = "builds"
# Multi-valued facet values are stored and indexed one per line.
SEP = "\n"

# Facet fields hold exact values (entity ids for entities); the searchable
# copies (`*_text`) are analyzed like the body so that `person:kerry` works.
ENTITY_FIELDS = ("people", "countries", "organizations")


class IndexNotFound(Exception):
    """The index is missing or unusable; the message says what to do."""


class EmptyBuild(Exception):
    """No document could be indexed; the live index was left as it was."""

    def __init__(self, rejected: list[Rejected]) -> None:
        super().__init__(
            f"No document could be indexed ({len(rejected)} skipped); the existing index is unchanged."
        )
        self.rejected = rejected


def _facet_list_field() -> fields.FieldType:
    f = fields.KEYWORD(stored=True, lowercase=False, commas=False, scorable=False)
    f.analyzer = RegexTokenizer(r"[^\n]+")
    return f


def make_schema() -> fields.Schema:
    text = news_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        path=fields.STORED(),
        url=fields.STORED(),
        title=fields.TEXT(analyzer=text, stored=True, field_boost=2.0),
        body=fields.TEXT(analyzer=text, stored=True),
        source=fields.ID(stored=True, sortable=True),
        source_text=fields.TEXT(analyzer=text),
        published=fields.DATETIME(stored=True),
        # Sort keys: YYYYMMDD, or 0 when undated, so undated articles sort last.
        day=fields.NUMERIC(numtype=int, bits=32, sortable=True),
        dated=fields.NUMERIC(numtype=int, bits=8, sortable=True),
        published_text=fields.STORED(),
        month=fields.ID(stored=True, sortable=True),
        dateline=fields.ID(stored=True),
        dateline_text=fields.TEXT(analyzer=text),
        version=fields.STORED(),
        notes=fields.STORED(),
        signoff=fields.STORED(),
        people=_facet_list_field(),
        countries=_facet_list_field(),
        organizations=_facet_list_field(),
        people_text=fields.TEXT(analyzer=text),
        countries_text=fields.TEXT(analyzer=text),
        organizations_text=fields.TEXT(analyzer=text),
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
        "day": int(meta.published.strftime("%Y%m%d")) if meta.published else 0,
        "dated": 1 if meta.published else 0,
    }
    if meta.published:
        doc["published"] = dt.datetime.combine(meta.published, dt.time())
        doc["month"] = meta.published.strftime("%Y-%m")
    if meta.dateline:
        doc["dateline"] = meta.dateline
        doc["dateline_text"] = meta.dateline
    for name in ENTITY_FIELDS:
        values = getattr(article.entities, name)
        if values:
            # Facet fields hold stable ids (see facets.Facet.entity); the
            # searchable copy holds the names.
            doc[name] = SEP.join(entity_id(name, v) for v in values)
            doc[f"{name}_text"] = SEP.join(values)
    return doc


@dataclass
class BuildReport:
    indexed: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    location: Path | None = None


def build_index(
    items: Iterable[Article | Rejected],
    index_dir: str | os.PathLike[str],
    on_item: Callable[[Article | Rejected], None] | None = None,
) -> BuildReport:
    """Write a complete new index from `items`, then swap it in atomically.

    Raises whatever went wrong while writing; the live index is then unchanged.
    """
    root = Path(index_dir)
    builds = root / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    name = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]
    partial = builds / (name + ".partial")
    partial.mkdir()
    report = BuildReport()
    try:
        ix = index.create_in(partial, make_schema())
        writer = ix.writer(limitmb=256)
        try:
            for item in items:
                if isinstance(item, Rejected):
                    report.rejected.append(item)
                else:
                    writer.add_document(**article_to_document(item))
                    report.indexed += 1
                if on_item:
                    on_item(item)
        except BaseException:
            writer.cancel()
            raise
        if report.indexed == 0:
            writer.cancel()
            # An empty index must not replace a working one.
            raise EmptyBuild(report.rejected)
        writer.commit()
        ix.close()
        # The tables searches count facets with, so that the first search after the
        # swap does not have to build them.
        write_tables(partial)
        final = builds / name
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _swap_current(root, final)
    _remove_old_builds(root, keep={final.name, *_previous(root, final)})
    report.location = final
    return report


def _swap_current(root: Path, target: Path) -> None:
    tmp = root / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
    os.symlink(Path(BUILDS) / target.name, tmp)
    os.replace(tmp, root / CURRENT)


def _previous(root: Path, final: Path) -> list[str]:
    # Keep the newest older build too: a searcher that opened it just before
    # the swap may still be reading it.
    older = sorted(
        p.name for p in (root / BUILDS).iterdir() if p.is_dir() and not p.name.endswith(".partial") and p != final
    )
    return older[-1:]


def _remove_old_builds(root: Path, keep: set[str]) -> None:
    for path in (root / BUILDS).iterdir():
        if path.name not in keep and not path.name.endswith(".partial"):
            shutil.rmtree(path, ignore_errors=True)


def live_index_path(index_dir: str | os.PathLike[str]) -> Path:
    return Path(index_dir) / CURRENT


def open_live_index(index_dir: str | os.PathLike[str]) -> Index:
    """Open the index that `current` points at; raises IndexNotFound with advice."""
    path = live_index_path(index_dir)
    if not path.exists() or not index.exists_in(path):
        raise IndexNotFound(
            f"No index at {Path(index_dir)}: build one with `searchapp build SRC --index {index_dir}`."
        )
    # Resolve once so this reader keeps reading one build even if a rebuild
    # swaps `current` meanwhile.
    return index.open_dir(path.resolve())
