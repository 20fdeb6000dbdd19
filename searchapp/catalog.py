"""The entity catalog: ids, canonical names and aliases of the people, countries and
organisations the facets show, from the tables in searchapp/data/ (countries.tsv,
country_evidence.tsv, organizations.tsv, people.tsv, not_entities.txt).

Read by the extractor (which compiles its patterns from the same rows), by the index
(which stores ids) and by search and the web (which show each id's current canonical
name). Each row has a stable id (ISO alpha-3 "PRK", a slug such as "john-kerry" or "un"),
so renaming a row's canonical name renames its facet value without splitting it; a name
in no table gets a "name:" id derived from the name itself, reversibly.

Loaded once per process; reload() forgets what was read (after a test edits a table).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from searchapp import datafiles

# The facets an Entry may belong to: the three entity facets, "stop" (a phrase that names
# no entity: "South China Sea"), and "fallback": evidence for a country that counts only when the article names none.
EntryFacet = Literal["people", "countries", "organizations", "stop", "fallback"]
ENTITY_FACETS: tuple[str, ...] = ("people", "countries", "organizations")
# Ids of entities that are in no table (people found from titles, "X University"):
# derived from the name itself, reversibly, so display_name() can give the name back.
NAME_ID_PREFIX = "name:"


@dataclass(frozen=True)
class Entry:
    """One row of a data table: what an alias stands for."""

    facet: EntryFacet
    id: str
    name: str
    ambiguous: bool = False  # "?" in the table: needs an unambiguous neighbourhood
    indirect: bool = False  # evidence for the entity (a city, a currency), not its name
    capital: bool = False  # a seat of power: names the country when it acts
    demonym: bool = False  # "North Korean": an adjective, not the country's name


def _split_aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def collapse(text: str) -> str:
    return " ".join(text.split())


def person_key(name: str) -> str:
    """Comparison key for people: whitespace collapsed, case after hyphens ignored."""
    return " ".join(
        re.sub(r"-(\w+)", lambda m: "-" + m.group(1).lower(), token) for token in name.split()
    )


def _demonym_forms(demonym: str) -> list[str]:
    # "Russian" -> "Russians", "Israeli" -> "Israelis"; not "Chineses" or "Britishs".
    if demonym.endswith(("ese", "sh", "ch", "s")):
        return [demonym]
    return [demonym, demonym + "s"]


def _hyphen_variants(name: str) -> list[str]:
    """'Kim Jong-un' -> also 'Kim Jong-Un' (wire copy writes both)."""
    upper = re.sub(r"-(\w)", lambda m: "-" + m.group(1).upper(), name)
    lower = re.sub(r"-(\w)", lambda m: "-" + m.group(1).lower(), name)
    return list(dict.fromkeys([name, upper, lower]))


_UN_PREFIX_RE = re.compile(r"^(?:U\.N\.|UN|United Nations) (?=[A-Z])")


def _un_variants(alias: str) -> list[str]:
    """'UN Conference on Trade and Development' -> also the 'U.N. ...' and 'United
    Nations ...' spellings, so the table needs to list one."""
    match = _UN_PREFIX_RE.match(alias)
    if match is None:
        return [alias]
    rest = alias[match.end() :]
    return list(dict.fromkeys([alias, f"U.N. {rest}", f"UN {rest}", f"United Nations {rest}"]))


@functools.cache
def load_entries() -> tuple[list[tuple[str, Entry]], list[Entry]]:
    """All (alias, entry) pairs of all tables, and the people rows. Order matters: on
    duplicate aliases the first wins."""
    pairs: list[tuple[str, Entry]] = []

    def add(
        alias: str, facet: EntryFacet, ident: str, name: str, indirect: bool = False,
        capital: bool = False, demonym: bool = False,
    ) -> None:
        ambiguous = alias.startswith("?")
        alias = alias.lstrip("?").strip()
        if alias:
            pairs.append((alias, Entry(facet, ident, name, ambiguous, indirect, capital, demonym)))

    # Stop phrases first: on duplicate aliases the first table wins.
    for line in datafiles.lines("not_entities.txt"):
        add(line.strip(), "stop", "-", line.strip())

    people: list[Entry] = []
    for line in datafiles.lines("people.tsv"):
        cells = line.split("\t") + [""] * 3
        ident, name = cells[0].strip(), cells[1].strip()
        people.append(Entry("people", ident, name))
        for alias in [name, *_split_aliases(cells[2])]:
            for variant in _hyphen_variants(alias):
                add(variant, "people", ident, name)

    for line in datafiles.lines("organizations.tsv"):
        cells = line.split("\t") + [""] * 3
        ident, name, aliases = cells[0].strip(), cells[1].strip(), _split_aliases(cells[2])
        if "?" + name not in aliases:
            aliases.insert(0, name)
        for alias in aliases:
            for variant in _un_variants(alias):
                add(variant, "organizations", ident, name)

    country_names: dict[str, str] = {}
    for line in datafiles.lines("countries.tsv"):
        cells = line.split("\t") + [""] * 5
        ident, name = cells[0].strip(), cells[1].strip()
        aliases = _split_aliases(cells[2])
        if "?" + name not in aliases:
            aliases.insert(0, name)
        for alias in aliases:
            add(alias, "countries", ident, name)
        for demonym in _split_aliases(cells[3]):
            mark = "?" if demonym.startswith("?") else ""
            for form in _demonym_forms(demonym.lstrip("?")):
                add(mark + form, "countries", ident, name, demonym=True)
        for alias in _split_aliases(cells[4]):
            add(alias, "countries", ident, name, capital=True)
        country_names[ident] = name

    # After the names, so that a country's own name wins over evidence sharing it.
    for line in datafiles.lines("country_evidence.tsv"):
        cells = line.split("\t") + [""] * 3
        ident = cells[0].strip()
        if ident not in country_names:
            raise ValueError(f"country_evidence.tsv: unknown country id {ident!r}")
        for alias in _split_aliases(cells[1]):
            add(alias, "countries", ident, country_names[ident], indirect=True)
        for alias in _split_aliases(cells[2]):
            add(alias, "fallback", ident, country_names[ident], indirect=True)
    return pairs, people


