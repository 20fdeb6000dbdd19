"""The compiled tables: the catalog's aliases (searchapp/catalog.py) and the word lists
of searchapp/data/ (person_titles.txt, name_stopwords.txt, surname_first.txt) turned into
the `Tables` record the finders read: the gazetteer's two regexes (compiled from a
character trie of all aliases), lookups by alias, id and surname, and the title regex.

Compiled once per process (`load_tables()`); `reload_tables()` forgets them. Depends on
rules.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

from searchapp import catalog, datafiles
from searchapp.catalog import Entry, collapse, load_entries

from .rules import (
    ALIAS_BOUNDARY_LEFT,
    ALIAS_BOUNDARY_RIGHT,
    CAPS_UNSAFE,
    CAPS_UNSAFE_MAX_LEN,
    TITLE_BOUNDARY_LEFT,
    TITLE_BOUNDARY_RIGHT,
    TITLE_WORD_SPLIT_RE,
    WS,
)


@dataclass(frozen=True)
class Gazetteer:
    pattern: re.Pattern[str]  # case-sensitive, all aliases
    caps_pattern: re.Pattern[str]  # case-insensitive, long aliases only, for ALL-CAPS lines
    exact: dict[str, Entry]  # alias (whitespace-collapsed) -> entry
    upper: dict[str, Entry]  # ALIAS.upper() -> entry


@dataclass(frozen=True)
class Tables:
    gazetteer: Gazetteer
    # facet -> alias or canonical name (whitespace-collapsed) -> entry, and id -> entry.
    by_alias: dict[str, dict[str, Entry]]
    by_id: dict[str, dict[str, Entry]]
    people: tuple[Entry, ...]
    person_keys: dict[str, Entry]  # person_key(alias) -> person entry
    people_by_surname: dict[str, tuple[str, ...]]  # "Reagan" -> ("Ronald Reagan",)
    titles_re: re.Pattern[str]
    title_words: frozenset[str]
    stopwords: frozenset[str]
    surname_first: frozenset[str]


def _alternation(aliases: Iterable[str]) -> str:
    """All aliases as ONE regex, factored as a character trie ("Niger(?:ia|ien)?") so
    that the engine does not try a thousand alternatives at every capital letter. Optional
    tails are greedy, so the longest alias wins at a position (and the engine backtracks
    to a shorter one when a word boundary fails). Spaces inside aliases match any
    in-paragraph whitespace (wire copy wraps lines mid-name)."""
    trie: dict[str, dict] = {}
    for alias in aliases:
        node = trie
        for char in alias:
            node = node.setdefault(char, {})
        node[""] = {}  # end of an alias

    def build(node: dict[str, dict]) -> str:
        branches = [
            (WS if char == " " else re.escape(char)) + build(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # an alias may end here: the rest is optional
            return f"(?:{body})?"
        return body

    return build(trie)


def _is_caps_unsafe(alias: str) -> bool:
    return len(alias) <= CAPS_UNSAFE_MAX_LEN and (alias in CAPS_UNSAFE or not alias.isupper())


def reload_tables() -> None:
    """Forget the loaded tables and the patterns compiled from them, so that the next
    call reads datafiles.DATA_DIR again."""
    catalog.reload()
    load_tables.cache_clear()


@functools.cache
def load_tables() -> Tables:
    pairs, people = load_entries()
    exact: dict[str, Entry] = {}
    upper: dict[str, Entry] = {}
    # In ALL-CAPS lines short acronyms are not trusted ("US" is also "us"), except legal
    # forms ("MOBIL CORP", "GRACO INC"), which only ever act as fallback evidence.
    caps_aliases = [
        a for a, e in pairs if not _is_caps_unsafe(a) or e.facet == "fallback"
    ]
    for alias, entry in pairs:
        exact.setdefault(collapse(alias), entry)
    for alias in caps_aliases:
        upper.setdefault(collapse(alias).upper(), exact[collapse(alias)])
    boundary_l, boundary_r = ALIAS_BOUNDARY_LEFT, ALIAS_BOUNDARY_RIGHT
    pattern = re.compile(f"{boundary_l}(?:{_alternation(exact)}){boundary_r}")
    caps_pattern = re.compile(
        f"{boundary_l}(?:{_alternation(a.upper() for a in caps_aliases)}){boundary_r}",
        re.IGNORECASE,
    )
    names = catalog.names()

    titles = [collapse(t) for t in datafiles.lines("person_titles.txt")]
    # Titles are written capitalised or not ("President Xi", "envoy John Bolton"); listing
    # both forms keeps the regex case-sensitive, which is much faster than (?i).
    variants = {v for t in titles for v in (t, t.lower(), t[:1].lower() + t[1:])}
    titles_re = re.compile(
        rf"{TITLE_BOUNDARY_LEFT}(?:{_alternation(variants)}){TITLE_BOUNDARY_RIGHT}"
    )
    title_words = frozenset(
        v
        for t in titles
        for w in TITLE_WORD_SPLIT_RE.split(t)
        for v in (w, w.capitalize(), w.rstrip("."))  # "Rep." is "Rep" before its dot
        if v
    )
    stopwords = frozenset(collapse(w) for w in datafiles.lines("name_stopwords.txt"))
    surname_first = frozenset(collapse(w) for w in datafiles.lines("surname_first.txt"))
    return Tables(
        gazetteer=Gazetteer(pattern, caps_pattern, exact, upper),
        by_alias=names.by_alias,
        by_id=names.by_id,
        people=tuple(people),
        person_keys=names.person_keys,
        people_by_surname=_by_surname(pairs),
        titles_re=titles_re,
        title_words=title_words,
        stopwords=stopwords,
        surname_first=surname_first,
    )


def _by_surname(pairs: Iterable[tuple[str, Entry]]) -> dict[str, tuple[str, ...]]:
    """Known people by the last word of their name and of each spelling in people.tsv
    ("Zelenskyy" -> "Volodymyr Zelensky")."""
    names: dict[str, set[str]] = {}
    for alias, entry in pairs:
        if entry.facet == "people":
            names.setdefault(alias.split()[-1], set()).add(entry.name)
    return {surname: tuple(sorted(found)) for surname, found in names.items()}
