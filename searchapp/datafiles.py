"""The data files in searchapp/data/ (alias tables, sources, boilerplate phrases): the
one way every stage reads them.

They are plain text so that users can extend them without touching code: blank lines
and lines starting with "#" are comments. `DATA_DIR` is read at call time, so a test
can point it at a modified copy (and then reload the tables that cache what was read).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_text(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def lines(name: str) -> Iterator[str]:
    """The non-comment, non-blank lines of a data file, without their line ends."""
    for line in read_text(name).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line
