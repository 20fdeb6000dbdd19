"""Entity extraction: people, countries and organisations named in an article.

Input is the cleaned title and body (paragraphs separated by blank lines); output is
`Entities` with canonical names, sorted and de-duplicated per facet. `entity_id()` and
`display_name()` give each canonical name a stable id (ISO alpha-3, a table slug, or
"name:..." for names in no table), so renaming a row renames the facet without splitting it.

How it works, in one pass per paragraph:

1. One combined "gazetteer" regex finds countries, organisations, known people, country
   evidence and stop phrases ("South China Sea") at once. It is compiled from a character
   trie of all aliases (the flashtext idea: the cost does not grow with the number of
   names), longest match first. Matching is case-sensitive so the pronoun "us" is not
   "US"; all-caps lines (wire headlines) use a second, case-insensitive regex restricted
   to long aliases (and legal forms).
2. Countries come from their names, demonyms and capitals (countries.tsv; a capital right
   after "in"/"at"/"to"... is a place, not an actor) and from indirect evidence
   (country_evidence.tsv: states, cities, national institutions, currencies). Weak
   evidence (company legal forms: "Mobil Corp") counts only when nothing else names a
   country.
3. People not in the table are found from titles ("Foreign Minister Yun Byung-se",
   "Ambassador to the U.N. Samantha Power"), attribution ("Cai Jian said", "said Cai Jian")
   and appositions ("Cai Jian, professor with ..."), particles included ("Willy de
   Clercq"). A bare surname ("Kerry said") resolves to the full name used elsewhere in the
   article, else to a unique row of people.tsv; else, right after a title, it stands alone
   ("Energy Minister Subroto") unless it is a Korean or Chinese family name; else it is
   dropped.
4. "X University" / "University of X" / "X Institute" names are found by pattern.
5. Spans taken by people and pattern organisations hide the gazetteer matches inside them
   ("Seoul National University" is not evidence for South Korea).

`normalise_span()` puts another NER's spans (spaCy's) through the same tables and rules.

The tables live in searchapp/data/ (countries.tsv, country_evidence.tsv,
organizations.tsv, people.tsv, person_titles.txt, not_entities.txt, name_stopwords.txt,
surname_first.txt) so that users can extend them without touching code; they are loaded
once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from searchapp.catalog import ENTITY_FACETS, Entry, collapse, person_key
from searchapp.records import Entities

from .rules import (
    APPOSITION_RE,
    COMPANY_ACRONYM_RE,
    DEFINED_ACRONYM_RE,
    DESCRIBING_SUFFIX_RE,
    INITIAL,
    INSTITUTION_LEAD_WORDS,
    INSTITUTION_RE,
    LEGAL_FORM_AFTER_RE,
    LEGAL_FORMS,
    LOCATIVE_BEFORE_RE,
    PARAGRAPH_SPLIT,
    PARTICLE_RE,
    PARTICLES,
    PLACE_BEFORE_RE,
    RUN_END_RE,
    SAY_AFTER_RE,
    SAY_BEFORE_RE,
    SEP,
    SPAN_TRIM_RE,
    TWO_WORDS_BEFORE_RE,
    UN_TO_AGENCY_RE,
    UP,
    WORD,
    WORD_RE,
    WS,
    WS_RE,
)
from .tables import Tables, load_tables, reload_tables

__all__ = ["extract_entities", "normalise_span", "reload_tables"]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    entry: Entry


def _is_all_caps(text: str) -> bool:
    return text == text.upper() and sum(c.isalpha() for c in text[:40]) >= 4


def _is_headline_case(text: str) -> bool:
    """'China, Russia Offer New Security Council Resolution': capitalisation says nothing."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _is_name_word(word: str, tables: Tables) -> bool:
    """Could this capitalised word be part of a person's name?"""
    entry = tables.gazetteer.exact.get(word)
    if re.fullmatch(INITIAL, word):
        return entry is None  # "K.P." but not "U.S."
    if word in tables.stopwords or word in tables.title_words:
        return False
    if "-" in word and any(part in tables.title_words for part in word.split("-")):
        return False  # "Vice-President"
    if DESCRIBING_SUFFIX_RE.search(word):
        return False  # "London-based", "Japanese-owned"
    # Country/organisation names are not name words, ambiguous ones ("Jordan") may be.
    return entry is None or entry.facet == "people" or entry.ambiguous


