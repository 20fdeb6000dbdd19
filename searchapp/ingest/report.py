"""The build report: every input of a collection accounted for.

Each input the reader yields (ingest/reader.py `iter_collection`) ends as one of:
- indexed: an Article with nothing doubtful about it;
- indexed with notes: an Article that carries warnings (an encoding guessed,
  replacement characters, metadata refused, a guessed body: the article could
  not be told from its page, so the page's text was indexed; counted apart too);
- skipped: a Rejected, with its reason.
indexed + indexed with notes + skipped = inputs, always; the metadata files read
with their documents (sidecars, manifests) are counted apart. `searchapp build`
prints the summary and writes the whole report as JSON beside the index; `searchapp
update` too, each unchanged input with the outcome it had, and the counts of new,
changed, removed and unchanged inputs under "update".
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from searchapp.records import Article, Rejected

from .reader import Survey

REPORT_FILE = "build-report.json"
# Bump when the JSON's layout changes, so readers of old reports can tell.
REPORT_FORMAT = 3  # 2: guessed_body, in the totals and per document; 3: update
INDEXED = "indexed"
INDEXED_WITH_NOTES = "indexed with notes"
SKIPPED = "skipped"


@dataclass(frozen=True)
class Outcome:
    path: str
    status: str  # INDEXED, INDEXED_WITH_NOTES or SKIPPED
    notes: tuple[str, ...] = ()  # the warnings, or the reason it was skipped
    guessed_body: bool = False  # indexed with the page's text, its article not told apart


def outcome_of(item: Article | Rejected) -> Outcome:
    if isinstance(item, Rejected):
        return Outcome(item.path, SKIPPED, (item.reason,))
    if item.warnings:
        return Outcome(item.path, INDEXED_WITH_NOTES, item.warnings, item.body_guessed)
    return Outcome(item.path, INDEXED)


@dataclass
class BuildLog:
    """What happened to each input of one build, in the order they came."""

    source: str
    survey: Survey | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # An update's: how many inputs were new, changed, removed and unchanged.
    update: dict[str, int] | None = None

    def add(self, item: Article | Rejected | Outcome) -> None:
        """An input's outcome: of an item the build processed, or as an update found it."""
        self.outcomes.append(item if isinstance(item, Outcome) else outcome_of(item))

    def with_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    def counts(self) -> dict[str, int]:
        counts = {INDEXED: 0, INDEXED_WITH_NOTES: 0, SKIPPED: 0}
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts

    def guessed_bodies(self) -> int:
        return sum(o.guessed_body for o in self.outcomes)

    def to_json(self, status: str, index: str, build: str | None = None, error: str | None = None) -> dict:
        """The report as a JSON object. `status` is "live" when the build was swapped
        in, "failed" when it was not (then `error` says why, and the index that was
        live before still is)."""
        finished = dt.datetime.now(dt.UTC)
        counts = self.counts()
        return {
            "format": REPORT_FORMAT,
            "status": status,
            "error": error,
            "source": self.source,
            "index": index,
            "build": build,
            "started": self.started.isoformat(timespec="seconds"),
            "finished": finished.isoformat(timespec="seconds"),
            "seconds": round((finished - self.started).total_seconds(), 1),
            "inputs": len(self.outcomes),
            "indexed": counts[INDEXED] + counts[INDEXED_WITH_NOTES],
            "indexed_with_notes": counts[INDEXED_WITH_NOTES],
            "guessed_body": self.guessed_bodies(),
            "skipped": counts[SKIPPED],
            "metadata_files": self.survey.metadata_files if self.survey else None,
            **({"update": self.update} if self.update is not None else {}),
            "documents": [
                {
                    "path": o.path,
                    "status": o.status,
                    **({"notes": list(o.notes)} if o.notes else {}),
                    **({"guessed_body": True} if o.guessed_body else {}),
                }
                for o in self.outcomes
            ],
        }


def write_report(report: dict, path: str | os.PathLike[str]) -> Path:
    """Write the report atomically (a reader never sees half of one)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".build-report.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=1)
            f.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
