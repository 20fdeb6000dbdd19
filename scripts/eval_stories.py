"""How well stories are grouped (ingest/stories.py), on a collection of known copies.

The input is a folder of text dumps, one story each (title, date line, body lines; as the
Reuters-21578 texts of docs/operations.md). For the first --bases of them, the script
writes the story and a reprint of it as another outlet would run it (its own headline,
its last paragraph cut, a line of its own added, the same date): each pair must be one
story (recall), and stories that join different stories are listed for a reader to check
by hand (Reuters-21578 has true duplicates of its own: a story filed twice).

    .venv/bin/python scripts/eval_stories.py /tmp/speed/src --bases 2000
"""

from __future__ import annotations

import argparse
import itertools
import re
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from searchapp.ingest.pipeline import process_items
from searchapp.ingest.reader import iter_collection
from searchapp.ingest.stories import group_stories
from searchapp.records import Article

_BASE = re.compile(r"^([^-.]+)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("--bases", type=int, default=1000, help="the first N bases (by number) and all their copies")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--show", type=int, default=10, help="joined stories to print for a hand check")
    args = ap.parse_args()
    files = sorted((p for p in args.src.iterdir() if p.is_file() and "-" not in p.stem),
                   key=lambda p: (len(p.stem), p.stem))[: args.bases]
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        src = Path(tmp)
        for p in files:
            shutil.copy(p, src / p.name)
            lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
            if len(lines) > 3:  # title, date line, body: the reprint
                reprint = [f"{lines[0]}, report says", lines[1], *lines[2:-1], "The report could not be confirmed independently."]
                (src / f"{p.stem}-reprint.txt").write_text("\n".join(reprint) + "\n", encoding="utf-8")
        articles = [a for a in process_items(iter_collection(src), args.workers) if isinstance(a, Article)]
    start = time.perf_counter()
    grouped = [a for a in group_stories(articles) if isinstance(a, Article)]
    seconds = time.perf_counter() - start
    story_of = {a.id: a.story for a in grouped}
    by_base: dict[str, list[str]] = defaultdict(list)
    for a in grouped:
        by_base[_BASE.match(a.id).group(1)].append(a.id)
    pairs = [(x, y) for ids in by_base.values() for x, y in itertools.combinations(ids, 2)]
    found = sum(story_of[x] == story_of[y] for x, y in pairs)
    members: dict[str, set[str]] = defaultdict(set)
    for a in grouped:
        members[a.story].add(_BASE.match(a.id).group(1))
    joined = {s: b for s, b in members.items() if len(b) > 1}
    title = {a.id: a.title for a in grouped}
    print(f"{len(grouped)} articles of {len(by_base)} bases -> {len(members)} stories, grouped in {seconds:.1f} s "
          f"({len(grouped) / seconds:.0f} articles/s)")
    print(f"copy pairs in one story: {found} of {len(pairs)} ({found / max(1, len(pairs)):.3f})")
    print(f"stories joining different bases: {len(joined)}; the first {args.show}, for a hand check:")
    for story, bs in itertools.islice(joined.items(), args.show):
        print(f"  {sorted(bs)}: " + " | ".join(sorted({title[i][:60] for i in story_of if story_of[i] == story})))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
