"""Whoosh index folders: atomic rebuilds, and opening the live index.

Layout of an index folder:

    index/
      current -> builds/20260101T120000-1a2b   (a symlink, swapped atomically)
      builds/20260101T120000-1a2b/              (a complete Whoosh index,
        facet-tables/                           and the facet tables searches count with)

A rebuild writes a new folder under builds/ and only when it is complete
points `current` at it (rename of a symlink is atomic on POSIX). A rebuild
that fails, or is killed, leaves `current` untouched, so searchers keep the old
index; the next build clears what a killed one left (`*.partial`). One build at
a time: a build holds an exclusive lock on `.build.lock` (released by the
system when its process dies, however it dies). The build that was live before
the newest stays, for searchers still reading it and for `rollback`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from whoosh import index
from whoosh.index import Index

from searchapp.records import Article, Rejected

from ..api import BuildInProgress, BuildReport, EmptyBuild, IndexNotFound, NothingToRollBack
from .schema import article_to_document, make_schema
from .tables import write_tables

CURRENT = "current"
BUILDS = "builds"
LOCK = ".build.lock"
PARTIAL = ".partial"
# How often a build that waits for another tries the lock again.
LOCK_POLL_S = 0.5


@contextlib.contextmanager
def build_lock(root: Path, wait: bool = False) -> Iterator[None]:
    """Hold the index folder's build lock; BuildInProgress (saying whose) when another
    process holds it and `wait` is false, else wait for it."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a+", encoding="utf-8") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise BuildInProgress(
                        f"Another build of {root} is running ({holder}); wait for it to finish, "
                        "or use --wait to start when it has."
                    ) from None
                time.sleep(LOCK_POLL_S)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, since {dt.datetime.now():%Y-%m-%d %H:%M:%S}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_index(
    items: Iterable[Article | Rejected],
    index_dir: str | os.PathLike[str],
    on_item: Callable[[Article | Rejected], None] | None = None,
    wait: bool = False,
) -> BuildReport:
    """Write a complete new index from `items`, then swap it in atomically.

    Raises whatever went wrong while writing; the live index is then unchanged.
    """
    root = Path(index_dir)
    with build_lock(root, wait):
        return _build(items, root, on_item)


def _build(items: Iterable[Article | Rejected], root: Path, on_item) -> BuildReport:
    builds = root / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    # What a killed build left: no other build runs (we hold the lock), so it is debris.
    for debris in builds.glob("*" + PARTIAL):
        shutil.rmtree(debris, ignore_errors=True)
    name = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]
    partial = builds / (name + PARTIAL)
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
    before = _live_build(root)
    _swap_current(root, final)
    # The build live until now stays: a searcher that opened it just before the swap may
    # still be reading it, and `rollback` goes back to it.
    _remove_old_builds(root, keep={final.name, *([before.name] if before else [])})
    report.location = str(final)
    return report


def rollback(index_dir: str | os.PathLike[str]) -> str:
    """Make the build before the live one live again; returns its folder. Raises
    NothingToRollBack when there is none."""
    root = Path(index_dir)
    with build_lock(root):
        live = _live_build(root)
        older = sorted(p for p in _complete_builds(root) if live is None or p.name < live.name)
        if not older:
            raise NothingToRollBack(f"No earlier build of {root} to roll back to.")
        _swap_current(root, older[-1])
        return str(older[-1])


def _live_build(root: Path) -> Path | None:
    current = root / CURRENT
    return current.resolve() if current.exists() else None


def _complete_builds(root: Path) -> list[Path]:
    builds = root / BUILDS
    return [p for p in builds.iterdir() if p.is_dir() and not p.name.endswith(PARTIAL)] if builds.exists() else []


def _swap_current(root: Path, target: Path) -> None:
    tmp = root / f".{CURRENT}.{uuid.uuid4().hex[:6]}"
    os.symlink(Path(BUILDS) / target.name, tmp)
    os.replace(tmp, root / CURRENT)


def _remove_old_builds(root: Path, keep: set[str]) -> None:
    for path in (root / BUILDS).iterdir():
        if path.name not in keep and not path.name.endswith(PARTIAL):
            shutil.rmtree(path, ignore_errors=True)


def live_build(index_dir: str | os.PathLike[str]) -> Path | None:
    """The build folder `current` names now, or None when there is none (cheap: one
    readlink, so a searcher can check it on every request)."""
    return _live_build(Path(index_dir))


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
