"""A collection's state between builds, and the changes an update applies.

A build keeps, with the index it makes (as the backend's state files), what it read of
each input: its content key (a hash of the bytes it was read from, reader.py) and its
outcome (indexed, with notes, or skipped and why), and the story grouper's state. An
update reads them back, decodes only the documents whose bytes changed, processes them
(through the processing cache, as a build does), groups them into the collection's
stories, and gives the index the changes: new and changed articles, documents that are
no longer usable, and documents gone. Its report still accounts for every input: the
unchanged ones with the outcome they had.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from searchapp.records import Article, RawDocument, Rejected, Removed, Unchanged

from .pipeline import TOOK_TOO_LONG, process_items
from .reader import iter_collection
from .report import SKIPPED, Outcome, outcome_of
from .stories import StoryGrouper, group_stories

# The state files a build keeps with the index (SearchBackend state file names).
MANIFEST_STATE = "collection.json.gz"
STORIES_STATE = "stories.pickle"
# Of the manifest's layout; an index kept with another cannot be updated, only rebuilt.
MANIFEST_FORMAT = 1

Change = Article | Rejected | Removed


class NoCollectionState(Exception):
    """The index keeps no state an update can start from (built before updates were
    possible, or by another version); the message says what to do."""


@dataclass(frozen=True)
class Entry:
    """What the index holds of one input."""

    # The content key it was read with; None for an input every update reads again
    # (one that could not be read, or whose processing ran past the time limit).
    key: str | None
    outcome: Outcome


@dataclass
class UpdateCounts:
    """What an update found, by input: new ones, changed ones (read again), removed ones
    (gone from the folder) and unchanged ones."""

    new: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.removed)


@dataclass
class CollectionState:
    """Each input's Entry, in the collection's order, and the stories' grouper."""

    entries: dict[str, Entry] = field(default_factory=dict)
    grouper: StoryGrouper = field(default_factory=StoryGrouper)

    def record(self, item: Article | Rejected, key: str | None) -> None:
        kept = key if not (isinstance(item, Rejected) and item.reason.startswith(TOOK_TOO_LONG)) else None
        self.entries[item.path] = Entry(kept, outcome_of(item))

    def files(self) -> dict[str, bytes]:
        """The state as the backend keeps it (SearchBackend.rebuild's `state`)."""
        rows = [
            [path, e.key, e.outcome.status, list(e.outcome.notes), e.outcome.guessed_body]
            for path, e in self.entries.items()
        ]
        manifest = json.dumps({"format": MANIFEST_FORMAT, "inputs": rows}, ensure_ascii=False).encode()
        # mtime=0: the same state gives the same bytes (an update that changed nothing
        # makes no new build).
        return {MANIFEST_STATE: gzip.compress(manifest, compresslevel=5, mtime=0),
                STORIES_STATE: self.grouper.to_bytes()}

    @classmethod
    def load(cls, read: Callable[[str], bytes | None]) -> CollectionState:
        """The state a build kept (`read`: the backend's reader of its state files)."""
        manifest, stories = read(MANIFEST_STATE), read(STORIES_STATE)
        advice = "rebuild it once with `searchapp build`; updates can follow from then on."
        if manifest is None or stories is None:
            raise NoCollectionState(f"The index keeps no record of what it was built from: {advice}")
        try:
            data = json.loads(gzip.decompress(manifest))
            if data.get("format") != MANIFEST_FORMAT:
                raise ValueError("another format")
            entries = {
                path: Entry(key, Outcome(path, status, tuple(notes), guessed))
                for path, key, status, notes, guessed in data["inputs"]
            }
            grouper = StoryGrouper.from_bytes(stories)
        except (ValueError, KeyError, TypeError, OSError, EOFError) as err:
            raise NoCollectionState(f"The index's record of what it was built from cannot be read ({err}): {advice}") from err
        return cls(entries, grouper)


def build_collection(
    folder: str | os.PathLike[str],
    workers: int = 1,
    cache: str | os.PathLike[str] | None = None,
    cluster: str | None = None,
) -> tuple[Iterator[Article | Rejected], CollectionState]:
    """process_collection's items, and the state they leave (complete once the items
    are consumed) for the index to keep."""
    state = CollectionState()
    keys: dict[str, str] = {}

    def read() -> Iterator[RawDocument | Rejected]:
        for item in iter_collection(folder):
            if isinstance(item, RawDocument):
                keys[item.path] = item.content_key
            yield item  # (no `known`: never Unchanged)

    def items() -> Iterator[Article | Rejected]:
        for item in group_stories(process_items(read(), workers, cache, cluster), state.grouper):
            state.record(item, keys.pop(item.path, None))
            yield item

    return items(), state


def update_collection(
    folder: str | os.PathLike[str],
    old: CollectionState,
    workers: int = 1,
    cache: str | os.PathLike[str] | None = None,
    cluster: str | None = None,
) -> tuple[Iterator[Change | Unchanged], CollectionState, UpdateCounts]:
    """The changes from `old` (the state the index keeps) to the folder as it is now, in
    the folder's order (an Unchanged for each input as it was, to account for it), then
    a Removed for each indexed document gone; with the new state (complete once they
    are consumed) and the counts."""
    new = CollectionState(grouper=old.grouper)
    counts = UpdateCounts()
    known = {path: e.key for path, e in old.entries.items() if e.key is not None}
    seen: set[str] = set()
    keys: dict[str, str] = {}

    def read() -> Iterator[RawDocument | Rejected | Unchanged]:
        for item in iter_collection(folder, known):
            seen.add(item.path)
            if isinstance(item, RawDocument):
                keys[item.path] = item.content_key
            yield item

    def changes() -> Iterator[Change | Unchanged]:
        for item in process_items(read(), workers, cache, cluster):
            was = old.entries.get(item.path)
            if isinstance(item, Unchanged) or (
                # Skipped again for the same reason without being read (a hidden file).
                isinstance(item, Rejected) and was is not None and was.key is None
                and was.outcome == outcome_of(item) and item.path not in keys
            ):
                new.entries[item.path] = was
                counts.unchanged += 1
                yield Unchanged(item.path, was.key or "")
                continue
            if was is None:
                counts.new += 1
            else:
                counts.changed += 1
            new.grouper.forget(item.path)  # its old text no longer joins stories
            if isinstance(item, Article):
                item = dataclasses.replace(item, story=new.grouper.story(item))
            new.record(item, keys.pop(item.path, None))
            yield item
        for path, entry in old.entries.items():
            if path not in seen:
                counts.removed += 1
                new.grouper.forget(path)
                if entry.outcome.status != SKIPPED:
                    yield Removed(path)

    return changes(), new, counts
