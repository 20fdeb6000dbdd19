"""Read stage: walk a collection folder and decode each document to text.

Yields a RawDocument for every usable file and a Rejected (with the reason)
for every file that cannot be used, so nothing is ever dropped silently.

Metadata that comes with the documents wins over guesses made later:
- a sidecar `NAME.meta.json` beside `NAME.txt` / `NAME.html`, or
- one `manifest.json` per folder mapping file names to metadata.
Both hold objects with any of the keys `url`, `source`, `published`. Each value is
checked (`parse_given`): an http(s) URL, a full date, a source name without markup;
a value that fails is refused and the document read without it, with a warning.

What was doubtful about reading a document (an encoding guessed, replacement
characters, metadata refused) goes into RawDocument.warnings for the build report.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import html
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import charset_normalizer
from bs4.dammit import EncodingDetector
from dateutil import parser as dateparser

from searchapp.records import DocumentKind, GivenMetadata, RawDocument, Rejected, Unchanged

KINDS: dict[str, DocumentKind] = {".txt": "text", ".html": "html", ".htm": "html"}
MANIFEST = "manifest.json"
# Of the hash of a document's bytes that tells an update whether it changed.
CONTENT_KEY_BYTES = 16
SIDECAR_SUFFIX = ".meta.json"
# A news article is a few kB; anything this big is a dump or a mistake and
# would stall the build.
MAX_BYTES = 5 * 1024 * 1024
# Bytes that are not valid UTF-8 are still read as UTF-8 (the bad sequences as
# U+FFFD, with a warning) when at least this share of their non-ASCII characters
# decode: broken UTF-8 scores near 1, news paragraphs in legacy encodings read as
# UTF-8 at most 0.25 (EUC-KR 0.19, GB2312 0.18, Shift-JIS 0.24, Big5 0.09, single-byte
# code pages 0; snippets of 4-32 characters reach 0.6). Below it, the encoding is guessed.
UTF8_MIN_VALID_SHARE = 0.8
# A UTF-8 file cut off inside a character ends in at most this many bytes of it.
UTF8_MAX_TAIL = 3
# Given metadata: the longest source name and URL kept.
MAX_SOURCE_CHARS = 100
MAX_URL_CHARS = 2048
GIVEN_KEYS = ("url", "source", "published")
URL_SCHEMES = ("http", "https")
MARKUP = re.compile(r"<[^>]*>?")
# Elements whose content is code, not a name: dropped whole from a given source.
CODE_ELEMENTS = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Binary data that happened to decode (an image saved as .txt): more control characters
# other than whitespace than 1 in BINARY_CONTROL_RATIO of its first BINARY_SAMPLE_CHARS
# characters, and more than BINARY_MIN_CONTROLS.
BINARY_SAMPLE_CHARS = 8192
BINARY_CONTROL_RATIO = 100
BINARY_MIN_CONTROLS = 8
BINARY_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")  # C0 controls but \t \n \v \f \r


class ReadError(Exception):
    """A document cannot be used; the message says why."""


@dataclass(frozen=True)
class Survey:
    """What a collection folder holds, without reading any document: the inputs
    `iter_collection` will yield (each indexed or skipped), and the metadata files
    (sidecars, manifests) read along with their documents."""

    inputs: int
    metadata_files: int


def survey(folder: str | os.PathLike[str]) -> Survey:
    """Count what `iter_collection` will yield (for a progress bar and the build
    report's totals), walking the folder exactly as it does."""
    inputs = metadata = 0
    for entry in _walk(Path(folder)):
        if isinstance(entry, _Metadata):
            metadata += 1
        else:
            inputs += 1
    return Survey(inputs, metadata)


def iter_collection(
    folder: str | os.PathLike[str], known: Mapping[str, str] | None = None
) -> Iterator[RawDocument | Rejected | Unchanged]:
    """Every document under `folder`, recursively, in a stable (sorted) order: a
    RawDocument, or a Rejected with the reason. Every file is accounted for: documents,
    and anything else (hidden files, other kinds, metadata files without their document,
    folders that cannot be read or that a link would read twice) as Rejected; only the
    metadata files used with their documents yield nothing of their own.

    `known` (an update's): path -> content key of the documents the index holds; a
    document whose bytes still give that key is Unchanged, and not decoded."""
    root = Path(folder)
    if not root.is_dir():
        raise ReadError(f"{root} is not a folder")
    for entry in _walk(root):
        if isinstance(entry, Rejected):
            yield entry
        elif isinstance(entry, _Document):
            try:
                sources = _read_sources(entry.path, entry.rel, entry.given, list(entry.notes))
                if known is not None and known.get(entry.rel) == sources.key:
                    yield Unchanged(entry.rel, sources.key)
                else:
                    yield _decode_document(sources)
            except ReadError as err:
                yield Rejected(entry.rel, str(err))


@dataclass(frozen=True)
class _Document:
    path: Path
    rel: str
    given: dict | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Metadata:
    rel: str


def _walk(root: Path) -> Iterator[_Document | _Metadata | Rejected]:
    """The walk both `survey` and `iter_collection` make: no document is read. Links
    to folders are followed, each real folder read once (so a link loop ends)."""
    seen: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        while errors:
            err = errors.pop()
            yield Rejected(_rel(Path(err.filename or dirpath), root) + "/", f"folder cannot be read: {err.strerror or err}")
        here = Path(dirpath)
        try:
            info = here.stat()
            seen.add((info.st_dev, info.st_ino))
        except OSError:
            pass
        kept = []
        for name in sorted(dirnames):
            sub = here / name
            rel = _rel(sub, root) + "/"
            if name.startswith("."):
                yield Rejected(rel, "hidden folder (its name starts with a dot); not read")
                continue
            try:
                info = sub.stat()
            except OSError as err:
                yield Rejected(rel, f"folder cannot be read: {err.strerror or err}")
                continue
            if (info.st_dev, info.st_ino) in seen:
                yield Rejected(rel, "a link to a folder already read (a loop, or a second link to it); not read again")
                continue
            seen.add((info.st_dev, info.st_ino))
            kept.append(name)
        dirnames[:] = kept
        # The stems of this folder's documents: a sidecar `NAME.meta.json` goes with NAME.txt/.html.
        stems = {Path(n).stem for n in filenames if Path(n).suffix.lower() in KINDS}
        manifest, manifest_error = _load_manifest(here / MANIFEST)
        for name in sorted(filenames):
            path = here / name
            rel = _rel(path, root)
            if name == MANIFEST:
                yield _Metadata(rel)
                continue
            if name.endswith(SIDECAR_SUFFIX):
                stem = name[: -len(SIDECAR_SUFFIX)]
                if stem in stems:
                    yield _Metadata(rel)
                else:
                    yield Rejected(rel, f"a metadata file with no document beside it ({stem}.txt or {stem}.html); not used")
                continue
            if name.startswith("."):
                yield Rejected(rel, "hidden file (its name starts with a dot)")
                continue
            if path.suffix.lower() not in KINDS:
                yield Rejected(rel, f"not a .txt or .html document ({path.suffix or 'no extension'})")
                continue
            entry = manifest.get(name)
            notes = [manifest_error] if manifest_error else []
            if entry is not None and not isinstance(entry, dict):
                notes.append(f"its entry in the folder's {MANIFEST} is not an object; ignored")
                entry = None
            yield _Document(path, rel, entry, tuple(notes))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_document(
    path: Path, rel: str | None = None, given: dict | None = None, warnings: list[str] | None = None
) -> RawDocument:
    """Read and decode one file; raises ReadError with a clear reason. `warnings`:
    what the caller already found doubtful (a broken manifest)."""
    sources = _read_sources(path, rel or path.name, given, warnings)
    return _decode_document(sources)


@dataclass(frozen=True)
class _Sources:
    """The bytes a document is made of (its file and its sidecar), not yet decoded."""

    path: Path
    rel: str
    data: bytes
    sidecar: bytes | None
    given: dict | None
    notes: tuple[str, ...]
    sidecar_error: str | None = None

    @functools.cached_property
    def key(self) -> str:
        """What an update compares (RawDocument.content_key): a hash of every byte
        reading the document takes in, and of its entry in the folder's manifest."""
        digest = hashlib.blake2b(digest_size=CONTENT_KEY_BYTES)
        given = json.dumps(self.given, sort_keys=True, default=str) if self.given is not None else ""
        for part in (self.rel.encode("utf-8", "surrogateescape"), self.data, self.sidecar or b"",
                     given.encode(), "\n".join(self.notes).encode()):
            digest.update(len(part).to_bytes(8, "big") + part)
        return digest.hexdigest()


def _read_sources(path: Path, rel: str, given: dict | None, warnings: list[str] | None) -> _Sources:
    if KINDS.get(path.suffix.lower()) is None:
        raise ReadError(f"not a .txt or .html document ({path.suffix or 'no extension'})")
    try:
        data = _read_bytes(path)
    except OSError as err:
        raise ReadError(f"cannot be read: {err.strerror or err}") from err
    sidecar_path = path.with_name(path.stem + SIDECAR_SUFFIX)
    sidecar, sidecar_error = None, None
    try:
        sidecar = sidecar_path.read_bytes() if sidecar_path.exists() else None
    except OSError as err:
        sidecar_error = f"its metadata file {sidecar_path.name} cannot be read ({err.strerror or err}); ignored"
    return _Sources(path, rel, data, sidecar, given, tuple(warnings or ()), sidecar_error)


def _decode_document(src: _Sources) -> RawDocument:
    kind = KINDS[src.path.suffix.lower()]
    notes = list(src.notes)
    text, encoding, decode_notes = decode(src.data, is_html=kind == "html")
    notes += decode_notes
    given = src.given
    if src.sidecar_error:
        notes.append(src.sidecar_error)
    elif src.sidecar is not None:
        name = src.path.stem + SIDECAR_SUFFIX
        try:
            loaded = json.loads(src.sidecar.decode("utf-8"))
        except ValueError as err:
            notes.append(f"its metadata file {name} is not valid JSON ({err}); ignored")
        else:
            if isinstance(loaded, dict):
                given = loaded
            else:
                notes.append(f"its metadata file {name} does not hold an object; ignored")
    metadata, given_notes = parse_given(given or {})
    return RawDocument(
        path=src.rel,
        text=text,
        kind=kind,
        encoding=encoding,
        given=metadata,
        warnings=tuple(notes + given_notes),
        content_key=src.key,
    )


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes, at most MAX_BYTES of them (ReadError beyond): never
    blocks on a named pipe or device, and a file that grows while read is caught."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("not a regular file (a folder, pipe or device)")
    if info.st_size > MAX_BYTES:
        raise ReadError(_too_large(info.st_size))
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReadError(f"too large (it grew past the limit of {MAX_BYTES // 1024 // 1024} MB while read)")
    return data


def _too_large(size: int) -> str:
    return f"too large ({size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB)"


# Files that are not text, by their first bytes, named for the reader of the build report
# (a PDF saved as .txt said "unknown text encoding", which sends one looking for the wrong thing).
BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word, Excel or OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)


