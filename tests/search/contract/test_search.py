"""The search contract on the seed collection: queries, facets, highlighting, sorting,
paging and article lookup, as every backend must answer them."""

from __future__ import annotations

import pytest

from searchapp import catalog, datafiles
from searchapp.ingest.pipeline import process_collection
from searchapp.search.api import DEFAULT_PER_PAGE, MAX_PER_PAGE, Searcher, SearchRequest

from ...conftest import SEEDS, seed_id


def ids(searcher: Searcher, q: str = "", **filters) -> set[str]:
    args = {"q": [q], "per_page": ["100"], **{k: list(v) for k, v in filters.items()}}
    results = searcher.search(SearchRequest.from_args(args))
    assert results.error is None
    return {h.id[:3] for h in results.hits}


ALL = {"000", "001", "002", "003", "004"}


@pytest.mark.parametrize("q,expected", [("Churkin", {"002"}), ("Blinken", {"004"}), ("Thaad", {"001"})])
def test_names_find_their_article(searcher, q, expected):
    assert ids(searcher, q) == expected


@pytest.mark.parametrize("q", ["US", "U.S.", "UN", "U.N."])
def test_acronyms_with_and_without_dots_find_all(searcher, q):
    assert ids(searcher, q) == ALL


@pytest.mark.parametrize("q", ["Yoon", "Mitsubishi", "Rhythm", "Accessibility", "hague"])
def test_cruft_is_not_searchable(searcher, q):
    assert ids(searcher, q) == set()


def test_feedback_only_where_the_body_says_it(searcher):
    assert ids(searcher, "feedback") == {"002"}


def test_hyphenated_names_are_searchable(searcher):
    assert ids(searcher, '"Kim Jong-un"') == {"001"}
    assert ids(searcher, "jong-un") == {"001"}
    assert ids(searcher, "Jong") == {"001"}


def test_kim_jong_un_does_not_match_un(tmp_path, make_backend):
    src = tmp_path / "src"
    src.mkdir()
    (src / "kim.txt").write_text(
        "Kim Jong-un inspects a missile base\n"
        "PYONGYANG, March 3 (AP) -- North Korean leader Kim Jong-un inspected a missile base on Thursday, "
        "state media said, days after the launch drew condemnation from Seoul and Tokyo.\n"
    )
    backend = make_backend(tmp_path / "ix")
    backend.rebuild(process_collection(src))
    with backend.searcher() as s:
        assert s.search(SearchRequest(q="Jong-un")).total == 1
        assert s.search(SearchRequest(q="UN")).total == 0
        assert s.search(SearchRequest(q="U.N.")).total == 0


def test_boolean_operators_and_phrases(searcher):
    assert ids(searcher, "Kerry Blinken") == {"004"}  # AND by default
    assert ids(searcher, "Churkin OR Blinken") == {"002", "004"}
    assert ids(searcher, "Kerry NOT Blinken") == ids(searcher, "Kerry") - {"004"}
    assert ids(searcher, '"Security Council"') >= {"002"}
    assert ids(searcher, '"Council Security"') == set()


def test_minus_excludes_as_readers_type_it(searcher):
    everything = ids(searcher, "")
    assert ids(searcher, "Kerry -Blinken") == ids(searcher, "Kerry NOT Blinken") == ids(searcher, "Kerry") - {"004"}
    assert ids(searcher, "-Blinken") == everything - {"004"}
    assert ids(searcher, '(Kerry -Blinken) OR Churkin') == (ids(searcher, "Kerry") - {"004"}) | {"002"}
    assert ids(searcher, 'Kerry -"John Kerry"') == ids(searcher, "Kerry") - ids(searcher, '"John Kerry"')
    # A hyphen inside a word is not a minus.
    assert ids(searcher, "Kim Jong-un -Blinken") == {"001"}


def test_exclusions(searcher):
    assert ids(searcher, "Kerry Wang NOT Blinken NOT Churkin") == (
        ids(searcher, "Kerry Wang") - ids(searcher, "Blinken") - ids(searcher, "Churkin")
    )
    assert ids(searcher, "NOT Kerry") == ids(searcher, "") - ids(searcher, "Kerry")
    # Exclusions whose first document comes before the first match (Whoosh's own
    # AndNotMatcher let that first match through).
    assert ids(searcher, "Blinken") == {"004"}
    assert ids(searcher, "Blinken NOT (Churkin OR Blinken)") == set()
    assert ids(searcher, "Blinken -Churkin -Blinken") == set()
    assert ids(searcher, "Blinken ANDNOT (Churkin OR Blinken)") == set()


def test_excluded_words_are_not_marked(searcher):
    hits = searcher.search(SearchRequest(q="Kerry -Blinken", per_page=100)).hits
    assert hits and all("<mark>Kerry</mark>" in h.snippet for h in hits)
    article = searcher.article(seed_id("002"))
    marked = "".join(searcher.highlight_paragraphs(article, "resolution -Churkin"))
    assert "<mark>resolution</mark>" in marked and "Churkin" in marked and "<mark>Churkin</mark>" not in marked