def _name_words(
    text: str, pos: int, tables: Tables, limit: int = 3
) -> tuple[list[str], int, int]:
    """Read up to `limit` name words starting at `pos` (after whitespace); stop at a
    non-name word, punctuation or a possessive. Returns the words and their span."""
    words: list[str] = []
    ends: list[int] = []
    first = end = pos
    while len([w for w in words if w[:1].isupper() and not w.endswith(".")]) < limit:
        gap = WS_RE.match(text, end)
        start = gap.end() if gap else end
        if words and start == end:
            break  # words must be separated by whitespace
        particle = PARTICLE_RE.match(text, start) if words else None
        if particle is not None:
            after = WORD_RE.match(text, particle.end())
            if after and _is_name_word(after.group(), tables):
                words.extend(particle.group().split())
                start = particle.end()
        match = WORD_RE.match(text, start)
        if not match or not _is_name_word(match.group(), tables):
            break
        if not words:
            first = match.start()
        words.append(match.group())
        end = match.end()
        ends.append(end)
        if text.startswith(("'s", "’s"), end) or text.startswith(("'", "’"), end):
            break  # "Kerry's trip": the name ends here
    while words and words[-1].endswith("."):  # a name does not end with an initial
        words.pop()
        ends.pop()
    return words, first, (ends[-1] if ends else pos)


def _trailing_name(run: str, tables: Tables) -> tuple[list[str], int]:
    """The longest suffix of a capitalised run that is made of name words, and its
    offset in the run: 'The Foreign Ministry' -> [], 'Spokesman Lu Kang' -> ['Lu', 'Kang']."""
    matches = list(WORD_RE.finditer(run))
    kept: list[re.Match[str]] = []
    for match in reversed(matches):
        if not _is_name_word(match.group(), tables):
            break
        kept.insert(0, match)
    while kept and kept[0].group().endswith("."):
        kept.pop(0)
    kept = kept[-3:]
    if not kept:
        return [], len(run)
    # The slice keeps particles between the words ("Willy de Clercq").
    return run[kept[0].start() : kept[-1].end()].split(), kept[0].start()


def _canonical_person(words: list[str], tables: Tables) -> str:
    words = [w.lower() if i and i < len(words) - 1 and w.lower() in PARTICLES else w for i, w in enumerate(words)]
    name = " ".join(words)
    entry = tables.person_keys.get(person_key(name))
    if entry is not None:
        return entry.name
    if words[0] in tables.surname_first:
        return person_key(name)  # "Kim Jong-Un" -> "Kim Jong-un", "Yun Byung-Se" -> "Yun Byung-se"
    return name


def _neighbour_is_name(text: str, start: int, end: int, tables: Tables) -> bool:
    """Is the word right before or after [start, end) a capitalised name-like word?"""
    before = re.search(rf"({WORD})[ \t]+$", text[max(0, start - 40) : start])
    after = re.match(rf"[ \t]+({WORD})", text[end : end + 40])
    for match in (before, after):
        if match is None:
            continue
        word = match.group(1)
        if word in tables.stopwords or word in tables.title_words:
            continue
        return True
    return False


def _company_acronyms(text: str) -> frozenset[str]:
    """Acronyms the article uses as a company's name ("AID Corp", "AID <AIDC>"): later
    bare mentions ("AID said") are that company too, not the organisation."""
    return frozenset(m.group(1) for m in COMPANY_ACRONYM_RE.finditer(text))


