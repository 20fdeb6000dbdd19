"""Facets: what each facet is, and how its counts become what a reader sees. No backend
code: a backend counts terms over its results (the Whoosh backend's facet tables do it
with numpy) and hands the counts to `Facet.result`.

Two kinds, by what choosing several values should mean to a reader:
- a single-valued field (source, month) is *disjunctive*: "Yonhap or VOA".
  Its counts are taken over the results filtered by every *other* facet, so
  the values not chosen yet still show how many hits they would add.
- a multi-valued field (people, countries, organisations) is *conjunctive*:
  "Wang Yi and John Kerry". Its counts are taken over the current results.

A new facet is one more `Facet` in FACETS, with a field of the same name in each
backend's schema.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from searchapp.catalog import ENTITY_FACETS, display_name, typed_entity_id

# How many values a facet shows (the chosen ones always show).
FACET_LIMIT = 15


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetResult:
    name: str
    label: str
    values: tuple[FacetValue, ...]
    hidden: int = 0  # values with hits left out by the limit (behind the facet's "more" page)


@dataclass(frozen=True)
class Facet:
    name: str  # URL parameter and index field
    label: str
    multi_valued: bool
    # Facet values sort by count, or by value (newest first) for dates.
    order: str = "count"
    # Entity facets index stable ids and show the current canonical name, so
    # renaming a row of an alias table renames the facet value without a
    # rebuild and without splitting it.
    entity: bool = False

    @property
    def disjunctive(self) -> bool:
        return not self.multi_valued

    def term(self, value: str) -> str:
        """The index term for a value as shown and put in URLs (or typed there: any case)."""
        return typed_entity_id(self.name, value) if self.entity else value

    def value(self, term: str) -> str:
        return display_name(self.name, term) if self.entity else term

    def result(self, term_counts: dict[str, int], selected: tuple[str, ...], limit: int | None) -> FacetResult:
        counts: dict[str, int] = {}
        for term, count in term_counts.items():
            if term:
                counts.setdefault(self.value(term), count)
        # Show a chosen value as the facet names it (an alias in a URL shows
        # as the canonical name it stands for).
        selected = tuple(self.value(self.term(v)) for v in selected)
        # A value typed in another case ("cai jian") shows as the value it selected.
        folded = {value.casefold(): value for value in counts} if selected else {}
        selected = tuple(v if v in counts else folded.get(v.casefold(), v) for v in selected)
        # A chosen value always shows, even with 0 hits, so it can be unchosen.
        for value in selected:
            counts.setdefault(value, 0)
        chosen = [(v, counts[v]) for v in dict.fromkeys(selected)]
        rest = [kv for kv in counts.items() if kv[0] not in selected]
        hidden = 0
        if limit is not None:
            shown = self._top(rest, max(0, limit - len(chosen)))
            hidden = sum(1 for _v, c in rest if c) - sum(1 for _v, c in shown if c)
            rest = shown
        return FacetResult(
            name=self.name,
            label=self.label,
            values=tuple(FacetValue(str(v), int(c), v in selected) for v, c in self._ordered(chosen + rest)),
            hidden=hidden,
        )

    def _ordered(self, items: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """By count (then by value), or by value newest first for dates."""
        if self.order == "value":
            return sorted(items, key=lambda kv: kv[0], reverse=True)
        return sorted(items, key=lambda kv: (-kv[1], kv[0]))

    def _top(self, items: list[tuple[str, int]], k: int) -> list[tuple[str, int]]:
        """The first k of items in _ordered's order, without sorting them all: a broad
        query's organisations facet has some 20,000 values, and sorting them was a fifth
        of its page."""
        if k <= 0:
            return []
        if self.order == "value" or len(items) <= k:
            return self._ordered(items)[:k]
        # The k-th highest count: only values counted at least that often can show
        # (all of them, for the ties among them are ordered by value).
        least = heapq.nlargest(k, (c for _v, c in items))[-1]
        return self._ordered([kv for kv in items if kv[1] >= least])[:k]


_ENTITY_LABELS = {"people": "People", "countries": "Countries", "organizations": "Organisations"}

FACETS: tuple[Facet, ...] = (
    Facet("source", "Source", multi_valued=False),
    Facet("month", "Month", multi_valued=False, order="value"),
    *(Facet(name, _ENTITY_LABELS[name], multi_valued=True, entity=True) for name in ENTITY_FACETS),
)
FACETS_BY_NAME = {f.name: f for f in FACETS}