def test_field_prefixes(searcher):
    assert ids(searcher, "title:Russia") == {"002"}
    assert ids(searcher, "source:yonhap") == {"000", "003", "004"}
    assert ids(searcher, "person:Blinken") == {"004"}


def test_source_facet_and_filter(searcher):
    results = searcher.search(SearchRequest())
    source = {f.name: f for f in results.facets}["source"]
    assert {v.value: v.count for v in source.values}["Yonhap"] == 3
    assert ids(searcher, source=["Yonhap"]) == {"000", "003", "004"}


def test_source_facet_is_disjunctive(searcher):
    results = searcher.search(SearchRequest.from_args({"source": ["Yonhap"]}))
    values = {v.value: v for f in results.facets if f.name == "source" for v in f.values}
    assert values["Yonhap"].selected and values["Yonhap"].count == 3
    assert not values["Unknown"].selected and values["Unknown"].count == 1
    # 001 names its publisher in its "About us" footer; 002 names none.
    assert not values["Rhythm Media Group"].selected and values["Rhythm Media Group"].count == 1
    assert ids(searcher, source=["Yonhap", "Unknown", "Rhythm Media Group"]) == ALL
    assert ids(searcher, source=["Yonhap", "Unknown"]) == ALL - {"001"}


def test_person_facet(searcher):
    results = searcher.search(SearchRequest())
    people = {v.value: v.count for f in results.facets if f.name == "people" for v in f.values}
    assert people["John Kerry"] == 4


def test_month_facet(searcher):
    results = searcher.search(SearchRequest())
    months = {v.value: v.count for f in results.facets if f.name == "month" for v in f.values}
    assert months == {"2016-01": 2}
    assert ids(searcher, month=["2016-01"]) == {"003", "004"}


def test_entity_facets_are_conjunctive_and_counts_follow_results(searcher):
    both = ids(searcher, people=["John Kerry", "Wang Yi"])
    assert both == {"001", "003"}
    results = searcher.search(SearchRequest.from_args({"people": ["John Kerry", "Wang Yi"]}))
    assert results.total == 2
    people = {v.value: v for f in results.facets if f.name == "people" for v in f.values}
    assert people["John Kerry"].count == 2 and people["John Kerry"].selected
    # Counts are over the current results only.
    assert all(v.count <= 2 for f in results.facets for v in f.values)


def test_filters_combine_with_a_query(searcher):
    assert ids(searcher, "Kerry", source=["Yonhap"]) == {"000", "003", "004"}
    assert ids(searcher, "Kerry", source=["Rhythm Media Group"]) == {"001"}
    assert ids(searcher, "Kerry", source=["Unknown"]) == set()


def test_highlighting_marks_matches_and_escapes_the_rest(searcher):
    results = searcher.search(SearchRequest(q="Churkin"))
    assert "<mark>Churkin</mark>" in results.hits[0].snippet
    results = searcher.search(SearchRequest(q="U.N."))
    assert all("<mark>" in h.snippet for h in results.hits)


def test_phrases_are_highlighted_as_phrases(searcher):
    results = searcher.search(SearchRequest(q='"nuclear test"'))
    assert results.total >= 3
    for hit in results.hits:
        assert "<mark>nuclear test</mark>" in hit.snippet
        assert "<mark>nuclear</mark>" not in hit.snippet


def test_sort_by_date_and_pagination(searcher):
    newest = searcher.search(SearchRequest(sort="newest", per_page=2))
    assert [h.id[:3] for h in newest.hits] == ["003", "004"]
    assert newest.total == 5 and newest.pages == 3
    oldest = searcher.search(SearchRequest(sort="oldest", per_page=2))
    assert [h.id[:3] for h in oldest.hits] == ["004", "003"]
    last = searcher.search(SearchRequest(sort="newest", per_page=2, page=3))
    assert len(last.hits) == 1 and last.hits[0].published is None
    oldest_all = searcher.search(SearchRequest(sort="oldest", per_page=10))
    assert [h.published for h in oldest_all.hits] == ["2016-01-21", "2016-01-29", None, None, None]
    # A query sorted by date still gets highlighted snippets.
    dated = searcher.search(SearchRequest(q="sanction*", sort="newest"))
    assert [h.id[:3] for h in dated.hits][:2] == ["003", "004"]
    assert all("<mark>" in h.snippet for h in dated.hits)


def test_bad_query_syntax_does_not_crash(searcher):
    for q in ['"unclosed', "title:((", "AND OR NOT", "*", "???"]:
        results = searcher.search(SearchRequest(q=q))
        assert results.total >= 0


def test_article_lookup(searcher):
    article = searcher.article(seed_id("004"))
    assert article.title == "No. 2 U.S. diplomat in Beijing for talks on N. Korea sanctions"
    assert article.version == "LEAD"
    assert article.source == "Yonhap" and article.published == "2016-01-21"
    assert "Antony Blinken" in article.people
    assert searcher.article("nope.txt") is None