def decode(data: bytes, is_html: bool = False) -> tuple[str, str, list[str]]:
    """Decode bytes to text, detecting the encoding: (text, encoding, warnings).
    Raises ReadError for non-text."""
    if not data.strip():
        raise ReadError("empty file")
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ReadError(f"binary file, not text: {kind} (only text and HTML are read)")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(name)), name, []
            except UnicodeDecodeError as err:
                raise ReadError(f"cannot be decoded as {name}: {err.reason}") from err
    if b"\x00" in data[:BINARY_SAMPLE_CHARS]:
        raise ReadError("binary file, not text")
    try:
        return _check_text(data.decode("utf-8")), "utf-8", []
    except UnicodeDecodeError:
        pass
    # Legacy encodings (EUC-KR, GB2312, Windows-1252...): an HTML page's own
    # <meta charset> first; then UTF-8 with a few bad bytes; then charset-normalizer's guess.
    notes: list[str] = []
    if is_html:
        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        if declared:
            name = SUPERSETS.get(declared.lower().replace("_", "-"), declared)
            try:
                return _check_text(data.decode(name)), declared.lower(), []
            except (UnicodeDecodeError, LookupError):
                # the page lies about its encoding; guess instead
                notes.append(f"its declared charset {declared!r} does not fit its bytes")
    broken = _broken_utf8(data)
    if broken is not None:
        return _check_text(broken[0]), "utf-8", [*notes, broken[1]]
    guess = _guess_encoding(data)
    if guess is None:
        raise ReadError("cannot be decoded: unknown text encoding")
    notes.append(f"encoding guessed as {guess} (not UTF-8, and no charset declared that fits)")
    return _check_text(data.decode(guess)), guess, notes


