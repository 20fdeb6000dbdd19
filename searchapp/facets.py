"""Facets: small classes that filter a search and count values over its results.

Two kinds, by what choosing several values should mean to a reader:
- a single-valued field (source, month) is *disjunctive*: "Yonhap or VOA".
  Its counts are taken over the results filtered by every *other* facet, so
  the values not chosen yet still show how many hits they would add.
- a multi-valued field (people, countries, organisations) is *conjunctive*:
  "Wang Yi and John Kerry". Its counts are taken over the current results.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query, sorting


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


@dataclass(frozen=True)
class Facet:
    name: str  # URL parameter and index field
    label: str
    multi_valued: bool
    # Facet values sort by count, or by value (newest first) for dates.
    order: str = "count"

    @property
    def disjunctive(self) -> bool:
        return not self.multi_valued

    def filter_query(self, selected: tuple[str, ...]) -> query.Query | None:
        if not selected:
            return None
        terms = [query.Term(self.name, value) for value in selected]
        if len(terms) == 1:
            return terms[0]
        return query.Or(terms) if self.disjunctive else query.And(terms)

    def whoosh_facet(self) -> sorting.FacetType:
        return sorting.FieldFacet(self.name, allow_overlap=self.multi_valued)

    def result(self, counts: dict, selected: tuple[str, ...], limit: int | None) -> FacetResult:
        counts = {k: v for k, v in counts.items() if k is not None and k != ""}
        # A chosen value always shows, even with 0 hits, so it can be unchosen.
        for value in selected:
            counts.setdefault(value, 0)
        if self.order == "value":
            ordered = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
        else:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        chosen = [kv for kv in ordered if kv[0] in selected]
        rest = [kv for kv in ordered if kv[0] not in selected]
        if limit is not None:
            rest = rest[: max(0, limit - len(chosen))]
        values = sorted(chosen + rest, key=lambda kv: ordered.index(kv))
        return FacetResult(
            name=self.name,
            label=self.label,
            values=tuple(FacetValue(str(v), int(c), v in selected) for v, c in values),
        )


FACETS: tuple[Facet, ...] = (
    Facet("source", "Source", multi_valued=False),
    Facet("month", "Month", multi_valued=False, order="value"),
    Facet("people", "People", multi_valued=True),
    Facet("countries", "Countries", multi_valued=True),
    Facet("organizations", "Organisations", multi_valued=True),
)
FACETS_BY_NAME = {f.name: f for f in FACETS}
