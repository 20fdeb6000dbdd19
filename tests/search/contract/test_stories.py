"""The contract for stories: one hit per story with its versions counted, every version of
one story on request, and facet counts and exports over every article."""

from __future__ import annotations

import pytest

from searchapp.ingest.pipeline import process_collection
from searchapp.search.api import SearchRequest

from ...conftest import SEEDS


@pytest.fixture(scope="module")
def copies(make_backend, tmp_path_factory):
    """The seeds, with 003 saved twice more (one under a reprinting outlet's name)."""
    src = tmp_path_factory.mktemp("copies")
    for seed in SEEDS.iterdir():
        (src / seed.name).write_bytes(seed.read_bytes())
    kerry = next(SEEDS.glob("003_*"))
    (src / "a-copy.txt").write_bytes(kerry.read_bytes())
    (src / "z-copy.txt").write_bytes(kerry.read_bytes())
    backend = make_backend(tmp_path_factory.mktemp("copies-index"))
    backend.rebuild(process_collection(src))
    with backend.searcher() as s:
        yield s


def test_a_story_is_one_hit_with_its_versions_counted(copies):
    results = copies.search(SearchRequest(q="Kerry"))
    assert results.total == 6 and results.stories == 4 and len(results.hits) == 4
    kerry = next(h for h in results.hits if h.versions > 1)
    assert kerry.versions == 3 and kerry.sources == 1
    assert sum(h.versions for h in results.hits) == results.total
    people = next(f for f in results.facets if f.name == "people")
    assert {v.value: v.count for v in people.values}["Yun Byung-se"] == 3  # facets count articles


def test_every_version_of_one_story_on_request(copies):
    kerry = next(h for h in copies.search(SearchRequest(q="Kerry")).hits if h.versions > 1)
    versions = copies.search(SearchRequest(q="", story=kerry.story, per_page=100))
    assert versions.total == 3 and versions.stories is None and len(versions.hits) == 3
    assert {copies.article(h.id).story for h in versions.hits} == {kerry.story}
    assert len({copies.article(h.id).body for h in versions.hits}) == 1


def test_paging_goes_by_stories(copies):
    pages = [copies.search(SearchRequest(q="Kerry", per_page=3, page=n)) for n in (1, 2)]
    assert pages[0].pages == 2 and [len(p.hits) for p in pages] == [3, 1]


def test_an_export_has_every_article_not_one_per_story(copies):
    export = copies.export(SearchRequest(q="Kerry"), limit=100)
    assert export.total == 6 and len(list(export.articles)) == 6
