"""Dates in a search: the range a reader asks for, and the timeline of the hits.

Backend-neutral. A range comes from the URL (`from=2016-01&to=2016-02`, each YYYY, YYYY-MM
or YYYY-MM-DD, either may be left out) or from the query (`published:[2016-01 TO 2016-02]`,
`published:2016-01`; `date:` is the same); both given, a hit must be in both. Bounds are
days as integers YYYYMMDD, the form the Whoosh backend keeps per document (0 when undated).
`undated=1` asks for the articles with no date instead.

The timeline counts the hits per month, or per day when they span a short range, with the
empty periods between filled in so that gaps show, and the undated hits apart.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# How a reader may write a bound: a year, a month or a day.
_BOUND = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# A date range or a single period in the query, under either field name.
_IN_QUERY = re.compile(
    r"(?<!\S)(?:published|date):(?:\[\s*(\S*)\s+TO\s+(\S*?)\s*\]|([0-9][0-9-]*))(?!\S)", re.IGNORECASE
)
# Earliest and latest years taken as dates (the index keeps YYYYMMDD in 32 bits).
MIN_YEAR, MAX_YEAR = 1800, 2200
DATE_EXAMPLE = "from=2016-01&to=2016-02, or published:[2016-01 TO 2016-02] in the query"

# A timeline is per day when the range asked for spans at most this many days, else per month.
TIMELINE_DAY_SPAN = 62
# ... and per year when the months would be more than this (a bar would be too thin to click).
TIMELINE_MAX_MONTHS = 240


class BadDate(ValueError):
    """A bound that is not a date; the message says so for the reader."""


def bound(text: str, end: bool) -> int | None:
    """The first (or, with `end`, the last) day of the period `text` as YYYYMMDD; None for
    no bound (empty, "*"). Raises BadDate for anything else."""
    text = text.strip()
    if text in ("", "*"):
        return None
    m = _BOUND.match(text)
    if not m:
        raise BadDate(f"Could not read the date {text[:40]!r}: write YYYY, YYYY-MM or YYYY-MM-DD. Example: {DATE_EXAMPLE}")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadDate(f"The year {year} is outside {MIN_YEAR}-{MAX_YEAR}. Example: {DATE_EXAMPLE}")
    try:
        if month is None:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        elif day is None:
            m_ = int(month)
            first = dt.date(year, m_, 1)
            last = dt.date(year, m_, calendar.monthrange(year, m_)[1])
        else:
            first = last = dt.date(year, int(month), int(day))
    except ValueError as err:
        raise BadDate(f"There is no date {text!r} ({err}). Example: {DATE_EXAMPLE}") from err
    chosen = last if end else first
    return int(chosen.strftime("%Y%m%d"))


@dataclass(frozen=True)
class DayRange:
    """Days from `start` to `end` (YYYYMMDD, both included; None: open), or only the
    undated articles."""

    start: int | None = None
    end: int | None = None
    undated: bool = False

    @property
    def short(self) -> bool:
        """A range of at most TIMELINE_DAY_SPAN days (both ends given)."""
        if self.start is None or self.end is None:
            return False
        return (_day(self.end) - _day(self.start)).days < TIMELINE_DAY_SPAN

    @property
    def unbounded(self) -> bool:
        return self.start is None and self.end is None and not self.undated

    def narrowed(self, start: int | None, end: int | None) -> DayRange:
        return DayRange(
            max(filter(None, (self.start, start)), default=None),
            min(filter(None, (self.end, end)), default=None),
            self.undated,
        )


def split_query(q: str) -> tuple[str, list[tuple[str, str]]]:
    """The query without its date ranges, and the ranges as (from, to) texts."""
    ranges = []

    def take(m: re.Match) -> str:
        if m.group(3) is not None:
            ranges.append((m.group(3), m.group(3)))
        else:
            ranges.append((m.group(1), m.group(2)))
        return " "

    rest = _IN_QUERY.sub(take, q)
    return (" ".join(rest.split()) if ranges else q), ranges


def day_range(q: str, date_from: str, date_to: str, undated: bool) -> tuple[str, DayRange]:
    """The query left to match and the days a request asks for (from the URL and the
    query together). Raises BadDate."""
    rest, ranges = split_query(q)
    days = DayRange(bound(date_from, end=False), bound(date_to, end=True), undated)
    for lo, hi in ranges:
        days = days.narrowed(bound(lo, end=False), bound(hi, end=True))
    return rest, days


# --------------------------------------------------------------------------- the timeline


@dataclass(frozen=True)
class Period:
    label: str  # "2016-01", "2016-01-29" or "2016"
    count: int
    date_from: str  # the bounds that select it, for its link
    date_to: str


@dataclass(frozen=True)
class Timeline:
    unit: str  # "day", "month" or "year"
    periods: tuple[Period, ...]
    undated: int

    @property
    def peak(self) -> int:
        return max((p.count for p in self.periods), default=0)


def _day(n: int) -> dt.date:
    return dt.date(n // 10000, n // 100 % 100, n % 100)


def timeline(day_counts: dict[int, int], undated: int, asked: DayRange | None = None) -> Timeline:
    """The timeline of hits from their counts per day (YYYYMMDD -> hits): per day when the
    range asked for (`asked`) is at most TIMELINE_DAY_SPAN days, else per month (per year
    when that is too many months)."""
    days = sorted(d for d, c in day_counts.items() if d and c)
    if not days:
        return Timeline("month", (), undated)
    first, last = _day(days[0]), _day(days[-1])
    if asked is not None and asked.short:
        # Every day of the range asked for, so that its quiet days show too.
        periods = []
        day, last = _day(asked.start), _day(asked.end)
        while day <= last:
            label = day.isoformat()
            periods.append(Period(label, day_counts.get(int(day.strftime("%Y%m%d")), 0), label, label))
            day += dt.timedelta(days=1)
        return Timeline("day", tuple(periods), undated)
    months: dict[tuple[int, int], int] = {}
    for d in days:
        key = (d // 10000, d // 100 % 100)
        months[key] = months.get(key, 0) + day_counts[d]
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span > TIMELINE_MAX_MONTHS:
        years = {y: sum(c for (yy, _m), c in months.items() if yy == y) for y in range(first.year, last.year + 1)}
        return Timeline("year", tuple(Period(str(y), c, str(y), str(y)) for y, c in years.items()), undated)
    periods = []
    year, month = first.year, first.month
    for _ in range(span):
        label = f"{year:04d}-{month:02d}"
        periods.append(Period(label, months.get((year, month), 0), label, label))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Timeline("month", tuple(periods), undated)