def _long_form(acronym: str, before: str) -> str | None:
    """The words just before "(ACRONYM)" that spell it, or None.

    Schwartz & Hearst's rule (PSB 2003): each letter of the acronym, right to left, is
    found in the preceding text, the first one at the start of a word."""
    letters = [c.lower() for c in acronym if c.isalnum()]
    words = before.split()[-(len(letters) + 5) :]
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
    return {w[:6] for w in re.findall(r"[a-z]{4,}", name.lower().replace("-", ""))}


def _acronym_definitions(text: str, tables: Tables) -> dict[str, Entry | None]:
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
        long_form = _long_form(acronym, collapse(text[max(0, match.start() - 120) : match.start()]))
        if long_form is None:
            continue  # "extra aid (UN)": not a definition
        named = exact.get(long_form) or exact.get(re.sub(r"^(?:the|The) ", "", long_form))
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


def _gazetteer_spans(
    text: str,
    tables: Tables,
    caps: bool,
    headline: bool,
    companies: frozenset[str] = frozenset(),
    redefined: dict[str, Entry | None] | None = None,
) -> list[_Span]:
    gaz = tables.gazetteer
    spans: list[_Span] = []
    pattern = gaz.caps_pattern if caps else gaz.pattern
    for match in pattern.finditer(text):
        key = collapse(match.group())
        entry = gaz.upper.get(key.upper()) if caps else gaz.exact.get(key)
        if entry is None:
            continue
        if text[max(0, match.start() - 4) : match.start()].lower() == "non-":
            continue  # "non-OPEC producers", "non-EC destinations": everyone else
        if redefined and key in redefined:
            entry = redefined[key]
            if entry is None:
                continue
        if entry.ambiguous and (
            caps or headline or _neighbour_is_name(text, match.start(), match.end(), tables)
        ):
            continue
        if key.isupper() and entry.facet != "fallback" and (
            key in companies
            or text[match.start() - 1 : match.start()] == "<"
            or text[match.end() : match.end() + 1] == ">"
            or LEGAL_FORM_AFTER_RE.match(text, match.end())
        ):
            # A ticker ("Unilever <UN>", "<Investcorp EC>") or a company's name ("AID
            # Corp", "ICO Inc", "AID <AIDC>").
            continue
        # "Washington and Beijing disagree" names two actors, "talks in Washington" a
        # place: a capital right after a locative preposition is not counted. (Measured
        # on Reuters-21578: country precision +0.005, recall -0.002.) Other evidence in
        # country_evidence.tsv ("a plant in Ohio") still locates the story.
        if entry.capital and PLACE_BEFORE_RE.search(
            text, max(0, match.start() - 12), match.start()
        ):
            continue
        spans.append(_Span(match.start(), match.end(), entry))
    # "U.N. Food and Agriculture Organization", "the U.N.'s Economic Commission for Africa":
    # the prefix names the agency that follows, not the UN itself (as "U.N. Security
    # Council" is one alias of the Security Council).
    return [
        span
        for span, following in zip(spans, spans[1:] + [None])
        if not (
            span.entry.id == "un"
            and following is not None
            and following.entry.facet == "organizations"
            and UN_TO_AGENCY_RE.fullmatch(text, span.end, following.start)
        )
    ]


def _skip_to_clause(text: str, pos: int, tables: Tables) -> int:
    """After 'Ambassador', skip ' to the U.N.' / ' to China' so the name follows."""
    clause = re.compile(rf"{WS}to{WS}(?:the{WS})?").match(text, pos)
    if clause is None:
        return pos
    target = tables.gazetteer.pattern.match(text, clause.end())
    if target is None:
        return pos
    return target.end()


