"""The processing cache: what cleaning and extraction made of a document, kept on disk
by the document's content, so that rebuilding an unchanged collection (for a new
analyzer, a new facet) re-indexes without cleaning or extracting again.

A document's key is a hash of everything processing reads of it (its path, kind,
given metadata and text) and of PROCESSING_VERSION, itself a hash of the code and data
files that clean and extract. A changed rule, alias table or cleaner module therefore
misses the whole cache (nothing to bump by hand, nothing stale); a changed file misses
only its own entry. Entries are pickles written atomically (a temporary file renamed),
so worker processes may write side by side and a killed build leaves no torn entry.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from searchapp.records import Article, RawDocument, Rejected

_PACKAGE = Path(__file__).resolve().parents[1]  # searchapp/
# What processing is made of: its code (the ingest stage and the records and catalog it
# uses) and its data files (patterns, alias tables, boilerplate).
VERSION_SOURCES = ("ingest", "records.py", "catalog.py", "datafiles.py", "data")
VERSION_CHARS = 16  # of the hash: a folder name per version
# A version's folder name: the hash, in lower-case hex.
VERSION_NAME = re.compile(rf"[0-9a-f]{{{VERSION_CHARS}}}")


@functools.cache
def processing_version() -> str:
    """A hash of every source file of VERSION_SOURCES, in path order."""
    digest = hashlib.sha256()
    for name in VERSION_SOURCES:
        root = _PACKAGE / name
        files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:VERSION_CHARS]


def document_key(raw: RawDocument) -> str:
    digest = hashlib.sha256()
    for part in (raw.path, raw.kind, repr(raw.given), raw.text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


class ProcessingCache:
    """Processed documents under `folder/<PROCESSING_VERSION>/`, one file each."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.root = Path(folder) / processing_version()

    def _path(self, raw: RawDocument) -> Path:
        key = document_key(raw)
        return self.root / key[:2] / f"{key}.pickle"

    def get(self, raw: RawDocument) -> Article | Rejected | None:
        try:
            data = self._path(raw).read_bytes()
        except OSError:
            return None
        try:
            item = pickle.loads(data)  # noqa: S301 - our own files, under the index folder
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        if isinstance(item, Article):
            # The reading's warnings are the reader's, of this build (an encoding guessed).
            return replace(item, warnings=raw.warnings)
        return item if isinstance(item, Rejected) else None

    def put(self, raw: RawDocument, item: Article | Rejected) -> None:
        path = self._path(raw)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(item, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def prune_versions(folder: str | os.PathLike[str]) -> int:
    """Remove the entries of every other processing version under `folder` (made by
    older code: no build of this code can use them) and return how many versions went.
    Called after a complete build, which has just filled the current version."""
    removed = 0
    root = Path(folder)
    if not root.is_dir():
        return 0
    for path in root.iterdir():
        if path.is_dir() and VERSION_NAME.fullmatch(path.name) and path.name != processing_version():
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed
