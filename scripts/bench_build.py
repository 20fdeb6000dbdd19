#!/usr/bin/env python3
"""Benchmark of builds, three ways in one run, on the same folder of documents:

- first build, end to end (read, clean, extract, index, facet tables), the processing
  cache empty (it is filled on the way);
- rebuild with the cache warm (read, then each document from the cache, index);
- plain Whoosh, index only: the same articles' ids, titles and bodies (from the cache,
  in memory before the clock starts) written by one Whoosh writer with Whoosh's
  default analyzer: the floor of writing an index in Whoosh;
- plain Whoosh, our schema: the same documents as searchapp writes them (all its fields
  and analyzers) through one ordinary Whoosh writer, as a build that did not write
  segments in parallel would.

It prints seconds, documents per second, the ratios, and the peak resident memory of
the writing process and of the worker processes, and writes JSON. Bounded by the
folder's size (--docs takes the first N files, in the build's order, into a copy).

    .venv/bin/python scripts/bench_build.py /tmp/speed/src --json /tmp/speed/build.json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from whoosh import fields, index

from searchapp.ingest.pipeline import process_collection
from searchapp.records import Article
from searchapp.search import open_backend
from searchapp.search.api import BackendConfig
from searchapp.search.whoosh.schema import article_to_document, make_schema

WRITER_LIMIT_MB = 256  # as the backend's writer (search/whoosh/build.py)


def peak_mib() -> dict[str, float]:
    """Peak resident memory so far of this process and of its largest finished child, MiB."""
    return {
        "writer": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def searchapp_build(src: Path, ix: Path, cache: Path, workers: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    report = open_backend(BackendConfig(str(ix))).rebuild(process_collection(src, workers=workers, cache=cache))
    return time.perf_counter() - t0, report.indexed


def plain_build(articles: list[Article], ix: Path) -> float:
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), title=fields.TEXT(stored=True),
                           body=fields.TEXT(stored=True))
    ix.mkdir(parents=True)
    t0 = time.perf_counter()
    writer = index.create_in(ix, schema).writer(limitmb=WRITER_LIMIT_MB)
    for a in articles:
        writer.add_document(id=a.id, title=a.title, body=a.body)
    writer.commit()
    return time.perf_counter() - t0


def plain_build_our_schema(articles: list[Article], ix: Path) -> float:
    documents = [article_to_document(a) for a in articles]  # before the clock, as above
    ix.mkdir(parents=True)
    t0 = time.perf_counter()
    writer = index.create_in(ix, make_schema()).writer(limitmb=WRITER_LIMIT_MB)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("--docs", type=int, help="only the first N files (copied to a temporary folder)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        tmp_path = Path(tmp)
        src = args.src
        if args.docs:
            src = tmp_path / "src"
            src.mkdir()
            for path in sorted(p for p in args.src.iterdir() if p.is_file())[: args.docs]:
                shutil.copy(path, src / path.name)
        cache = tmp_path / "cache"
        files = sum(1 for p in src.rglob("*") if p.is_file())
        first_s, indexed = searchapp_build(src, tmp_path / "ix", cache, args.workers)
        peak_first = peak_mib()
        warm_s, _ = searchapp_build(src, tmp_path / "ix", cache, args.workers)
        articles = [a for a in process_collection(src, workers=1, cache=cache) if isinstance(a, Article)]
        plain_s = plain_build(articles, tmp_path / "plain")
        schema_s = plain_build_our_schema(articles, tmp_path / "plain-schema")
        out = {
            "files": files, "indexed": indexed, "workers": args.workers, "cores": os.cpu_count(),
            "seconds": {"first build": round(first_s, 1), "rebuild, cache warm": round(warm_s, 1),
                        "plain Whoosh, index only": round(plain_s, 1),
                        "plain Whoosh, our schema": round(schema_s, 1)},
            "ratios": {"first / warm": round(first_s / max(warm_s, 1e-9), 2), "plain / warm": round(plain_s / max(warm_s, 1e-9), 2),
                       "plain our schema / warm": round(schema_s / max(warm_s, 1e-9), 2)},
            "peak_mib_after_first_build": peak_first, "peak_mib": peak_mib(),
            "cache_mib": round(sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 2**20, 1),
        }
    print(f"{out['files']} files, {indexed} indexed, {args.workers} worker(s), {out['cores']} cores")
    raw = {"first build": first_s, "rebuild, cache warm": warm_s, "plain Whoosh, index only": plain_s,
           "plain Whoosh, our schema": schema_s}
    for name, seconds in raw.items():
        rate = f"{indexed / seconds:>8.0f}" if seconds else "       -"
        print(f"  {name:<28}{seconds:>8.1f} s {rate} docs/s")
    print(f"  rebuild with the cache warm: {out['ratios']['first / warm']}x the first build, "
          f"{out['ratios']['plain / warm']}x plain Whoosh's index-only build, "
          f"{out['ratios']['plain our schema / warm']}x plain Whoosh writing our schema")
    print(f"  peak resident MiB: writer {out['peak_mib']['writer']:.0f}, largest worker {out['peak_mib']['workers']:.0f}")
    print(f"  processing cache: {out['cache_mib']} MiB")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
