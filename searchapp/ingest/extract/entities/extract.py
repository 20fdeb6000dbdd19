"""The main pass: `extract_entities()` reads each paragraph once, takes people and
institution names first so that they hide the gazetteer matches inside them, then counts
the remaining matches, merges the model's spans (model.py: names no table knows, through
normalise.py) and resolves bare surnames. Depends on every finder module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from searchapp.catalog import Entry, collapse
from searchapp.records import Entities

from .gazetteer import Span
from .gazetteer import gazetteer_spans
from .model import ModelSpan, article_text, model_spans
from .normalise import (
    clean_span_text,
    organisation_key,
    organisation_name,
    person_words,
    table_entry,
)
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
    BYLINE_MAX_WORDS,
    BYLINE_RE,
    ALL_CAPS_SAMPLE_CHARS,
    COUNTRIES_FROM_EVIDENCE,
    DATELINE_PLACE_RE,
    DEMONYM_ACTOR_RE,
    DEMONYM_APPOSITION_BEFORE_RE,
    DEMONYM_APPOSITION_WINDOW,
    NAME_AFTER_ACTOR_RE,
    TITLE_WORDS_BEFORE_NAME,
    HEADLINE_CAPITALISED_SHARE,
    HEADLINE_MIN_WORDS,
    HEADLINE_SHORT_WORD_LEN,
    HEADLINE_WORD_RE,
    ACRONYM_AFTER_RE,
    LEGAL_FORM_ONLY_RE,
    MODEL_IN_CAPS_LINES,
    MODEL_NAME_HIDES_COUNTRY,
    MODEL_PLACE_AROUND_LABELS,
    MODEL_PLACE_HIDES_COUNTRY,
    COMPASS_WORDS,
    MODEL_NAME_LABELS,
    MODEL_ORG_EVENT_END_RE,
    MODEL_ORG_HOLIDAY_RE,
    MODEL_ORG_PORTFOLIO_BEFORE_RE,
    MODEL_ORG_NOT_NAMES,
    NAME_TRAILING_NUMBER_RE,
    NEWSPAPER_ARTICLE_RE,
    NAME_LOWER_WORD_RE,
    NATIONAL_SIDES,
    ORG_END_WORDS,
    ORG_IS_PERSON_RE,
    POSSESSOR_RE,
    ORG_LIST_SPLIT_RE,
    PLACE_END_WORDS,
    PERSON_IS_COMPANY_RE,
    SPAN_LEADING_VERB_RE,
    TREATY_END_RE,
    MODEL_PLACE_LABELS,
    MODEL_SINGLE_NAMES,
    SINGLE_NAME_MIN_MENTIONS,
    PARAGRAPH_SPLIT,
    PRESS_DIGEST_HEAD_CHARS,
    PRESS_DIGEST_PAPER_RE,
    PRESS_DIGEST_RE,
)
from .results import player_spans, team_display, team_spans
from .tables import Tables, load_tables

Offsets = list[tuple[int, int]]


@dataclass
class _Reading:
    """Where the tables and rules read what, in article_text() offsets: a model span over
    one of these adds nothing (the table's canonical value is counted already)."""

    claimed: Offsets = field(default_factory=list)  # people, organisations, institutions
    countries: Offsets = field(default_factory=list)  # an organisation's name may hold one
    stops: Offsets = field(default_factory=list)  # "South China Sea", "Merrill Lynch"
    blind: Offsets = field(default_factory=list)  # ALL-CAPS and Headline-Cased lines, titles, bylines


@dataclass
class _Found:
    """The article's entities so far."""

    people: set[str] = field(default_factory=set)
    # Canonical spelling by organisation_key(): "Itar-Tass" and "Itar Tass" are one.
    organizations: dict[str, str] = field(default_factory=dict)
    # In the order the article gives them (a dict, not a set: the result must not depend
    # on string hashing, which differs from one process to the next).
    bare_surnames: dict[str, None] = field(default_factory=dict)
    titled_names: set[str] = field(default_factory=set)  # "Energy Minister Subroto"
    single_names: set[str] = field(default_factory=set)  # one name the model calls a person
    teams: dict[str, str] = field(default_factory=dict)  # name as written -> its display

    def add_organisation(self, name: str) -> None:
        self.organizations.setdefault(organisation_key(name), name)


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


def _segments(title: str, body: str) -> list[tuple[int, str, bool]]:
    """(offset in article_text(), text, is the title) of the title and each paragraph."""
    found = [(0, title, True)]
    base, at = len(title) + 2, 0
    for gap in PARAGRAPH_SPLIT.finditer(body):
        found.append((base + at, body[at : gap.start()], False))
        at = gap.end()
    found.append((base + at, body[at:], False))
    return found


def extract_entities(
    title: str, body: str, spans: Sequence[ModelSpan] | None = None, date_lines: Sequence[str] = ()
) -> Entities:
    """People, countries and organisations named in an article's title and body.

    `spans` are the model's spans in article_text(title, body), when the caller ran the
    model over many articles at once (the build); without them the model runs here.
    `date_lines` are the lines the cleaner kept out of the body as dates (its
    `date_hints`): a dateline among them may name a country ("NICE, France 1996-08-30")."""
    tables = load_tables()
    text_all = article_text(title, body)
    if spans is None:
        spans = model_spans([text_all])[0]
    found = _Found()
    reading = _Reading()
    people = found.people
    bare_surnames, titled_names, add_organisation = found.bare_surnames, found.titled_names, found.add_organisation
    countries: set[str] = set()
    # Country matches, to be hidden by a model name around them ("Bank of Japan").
    country_spans: list[tuple[int, int, str, str]] = []
    demonym_spans: set[tuple[int, int]] = set()  # which of them are demonyms ("Danish")

    article = Article(text_all)
    companies = company_acronyms(article.text)
    redefined = acronym_definitions(body, tables)
    digest = bool(PRESS_DIGEST_RE.search(title) or PRESS_DIGEST_RE.search(body[:PRESS_DIGEST_HEAD_CHARS]))
    for offset, text, is_title in _segments(title, body):
        if not text.strip():
            continue
        if digest and not is_title and PRESS_DIGEST_PAPER_RE.match(text) and not PRESS_DIGEST_RE.search(text):
            add_organisation(team_display(collapse(text)))  # "JAKARTA POST": a paper's stories follow
            reading.blind.append((offset, offset + len(text)))
            continue
        byline = None if is_title else BYLINE_RE.match(text.lstrip())
        if byline and len(text.split()) <= BYLINE_MAX_WORDS and (
            byline.group(1) is None or is_name_word(byline.group(1), tables)
        ):
            reading.blind.append((offset, offset + len(text)))  # the reporter, not the story
            continue
        caps = _is_all_caps(text)
        headline = is_title and _is_headline_case(text)
        if (caps or headline) and not MODEL_IN_CAPS_LINES:
            reading.blind.append((offset, offset + len(text)))

        gazetteer = gazetteer_spans(text, tables, caps, headline, companies, redefined)
        # Table matches win over names read from capitalisation: known people ("Prime
        # Minister Theresa May", where "May" looks like a month), stop phrases ("Merrill
        # Lynch said") and countries/organisations ("The United Nations said").
        known = [(s.start, s.end) for s in gazetteer if not s.entry.ambiguous]
        taken: list[tuple[int, int]] = []
        # Teams in results and standings lines: organisations, unless the tables know the
        # name (a national side is its country); they hide the names read inside them.
        teams, venues = ([], []) if is_title else team_spans(text)
        reading.blind.extend((offset + a, offset + b) for a, b in venues)  # places
        known.extend(venues)
        taken.extend(venues)  # "London (The Oval): ..." is no actor either
        for start, end, name in teams:
            entry = table_entry(name, tables)
            if (entry is not None and entry.facet != "stop" and not (entry.indirect or entry.capital)) or any(
                start < g.end and g.start < end for g in gazetteer if g.entry.facet == "people"
            ):
                continue  # "Romania 2 Lithuania 1"; but "DETROIT 4", "Pusan 3" are clubs
            if team_display(name) in NATIONAL_SIDES:
                continue  # "Wales 1 Moldova 0"
            found.teams[name] = team_display(name)
            known.append((start, end))
            taken.append((start, end))
        # Players in line-ups, scorecards and results rows ("Austria: Michael Konsel,
        # Markus Schopp, ...", "N. Knight st Moin Khan b Saqlain Mushtaq 113").
        for start, end, name in [] if is_title else player_spans(text):
            if any(start < b and a < end for a, b in known):
                continue  # a known person's table name, or a team
            words = name.split()
            if not all(is_name_word(w, tables) for w in words):
                continue
            real = [w for w in words if not w.endswith(".")]
            if len(real) >= 2 or (real and len(words) >= 2):
                people.add(canonical_person(words, tables))
            else:
                bare_surnames[name] = None  # "Becerril 46th": kept unless it resolves
                found.single_names.add(name)
            known.append((start, end))
            taken.append((start, end))
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
            add_organisation(span.entry.name)
            taken.append((span.start, span.end))
        reading.claimed.extend((offset + a, offset + b) for a, b in taken)

        for span in gazetteer:
            if _overlaps(span, taken):
                continue
            entry = span.entry
            where = (offset + span.start, offset + span.end)
            if entry.facet == "stop":
                reading.stops.append(where)
                continue
            if entry.facet == "fallback" or (entry.indirect and not COUNTRIES_FROM_EVIDENCE):
                # A legal form, a city, a currency: evidence, not a name. It claims
                # nothing, so the model may still read it ("Federal Reserve" is a body).
                continue
            (reading.countries if entry.facet == "countries" else reading.claimed).append(where)
            if entry.facet == "people":
                people.add(entry.name)
            elif entry.facet == "countries":
                country_spans.append((*where, collapse(text[span.start : span.end]), entry.name))
                if entry.demonym:
                    demonym_spans.add(where)
            else:
                add_organisation(entry.name)

    # "Secretary of State John Kerry": a word of a title is no organisation ("State").
    reading.blind.extend(m.span() for m in tables.titles_re.finditer(text_all))
    model_names = _merge_model_spans(text_all, spans, redefined, tables, reading, found)
    surnames = {name.split()[-1] for name in people if " " in name}
    places_around = _places_around_countries(text_all, spans, country_spans, tables, reading) if MODEL_PLACE_HIDES_COUNTRY else set()
    story_name_words = {w for name in people for w in name.split()} | set(bare_surnames)
    for start, end, alias, name in country_spans:
        if (start, end) in demonym_spans and _demonym_describes_person(
            text_all, start, end, story_name_words, tables.title_words
        ):
            continue  # "Tim Brandt, the Danish diplomat who...": who he is, not Denmark acting
        if MODEL_NAME_HIDES_COUNTRY and any(
            a <= start and end <= b and (a, b) != (start, end) for a, b in model_names
        ):
            continue  # "New Zealand First", "Bank of Japan": the country is in a name
        if (start, end) in places_around:
            continue  # "the U.S. Gulf": another place
        if alias in surnames:
            continue  # "Holland was moved" after "Trevor Holland": the man, not the country
        countries.add(name)

    countries.update(_dateline_countries(date_lines, tables))

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
        if (word in titled_names or word in found.single_names) and word not in tables.surname_first and not any(word in name.split() for name in people):
            # A title right before one name that nothing resolves, or one name the model
            # reads as a person: many people go by one name ("Energy Minister Subroto"). Korean and Chinese family names alone
            # ("Minister Kim") say too little to be a facet value.
            people.add(word)

    # A team is no person ("Hamilton 3 1 1 1 3 2 4" and "Hamilton" alone), unless the
    # name is a word of a person of the story ("Clinton 52, Dole 38" in a poll).
    person_name_words = {w for name in people if " " in name for w in name.split()}
    for name, display in found.teams.items():
        if not set(name.split()) & person_name_words:
            add_organisation(display)
    teams = set(found.teams) | {team_display(n) for n in found.teams}
    people = {name for name in people if name not in teams}

    # "Hernandez Grisanti said" after "Minister Arturo Hernandez Grisanti": the same man.
    folded = {name: name.casefold() for name in people}  # "De Clercq" in "Willy de Clercq"
    people = {
        name
        for name in people
        if not any(other.endswith(" " + folded[name]) for other in folded.values() if other != folded[name])
    }

    # "McDonnell Douglas said" reads like a person; the same article's
    # "McDonnell Douglas Corp" or "<McDonnell Douglas>" says it is a company.
    people = {name for name in people if not article.names_a_company(name)}
    # "told Der Spiegel" reads like a person after a say-verb: a newspaper.
    for name in [n for n in people if NEWSPAPER_ARTICLE_RE.match(n)]:
        people.discard(name)
        add_organisation(name)

    return Entities(
        people=tuple(sorted(people)),
        countries=tuple(sorted(countries)),
        organizations=tuple(sorted(set(found.organizations.values()))),
    )


def _places_around_countries(
    text_all: str,
    spans: Sequence[ModelSpan],
    country_spans: list[tuple[int, int, str, str]],
    tables: Tables,
    reading: _Reading,
) -> set[tuple[int, int]]:
    """The country matches inside a place the model reads that is no name of a country
    ("the U.S. Gulf", "the Gulf of Mexico"), the other words not only a direction
    ("Northern Iraq"); a place around two countries is a list ("China, Japan")."""
    hidden = set()
    for span in spans:
        if span.label not in MODEL_PLACE_AROUND_LABELS:
            continue
        if any(a <= span.start and span.end <= b for a, b in reading.blind):
            continue
        text = clean_span_text(span.text)
        entry = table_entry(text, tables)
        if entry is not None and entry.facet == "countries":
            continue  # "the Russian Federation", "Puerto Rico's": the country itself
        inside = [(a, b) for a, b, _, _ in country_spans if span.start <= a and b <= span.end and (a, b) != (span.start, span.end)]
        if len(inside) != 1:
            continue
        a, b = inside[0]
        if text_all[span.start : a].rstrip().endswith(","):
            continue  # "Khasavyurt, Russia" read as one place: the country is named
        rest = (text_all[span.start : a] + " " + text_all[b : span.end]).split()
        rest = [w for w in rest if w not in ("the", "The", "of", "'s", "’s")]
        if any(w[0].isupper() and w not in COMPASS_WORDS for w in rest):
            hidden.add((a, b))
    return hidden


def _demonym_describes_person(
    text_all: str, start: int, end: int, person_name_words: set[str], title_words: frozenset[str]
) -> bool:
    """Do a demonym and its actor noun describe a person of the story: in apposition after
    the name ("Tim Brandt, the Danish diplomat") or before it ("Danish peace envoy Tim
    Brandt")?"""
    before = DEMONYM_APPOSITION_BEFORE_RE.search(text_all, max(0, start - DEMONYM_APPOSITION_WINDOW), start)
    if before is not None and before.group(1) in person_name_words:
        return True
    actor = DEMONYM_ACTOR_RE.match(text_all, end)
    if actor is None:
        return False
    at = actor.end()
    for _ in range(TITLE_WORDS_BEFORE_NAME + 1):
        after = NAME_AFTER_ACTOR_RE.match(text_all, at)
        if after is None:
            return False
        if after.group(1) in person_name_words:
            return True
        if after.group(1).capitalize() not in title_words:  # titles are listed capitalised
            return False
        at = after.end()  # "British prime minister Winston Churchill": the rest of the title
    return False


def _dateline_countries(date_lines: Sequence[str], tables: Tables) -> set[str]:
    """The country a dateline names: after the city's comma ("NICE, France 1996-08-30"),
    or the city when it is a country's own name ("SINGAPORE 1996-08-30"); a capital, a
    state or a nation of the UK ("MILWAUKEE, Wisconsin", "WIGAN, England") names none."""
    found = set()
    for line in date_lines:
        match = DATELINE_PLACE_RE.match(line)
        if match is None:
            continue
        for place in (match.group("city"), match.group("region")):
            entry = table_entry(collapse(place), tables) if place else None
            if entry is not None and entry.facet == "countries" and not (
                entry.capital or entry.demonym or entry.indirect or entry.ambiguous
            ):
                found.add(entry.name)
    return found


def _defined_as_known(text: str, end: int, tables: Tables, redefined: dict[str, Entry | None]) -> bool:
    """Is the name ending at `end` followed by an acronym of the organisation table
    ("the Food and Agricultural Organisation (FAO)")? The table's body is meant, unless
    the article defines the acronym as something else ("Interstate Commerce Commission
    (ICC)")."""
    acronym = ACRONYM_AFTER_RE.match(text, end)
    if acronym is None or acronym.group(1) in redefined:
        return False
    entry = table_entry(acronym.group(1), tables)
    return entry is not None and entry.facet == "organizations"


def _overlap(start: int, end: int, taken: Offsets) -> bool:
    return any(start < b and a < end for a, b in taken)


def _merge_model_spans(
    text_all: str,
    spans: Sequence[ModelSpan],
    redefined: dict[str, Entry | None],
    tables: Tables,
    reading: _Reading,
    found: _Found,
) -> Offsets:
    """Add the model's people and organisations that the tables and rules did not read;
    returns where the model's people and organisations are (they hide countries)."""
    names: Offsets = []
    places = {clean_span_text(s.text) for s in spans if s.label in MODEL_PLACE_LABELS}
    found_orgs: list[str] = []
    single_counts: dict[str, int] = {}
    # Where the model's full names of people start: "Everton's Duncan Ferguson".
    person_starts = {s.start for s in spans if s.label == "PERSON" and " " in s.text.strip()}
    for span in spans:
        if span.label == "ORG" and (
            MODEL_ORG_EVENT_END_RE.search(collapse(span.text))
            or (" " not in span.text.strip() and MODEL_ORG_PORTFOLIO_BEFORE_RE.match(text_all, span.end))
        ):
            continue  # "the PGA Tour": an event; "Education Minister": a portfolio
        cut = PARAGRAPH_SPLIT.search(span.text)
        if cut is not None:
            # spaCy does not know paragraphs: "Jane Doe\n\nSEOUL" is "Jane Doe".
            span = ModelSpan(span.label, span.start, span.start + cut.start(), span.text[: cut.start()])
        where = (span.start, span.end)
        if any(a <= span.start and span.end <= b for a, b in reading.blind):
            continue
        if span.label == "ORG" and MODEL_ORG_HOLIDAY_RE.search(span.text.rstrip()):
            continue  # "the U.S. Labor Day": a date
        if span.label in MODEL_NAME_LABELS:
            names.append(where)
        if span.label not in ("PERSON", "ORG"):
            continue  # places: the tables name every country; the rest is no facet
        if _overlap(span.start, span.end, reading.claimed):
            continue  # the tables' reading wins: canonical name and id
        # A country's name is the tables' too, unless it is inside the model's name of a
        # body ("the News Agency of Nigeria", "Air France", "the Dhaka Stock Exchange").
        if any(
            span.start < b and a < span.end
            and (span.label != "ORG" or (a, b) == where or not (span.start <= a and b <= span.end))
            for a, b in reading.countries
        ):
            continue
        # A stop phrase ("South China Sea", "Merrill Lynch") is no person and no place;
        # a firm named after people is still an organisation.
        if span.label != "ORG" and _overlap(span.start, span.end, reading.stops):
            continue
        text = SPAN_LEADING_VERB_RE.sub("", clean_span_text(span.text))
        if not text or text.lower().startswith("non-"):
            continue  # "non-European Community countries": everyone else
        label = span.label
        text = NAME_TRAILING_NUMBER_RE.sub("", text)  # "Stamper 3-1", "Cleveland 3"
        if not text:
            continue
        if label == "ORG" and ORG_IS_PERSON_RE.match(text) and len(text.split()) == 2:
            label = "PERSON"  # "H. Morris", "M. McCague" in a scorecard
        if label == "PERSON" and " " not in text:
            owner = POSSESSOR_RE.match(text_all, span.end)
            if owner is not None and owner.end() in person_starts:
                label = "ORG"  # "Everton's Duncan Ferguson": his club, not a man
        if label == "PERSON":
            last = text.split()[-1] if text.split() else ""
            if last in PLACE_END_WORDS:
                continue  # "Central Clinical Hospital"
            if PERSON_IS_COMPANY_RE.search(text) or last in ORG_END_WORDS or (
                text.isupper() and text.isalpha() and len(text) > 1
            ) or NEWSPAPER_ARTICLE_RE.match(text):
                label = "ORG"  # "Pirelli SpA", "Chittagong Cement", "KDP", "Der Spiegel"
        entry = table_entry(text, tables)
        if entry is not None and not (label == "ORG" and entry.indirect):
            # A table alias the rules chose not to read here ("talks in Washington").
            # National institutions are country evidence and bodies ("Federal Reserve").
            continue
        if label == "PERSON":
            words = person_words(text, tables)
            if words is None or not all(w[0].isupper() or NAME_LOWER_WORD_RE.fullmatch(w) for w in words):
                continue  # "marijuana": a name is capitalised
            real = [w for w in words if not w.endswith(".")]
            if len(real) >= 2 or (real and len(words) >= 2):
                found.people.add(canonical_person(words, tables))
            elif real and real[0] not in places:  # "Grozny" a person once, a place elsewhere
                found.bare_surnames[real[0]] = None
                single_counts[real[0]] = single_counts.get(real[0], 0) + 1
        elif not _defined_as_known(text_all, span.end, tables, redefined):
            found_orgs.extend(
                part
                for part in ORG_LIST_SPLIT_RE.split(text)
                if any(c.isupper() for c in part)
                and part.upper() not in MODEL_ORG_NOT_NAMES
                and not TREATY_END_RE.search(part)
                and not LEGAL_FORM_ONLY_RE.fullmatch(part)
            )
    if MODEL_SINGLE_NAMES:
        found.single_names.update(w for w, n in single_counts.items() if n >= SINGLE_NAME_MIN_MENTIONS)
    # The model calls a person an organisation now and then ("Maskhadov" beside "Aslan
    # Maskhadov"): a name made of the words of the story's people is that person.
    person_words_seen = {w for name in found.people for w in name.split()}
    for text in found_orgs:
        if set(text.split()) <= person_words_seen:
            continue
        name = organisation_name(text)
        known = table_entry(name, tables) if name != text else None
        if known is not None and known.facet == "organizations":
            name = text  # "ICO Inc" is a company, not the coffee organisation "ICO"
        found.add_organisation(name)
        # And an organisation now and then a person ("Ericsson" beside "LM Ericsson AB"):
        # one name that is a word of an organisation's is not a person on its own.
        found.single_names.difference_update(name.split())
    return names