def test_entity_filters_take_aliases_and_show_canonical_names(searcher):
    assert ids(searcher, countries=["N.K."]) == ids(searcher, countries=["North Korea"]) == ALL
    results = searcher.search(SearchRequest.from_args({"organizations": ["U.N."]}))
    orgs = {v.value: v for f in results.facets if f.name == "organizations" for v in f.values}
    assert orgs["United Nations"].selected and orgs["United Nations"].count == 5


def test_renamed_entity_keeps_its_facet_together(searcher, tmp_path, monkeypatch):
    # The index holds ids; the shown name comes from the tables at search time.
    for item in datafiles.DATA_DIR.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    table = tmp_path / "countries.tsv"
    table.write_text(
        table.read_text(encoding="utf-8").replace("PRK\tNorth Korea\t", "PRK\tDPRK\tNorth Korea|"),
        encoding="utf-8",
    )
    monkeypatch.setattr(datafiles, "DATA_DIR", tmp_path)
    catalog.reload()
    try:
        results = searcher.search(SearchRequest())
        countries = {v.value: v.count for f in results.facets if f.name == "countries" for v in f.values}
        assert countries["DPRK"] == 5 and "North Korea" not in countries
        assert "DPRK" in searcher.article(seed_id("000")).countries
    finally:
        monkeypatch.undo()
        catalog.reload()




def test_star_is_everything(searcher):
    everything = ids(searcher, "")
    assert ids(searcher, "*") == everything
    assert ids(searcher, "title:*") == everything


def test_prefixes_and_ranges(searcher):
    assert ids(searcher, "sanction*") == ids(searcher, "sanctions OR sanction OR sanctioned") != set()
    assert ids(searcher, "title:[resolution TO resolutions]") == ids(searcher, "title:resolution")


@pytest.mark.parametrize("per_page", ["0", "-1", "", "x"])
def test_no_page_size_means_the_default(per_page):
    assert SearchRequest.from_args({"per_page": [per_page]}).per_page == DEFAULT_PER_PAGE
    assert SearchRequest.from_args({"per_page": ["1000"]}).per_page == MAX_PER_PAGE


def test_unknown_parameters_are_ignored():
    assert SearchRequest.from_args({"q": ["x"], "bogus": ["1"], "Source": ["VOA"]}) == SearchRequest(q="x")


def test_titles_are_marked_like_the_text(searcher):
    hit = searcher.search(SearchRequest(q='Kerry "N.K. sanctions"')).hits[0]
    assert hit.title_html == "FM Yun, <mark>Kerry</mark> agree on closer coordination over <mark>N.K. sanctions</mark>"
    article = searcher.article(hit.id)
    assert searcher.highlight_title(article, "coordination") == article.title.replace("coordination", "<mark>coordination</mark>")
    assert searcher.highlight_title(article, "") == article.title.replace("&", "&amp;")


def test_related_articles_are_others_most_like_it(searcher):
    kerry = seed_id("003")
    related = searcher.related(kerry, limit=3)
    assert 1 <= len(related) <= 3 and kerry not in {h.id for h in related}
    assert len({h.id for h in related}) == len(related)
    assert all(h.title and h.source for h in related)
    assert searcher.related("nope.txt", limit=3) == ()


def test_related_articles_leave_out_copies_of_the_same_text(make_backend, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("000", "003"):
        seed = next(SEEDS.glob(f"{name}_*"))
        (src / seed.name).write_bytes(seed.read_bytes())
        (src / ("copy-" + seed.name)).write_bytes(seed.read_bytes())  # the same story saved twice
    backend = make_backend(tmp_path / "index")
    backend.rebuild(process_collection(src))
    with backend.searcher() as s:
        first = next(h.id for h in s.search(SearchRequest(q="Kerry")).hits)
        related = s.related(first, limit=5)
        bodies = [s.article(h.id).body for h in related]
        assert s.article(first).body not in bodies and len(set(bodies)) == len(bodies) == 1


@pytest.mark.parametrize("facet,typed,shown", [
    ("countries", "japan", "Japan"), ("countries", "NORTH KOREA", "North Korea"), ("source", "yonhap", "Yonhap"),
    ("people", "cai jian", "Cai Jian"), ("organizations", "united nations", "United Nations"),
])
def test_a_facet_value_typed_in_any_case_filters_as_its_name(searcher, facet, typed, shown):
    exact = searcher.search(SearchRequest.from_args({facet: [shown], "per_page": ["100"]}))
    loose = searcher.search(SearchRequest.from_args({facet: [typed], "per_page": ["100"]}))
    assert exact.total > 0 and [h.id for h in loose.hits] == [h.id for h in exact.hits]
    chosen = [v for f in loose.facets if f.name == facet for v in f.values if v.selected]
    assert [v.value for v in chosen] == [shown]
