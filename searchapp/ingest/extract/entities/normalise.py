"""`normalise_span()`: another NER's spans (spaCy's) through the same tables and rules.
Depends on rules.py, tables.py and people.py.
"""

from __future__ import annotations

from typing import Iterable

from searchapp.catalog import ENTITY_FACETS, collapse

from .people import canonical_person, is_name_word, resolve_surname
from .rules import SPAN_TRIM_RE
from .tables import load_tables


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
    gaz = tables.gazetteer
    text = SPAN_TRIM_RE.sub("", collapse(text)).strip(" .,;:-\"'()")
    if not text:
        return []
    entry = gaz.exact.get(text) or gaz.upper.get(text.upper())
    if entry is not None:
        return [(entry.facet, entry.name)] if entry.facet in ENTITY_FACETS else []
    if label == "PERSON":
        title = tables.titles_re.match(text)
        if title is not None:
            text = text[title.end() :].strip()
        words = [w for w in text.split() if is_name_word(w, tables)]
        if not words or len(words) != len(text.split()):
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
        return [("organizations", text)]
    return []
