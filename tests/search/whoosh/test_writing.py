"""The backend's segment writer (search/whoosh/writing.py) reads each field's lengths once
instead of once a posting, and its text fields' format (analysis.NewsPositions) builds
postings without Whoosh's tokens: what they write must be Whoosh's own writer's files,
byte for byte, for a new segment and for a merge of segments with deleted documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import formats, index, writing
from whoosh.reading import SegmentReader

from searchapp.ingest.pipeline import process_collection
from searchapp.records import Article
from searchapp.search.whoosh.analysis import NewsPositions
from searchapp.search.whoosh.schema import article_to_document, make_schema
from searchapp.search.whoosh.writing import SegmentWriter

from ...conftest import REUTERS, needs, write_reuters

pytestmark = needs(REUTERS)
STORIES = 60


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[dict]:
    src = write_reuters(tmp_path_factory.mktemp("reuters-writing"), STORIES)
    documents = [article_to_document(a) for a in process_collection(src) if isinstance(a, Article)]
    # What the Reuters stories may lack: dotted acronyms, compounds, repeats, an empty field.
    odd = dict(documents[0], id="odd-one", title="", dateline_text="U.N.-U.S. talks",
               body="Kim Jong-un met U.N. envoys; anti-US anti-US protest. Protest, protest! " * 3)
    return documents + [odd]


def _files(folder: Path) -> dict[str, bytes]:
    """A one-segment index's files by what follows the segment id (the ids are random)."""
    return {p.name.split(".", 1)[1]: p.read_bytes() for p in folder.iterdir() if p.name.startswith("MAIN_") and "." in p.name}


def _write(folder: Path, writer_class, documents: list[dict], merge: bool, schema=None) -> dict[str, bytes]:
    folder.mkdir()
    ix = index.create_in(folder, schema or make_schema())
    if merge:  # two segments, a third of the first deleted, merged into a third
        for part in (documents[::2], documents[1::2]):
            w = writing.SegmentWriter(ix, compound=False)
            for d in part:
                w.add_document(**d)
            w.commit(merge=False)
        w = writing.SegmentWriter(ix, compound=False)
        for d in documents[: len(documents) // 3 * 2 : 2]:
            w.delete_by_term("id", d["id"])
        w.commit(merge=False)

    def everything(writer, segments):
        for segment in segments:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return []

    w = writer_class(ix, compound=False)
    if not merge:
        for d in documents:
            w.add_document(**d)
    w.commit(mergetype=everything)
    ix.close()
    return _files(folder)


@pytest.mark.parametrize("merge", [False, True], ids=["new segment", "merge"])
def test_the_backends_writer_writes_what_whooshs_own_writes(tmp_path, documents, merge):
    ours = _write(tmp_path / "ours", SegmentWriter, documents, merge)
    whooshs = _write(tmp_path / "whoosh", writing.SegmentWriter, documents, merge)
    assert {"trm", "pst", "_body_len.col", "_stored.col"} <= set(ours)
    assert ours == whooshs


def _whooshs_positions_schema():
    """make_schema() with Whoosh's own Positions format in its text fields."""
    schema = make_schema()
    replaced = 0
    for _name, field in schema.items():
        if isinstance(field.format, NewsPositions):
            field.format = formats.Positions(field_boost=field.format.field_boost)
            replaced += 1
    assert replaced >= 2  # title and body at least
    return schema


def _postings(folder: Path) -> dict[tuple[str, bytes], list[tuple[int, float, bytes]]]:
    reader = index.open_dir(folder).reader()
    try:
        out = {}
        for fieldname, term in reader.all_terms():
            matcher, found = reader.postings(fieldname, term), []
            while matcher.is_active():
                found.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            out[fieldname, term] = found
        return out
    finally:
        reader.close()


def test_the_text_fields_format_writes_what_whooshs_positions_writes(tmp_path, documents):
    ours = _write(tmp_path / "ours", writing.SegmentWriter, documents, False)
    whooshs = _write(tmp_path / "whoosh", writing.SegmentWriter, documents, False, _whooshs_positions_schema())
    # The same postings, read back: every term of every field, its documents, weights and
    # encoded positions.
    postings = _postings(tmp_path / "ours")
    assert len(postings) > 2000 and postings == _postings(tmp_path / "whoosh")
    # And every other file byte for byte. Not the postings' own files: a block of them is
    # pickled, and the encoded position a word seen once shares with others is pickled
    # once per block (smaller files, the same values).
    assert {"trm", "pst", "_body_len.col", "_stored.col"} <= set(ours)
    assert {k: v for k, v in ours.items() if k not in ("trm", "pst")} == \
        {k: v for k, v in whooshs.items() if k not in ("trm", "pst")}
