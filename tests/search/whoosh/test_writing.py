"""The backend's segment writer (search/whoosh/writing.py) reads each field's lengths once
instead of once a posting: what it writes must be Whoosh's own writer's files, byte for
byte, for a new segment and for a merge of segments with deleted documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index, writing
from whoosh.reading import SegmentReader

from searchapp.ingest.pipeline import process_collection
from searchapp.records import Article
from searchapp.search.whoosh.schema import article_to_document, make_schema
from searchapp.search.whoosh.writing import SegmentWriter

from ...conftest import REUTERS, needs, write_reuters

pytestmark = needs(REUTERS)
STORIES = 60


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[dict]:
    src = write_reuters(tmp_path_factory.mktemp("reuters-writing"), STORIES)
    return [article_to_document(a) for a in process_collection(src) if isinstance(a, Article)]


def _files(folder: Path) -> dict[str, bytes]:
    """A one-segment index's files by what follows the segment id (the ids are random)."""
    return {p.name.split(".", 1)[1]: p.read_bytes() for p in folder.iterdir() if p.name.startswith("MAIN_") and "." in p.name}


def _write(folder: Path, writer_class, documents: list[dict], merge: bool) -> dict[str, bytes]:
    folder.mkdir()
    ix = index.create_in(folder, make_schema())
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
