"""A collection of bad inputs, as a crawler brings them home, written on demand (a 50 MB
file is not committed). `write_corpus` writes it and says what the build must make of
each input: indexed, indexed with a note, or skipped, with words the note or reason must
contain. Every file it writes is an input the build report must account for, except the
metadata files used with their documents.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

INDEXED = "indexed"
NOTED = "indexed with notes"
SKIPPED = "skipped"

ARTICLE = (
    "North Korea and South Korea agreed on Monday to resume high-level talks on the divided "
    "peninsula, officials in Seoul said, after months in which the two sides had not met. "
    "The United Nations Security Council welcomed the step in a statement issued in New York. "
)


@dataclass(frozen=True)
class Expect:
    status: str  # INDEXED, NOTED or SKIPPED
    says: str = ""  # words the note (NOTED) or the reason (SKIPPED) contains
    body: str = ""  # words the indexed body contains, as they should read
    guessed: bool = False  # its article cannot be told from the page: indexed with the page's text


def _page(body_html: str, title: str = "Talks resume", head: str = "") -> str:
    return (
        f"<html><head>{head}<title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>{title}</h1>{body_html}</article>"
        "<footer>Copyright 2016. All rights reserved.</footer></body></html>"
    )


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes([x % 256, 0, 255 - x % 256] * 64) for x in range(64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0)) + chunk(
        b"IDAT", zlib.compress(raw)
    ) + chunk(b"IEND", b"")


def _pdf() -> bytes:
    stream = zlib.compress(("BT /F1 12 Tf 72 712 Td (" + ARTICLE + ") Tj ET\n").encode() * 40)
    return (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"4 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
        + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def write_corpus(folder: Path) -> dict[str, Expect]:
    """Write the bad inputs under `folder`; returns each input's path (relative,
    as the report gives it) and what the build must make of it."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, Expect] = {}

    def put(name: str, data: bytes | str, outcome: Expect) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expect[name] = outcome
        return path

    put("good.txt", "Talks resume\n\n" + ARTICLE * 2, Expect(INDEXED, body="resume high-level talks"))
    put("empty.txt", b"", Expect(SKIPPED, "empty file"))
    put("blank.html", b" \n\t\n", Expect(SKIPPED, "empty file"))
    put("photo.html", _png(), Expect(SKIPPED, "binary file, not text: a PNG image"))
    put("scan.png", _png(), Expect(SKIPPED, "not a .txt or .html document (.png)"))
    put("report.txt", _pdf(), Expect(SKIPPED, "binary file, not text: a PDF document"))
    # UTF-8 with a few broken bytes: read as UTF-8, the bad bytes as U+FFFD.
    put(
        "broken-utf8.txt",
        ("Talks resume\n\nThe envoy — in Séoul — said “yes” " + ARTICLE * 2).encode() + b"and \xff so on.\n",
        Expect(NOTED, "not valid UTF-8", body="The envoy — in Séoul — said"),
    )
    korean = "북한과 남한은 월요일 고위급 회담을 재개하기로 합의했다고 서울의 관리들이 밝혔다. 유엔 안보리는 성명을 내고 이를 환영했다. "
    put("euc-kr.html", _page(f"<p>{korean * 3}</p><p>{korean * 2}</p>", "남북 회담 재개").encode("euc-kr"),
        Expect(NOTED, "encoding guessed", body="유엔 안보리는 성명을"))
    chinese = "朝鲜和韩国星期一同意恢复高级别会谈，首尔官员说。联合国安理会发表声明表示欢迎。"
    put("gb2312.html", _page(f"<p>{chinese * 3}</p><p>{chinese * 2}</p>", "朝韩恢复会谈").encode("gb2312"),
        Expect(NOTED, "encoding guessed", body="联合国安理会发表声明"))
    western = "The minister said the “Élysée” would host the café talks – in Paris – next week. "
    put("windows-1252.txt", ("Talks resume\n\n" + western * 4 + "\n\n" + ARTICLE).encode("cp1252"),
        Expect(NOTED, "encoding guessed", body="the “Élysée” would host the café talks – in Paris"))
    # 50 MB of text: refused by its size before it is read.
    with open(folder / "huge.txt", "wb") as f:
        block = (ARTICLE * 40).encode()
        f.writelines(block for _ in range(50 * 1024 * 1024 // len(block) + 1))
    expect["huge.txt"] = Expect(SKIPPED, "too large")
    # 1 MB on one line, no newline: still an article.
    put("one-line.txt", ("Talks resume. " + ARTICLE * (1024 * 1024 // len(ARTICLE))),
        Expect(INDEXED, body="resume high-level talks"))
    put("deep.html", "<html><body>" + "<div>" * 100_000 + f"<p>{ARTICLE}</p>" + "</div>" * 100_000 + "</body></html>",
        Expect(INDEXED, body="resume high-level talks"))
    # Cut off in the middle of its second paragraph, with no closing tags.
    full = _page(f"<p>{ARTICLE}</p><p>{ARTICLE}</p>")
    put("truncated.html", full[: full.index(ARTICLE, full.index(ARTICLE) + 1) + 100],
        Expect(INDEXED, body="resume high-level talks"))
    lol = "<!ENTITY lol0 'lol'>" + "".join(f"<!ENTITY lol{i} '{f'&lol{i - 1};' * 10}'>" for i in range(1, 10))
    put(
        "bomb.html",
        f"<?xml version='1.0'?><!DOCTYPE html [{lol}]><html xmlns='http://www.w3.org/1999/xhtml'>"
        f"<head><title>Talks resume</title></head><body><p>&lol9;</p><p>{ARTICLE}</p><p>{ARTICLE}</p></body></html>",
        Expect(INDEXED, body="resume high-level talks"),
    )
    # Cut off in its first sentence: no article can be told from the page, but its text is kept.
    put("truncated-one-sentence.html", _page(ARTICLE)[: _page(ARTICLE).index(ARTICLE) + 90],
        Expect(NOTED, "guessed body", body="agreed on Monday to resume", guessed=True))
    # All navigation: nothing but links, and they are the page's text.
    links = "".join(f"<li><a href='/news/{i}'>Minister visits region {i}</a></li>" for i in range(60))
    put("all-navigation.html", f"<html><head><title>World news</title></head><body><nav><ul>{links}</ul></nav></body></html>",
        Expect(NOTED, "guessed body", body="Minister visits region 7", guessed=True))
    # Only one-word menu items and a copyright line: no readable text at all.
    put("menu-only.html", "<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav><p>Sports</p>"
        "<footer>Copyright 2016</footer></body></html>", Expect(SKIPPED, "no article text found"))
    # An earnings table is the whole story (a wire's results item).
    put("earnings.txt", "Acme Corp 4th Qtr Net\nShr 11 cts vs 13 cts\nNet 1,129,000 vs 1,301,000\n"
        "Revs 83.2 mln vs 74.5 mln\nYear\nShr 57 cts vs 82 cts\nNet 5,686,000 vs 8,168,000\n",
        Expect(NOTED, "guessed body", body="Net 1,129,000 vs 1,301,000\n\nRevs 83.2 mln vs 74.5 mln", guessed=True))
    # Metadata: refused values cost a warning, not the document; a sidecar alone is reported.
    put("with-meta.txt", "Talks resume\n\n" + ARTICLE * 2, Expect(NOTED, "'javascript:alert(1)' is not an http(s) URL; refused"))
    (folder / "with-meta.meta.json").write_text('{"url": "javascript:alert(1)", "source": "<script>x</script>VOA"}')
    put("orphan.meta.json", '{"source": "VOA"}', Expect(SKIPPED, "no document beside it"))
    # Links: a loop of two file links, a dangling link (a file that vanished), a folder link loop.
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    expect["loop-a.txt"] = expect["loop-b.txt"] = Expect(SKIPPED, "cannot be read: Too many levels of symbolic links")
    os.symlink("gone-away.txt", folder / "vanished.txt")
    expect["vanished.txt"] = Expect(SKIPPED, "cannot be read: No such file or directory")
    (folder / "sub").mkdir()
    put("sub/inner.txt", "Talks resume\n\n" + ARTICLE * 2, Expect(INDEXED, body="resume high-level talks"))
    os.symlink("..", folder / "sub" / "up")
    expect["sub/up/"] = Expect(SKIPPED, "a link to a folder already read")
    # A folder whose name looks like a document: its documents are read, it is no input.
    put("x.txt/inside.txt", "Talks resume\n\n" + ARTICLE * 2, Expect(INDEXED, body="resume high-level talks"))
    put(".hidden.txt", "Talks resume\n\n" + ARTICLE, Expect(SKIPPED, "hidden file"))
    put(".cache/kept-out.txt", "Talks resume\n\n" + ARTICLE, Expect(SKIPPED, "hidden folder"))
    del expect[".cache/kept-out.txt"]
    expect[".cache/"] = Expect(SKIPPED, "hidden folder")
    return expect


def make_unreadable(folder: Path) -> dict[str, Expect]:
    """A file and a folder that exist but cannot be read (for a build that does not run
    as root, which reads everything)."""
    path = folder / "locked.txt"
    path.write_text("Talks resume\n\n" + ARTICLE * 2)
    path.chmod(0)
    locked = folder / "locked-folder"
    locked.mkdir()
    (locked / "a.txt").write_text("Talks resume\n\n" + ARTICLE * 2)
    locked.chmod(0)
    return {
        "locked.txt": Expect(SKIPPED, "cannot be read: Permission denied"),
        "locked-folder/": Expect(SKIPPED, "folder cannot be read: Permission denied"),
    }