@dataclass(frozen=True)
class Names:
    """Ids and canonical names only: what entity_id() and display_name() need, without
    compiling the extractor's patterns (a search page names entities; it extracts none)."""

    # facet -> alias or canonical name (whitespace-collapsed) -> entry, and id -> entry.
    by_alias: dict[str, dict[str, Entry]]
    by_id: dict[str, dict[str, Entry]]
    person_keys: dict[str, Entry]  # person_key(alias) -> person entry


@functools.cache
def names() -> Names:
    """The ids and names of the three entity facets (the tables without the extractor's patterns)."""
    pairs, _ = load_entries()
    by_alias: dict[str, dict[str, Entry]] = {f: {} for f in ENTITY_FACETS}
    by_id: dict[str, dict[str, Entry]] = {f: {} for f in ENTITY_FACETS}
    for alias, entry in pairs:
        if entry.facet in ENTITY_FACETS and not entry.indirect:
            by_alias[entry.facet].setdefault(collapse(alias), entry)
            by_alias[entry.facet].setdefault(entry.name, entry)
            by_id[entry.facet].setdefault(entry.id, entry)
    person_keys = {person_key(alias): entry for alias, entry in pairs if entry.facet == "people"}
    return Names(by_alias, by_id, person_keys)



# How many times the tables were reloaded: what was made from the names before (a cached
# page of results, say) is stale once it changes.
_reloads = 0


def version() -> int:
    """Changes whenever the tables are reloaded."""
    return _reloads


def reload() -> None:
    """Forget the loaded tables, so that the next call reads datafiles.DATA_DIR again."""
    global _reloads
    load_entries.cache_clear()
    names.cache_clear()
    display_name.cache_clear()
    _reloads += 1


def _check_facet(facet: str) -> None:
    if facet not in ENTITY_FACETS:
        raise ValueError(f"unknown facet {facet!r}; expected one of {ENTITY_FACETS}")


def entity_id(facet: str, name: str) -> str:
    """The stable id of a canonical name or any alias in a facet.

    Table rows give their own id (ISO alpha-3 "PRK", slugs such as "john-kerry", "un"),
    so renaming a row's canonical name keeps the facet together. A name in no table gets
    "name:" plus the whitespace-collapsed name with spaces as "_" ("name:Cai_Jian"): the
    same name always gives the same id, and display_name() turns it back into the name.
    """
    _check_facet(facet)
    key = collapse(name)
    table = names()
    entry = table.by_alias[facet].get(key)
    if entry is None and facet == "people":
        entry = table.person_keys.get(person_key(key))
    if entry is not None:
        return entry.id
    return NAME_ID_PREFIX + key.replace(" ", "_")


def typed_entity_id(facet: str, name: str) -> str:
    """entity_id() for a name a reader typed (a URL's facet value, "japan"): in any case,
    when it names one entry only ("us" is no alias, but it is US alone in any case)."""
    found = entity_id(facet, name)
    if not found.startswith(NAME_ID_PREFIX):
        return found
    folded = collapse(name).casefold()
    ids = {e.id for alias, e in names().by_alias[facet].items() if alias.casefold() == folded}
    return ids.pop() if len(ids) == 1 else found


# Display names remembered (a broad query's facets name some 25,000 ids on every page).
DISPLAY_NAMES_CACHED = 2**18


@functools.lru_cache(maxsize=DISPLAY_NAMES_CACHED)
def display_name(facet: str, entity_id: str) -> str:
    """The current canonical name for an id made by entity_id()."""
    _check_facet(facet)
    entry = names().by_id[facet].get(entity_id)
    if entry is not None:
        return entry.name
    if entity_id.startswith(NAME_ID_PREFIX):
        return entity_id[len(NAME_ID_PREFIX) :].replace("_", " ")
    return entity_id  # an id from a row since deleted: show it rather than nothing


