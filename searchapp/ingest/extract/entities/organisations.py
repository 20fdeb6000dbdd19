"""Organisations and companies: acronyms an article uses as a company's name, acronyms it
defines as something else (Schwartz & Hearst long forms), university / institute / college
names found by pattern, and `Article`, the test whether the article names a company.
Depends on rules.py, tables.py and gazetteer.py (`Span`).
"""

from __future__ import annotations

import re

from searchapp.catalog import Entry, collapse

from .gazetteer import Span
from .rules import (
    COMPANY_ACRONYM_RE,
    CONTENT_WORD_RE,
    DEFINED_ACRONYM_RE,
    DEFINITION_WINDOW,
    INSTITUTION_LEAD_WORDS,
    INSTITUTION_RE,
    LEADING_THE_RE,
    LEGAL_FORM_AFTER_RE,
    LEGAL_FORMS,
    LONG_FORM_EXTRA_WORDS,
    SLUG_SEPARATOR_RE,
    STEM_LENGTH,
)
from .tables import Tables


def company_acronyms(text: str) -> frozenset[str]:
    """Acronyms the article uses as a company's name ("AID Corp", "AID <AIDC>"): later
    bare mentions ("AID said") are that company too, not the organisation."""
    return frozenset(m.group(1) for m in COMPANY_ACRONYM_RE.finditer(text))


def _long_form(acronym: str, before: str) -> str | None:
    """The words just before "(ACRONYM)" that spell it, or None.

    Schwartz & Hearst's rule (PSB 2003): each letter of the acronym, right to left, is
    found in the preceding text, the first one at the start of a word."""
    letters = [c.lower() for c in acronym if c.isalnum()]
    words = before.split()[-(len(letters) + LONG_FORM_EXTRA_WORDS) :]
    text = " ".join(words)
    lower = text.lower()
    i = len(lower) - 1
    for n in range(len(letters) - 1, -1, -1):
        while i >= 0 and (
            lower[i] != letters[n] or (n == 0 and i > 0 and lower[i - 1].isalnum())
        ):
            i -= 1
        if i < 0:
            return None
        i -= 1
    return text[text.rfind(" ", 0, i + 1) + 1 :] if i >= 0 else text


def _content_stems(name: str) -> set[str]:
    # "Organisation"/"Organization", "Agricultural"/"Agriculture", "Co-operation".
    return {w[:STEM_LENGTH] for w in CONTENT_WORD_RE.findall(name.lower().replace("-", ""))}


def acronym_definitions(text: str, tables: Tables) -> dict[str, Entry | None]:
    """Acronyms of the organisation table that this article defines as something else.

    "The African Development Bank (ADB)" makes every "ADB" of the article the African,
    not the Asian, bank; "the Institute of Economic Affairs (IEA)" or "Interconexion
    Electrica SA (ISA)" make "IEA" and "ISA" nothing we know (None). A definition that
    only misspells the table's name ("General Agreement on Trade and Tariffs (GATT)")
    changes nothing."""
    exact = tables.gazetteer.exact
    found: dict[str, Entry | None] = {}
    for match in DEFINED_ACRONYM_RE.finditer(text):
        acronym = match.group(1)
        entry = exact.get(acronym)
        if entry is None or entry.facet != "organizations" or acronym in found:
            continue
        before = text[max(0, match.start() - DEFINITION_WINDOW) : match.start()]
        long_form = _long_form(acronym, collapse(before))
        if long_form is None:
            continue  # "extra aid (UN)": not a definition
        named = exact.get(long_form) or exact.get(LEADING_THE_RE.sub("", long_form))
        if named is not None and named.facet == "organizations":
            if named.id != entry.id:
                found[acronym] = named
            continue
        stems = _content_stems(long_form)
        aliases = [a for a, e in tables.by_alias["organizations"].items() if e.id == entry.id]
        if not any(
            len(_content_stems(alias) & stems) * 2 >= len(_content_stems(alias)) > 0
            for alias in aliases
        ):
            found[acronym] = None
    return found


def institution_spans(text: str, tables: Tables) -> list[Span]:
    """'Fudan University', 'University of North Korean Studies', 'Korea Institute for ...'."""
    spans: list[Span] = []
    if "Universit" not in text and "Institut" not in text and "College" not in text:
        return spans  # most paragraphs: skip the pattern
    for match in INSTITUTION_RE.finditer(text):
        words = match.group().split()
        # Drop sentence-initial and title words in front: "The", "Professor", "At". Not
        # any capitalised word: "National Cancer Institute", "Queen Elizabeth College".
        while words and words[0] in INSTITUTION_LEAD_WORDS:
            words.pop(0)
        while words and re.fullmatch(LEGAL_FORMS, words[-1]):
            words.pop()  # "The Institute of Clinical Pharmacology PLC"
        if len(words) < 2:
            continue
        name = " ".join(words)
        start = match.start() + match.group().find(words[0])
        slug = SLUG_SEPARATOR_RE.sub("-", name.lower()).strip("-")
        spans.append(Span(start, match.end(), Entry("organizations", slug, name)))
    return spans


class Article:
    """An article's title and body as one text, lower-cased once for the company test."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower = text.lower()

    def names_a_company(self, name: str) -> bool:
        """Does the article give `name` a legal form or a ticker ("Inco Ltd", "<Inco>")?"""
        needle = name.lower()
        at = self._lower.find(needle)
        while at >= 0:
            end = at + len(needle)
            if LEGAL_FORM_AFTER_RE.match(self.text, end) or self.text[at - 1 : at] == "<":
                return True
            at = self._lower.find(needle, at + 1)
        return False
