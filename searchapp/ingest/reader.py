"""Read stage: walk a collection folder and decode each document to text.

Yields a RawDocument for every usable file and a Rejected (with the reason)
for every file that cannot be used, so nothing is ever dropped silently.

Metadata that comes with the documents wins over guesses made later:
- a sidecar `NAME.meta.json` beside `NAME.txt` / `NAME.html`, or
- one `manifest.json` per folder mapping file names to metadata.
Both hold objects with any of the keys `url`, `source`, `published`.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from pathlib import Path

import charset_normalizer
from bs4.dammit import EncodingDetector
from dateutil import parser as dateparser

from searchapp.records import DocumentKind, GivenMetadata, RawDocument, Rejected

KINDS: dict[str, DocumentKind] = {".txt": "text", ".html": "html", ".htm": "html"}
MANIFEST = "manifest.json"
SIDECAR_SUFFIX = ".meta.json"
# A news article is a few kB; anything this big is a dump or a mistake and
# would stall the build.
MAX_BYTES = 5 * 1024 * 1024


class ReadError(Exception):
    """A document cannot be used; the message says why."""


def iter_collection(folder: str | os.PathLike[str]) -> Iterator[RawDocument | Rejected]:
    """Every document under `folder`, recursively, in a stable (sorted) order."""
    root = Path(folder)
    if not root.is_dir():
        raise ReadError(f"{root} is not a folder")
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        here = Path(dirpath)
        manifest, manifest_error = _load_manifest(here / MANIFEST)
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or name == MANIFEST or name.endswith(SIDECAR_SUFFIX):
                continue
            if path.suffix.lower() not in KINDS:
                yield Rejected(rel, f"not a .txt or .html document ({path.suffix or 'no extension'})")
                continue
            if manifest_error:
                yield Rejected(rel, manifest_error)
                continue
            try:
                yield read_document(path, rel, manifest.get(name))
            except ReadError as err:
                yield Rejected(rel, str(err))


def read_document(path: Path, rel: str | None = None, given: dict | None = None) -> RawDocument:
    """Read and decode one file; raises ReadError with a clear reason."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise ReadError(f"not a .txt or .html document ({path.suffix or 'no extension'})")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"too large ({size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB)")
        data = path.read_bytes()
    except OSError as err:
        raise ReadError(f"cannot be read: {err.strerror or err}") from err
    text, encoding = decode(data, is_html=kind == "html")
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    if sidecar.exists():
        try:
            given = json.loads(sidecar.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ReadError(f"its metadata file {sidecar.name} is not valid JSON: {err}") from err
    return RawDocument(
        path=rel or path.name,
        text=text,
        kind=kind,
        encoding=encoding,
        given=parse_given(given or {}),
    )


def decode(data: bytes, is_html: bool = False) -> tuple[str, str]:
    """Decode bytes to text, detecting the encoding; raises ReadError for non-text."""
    if not data.strip():
        raise ReadError("empty file")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(name)), name
            except UnicodeDecodeError as err:
                raise ReadError(f"cannot be decoded as {name}: {err.reason}") from err
    if b"\x00" in data[:8192]:
        raise ReadError("binary file, not text")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    # Legacy encodings (EUC-KR, GB2312, Windows-1252...): an HTML page's own
    # <meta charset> first, then charset-normalizer's guess.
    if is_html:
        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        if declared:
            name = SUPERSETS.get(declared.lower().replace("_", "-"), declared)
            try:
                return _check_text(data.decode(name)), declared.lower()
            except (UnicodeDecodeError, LookupError):
                pass  # the page lies about its encoding; guess instead
    guess = _guess_encoding(data)
    if guess is None:
        raise ReadError("cannot be decoded: unknown text encoding")
    return _check_text(data.decode(guess)), guess


# Pages labelled with these encodings are routinely written in their supersets
# (browsers decode them that way too).
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "euc-kr": "cp949", "iso-8859-1": "cp1252", "latin-1": "cp1252"}


def _guess_encoding(data: bytes) -> str | None:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    # Short Western texts fit several single-byte code pages equally well;
    # Windows-1252 is by far the most common of them on the web.
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos and m.coherence >= best.coherence:
            return "cp1252"
    return best.encoding


def _check_text(text: str) -> str:
    # Control characters other than whitespace mean binary data that happened
    # to decode (e.g. an image saved as .txt).
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(sample) // 100):
        raise ReadError("binary file, not text")
    if not text.strip():
        raise ReadError("empty file")
    return text


def parse_given(raw: dict) -> GivenMetadata:
    published = raw.get("published")
    date = None
    if published:
        try:
            date = dateparser.parse(str(published)).date()
        except (ValueError, OverflowError) as err:
            raise ReadError(f"its given published date {published!r} is not a date") from err
    return GivenMetadata(
        url=str(raw["url"]) if raw.get("url") else None,
        source=str(raw["source"]) if raw.get("source") else None,
        published=date,
    )


def _load_manifest(path: Path) -> tuple[dict[str, dict], str | None]:
    if not path.exists():
        return {}, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return {}, f"the folder's {MANIFEST} is not valid JSON: {err}"
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        return {}, f"the folder's {MANIFEST} must map file names to objects"
    return data, None
