"""The gazetteer's matches in one paragraph: `Span`s of table entries, with the rules
that drop a match (ambiguous aliases next to a name, tickers and company names, a capital
used as a place, "non-OPEC", the "U.N." prefix of an agency). Depends on rules.py and
tables.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from searchapp.catalog import Entry, collapse

from .rules import (
    COUNTRIES_FROM_CAPITALS,
    COUNTRIES_FROM_DEMONYMS,
    DEMONYM_ACTOR_RE,
    DEMONYM_AS_NOUN_BEFORE_RE,
    DEMONYM_PAIR_RE,
    CAPITAL_ACTOR_NOUN_RE,
    CAPITAL_AS_PLACE_AFTER_RE,
    CAPITAL_EVENT_AFTER_RE,
    CAPITAL_EVENT_BEFORE_RE,
    CAPITAL_EVENT_BEFORE_WINDOW,
    COMPANY_OF_PLACE_BEFORE_RE,
    COMPANY_OF_PLACE_WINDOW,
    CAPITAL_ATTRIBUTIVE_AFTER_RE,
    CAPITAL_ATTRIBUTIVE_BEFORE_RE,
    PLACE_AFTER_RE,
    PLACE_LIST_SEP_RE,
    LIST_AND_RE,
    EVENT_AFTER_COUNTRY_RE,
    LEGAL_FORM_AFTER_RE,
    NEIGHBOUR_WINDOW,
    PLACE_BEFORE_RE,
    PLACE_BEFORE_WINDOW,
    STANCE_PREFIX_BEFORE_RE,
    STANCE_PREFIX_WINDOW,
    UN_TO_AGENCY_RE,
    WORD_AT_END_RE,
    WORD_AT_START_RE,
)
from .tables import Tables


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entry: Entry


def _neighbour_is_name(text: str, start: int, end: int, tables: Tables) -> bool:
    """Is the word right before or after [start, end) a capitalised name-like word?"""
    before = WORD_AT_END_RE.search(text[max(0, start - NEIGHBOUR_WINDOW) : start])
    after = WORD_AT_START_RE.match(text[end : end + NEIGHBOUR_WINDOW])
    for match in (before, after):
        if match is None:
            continue
        word = match.group(1)
        if word in tables.stopwords or word in tables.title_words:
            continue
        return True
    return False


def _demonym_acts(text: str, start: int, end: int, lookup) -> bool:
    """'a South Korean official said', 'the North Koreans left', 'the Russian-Chinese
    draft': the country acts; 'a Russian judge', 'American Dennis Mitchell': it does not.
    The people as a noun is a plural ("the Iraqis" of "Iraqi"), not a demonym that ends
    in "s" ("the Swiss franc")."""
    return bool(
        DEMONYM_ACTOR_RE.match(text, end)
        or DEMONYM_PAIR_RE.match(text, end)
        or (start > 0 and text[start - 1] == "-")
        or (
            text[end - 1] == "s"
            and DEMONYM_AS_NOUN_BEFORE_RE.search(text, max(0, start - 4), start)
            and _is_demonym(lookup(collapse(text[start : end - 1])))
        )
    )


def _is_demonym(entry: Entry | None) -> bool:
    return entry is not None and entry.facet == "countries" and entry.demonym


def _listed_with_places(text: str, matches: list, i: int, lookup) -> bool:
    """Is match i in a list of names ("Berlin, Brussels and Zurich") beside a city that is
    no capital, or in a list right after a locative preposition ("in London, Paris")?"""
    first = last = i
    while first > 0 and PLACE_LIST_SEP_RE.fullmatch(text, matches[first - 1].end(), matches[first].start()):
        first -= 1
    while last + 1 < len(matches) and PLACE_LIST_SEP_RE.fullmatch(text, matches[last].end(), matches[last + 1].start()):
        last += 1
    if first == last or not any(
        LIST_AND_RE.search(text, matches[j].end(), matches[j + 1].start()) for j in range(first, last)
    ):
        return False  # no "and"/"or": a clause's edge ("After talks in Geneva, Washington said")
    start = matches[first].start()
    if PLACE_BEFORE_RE.search(text, max(0, start - PLACE_BEFORE_WINDOW), start):
        return True
    for j in range(first, last + 1):
        entry = lookup(collapse(matches[j].group()))
        if j != i and entry is not None and entry.facet == "countries" and entry.indirect:
            return True
    return False


def gazetteer_spans(
    text: str,
    tables: Tables,
    caps: bool,
    headline: bool,
    companies: frozenset[str] = frozenset(),
    redefined: dict[str, Entry | None] | None = None,
) -> list[Span]:
    gaz = tables.gazetteer
    spans: list[Span] = []
    pattern = gaz.caps_pattern if caps else gaz.pattern

    def lookup(key: str) -> Entry | None:
        """The entry a match's collapsed text names."""
        return gaz.upper.get(key.upper()) if caps else gaz.exact.get(key)

    matches = list(pattern.finditer(text))
    for i, match in enumerate(matches):
        key = collapse(match.group())
        entry = lookup(key)
        if entry is None:
            continue
        if text[max(0, match.start() - 4) : match.start()].lower() == "non-":
            continue  # "non-OPEC producers", "non-EC destinations": everyone else
        if (entry.demonym or entry.capital) and STANCE_PREFIX_BEFORE_RE.search(
            text, max(0, match.start() - STANCE_PREFIX_WINDOW), match.start()
        ):
            continue  # "pro-Iranian groups", "pro-Moscow leaders": a stance, not an actor
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
        if entry.capital and (
            not COUNTRIES_FROM_CAPITALS
            or PLACE_BEFORE_RE.search(text, max(0, match.start() - PLACE_BEFORE_WINDOW), match.start())
            or CAPITAL_AS_PLACE_AFTER_RE.match(text, match.end())
            or CAPITAL_EVENT_AFTER_RE.match(text, match.end())  # "the Paris accord"
            or COMPANY_OF_PLACE_BEFORE_RE.search(text, max(0, match.start() - COMPANY_OF_PLACE_WINDOW), match.start())
            or CAPITAL_EVENT_BEFORE_RE.search(text, max(0, match.start() - CAPITAL_EVENT_BEFORE_WINDOW), match.start())
            or _listed_with_places(text, matches, i, lookup)
            or (
                CAPITAL_ATTRIBUTIVE_BEFORE_RE.search(text, max(0, match.start() - PLACE_BEFORE_WINDOW), match.start())
                and CAPITAL_ATTRIBUTIVE_AFTER_RE.match(text, match.end())
                and not CAPITAL_ACTOR_NOUN_RE.match(text, match.end())
            )
        ):
            continue
        if entry.facet == "countries" and not entry.demonym and PLACE_AFTER_RE.match(text, match.end()):
            continue  # "a Vienna-based body", "a Hong Kong-listed company": where it is
        event = None if entry.facet != "countries" or entry.demonym else EVENT_AFTER_COUNTRY_RE.match(text, match.end())
        if event and not ((caps or headline) and event.group("between")):
            continue  # "the U.S. Open": a tournament's name
        if entry.demonym and not (
            COUNTRIES_FROM_DEMONYMS is True
            or (COUNTRIES_FROM_DEMONYMS == "actors" and _demonym_acts(text, match.start(), match.end(), lookup))
        ):
            # "American Dennis Mitchell", "a Russian judge": where someone is from, not
            # a country that acts ("a South Korean official said" does count).
            continue
        spans.append(Span(match.start(), match.end(), entry))
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
