import json
import os

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
    decoded, _, warnings = decode(text.encode(encoding))
    assert decoded.lstrip("\ufeff") == text
    # Only a guess is doubtful: UTF-8 with a BOM is not.
    assert bool(warnings) == (encoding != "utf-8-sig")
    assert all("guessed" in w for w in warnings)


def test_html_meta_charset_is_honoured():
    html = '<html><head><meta charset="euc-kr"></head><body><p>유엔 안보리</p></body></html>'
    decoded, enc, warnings = decode(html.encode("euc-kr"), is_html=True)
    assert "유엔 안보리" in decoded and enc.lower().replace("_", "-") == "euc-kr"
    assert warnings == []


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


PROSE = "Diplomats said the “draft” would be put to a vote — perhaps on Friday — in New York. "


def test_mostly_valid_utf8_is_read_as_utf8_with_replacement_characters():
    data = (PROSE * 4).encode("utf-8").replace(b"Friday", b"Fri\xffday", 1).replace(b"vote", b"vo\xc3te", 1)
    text, encoding, warnings = decode(data)
    assert encoding == "utf-8" and text.count("\ufffd") == 2
    assert "“draft”" in text and "Fri\ufffdday" in text  # not "â€œdraftâ€\x9d"
    assert warnings == ["not valid UTF-8: 2 bad byte sequence(s) read as replacement characters (U+FFFD)"]


def test_utf8_cut_off_inside_a_character_loses_only_that_character():
    text, encoding, warnings = decode((PROSE + "Séoul").encode("utf-8") + "é".encode("utf-8")[:1])
    assert encoding == "utf-8" and text == PROSE + "Séoul"
    assert "cut off" in warnings[0]


@pytest.mark.parametrize("encoding", ["cp1252", "euc-kr", "gb2312", "shift_jis"])
def test_legacy_encodings_are_not_taken_for_broken_utf8(encoding):
    text = {"cp1252": "Café crème – the “Élysée” said. ", "euc-kr": "북한 핵실험에 대한 유엔 안보리 결의안. ",
            "gb2312": "中国和美国就朝鲜问题的联合国安理会决议草案取得进展。", "shift_jis": "国連安全保障理事会は火曜日、協議した。"}[encoding] * 4
    decoded, _, warnings = decode(text.encode(encoding))
    assert decoded == text and "\ufffd" not in decoded
    assert "guessed" in warnings[0]


def test_named_pipe_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (reason,) = [i.reason for i in iter_collection(tmp_path)]
    assert reason == "not a regular file (a folder, pipe or device)"


def test_hidden_files_are_accounted_for(tmp_path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref: refs/heads/main")
    assert list(iter_collection(tmp_path)) == [
        Rejected(".git/", "hidden folder (its name starts with a dot); not read"),
        Rejected(".DS_Store", "hidden file (its name starts with a dot)"),
    ]


def _given(tmp_path, meta) -> RawDocument:
    (tmp_path / "a.txt").write_text("Title\nBody text of the article.")
    (tmp_path / "a.meta.json").write_text(meta if isinstance(meta, str) else json.dumps(meta))
    (doc,) = iter_collection(tmp_path)
    assert isinstance(doc, RawDocument), doc  # refused metadata never costs the document
    return doc


@pytest.mark.parametrize(
    "url,kept",
    [
        ("https://example.org/a?b=1", True),
        ("  http://example.org/a  ", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("ftp://example.org/a", False),
        ("//example.org/a", False),
        ("https://", False),
        ("https://example.org/\x00a", False),
        (["https://example.org/a"], False),
    ],
)
def test_sidecar_url_must_be_http(tmp_path, url, kept):
    doc = _given(tmp_path, {"url": url})
    assert (doc.given.url == url.strip()) if kept else doc.given.url is None
    assert bool(doc.warnings) != kept
    assert all("is not an http(s) URL; refused" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "published,date",
    [("2006-07-12", "2006-07-12"), ("12 July 2006", "2006-07-12"), ("2006-07-12T09:30:00+09:00", "2006-07-12"),
     ("the day after tomorrow", None), ("Tuesday", None), ("July 2006", None), ("12", None), ("2006-13-45", None),
     (20060712, "2006-07-12"), (True, None), ({"y": 2006}, None)],
)
def test_sidecar_date_must_be_a_full_date(tmp_path, published, date):
    doc = _given(tmp_path, {"published": published})
    assert (doc.given.published.isoformat() if doc.given.published else None) == date
    assert bool(doc.warnings) == (date is None)
    assert all("is not a full date; refused" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "source,kept,warning",
    [
        ("Yonhap", "Yonhap", None),
        ("<b>Yonhap</b>", "Yonhap", "cleaned to 'Yonhap'"),
        ("Yon\x00hap\u200b News\n", "Yon hap News", "cleaned"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;VOA", "VOA", "cleaned"),
        ("<script>alert(1)</script>VOA", "VOA", "cleaned"),
        ("<script></script><br/>", None, "has no text but markup; refused"),
        ("A" * 500, "A" * 100, "longer than 100 characters; shortened"),
        (42, None, "is not text; refused"),
    ],
)
def test_sidecar_source_is_cleaned(tmp_path, source, kept, warning):
    doc = _given(tmp_path, {"source": source})
    assert doc.given.source == kept
    assert (warning is None and not doc.warnings) or (warning in doc.warnings[0])


def test_broken_metadata_files_are_warnings_not_rejections(tmp_path):
    sub = tmp_path / "wire"
    sub.mkdir()
    (sub / "a.txt").write_text("Title\nBody text.")
    (sub / "b.txt").write_text("Title\nBody text.")
    (sub / "a.meta.json").write_text("{not json")
    (sub / "manifest.json").write_text(json.dumps({"b.txt": "VOA", "a.txt": {"source": "AP", "author": "x"}}))
    docs = {d.path: d for d in iter_collection(tmp_path)}
    assert all(isinstance(d, RawDocument) for d in docs.values())
    assert "a.meta.json is not valid JSON" in docs["wire/a.txt"].warnings[0]
    assert docs["wire/a.txt"].given.source == "AP"  # the broken sidecar is as good as absent
    assert docs["wire/b.txt"].warnings == ("its entry in the folder's manifest.json is not an object; ignored",)
    (sub / "manifest.json").write_text("[1, 2]")
    docs = {d.path: d for d in iter_collection(tmp_path)}
    assert "does not map file names to objects; ignored" in docs["wire/b.txt"].warnings[0]


def test_metadata_unknown_keys_are_warned(tmp_path):
    doc = _given(tmp_path, {"source": "AP", "title": "x"})
    assert doc.given.source == "AP"
    assert doc.warnings == ("its metadata has unknown key(s) 'title'; ignored",)
