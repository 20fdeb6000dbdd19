"""Metadata extraction: publication date, source agency and dateline city.

Works only from what the cleaner handed over (title, body, hints) plus the
sidecar metadata, which always wins. Nothing is guessed: a date without a year
stays unknown (its text is kept), and a source the page does not name is
``UNKNOWN_SOURCE``, never a plausible-looking wrong name.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from dateutil import parser as date_parser

from searchapp import datafiles
from searchapp.ingest.patterns import MONTH
from searchapp.records import UNKNOWN_SOURCE, ArticleMetadata, CleanedDocument, GivenMetadata

# ---------------------------------------------------------------------------
# Sources table (data/sources.tsv, extendable without code)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceTable:
    by_name: dict[str, str]  # lower-cased tag, site name or canonical name -> canonical
    by_domain: dict[str, str]  # domain without "www." -> canonical

    def lookup_name(self, name: str) -> str | None:
        return self.by_name.get(_name_key(name))

    def lookup_domain(self, host: str) -> str | None:
        host = host.lower().strip().strip(".")
        if host.startswith("www."):
            host = host[4:]
        # sub-domains belong to their parent: en.yna.co.kr -> yna.co.kr
        parts = host.split(".")
        for i in range(len(parts) - 1):
            found = self.by_domain.get(".".join(parts[i:]))
            if found:
                return found
        return None


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().lower()


def _split(field: str) -> list[str]:
    return [x.strip() for x in field.split(",") if x.strip()]


@lru_cache(maxsize=1)
def load_sources() -> SourceTable:
    by_name: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for row in csv.reader(datafiles.lines("sources.tsv"), delimiter="\t"):
        row = row + [""] * (4 - len(row))
        canonical = row[0].strip()
        if not canonical or canonical.lower() == "canonical":  # header line
            continue
        for name in [canonical, *_split(row[1]), *_split(row[3])]:
            by_name.setdefault(_name_key(name), canonical)
        for domain in _split(row[2]):
            by_domain.setdefault(domain.lower().removeprefix("www."), canonical)
    return SourceTable(by_name, by_domain)


# ---------------------------------------------------------------------------
# Dateline: "SEOUL, Jan. 25 (Yonhap) --", "ST. JOSEPH, Mich. (AP) —", "WASHINGTON (Reuters) -"
# ---------------------------------------------------------------------------

_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'\-]*(?:\s+[A-Z][A-Z.'\-]*){0,3})(?![a-z])"
    r"(?:\s*,\s*(?P<extra>[^()\n—–]{1,40}?))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?"
    r"\s*(?:--|—|–|-)\s*"
)
# Dates as text gives them, with or without a year.
_DATE_TEXT = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(?:19|20)\d{{2}}(?!\d))?"
    rf"|(?<![:\d])\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+(?:19|20)\d{{2}}(?!\d))?"
    r"|\b(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d{2}(?!\d)",
    re.IGNORECASE,
)
_ISO = re.compile(r"^\s*((?:19|20)\d{2})-(\d{2})-(\d{2})")
_EPOCH = re.compile(r"^\s*(\d{10})(\d{3})?\s*$")


@dataclass(frozen=True)
class Dateline:
    city: str
    date_text: str | None
    agency: str | None


def parse_dateline(paragraph: str) -> Dateline | None:
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    city = m.group("city").strip()
    extra, agency = m.group("extra"), m.group("agency")
    letters = re.sub(r"[^A-Za-z]", "", city)
    # "A -" or "UPDATE -" style noise is not a dateline; a real one names a city
    # and is followed by a date, a region or an agency.
    if len(letters) < 3 or not (extra or agency or len(city) >= 4):
        return None
    date_text = None
    if extra:
        dm = _DATE_TEXT.search(extra)
        date_text = dm.group(0) if dm else None
    return Dateline(_title_case(city), date_text, agency.strip() if agency else None)


def _title_case(city: str) -> str:
    """'NEW YORK' -> 'New York', "XI'AN" -> "Xi'an", 'ST. JOSEPH' -> 'St. Joseph'."""
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in city.split())


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _FoundDate:
    date: dt.date | None  # None when the text lacks the year (or the day)
    text: str


_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)


def _sane(d: dt.date) -> bool:
    return 1900 <= d.year <= dt.date.today().year + 1


def parse_date_hint(hint: str) -> _FoundDate | None:
    """A date from one hint string; None if it holds no date at all."""
    m = _ISO.match(hint)
    if m:
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return _FoundDate(d if _sane(d) else None, m.group(0).strip())
        except ValueError:
            return None
    m = _EPOCH.match(hint)
    if m:
        d = dt.datetime.fromtimestamp(int(m.group(1)), tz=dt.timezone.utc).date()
        return _FoundDate(d, hint.strip()) if _sane(d) else None
    matches = [m.group(0) for m in _DATE_TEXT.finditer(hint)]
    if not matches:
        return None
    # "15:30 January 29, 2016": prefer the match that carries a year.
    text = next((t for t in matches if re.search(r"(?:19|20)\d{2}", t)), matches[0])
    dayfirst = bool(re.match(r"\d{1,2}\.\d{1,2}\.\d{4}", text))
    try:
        # Parse twice with different defaults: a field the text lacks takes the
        # default, so it differs between the two parses and is not guessed.
        a = date_parser.parse(text, default=_DEFAULT_A, dayfirst=dayfirst)
        b = date_parser.parse(text, default=_DEFAULT_B, dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    if a.date() != b.date() or not _sane(a.date()):
        return _FoundDate(None, text)
    return _FoundDate(a.date(), text)


# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------

_PAREN_TAG_DASH = re.compile(r"\(([A-Z][\w .'-]{0,30})\)\s*(?:--|—|–|-|:)")
_PAREN_TAG_END = re.compile(r"\(([A-Z][\w .'-]{0,30})\)\W*$")
_DOMAIN_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url if "://" in url else "http://" + url).hostname
    except ValueError:
        return None
    return host or None


def _source(cleaned: CleanedDocument, given: GivenMetadata, dateline: Dateline | None) -> str:
    table = load_sources()
    if given.source:
        return table.lookup_name(given.source) or given.source.strip()
    # 1. The agency tag in the dateline is the text saying who wrote it.
    if dateline and dateline.agency:
        tag = dateline.agency
        return table.lookup_name(tag) or tag
    # 1b. An agency tag where a reader looks for one though not in a dateline we
    #     parse: before the dash that opens the first paragraph ("Washington, Nov. 3
    #     (AP) —"), or closing one of the first ones ("... said Tuesday (Yonhap).").
    #     Only names in the sources table count, and an acronym in mid-sentence
    #     ("a nursing assistant (CNA) said") is just text.
    candidates = _PAREN_TAG_DASH.findall(cleaned.paragraphs[0][:120]) if cleaned.paragraphs else []
    candidates += [m.group(1) for p in cleaned.paragraphs[:3] if (m := _PAREN_TAG_END.search(p))]
    for tag in candidates:
        found = table.lookup_name(tag)
        if found:
            return found
    # 2. Reporter sign-off e-mail: the domain is the employer.
    if cleaned.signoff and "@" in cleaned.signoff:
        for address in re.findall(r"@([\w.-]+)", cleaned.signoff):
            found = table.lookup_domain(address)
            if found:
                return found
    # 3. What the page says about itself (og:site_name, its own URL).
    for hint in cleaned.source_hints:
        hint = hint.strip()
        if hint.lower().startswith(("http://", "https://")):
            hint = _host(hint) or ""  # og:site_name given as the site's address
        # "Site | Sport | News": a site name padded with its sections.
        hint = re.split(r"\s+[|•·\-–—]\s+", hint)[0].strip()
        if not hint:
            continue
        if _DOMAIN_LIKE.match(hint):
            found = table.lookup_domain(hint)
        else:
            # A site name we do not know is still the page's own statement.
            found = table.lookup_name(hint) or hint.strip()
        if found:
            return found
    for url in (given.url, cleaned.url):
        host = _host(url)
        found = table.lookup_domain(host) if host else None
        if found:
            return found
    return UNKNOWN_SOURCE


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def extract_metadata(cleaned: CleanedDocument, given: GivenMetadata) -> ArticleMetadata:
    dateline = parse_dateline(cleaned.paragraphs[0]) if cleaned.paragraphs else None

    found: list[_FoundDate] = [f for f in map(parse_date_hint, cleaned.date_hints) if f]
    if dateline and dateline.date_text:
        f = parse_date_hint(dateline.date_text)
        if f:
            found.append(f)
    full = next((f for f in found if f.date), None)
    if given.published:
        published: dt.date | None = given.published
        published_text = full.text if full else given.published.isoformat()
    elif full:
        published, published_text = full.date, full.text
    else:
        # Only day and month are known: keep them as text, never guess a year.
        published = None
        published_text = found[0].text if found else None

    return ArticleMetadata(
        published=published,
        published_text=published_text,
        source=_source(cleaned, given, dateline),
        dateline=dateline.city if dateline else None,
    )
