"""Whoosh index folders: atomic rebuilds, and opening the live index.

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
from pathlib import Path

from whoosh import index
from whoosh.index import Index

from searchapp.records import Article, Rejected

from ..api import BuildReport, EmptyBuild, IndexNotFound
from .schema import article_to_document, make_schema
from .tables import write_tables

CURRENT = "current"
BUILDS = "builds"


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
    report.location = str(final)
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
