"""The main pass: `extract_entities()` reads each paragraph once, takes people and
institution names first so that they hide the gazetteer matches inside them, then counts
the remaining matches and resolves bare surnames. Depends on every finder module.
"""

from __future__ import annotations

from searchapp.records import Entities

from .gazetteer import Span, gazetteer_spans
from .organisations import (
    Article,
    acronym_definitions,
    company_acronyms,
    institution_spans,
)
from .people import (
    canonical_person,
    first_name_before,
    is_name_word,
    person_candidates,
    resolve_surname,
)
from .rules import (
    ALL_CAPS_MIN_LETTERS,
    ALL_CAPS_SAMPLE_CHARS,
    HEADLINE_CAPITALISED_SHARE,
    HEADLINE_MIN_WORDS,
    HEADLINE_SHORT_WORD_LEN,
    HEADLINE_WORD_RE,
    PARAGRAPH_SPLIT,
)
from .tables import load_tables


def _is_all_caps(text: str) -> bool:
    return (
        text == text.upper()
        and sum(c.isalpha() for c in text[:ALL_CAPS_SAMPLE_CHARS]) >= ALL_CAPS_MIN_LETTERS
    )


def _is_headline_case(text: str) -> bool:
    """'China, Russia Offer New Security Council Resolution': capitalisation says nothing."""
    words = [w for w in HEADLINE_WORD_RE.findall(text) if len(w) > HEADLINE_SHORT_WORD_LEN]
    if len(words) < HEADLINE_MIN_WORDS:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= HEADLINE_CAPITALISED_SHARE


def _overlaps(span: Span, taken: list[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in taken)


def extract_entities(title: str, body: str) -> Entities:
    """People, countries and organisations named in an article's title and body."""
    tables = load_tables()
    people: set[str] = set()
    countries: set[str] = set()
    organizations: set[str] = set()
    # In the order the article gives them (a dict, not a set: the result must not depend
    # on string hashing, which differs from one process to the next).
    bare_surnames: dict[str, None] = {}
    fallback_countries: set[str] = set()
    titled_names: set[str] = set()  # "Energy Minister Subroto", "President Reagan"

    segments = [(title, True)] + [(p, False) for p in PARAGRAPH_SPLIT.split(body)]
    article = Article(title + "\n\n" + body)
    companies = company_acronyms(article.text)
    redefined = acronym_definitions(body, tables)
    for text, is_title in segments:
        if not text.strip():
            continue
        caps = _is_all_caps(text)
        headline = is_title and _is_headline_case(text)

        gazetteer = gazetteer_spans(text, tables, caps, headline, companies, redefined)
        # Table matches win over names read from capitalisation: known people ("Prime
        # Minister Theresa May", where "May" looks like a month), stop phrases ("Merrill
        # Lynch said") and countries/organisations ("The United Nations said").
        known = [(s.start, s.end) for s in gazetteer if not s.entry.ambiguous]
        taken: list[tuple[int, int]] = []
        # In an ALL-CAPS or Headline-Cased line capitals say nothing about names
        # ("Saudi Oil Minister Sees No Need To Alter Opec Pact"): table matches only.
        if not caps and not headline:
            for start, end, words, titled in person_candidates(text, tables):
                covered = [k_end for k_start, k_end in known if start < k_end and k_start < end]
                if covered:
                    # "...Cooperation and Development\nJean-Claude Paye said": keep what
                    # follows the organisation's name; a name inside one is no person.
                    start = max(covered)
                    words = text[start:end].split()
                    if not words or not all(is_name_word(w, tables) for w in words):
                        continue
                    start = end - len(text[start:end].lstrip())
                real = [w for w in words if not w.endswith(".")]
                if len(real) >= 2 or (real and len(words) >= 2):  # "A.W. Clausen"
                    people.add(canonical_person(words, tables))
                    taken.append((start, end))
                elif len(real) == 1:
                    # Kept aside, resolved below; it hides nothing ("Officials in Chad said").
                    bare_surnames[real[0]] = None
                    if titled:
                        titled_names.add(real[0])
        institutions = institution_spans(text, tables)
        if institutions:
            known_bodies = [(g.start, g.end) for g in gazetteer if g.entry.facet == "organizations"]
        for span in institutions:
            if _overlaps(span, known_bodies):
                continue  # the tables know it ("International Iron and Steel Institute")
            organizations.add(span.entry.name)
            taken.append((span.start, span.end))

        for span in gazetteer:
            if span.entry.facet == "stop" or _overlaps(span, taken):
                continue
            if span.entry.facet == "people":
                people.add(span.entry.name)
            elif span.entry.facet == "countries":
                countries.add(span.entry.name)
            elif span.entry.facet == "fallback":
                fallback_countries.add(span.entry.name)
            else:
                organizations.add(span.entry.name)

    # "Mobil Corp said ...": a company's legal form locates a story that names no country.
    if not countries:
        countries = fallback_countries

    # Bare surnames refer back to a full name used in the article (or a known person).
    unresolved = []
    for word in bare_surnames:
        if any(word in name.split() for name in people):
            continue
        resolved = resolve_surname(word, people, tables) or first_name_before(word, article, tables)
        if resolved is not None:
            people.add(resolved)
        else:
            unresolved.append(word)
    # Only once every surname has had its chance, so that "Nigel" is not kept alone when
    # a later "Lawson" resolves to "Nigel Lawson".
    for word in unresolved:
        if word in titled_names and word not in tables.surname_first and not any(word in name.split() for name in people):
            # A title right before one name that nothing resolves: many people go by one
            # name ("Energy Minister Subroto"). Korean and Chinese family names alone
            # ("Minister Kim") say too little to be a facet value.
            people.add(word)

    # "Hernandez Grisanti said" after "Minister Arturo Hernandez Grisanti": the same man.
    people = {
        name
        for name in people
        if not any(other.endswith(" " + name) for other in people if other != name)
    }

    # "McDonnell Douglas said" reads like a person; the same article's
    # "McDonnell Douglas Corp" or "<McDonnell Douglas>" says it is a company.
    people = {name for name in people if not article.names_a_company(name)}

    return Entities(
        people=tuple(sorted(people)),
        countries=tuple(sorted(countries)),
        organizations=tuple(sorted(organizations)),
    )
