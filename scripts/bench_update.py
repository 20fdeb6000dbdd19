#!/usr/bin/env python3
"""Benchmark of `searchapp update` against full builds of the same folder, in one run:

1. first build of N files (the processing cache empty), end to end;
2. the folder changed: --new files added (the next ones of SRC) and --changed files
   edited (a word of their text replaced, so that they are read and processed again);
3. `update` of the index: only those files read, processed and applied;
4. a rebuild of the changed folder with the processing cache warm (what a rebuild costs
   when only the changed files need processing);
5. a first build of the changed folder, the cache empty (the full rebuild the update
   saves).

It prints seconds and the update's time as a share of each build's, checks that the
updated index matches what the rebuilt one matches (for a few queries: every article, the
totals, the facet counts; story counts are printed where they differ), and writes JSON. Bounded by --docs.

    .venv/bin/python scripts/bench_update.py /tmp/speed/src --docs 5000 --new 1000 --changed 1000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from searchapp.cli import cli
from searchapp.search import open_backend
from searchapp.search.api import BackendConfig, SearchRequest

CHECK_QUERIES = ("*", "oil", "bank rates", "dollar NOT yen", "export*")


def timed(*args: str) -> float:
    t0 = time.perf_counter()
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        sys.exit(f"searchapp {args[0]} failed:\n{result.output}")
    return time.perf_counter() - t0


def answers(index_dir: Path) -> dict[str, dict]:
    """For each check query: the total, every matching article's id (the export, not one
    hit per story) and the facet counts, which an update must give as a rebuild does; and
    the number of stories, which may differ (see `compare`)."""
    with open_backend(BackendConfig(str(index_dir))).searcher() as s:
        out = {}
        for q in CHECK_QUERIES:
            request = SearchRequest(q=q)
            page = s.search(request)
            export = s.export(request, limit=max(1, page.total))
            out[q] = {
                "total": page.total,
                "articles": sorted(a.id for a in export.articles),
                "facets": {f.name: sorted((v.value, v.count) for v in f.values) for f in page.facets},
                "stories": page.stories,
            }
        return out


def compare(updated: dict[str, dict], rebuilt: dict[str, dict]) -> tuple[bool, list[str]]:
    """Whether the updated index matches the same articles with the same facet counts as the
    rebuilt one, and a line for every difference. Story counts are reported, not required:
    an update groups the new and changed articles after the collection's, a rebuild in the
    folder's order, so a story's first article (and which near-copies it gathers) can differ."""
    same, lines = True, []
    for q, u in updated.items():
        r = rebuilt[q]
        for key in ("total", "articles", "facets"):
            if u[key] != r[key]:
                same = False
                if key == "articles":
                    a, b = set(u[key]), set(r[key])
                    lines.append(f"  {q!r}: articles only updated {sorted(a - b)[:5]}, only rebuilt {sorted(b - a)[:5]}")
                elif key == "facets":
                    for name in u[key]:
                        if u[key][name] != r[key].get(name):
                            diff = set(u[key][name]) ^ set(r[key].get(name, []))
                            lines.append(f"  {q!r}: facet {name} differs: {sorted(diff)[:6]}")
                else:
                    lines.append(f"  {q!r}: total {u[key]} updated, {r[key]} rebuilt")
        if u["stories"] != r["stories"]:
            lines.append(f"  {q!r}: stories {u['stories']} updated, {r['stories']} rebuilt (allowed)")
    return same, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    files = sorted(p for p in args.src.iterdir() if p.suffix in (".txt", ".html"))
    if len(files) < args.docs + args.new:
        sys.exit(f"{args.src} has {len(files)} files; --docs + --new needs {args.docs + args.new}")
    work = Path(tempfile.mkdtemp(prefix="bench-update-"))
    try:
        src = work / "src"
        src.mkdir()
        for p in files[: args.docs]:
            shutil.copy(p, src / p.name)
        workers = ("--workers", str(args.workers))
        updated, rebuilt, cold = work / "updated", work / "rebuilt", work / "cold"
        first = timed("build", str(src), "--index", str(updated), *workers)

        for p in files[args.docs : args.docs + args.new]:
            shutil.copy(p, src / p.name)
        step = max(1, args.docs // max(1, args.changed))
        edited = 0
        for p in sorted(src.iterdir())[::step][: args.changed]:
            text = p.read_text(encoding="utf-8", errors="surrogateescape")
            changed = text.replace(" the ", " the revised ", 1) if " the " in text else text + "\nRevised.\n"
            p.write_text(changed, encoding="utf-8", errors="surrogateescape")
            edited += 1

        update = timed("update", str(src), "--index", str(updated), *workers)
        shutil.copytree(updated / "processing-cache", rebuilt / "processing-cache")
        warm = timed("build", str(src), "--index", str(rebuilt), *workers)
        full = timed("build", str(src), "--index", str(cold), "--no-cache", *workers)
        same, differences = compare(answers(updated), answers(cold))
        figures = {
            "docs": args.docs, "new": args.new, "changed": edited, "workers": args.workers, "cores": os.cpu_count(),
            "first_build_s": round(first, 2), "update_s": round(update, 2),
            "rebuild_warm_s": round(warm, 2), "full_build_s": round(full, 2),
            "update_share_of_full_build": round(update / full, 3),
            "update_share_of_warm_rebuild": round(update / warm, 3),
            "same_answers_as_rebuild": same, "differences": differences,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.docs} files, then {args.new} new and {edited} changed; {args.workers} worker(s), {os.cpu_count()} cores")
    print(f"  first build                     {figures['first_build_s']:8.1f} s")
    print(f"  update ({args.new} new, {edited} changed)  {figures['update_s']:8.1f} s")
    print(f"  rebuild, cache warm             {figures['rebuild_warm_s']:8.1f} s")
    print(f"  full build, no cache            {figures['full_build_s']:8.1f} s")
    print(f"  update: {figures['update_share_of_full_build']:.1%} of the full build, "
          f"{figures['update_share_of_warm_rebuild']:.1%} of the warm rebuild (same run)")
    print(f"  updated index matches what the rebuilt one matches (articles, totals, facets): {same}")
    for line in differences:
        print(line)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