def _person_candidates(
    text: str, tables: Tables
) -> list[tuple[int, int, list[str], bool]]:
    """(start, end, words, after a title) of names found from titles, attribution and
    apposition."""
    found: list[tuple[int, int, list[str], bool]] = []

    for title in tables.titles_re.finditer(text):
        pos = _skip_to_clause(text, title.end(), tables)
        words, start, end = _name_words(text, pos, tables)
        if len(words) == 1 and re.match(rf"{SEP}[{UP}]", text[end : end + 4]):
            # "Prince Edward Island", "Justice Sandra Day O'Connor": the name goes on
            # with a word that cannot be read as one; a first name alone is no one.
            continue
        if words:
            found.append((start, end, words, True))

    # "Cai Jian said", "Kerry told reporters": find the verb, then look back.
    for match in SAY_BEFORE_RE.finditer(text):
        at = match.start()
        # The verb follows a word (or an initial's dot) and one space or tab.
        if at < 2 or text[at - 1] not in " \t" or not (text[at - 2].isalnum() or text[at - 2] == "."):
            continue
        name = _name_before(text, match.start(), tables)
        if name is not None:
            found.append(name)
    # "said Cai Jian", "according to Cai Jian"
    for match in SAY_AFTER_RE.finditer(text):
        words, start, end = _name_words(text, match.end(), tables)
        if words:
            found.append((start, end, words, False))
    # "Cai Jian, professor with Fudan University", "Lu Kang, a Foreign Ministry spokesman"
    for match in APPOSITION_RE.finditer(text):
        name = _name_before(text, match.start(), tables)
        if name is not None:
            found.append(name)
    return found


def _name_before(
    text: str, pos: int, tables: Tables
) -> tuple[int, int, list[str], bool] | None:
    """The name that ends at `pos` ("Cai Jian| said", "Lu Kang|, a spokesman"), if any."""
    before = RUN_END_RE.search(text, max(0, pos - 80), pos)
    if not before:
        return None
    run = before.group(1)
    words, offset = _trailing_name(run, tables)
    if not words:
        return None
    start = before.start(1) + offset
    if LOCATIVE_BEFORE_RE.search(text, max(0, start - 10), start):
        return None  # "a spokesman in Rio de Janeiro said"
    if len(words) == 1 and offset:
        # "Pennsylvania Power said": one word after a place or an organisation's name
        # is the end of a bigger name, not a surname.
        previous = WORD_RE.findall(run[:offset])
        entry = tables.gazetteer.exact.get(previous[-1]) if previous else None
        if entry is not None and entry.facet != "people" and not entry.ambiguous:
            return None
    return start, before.end(1), words, False


def _institution_spans(text: str, tables: Tables) -> list[_Span]:
    """'Fudan University', 'University of North Korean Studies', 'Korea Institute for ...'."""
    spans: list[_Span] = []
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
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        spans.append(_Span(start, match.end(), Entry("organizations", slug, name)))
    return spans


_NO_ENTRY = Entry("stop", "-", "-")


