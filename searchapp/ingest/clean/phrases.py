"""Boilerplate phrases (``data/boilerplate.txt``, extendable without code), and
the forms under which lines are compared with them and with each other:
``norm`` (whitespace collapsed) and ``match_key`` (also lower case, trailing
decoration such as ":" or ">" dropped).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from searchapp import datafiles

from .rules import KEY_TAIL


def norm(text: str) -> str:
    return " ".join(text.split())  # faster than a regex; called for every line


def match_key(text: str) -> str:
    return KEY_TAIL.sub("", norm(text).lower())


@dataclass(frozen=True)
class Boilerplate:
    stop: frozenset[str]
    stop_prefix: tuple[str, ...]
    stop_contains: tuple[str, ...]
    drop: frozenset[str]
    drop_prefix: tuple[str, ...]
    junk: frozenset[str]


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    sets: dict[str, list[str]] = {
        k: [] for k in ("stop", "stop-prefix", "stop-contains", "drop", "drop-prefix", "junk")
    }
    for raw_line in datafiles.lines("boilerplate.txt"):
        kind, _, phrase = raw_line.partition("\t")
        kind = kind.strip().lower()
        if kind not in sets or not phrase.strip():
            continue  # tolerate user typos rather than failing the whole build
        # Prefix/contains phrases may legitimately end in punctuation ("related:").
        sets[kind].append(match_key(phrase) if kind in ("stop", "drop", "junk") else norm(phrase).lower())
    return Boilerplate(
        stop=frozenset(sets["stop"]),
        stop_prefix=tuple(sets["stop-prefix"]),
        stop_contains=tuple(sets["stop-contains"]),
        drop=frozenset(sets["drop"]),
        drop_prefix=tuple(sets["drop-prefix"]),
        junk=frozenset(sets["junk"]),
    )
