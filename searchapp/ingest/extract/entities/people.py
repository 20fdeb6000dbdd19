"""People: candidate names from titles, attribution and appositions, name words, the
canonical spelling of a person, and a bare surname's resolution (to a full name of the
article, a known person, or the first name it follows elsewhere). Depends on rules.py,
tables.py and organisations.py (`Article`).
"""

from __future__ import annotations

import re
from typing import Iterable

from searchapp.catalog import person_key

from .organisations import Article
from .rules import (
    APPOSITION_RE,
    DESCRIBING_SUFFIX_RE,
    FIRST_NAME_WINDOW,
    INITIAL,
    LOCATIVE_BEFORE_RE,
    LOCATIVE_WINDOW,
    MAX_NAME_WORDS,
    NAME_BEFORE_WINDOW,
    NAME_GOES_ON_RE,
    NAME_GOES_ON_WINDOW,
    PARTICLE_RE,
    PARTICLES,
    RUN_END_RE,
    SAY_AFTER_RE,
    SAY_BEFORE_RE,
    TO_CLAUSE_RE,
    TWO_WORDS_BEFORE_RE,
    WORD_RE,
    WS_RE,
)
from .tables import Tables


def is_name_word(word: str, tables: Tables) -> bool:
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
    text: str, pos: int, tables: Tables, limit: int = MAX_NAME_WORDS
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
            if after and is_name_word(after.group(), tables):
                words.extend(particle.group().split())
                start = particle.end()
        match = WORD_RE.match(text, start)
        if not match or not is_name_word(match.group(), tables):
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
        if not is_name_word(match.group(), tables):
            break
        kept.insert(0, match)
    while kept and kept[0].group().endswith("."):
        kept.pop(0)
    kept = kept[-MAX_NAME_WORDS:]
    if not kept:
        return [], len(run)
    # The slice keeps particles between the words ("Willy de Clercq").
    return run[kept[0].start() : kept[-1].end()].split(), kept[0].start()


def canonical_person(words: list[str], tables: Tables) -> str:
    words = [w.lower() if i and i < len(words) - 1 and w.lower() in PARTICLES else w for i, w in enumerate(words)]
    name = " ".join(words)
    entry = tables.person_keys.get(person_key(name))
    if entry is not None:
        return entry.name
    if words[0] in tables.surname_first:
        return person_key(name)  # "Kim Jong-Un" -> "Kim Jong-un", "Yun Byung-Se" -> "Yun Byung-se"
    return name


def _skip_to_clause(text: str, pos: int, tables: Tables) -> int:
    """After 'Ambassador', skip ' to the U.N.' / ' to China' so the name follows."""
    clause = TO_CLAUSE_RE.match(text, pos)
    if clause is None:
        return pos
    target = tables.gazetteer.pattern.match(text, clause.end())
    if target is None:
        return pos
    return target.end()


def person_candidates(
    text: str, tables: Tables
) -> list[tuple[int, int, list[str], bool]]:
    """(start, end, words, after a title) of names found from titles, attribution and
    apposition."""
    found: list[tuple[int, int, list[str], bool]] = []

    for title in tables.titles_re.finditer(text):
        pos = _skip_to_clause(text, title.end(), tables)
        words, start, end = _name_words(text, pos, tables)
        if len(words) == 1 and NAME_GOES_ON_RE.match(text[end : end + NAME_GOES_ON_WINDOW]):
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
    before = RUN_END_RE.search(text, max(0, pos - NAME_BEFORE_WINDOW), pos)
    if not before:
        return None
    run = before.group(1)
    words, offset = _trailing_name(run, tables)
    if not words:
        return None
    start = before.start(1) + offset
    if LOCATIVE_BEFORE_RE.search(text, max(0, start - LOCATIVE_WINDOW), start):
        return None  # "a spokesman in Rio de Janeiro said"
    if len(words) == 1 and offset:
        # "Pennsylvania Power said": one word after a place or an organisation's name
        # is the end of a bigger name, not a surname.
        previous = WORD_RE.findall(run[:offset])
        entry = tables.gazetteer.exact.get(previous[-1]) if previous else None
        if entry is not None and entry.facet != "people" and not entry.ambiguous:
            return None
    return start, before.end(1), words, False


def resolve_surname(
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


def first_name_before(surname: str, article: "Article", tables: Tables) -> str | None:
    """'Mr. Garrett' after 'defensive end Myles Garrett pulled...': the one name word that
    stands right before the surname elsewhere in the article, with it."""
    if surname in tables.surname_first or article.names_a_company(surname):
        return None  # "Inco Ltd said ... Inco closed"
    text = article.text
    found: set[str] = set()
    at = text.find(surname)
    while at >= 0:
        after = text[at + len(surname) : at + len(surname) + 1]
        before = TWO_WORDS_BEFORE_RE.search(text, max(0, at - FIRST_NAME_WINDOW), at)
        at = text.find(surname, at + 1)
        if before is None or (after and (after.isalnum() or after in "'-")):
            continue
        previous, first = before.group(1), before.group(2)
        # Not the end of a longer name ("West Virginia Democrat", "Smith Barney Harris").
        if previous is not None and previous[0].isupper():
            continue
        if first[0].isupper() and is_name_word(first, tables):
            found.add(first)
    if len(found) != 1:
        return None
    name = f"{found.pop()} {surname}"
    return None if article.names_a_company(name) else name