def _overlaps(span: _Span, taken: list[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in taken)


def _resolve_surname(
    word: str, full_names: Iterable[str], tables: Tables
) -> str | None:
    """A bare 'Kerry' / 'Yun' -> the unique full name it refers to, or None."""

    def refers(name: str) -> bool:
        tokens = name.split()
        return tokens[-1] == word or (tokens[0] == word and word in tables.surname_first)

    in_article = sorted({n for n in full_names if refers(n)})
    if len(in_article) == 1:
        return in_article[0]
    if in_article:
        return None  # "Wang" with Wang Yi and Wang Guangya in the article
    if word in tables.surname_first:
        return None  # "Lee said", "Wang said": too common to be a known person
    known = tables.people_by_surname.get(word, ())
    return known[0] if len(known) == 1 else None


def extract_entities(title: str, body: str) -> Entities:
    """People, countries and organisations named in an article's title and body."""
    tables = load_tables()
    people: set[str] = set()
    countries: set[str] = set()
    organizations: set[str] = set()
    bare_surnames: set[str] = set()
    fallback_countries: set[str] = set()
    titled_names: set[str] = set()  # "Energy Minister Subroto", "President Reagan"

    segments = [(title, True)] + [(p, False) for p in PARAGRAPH_SPLIT.split(body)]
    article = _Article(title + "\n\n" + body)
    companies = _company_acronyms(article.text)
    redefined = _acronym_definitions(body, tables)
    for text, is_title in segments:
        if not text.strip():
            continue
        caps = _is_all_caps(text)
        headline = is_title and _is_headline_case(text)

        gazetteer = _gazetteer_spans(text, tables, caps, headline, companies, redefined)
        # Table matches win over names read from capitalisation: known people ("Prime
        # Minister Theresa May", where "May" looks like a month), stop phrases ("Merrill
        # Lynch said") and countries/organisations ("The United Nations said").
        known = [(s.start, s.end) for s in gazetteer if not s.entry.ambiguous]
        taken: list[tuple[int, int]] = []
        # In an ALL-CAPS or Headline-Cased line capitals say nothing about names
        # ("Saudi Oil Minister Sees No Need To Alter Opec Pact"): table matches only.
        if not caps and not headline:
            for start, end, words, titled in _person_candidates(text, tables):
                covered = [k_end for k_start, k_end in known if start < k_end and k_start < end]
                if covered:
                    # "...Cooperation and Development\nJean-Claude Paye said": keep what
                    # follows the organisation's name; a name inside one is no person.
                    start = max(covered)
                    words = text[start:end].split()
                    if not words or not all(_is_name_word(w, tables) for w in words):
                        continue
                    start = end - len(text[start:end].lstrip())
                real = [w for w in words if not w.endswith(".")]
                if len(real) >= 2 or (real and len(words) >= 2):  # "A.W. Clausen"
                    people.add(_canonical_person(words, tables))
                    taken.append((start, end))
                elif len(real) == 1:
                    # Kept aside, resolved below; it hides nothing ("Officials in Chad said").
                    bare_surnames.add(real[0])
                    if titled:
                        titled_names.add(real[0])
        institutions = _institution_spans(text, tables)
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
    for word in bare_surnames:
        if any(word in name.split() for name in people):
            continue
        resolved = _resolve_surname(word, people, tables) or _first_name_before(word, article, tables)
        if resolved is not None:
            people.add(resolved)
        elif word in titled_names and word not in tables.surname_first:
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


def _first_name_before(surname: str, article: "_Article", tables: Tables) -> str | None:
    """'Mr. Garrett' after 'defensive end Myles Garrett pulled...': the one name word that
    stands right before the surname elsewhere in the article, with it."""
    if surname in tables.surname_first or article.names_a_company(surname):
        return None  # "Inco Ltd said ... Inco closed"
    text = article.text
    found: set[str] = set()
    at = text.find(surname)
    while at >= 0:
        after = text[at + len(surname) : at + len(surname) + 1]
        before = TWO_WORDS_BEFORE_RE.search(text, max(0, at - 60), at)
        at = text.find(surname, at + 1)
        if before is None or (after and (after.isalnum() or after in "'-")):
            continue
        previous, first = before.group(1), before.group(2)
        # Not the end of a longer name ("West Virginia Democrat", "Smith Barney Harris").
        if previous is not None and previous[0].isupper():
            continue
        if first[0].isupper() and _is_name_word(first, tables):
            found.add(first)
    if len(found) != 1:
        return None
    name = f"{found.pop()} {surname}"
    return None if article.names_a_company(name) else name


class _Article:
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
        words = [w for w in text.split() if _is_name_word(w, tables)]
        if not words or len(words) != len(text.split()):
            return []
        real = [w for w in words if not w.endswith(".")]
        if len(real) >= 2:
            return [("people", _canonical_person(words, tables))]
        if len(real) == 1:
            names = {_canonical_person(n.split(), tables) for n in full_names if " " in n}
            resolved = _resolve_surname(real[0], names, tables)
            return [("people", resolved)] if resolved else []
        return []
    if label == "ORG" and any(c.isupper() for c in text) and text not in tables.stopwords:
        return [("organizations", text)]
    return []
