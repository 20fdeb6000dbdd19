import json

import pytest

from searchapp.ingest.reader import ReadError, decode, iter_collection, read_document
from searchapp.records import RawDocument, Rejected

from .conftest import SEEDS


def test_seeds_are_read_as_text():
    docs = list(iter_collection(SEEDS))
    assert len(docs) == 5
    assert all(isinstance(d, RawDocument) and d.kind == "text" for d in docs)
    assert docs[0].path.startswith("000_") and docs[0].text.startswith("Progress slow on U.N.")


@pytest.mark.parametrize(
    "encoding,text",
    [
        ("utf-8-sig", "Séoul — ‘quoted’"),
        ("euc-kr", "북한 핵실험에 대한 유엔 안보리 결의안 협의가 계속되고 있다. " * 4),
        ("gb2312", "中国和美国就朝鲜问题的联合国安理会决议草案取得进展。" * 4),
        ("windows-1252", "Café crème – the “Élysée” said. " * 4),
    ],
)
def test_encodings_are_detected(encoding, text):
    decoded, _ = decode(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text


def test_html_meta_charset_is_honoured():
    html = '<html><head><meta charset="euc-kr"></head><body><p>유엔 안보리</p></body></html>'
    decoded, enc = decode(html.encode("euc-kr"), is_html=True)
    assert "유엔 안보리" in decoded and enc.lower().replace("_", "-") == "euc-kr"


def test_bad_files_are_rejected_with_reasons(tmp_path, monkeypatch):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"   \n\n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 2)
    (tmp_path / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 4)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    monkeypatch.setattr("searchapp.ingest.reader.MAX_BYTES", 1000)
    (tmp_path / "huge.txt").write_text("word " * 1000)
    (tmp_path / "ok.txt").write_text("A headline\nSome body text that is long enough to be an article.")
    items = {item.path: item for item in iter_collection(tmp_path)}
    reasons = {p: i.reason for p, i in items.items() if isinstance(i, Rejected)}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert reasons["undecodable.txt"] == "cannot be decoded: unknown text encoding"
    assert "not a .txt or .html" in reasons["image.png"]
    assert "too large" in reasons["huge.txt"]
    assert isinstance(items["ok.txt"], RawDocument)


def test_sidecar_and_manifest_metadata(tmp_path):
    sub = tmp_path / "wire"
    sub.mkdir()
    (sub / "a.txt").write_text("Title\nBody text.")
    (sub / "b.txt").write_text("Title\nBody text.")
    (sub / "manifest.json").write_text(json.dumps({"a.txt": {"source": "VOA", "published": "2006-07-12"}}))
    (sub / "b.meta.json").write_text(json.dumps({"url": "https://example.org/b", "source": "AP"}))
    docs = {d.path: d for d in iter_collection(tmp_path)}
    assert set(docs) == {"wire/a.txt", "wire/b.txt"}
    assert docs["wire/a.txt"].given.source == "VOA"
    assert docs["wire/a.txt"].given.published.isoformat() == "2006-07-12"
    assert docs["wire/b.txt"].given.url == "https://example.org/b"


def test_missing_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="cannot be read"):
        read_document(tmp_path / "nope.txt")
