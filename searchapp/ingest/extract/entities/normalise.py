"""A statistical NER's spans (spaCy's) through the same tables and rules as the extractor:
`clean_span_text()`, `table_entry()`, `person_words()`, `organisation_name()`, and
`normalise_span()`, which puts them together for one span. Depends on rules.py, tables.py
and people.py.
"""

from __future__ import annotations

from typing import Iterable

from searchapp.catalog import ENTITY_FACETS, Entry, collapse

from .people import canonical_person, is_name_word, resolve_surname
from .rules import (
    ACRONYM_MAX_LEN,
    ORG_KEY_DROP_RE,
    ORG_LEGAL_FORM_END_RE,
    ORG_TRAILER_RE,
    SPAN_TRIM_RE,
)
from .tables import Tables, load_tables


def clean_span_text(text: str) -> str:
    """'the U.S.' -> 'U.S.', "Kerry's" -> 'Kerry', line wraps collapsed."""
    return SPAN_TRIM_RE.sub("", collapse(text)).strip(" .,;:-\"'()")


def table_entry(text: str, tables: Tables) -> Entry | None:
    """The table row a (cleaned) span's text is an alias of, in its case or in capitals."""
    gaz = tables.gazetteer
    return gaz.exact.get(text) or gaz.upper.get(text.upper())


def person_words(text: str, tables: Tables) -> list[str] | None:
    """The name words of a span the model calls a person, its title cut ("Secretary of
    State John F. Kerry" -> John F. Kerry), or None if any word cannot be in a name."""
    title = tables.titles_re.match(text)
    if title is not None:
        text = text[title.end() :].strip()
    words = text.split()
    if not words or not all(is_name_word(w, tables) for w in words):
        return None
    return words


def _word_spelling(word: str) -> str:
    if word.isupper() and sum(c.isalpha() for c in word) > ACRONYM_MAX_LEN:
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def organisation_name(text: str) -> str:
    """One spelling per organisation whatever the story's case or legal form:
    "ITAR-TASS" and "Itar-Tass" -> "Itar-Tass", "Barrick Gold Corp" -> "Barrick Gold";
    acronyms stay in capitals ("PKK")."""
    text = ORG_TRAILER_RE.sub("", text) or text
    text = ORG_LEGAL_FORM_END_RE.sub("", text) or text
    return " ".join(_word_spelling(w) for w in text.split())


def organisation_key(name: str) -> str:
    """What two spellings of one organisation share: "Itar Tass" and "Itar-Tass"."""
    return ORG_KEY_DROP_RE.sub("", name.casefold())


def normalise_span(
    label: str, text: str, full_names: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """A span from a statistical NER (spaCy labels PERSON, GPE, LOC, NORP, ORG) ->
    [(facet, canonical name)], through the same tables and rules as extract_entities:
    an alias becomes its row's canonical name whatever label the model gave it, a stop
    phrase gives nothing, titles are cut from people, and a bare surname resolves to a
    full name in `full_names` (other PERSON spans of the article) or the people table,
    else is dropped. Places that are not in the tables (cities) give nothing."""
    tables = load_tables()
    text = clean_span_text(text)
    if not text:
        return []
    entry = table_entry(text, tables)
    if entry is not None:
        return [(entry.facet, entry.name)] if entry.facet in ENTITY_FACETS else []
    if label == "PERSON":
        words = person_words(text, tables)
        if words is None:
            return []
        real = [w for w in words if not w.endswith(".")]
        if len(real) >= 2:
            return [("people", canonical_person(words, tables))]
        if len(real) == 1:
            names = {canonical_person(n.split(), tables) for n in full_names if " " in n}
            resolved = resolve_surname(real[0], names, tables)
            return [("people", resolved)] if resolved else []
        return []
    if label == "ORG" and any(c.isupper() for c in text) and text not in tables.stopwords:
        return [("organizations", organisation_name(text))]
    return []
