"""Facet.result (search/facets.py) picks the values to show without sorting them all:
it must show what sorting them all shows, for any counts, choices and limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from searchapp.search.facets import FACETS_BY_NAME, Facet, FacetValue

# Terms as the index holds them: source names, months, entity ids (a table's and a
# name's own, "name:..."), with many ties in their counts.
TERMS = {
    "source": st.sampled_from(["Yonhap", "VOA", "Reuters", "Xinhua", "AFP", "Kyodo", "TASS", "AP"]),
    "month": st.sampled_from([f"20{y:02d}-{m:02d}" for y in (15, 16) for m in range(1, 13)]),
    "people": st.sampled_from(["john-kerry", "wang-yi", "name:Cai_Jian", "name:Ban_Ki-moon", "name:A_B",
                               "name:John_Kerry", "yun-byung-se", "name:Kim_Jong-un", "name:x"]),
}


def _reference(facet: Facet, term_counts: dict[str, int], selected: tuple[str, ...], limit: int | None):
    """What the facet shows, by sorting every value (the definition)."""
    counts: dict[str, int] = {}
    for term, count in term_counts.items():
        if term:
            counts.setdefault(facet.value(term), count)
    selected = tuple(facet.value(facet.term(v)) for v in selected)
    folded = {value.casefold(): value for value in counts}
    selected = tuple(v if v in counts else folded.get(v.casefold(), v) for v in selected)
    for value in selected:
        counts.setdefault(value, 0)
    if facet.order == "value":
        ordered = sorted(counts.items(), key=lambda kv: kv[0], reverse=True)
    else:
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = [kv for kv in ordered if kv[0] in selected]
    rest = [kv for kv in ordered if kv[0] not in selected]
    hidden = 0
    if limit is not None:
        shown = rest[: max(0, limit - len(chosen))]
        hidden = sum(1 for _v, c in rest[len(shown):] if c)
        rest = shown
    position = {kv: i for i, kv in enumerate(ordered)}
    values = sorted(chosen + rest, key=position.__getitem__)
    return tuple(FacetValue(str(v), int(c), v in selected) for v, c in values), hidden


@given(st.data())
def test_a_facet_shows_what_sorting_every_value_shows(data):
    name = data.draw(st.sampled_from(sorted(TERMS)))
    facet = FACETS_BY_NAME[name]
    term_counts = data.draw(st.dictionaries(TERMS[name], st.integers(0, 4), max_size=9))
    selected = tuple(data.draw(st.lists(st.one_of(TERMS[name], st.sampled_from(["cai jian", "nobody"])), max_size=3)))
    limit = data.draw(st.one_of(st.none(), st.integers(0, 6)))
    result = facet.result(term_counts, selected, limit)
    assert (result.values, result.hidden) == _reference(facet, term_counts, selected, limit)


def test_a_broad_facet_shows_its_top_values_and_counts_the_rest():
    facet = FACETS_BY_NAME["people"]
    term_counts = {f"name:Person_{i:05d}": 1 + i % 7 for i in range(20_000)}
    result = facet.result(term_counts, ("Person 00003",), 5)
    assert [(v.value, v.count, v.selected) for v in result.values] == [
        ("Person 00006", 7, False), ("Person 00013", 7, False), ("Person 00020", 7, False),
        ("Person 00027", 7, False), ("Person 00003", 4, True)]
    assert result.hidden == 20_000 - 5
