"""Whoosh index folders: atomic rebuilds, and opening the live index.

Layout of an index folder:

    index/
      current -> builds/20260101T120000-1a2b   (a symlink, swapped atomically)
      builds/20260101T120000-1a2b/              (a complete Whoosh index,
        facet-tables/                           the facet tables searches count with,
        state/                                  and the caller's state files)

An update (update_index) writes its new folder as a copy of the live one made of hard
links, plus a segment of its changes. A build keeps the caller's state files (the
collection's manifest) in its `state/`, so that they go live with it.

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
import functools
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from whoosh import index
from whoosh.index import Index
from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

from searchapp.records import Article, Rejected

from ..api import (
    BuildInProgress,
    BuildReport,
    Change,
    EmptyBuild,
    IndexNotFound,
    NothingToRollBack,
    StateFiles,
    UpdatePlan,
)
from .parallel import ParallelWriter, default_procs
from .schema import article_to_document, make_schema
from .tables import write_tables
from .writing import SegmentWriter

CURRENT = "current"
# Files the caller keeps with a build (the collection's manifest), swapped in with it.
STATE_DIR = "state"
STATE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
# Whoosh's own lock file in an index folder.
WHOOSH_LOCK = "MAIN_WRITELOCK"
# Each writer's memory for its sorting pool (Whoosh's limitmb); beyond it, runs go to disk.
WRITER_LIMIT_MB = 256
BUILDS = "builds"
LOCK = ".build.lock"
PARTIAL = ".partial"
# How often a build that waits for another tries the lock again.
LOCK_POLL_S = 0.5
# An update rewrites an old segment without its deleted documents (replaced or removed
# articles) once they are this share of it, as Lucene's TieredMergePolicy does by
# default. Below it an update stays cheap (it links the segment's files); above it the
# dead documents would go on costing every search, and disk, until the next full build.
PURGE_DELETED_SHARE = 1 / 3


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
    state: StateFiles | None = None,
) -> BuildReport:
    """Write a complete new index from `items`, then swap it in atomically.

    Raises whatever went wrong while writing; the live index is then unchanged.
    """
    root = Path(index_dir)
    with build_lock(root, wait):
        return _write(root, items, on_item, state, base=None)


def update_index(
    plan: UpdatePlan,
    index_dir: str | os.PathLike[str],
    on_item: Callable[[Change], None] | None = None,
    wait: bool = False,
    state: StateFiles | None = None,
) -> BuildReport:
    """Apply `plan`'s changes to a copy of the live build and swap the copy in atomically.

    The copy is made of hard links: Whoosh never rewrites a segment's files, so the new
    build shares the unchanged segments (and their facet tables) with the old one and
    writes only a segment of the changes and a new table of contents. Raises
    IndexNotFound when there is no index to update; on any failure the live index is
    unchanged.
    """
    root = Path(index_dir)
    with build_lock(root, wait):
        base = _live_build(root)
        if base is None or not index.exists_in(base):
            raise IndexNotFound(f"No index at {root} to update: build one with `searchapp build SRC --index {root}`.")
        return _write(root, plan(functools.partial(read_state, base)), on_item, state, base)


def read_state(build: Path, name: str) -> bytes | None:
    """A state file kept with a build (None when it has none of that name)."""
    try:
        return (build / STATE_DIR / _state_name(name)).read_bytes()
    except FileNotFoundError:
        return None


def _state_name(name: str) -> str:
    if not STATE_NAME.fullmatch(name):
        raise ValueError(f"not a state file name: {name!r}")
    return name


def _write(root: Path, items: Iterable[Change], on_item, state: StateFiles | None, base: Path | None) -> BuildReport:
    """A new build under builds/: from nothing, or (an update) from a linked copy of
    `base`; swapped in once complete."""
    builds = root / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    # What a killed build left: no other build runs (we hold the lock), so it is debris.
    for debris in builds.glob("*" + PARTIAL):
        shutil.rmtree(debris, ignore_errors=True)
    name = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]
    partial = builds / (name + PARTIAL)
    report = BuildReport()
    try:
        if base is None:
            partial.mkdir()
            ix = index.create_in(partial, make_schema())
        else:
            # Not the state (written anew below) nor Whoosh's lock file (an inode the
            # two builds would share).
            shutil.copytree(base, partial, copy_function=_link_or_copy,
                            ignore=shutil.ignore_patterns(STATE_DIR, WHOOSH_LOCK))
            ix = index.open_dir(partial)
        # A new index is written by several processes, a segment each; an update's few
        # documents (and its deletions in the old segments) by one writer.
        writer = ParallelWriter(ix, default_procs(), WRITER_LIMIT_MB) if base is None else SegmentWriter(ix, limitmb=WRITER_LIMIT_MB)
        try:
            for item in items:
                if isinstance(item, Article):
                    document = article_to_document(item)
                    # An update replaces the article of the same id, if the index has one.
                    (writer.add_document if base is None else writer.update_document)(**document)
                    report.indexed += 1
                else:
                    if isinstance(item, Rejected):
                        report.rejected.append(item)
                    else:
                        report.removed += 1
                    if base is not None:  # no longer indexed (a Rejected one may have been)
                        writer.delete_by_term("id", item.path)
                if on_item:
                    on_item(item)
        except BaseException:
            writer.cancel()
            raise
        files = dict(state() if state else {})
        if base is not None and not report.indexed and not report.removed and not report.rejected and all(
            read_state(base, n) == data for n, data in files.items()
        ):
            # Nothing changed: no new build (the one before stays the one to roll back to).
            writer.cancel()
            ix.close()
            shutil.rmtree(partial, ignore_errors=True)
            report.location = str(base)
            return report
        if base is None and report.indexed == 0:
            writer.cancel()
            # An empty index must not replace a working one.
            raise EmptyBuild(report.rejected)
        if base is None:
            writer.commit()
        else:  # an update also purges the old segments' deleted documents
            writer.commit(mergetype=_merge_purging)
        left = ix.doc_count()
        ix.close()
        if left == 0:
            raise EmptyBuild(report.rejected)
        # The tables searches count facets with, so that the first search after the
        # swap does not have to build them (an update writes its new segments' only).
        write_tables(partial)
        (partial / STATE_DIR).mkdir()
        for state_name, data in files.items():
            (partial / STATE_DIR / _state_name(state_name)).write_bytes(data)
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


def _merge_purging(writer, segments: list) -> list:
    """An update's merge policy: Whoosh's own (small segments merged into the new one),
    and every segment left with PURGE_DELETED_SHARE or more of its documents deleted
    rewritten into the new segment without them. Returns the segments kept as they are."""
    kept = []
    for segment in MERGE_SMALL(writer, segments):
        total = segment.doc_count_all()
        if total and segment.deleted_count() >= PURGE_DELETED_SHARE * total:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)  # copies only the documents not deleted
            reader.close()
        else:
            kept.append(segment)
    return kept


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # a file system without hard links
        shutil.copy2(src, dst)


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
