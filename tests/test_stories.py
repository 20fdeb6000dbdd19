"""Stories (ingest/stories.py): versions of a wire story and reprints of one text are one
story; different stories, even on the same event, are not."""

from __future__ import annotations

import dataclasses

from searchapp.ingest.pipeline import process_collection
from searchapp.ingest.stories import StoryGrouper, group_stories, headline_key
from searchapp.records import Article

from .conftest import SEEDS, seed_id


def _seeds() -> list[Article]:
    return [a for a in process_collection(SEEDS) if isinstance(a, Article)]


def test_headlines_lose_their_version_marks():
    assert headline_key("(LEAD) N. Korea fires missile") == headline_key("N. Korea fires missile")
    assert headline_key("(2nd LD) (URGENT) N. Korea fires missile!") == "n korea fires missile"


def test_the_seeds_are_five_stories():
    assert [a.story for a in _seeds()] == [a.id for a in _seeds()]  # 003 and 004 too: two stories


def test_a_saved_copy_and_a_reprint_are_the_story_of_the_first():
    seeds = _seeds()
    kerry = next(a for a in seeds if a.id == seed_id("003"))
    copy = dataclasses.replace(kerry, id="copy.txt", path="copy.txt")
    # Another outlet's reprint: its own headline, a sentence cut, one added.
    paragraphs = kerry.body.split("\n\n")
    reprint = dataclasses.replace(
        kerry, id="reprint.html", path="reprint.html", title="Seoul and Washington to coordinate on sanctions",
        body="\n\n".join([*paragraphs[:-2], "The talks are to go on next week, the ministry added."]),
        metadata=dataclasses.replace(kerry.metadata, source="The Korea Herald"),
    )
    grouped = {a.id: a.story for a in group_stories([*seeds, copy, reprint])}
    assert grouped["copy.txt"] == grouped["reprint.html"] == kerry.id
    assert len(set(grouped.values())) == 5


def test_an_update_under_the_same_headline_is_a_version():
    seeds = _seeds()
    first = next(a for a in seeds if a.id == seed_id("004"))
    update = dataclasses.replace(
        first, id="004-lead.txt", path="004-lead.txt", title="(LEAD) " + first.title,
        body="BEIJING, Jan. 21 (Yonhap) -- A new lead paragraph, rewritten, with other words entirely. " * 3,
    )
    other_source = dataclasses.replace(
        update, id="elsewhere.txt", body="WASHINGTON (VOA) -- A story of its own under a headline like it, told in other words. " * 3,
        metadata=dataclasses.replace(first.metadata, source="VOA"),
    )
    grouper = StoryGrouper()
    for a in seeds:
        grouper.story(a)
    assert grouper.story(update) == first.id
    assert grouper.story(other_source) == "elsewhere.txt"  # same headline, another source, other text