def _broken_utf8(data: bytes) -> tuple[str, str] | None:
    """Bytes that are UTF-8 but for a few bad sequences (a file cut off inside a
    character, a stray byte): the text with U+FFFD for each, and the warning. None
    when they read as another encoding would (see UTF8_MIN_VALID_SHARE)."""
    for cut in range(1, UTF8_MAX_TAIL + 1):
        try:
            text = data[:-cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return text, f"ends inside a character (cut off?): its last {cut} byte(s) dropped"
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    good = non_ascii - data.count("\ufffd".encode("utf-8"))
    if good < UTF8_MIN_VALID_SHARE * (good + bad):
        return None
    return text, f"not valid UTF-8: {bad} bad byte sequence(s) read as replacement characters (U+FFFD)"


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
    sample = text[:BINARY_SAMPLE_CHARS]
    controls = len(BINARY_CONTROL_CHARS.findall(sample))
    if controls > max(BINARY_MIN_CONTROLS, len(sample) // BINARY_CONTROL_RATIO):
        raise ReadError("binary file, not text")
    if not text.strip():
        raise ReadError("empty file")
    return text


def parse_given(raw: dict) -> tuple[GivenMetadata, list[str]]:
    """Metadata given with a document, each value checked: what is kept, and a
    warning for each value refused or changed."""
    notes: list[str] = []
    unknown = sorted(str(k) for k in raw if k not in GIVEN_KEYS)
    if unknown:
        notes.append(f"its metadata has unknown key(s) {', '.join(map(repr, unknown))}; ignored")
    return (
        GivenMetadata(
            url=_given_url(raw.get("url"), notes),
            source=_given_source(raw.get("source"), notes),
            published=_given_date(raw.get("published"), notes),
        ),
        notes,
    )


def _given_url(value: object, notes: list[str]) -> str | None:
    if value is None or value == "":
        return None
    url = value.strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in URL_SCHEMES
        or not parts.hostname
        or len(url) > MAX_URL_CHARS
        or CONTROL_CHARS.search(url)
        or " " in url
    ):
        notes.append(f"its given url {_shown(value)} is not an http(s) URL; refused")
        return None
    return url


def _given_source(value: object, notes: list[str]) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        notes.append(f"its given source {_shown(value)} is not text; refused")
        return None
    source = " ".join(CONTROL_CHARS.sub(" ", html.unescape(MARKUP.sub(" ", CODE_ELEMENTS.sub(" ", value)))).split())
    source = MARKUP.sub(" ", CODE_ELEMENTS.sub(" ", source)).strip()  # markup that was escaped
    if not source:
        notes.append(f"its given source {_shown(value)} has no text but markup; refused")
        return None
    if len(source) > MAX_SOURCE_CHARS:
        source = source[:MAX_SOURCE_CHARS].rstrip()
        notes.append(f"its given source was longer than {MAX_SOURCE_CHARS} characters; shortened")
    elif source != value.strip():
        notes.append(f"its given source {_shown(value)} had markup or control characters; cleaned to {source!r}")
    return source


def _given_date(value: object, notes: list[str]) -> dt.date | None:
    if value is None or value == "":
        return None
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    # A date is only taken when whole: parsed against two different defaults, a
    # missing year, month or day shows as a difference.
    dates = []
    for default in (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2)):
        try:
            dates.append(dateparser.parse(text, default=default).date() if text else None)
        except (ValueError, OverflowError, TypeError):
            dates.append(None)
    if dates[0] is None or dates[0] != dates[1]:
        notes.append(f"its given published date {_shown(value)} is not a full date; refused")
        return None
    return dates[0]


def _shown(value: object) -> str:
    """A refused value as a warning quotes it: short, one line."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _load_manifest(path: Path) -> tuple[dict[str, dict], str | None]:
    if not path.exists():
        return {}, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return {}, f"the folder's {MANIFEST} is not valid JSON ({err}); ignored"
    if not isinstance(data, dict):
        return {}, f"the folder's {MANIFEST} does not map file names to objects; ignored"
    return data, None
