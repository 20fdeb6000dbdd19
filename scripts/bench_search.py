#!/usr/bin/env python3
"""Benchmark: build and search an index of Reuters-21578 articles.

Writes N articles from ../shared/data/reuters21578 as text documents, builds
the index through the real pipeline (read, clean, extract, index), then times
queries three ways in the same run:

- baseline: Whoosh's plain top-10 search for the parsed query (no facets,
  no snippets): the floor any search page pays;
- page: searchapp's full search (top 10, snippets, counts of all 5 facets);
- page+filter: the same with a source and a country filter chosen.

and prints median / p95 milliseconds and the ratio to the baseline.

    .venv/bin/python scripts/bench_search.py --docs 19043
    .venv/bin/python scripts/bench_search.py --docs 19043 --copies 5   # ~95,000 articles
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from searchapp.ingest.pipeline import process_collection
from searchapp.search import open_backend
from searchapp.search.api import BackendConfig, SearchRequest
from searchapp.search.whoosh.build import open_live_index
from searchapp.search.whoosh.queries import make_parser, parse

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl.gz"
QUERIES = [
    "oil", "trade deficit", '"interest rates"', "Japan tariffs", "opec OR bundesbank", "wheat NOT usda",
    "bank*", "company said", "",
]


def write_documents(folder: Path, limit: int, copies: int = 1) -> int:
    """Write the first `limit` stories, `copies` times: copy c gets ids suffixed "-c"
    and its dates shifted c years, so that a 100,000-article collection (five copies)
    has as many date buckets as a real archive would."""
    n = 0
    for copy in range(copies):
        n += _write_copy(folder, limit, copy)
    return n


def _write_copy(folder: Path, limit: int, copy: int) -> int:
    n = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            if n >= limit:
                break
            doc = json.loads(line)
            if copy:
                doc["id"] = f"{doc['id']}-{copy}"
                when = datetime.fromisoformat(doc["date"])
                doc["date"] = when.replace(year=when.year + copy).isoformat()
            # A wire story as a text dump: headline, dateline with the date and
            # agency tag (so dates and sources are read as in real dumps), body.
            # Reuters bodies are hard-wrapped; paragraphs start with an indent.
            paragraphs = [" ".join(p.split()) for p in doc["body"].split("\n    ")]
            when = datetime.fromisoformat(doc["date"])
            dateline = f"LONDON, {when:%b} {when.day} (Reuters) - "
            text = "\n".join([doc["title"].title(), f"{when:%B %d, %Y %H:%M}", dateline + paragraphs[0], *paragraphs[1:]])
            (folder / f"{doc['id']}.txt").write_text(text, encoding="utf-8")
            n += 1
    return n


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=1,
                    help="write the corpus this many times (ids suffixed, years shifted): 5 gives ~95,000")
    ap.add_argument("--index", type=Path, default=None,
                    help="build the index here and keep it; if it already holds one, time searches on it without rebuilding")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes cleaning and extracting")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"missing {CORPUS}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        src, ix = Path(tmp) / "src", args.index or Path(tmp) / "ix"
        src.mkdir()
        if args.index and (args.index / "current").exists():
            print(f"build: skipped, searching the index already in {args.index}")
            n = -1
        else:
            n = write_documents(src, args.docs, args.copies)
            t0 = time.perf_counter()
            report = open_backend(BackendConfig(str(ix))).rebuild(process_collection(src, workers=args.workers))
            build_s = time.perf_counter() - t0
            print(f"build: {report.indexed} indexed, {len(report.rejected)} skipped, {build_s:.1f} s, "
                  f"{report.indexed / build_s:.0f} docs/s (read+clean+extract+index, {args.workers} worker(s))")

        # The baseline: plain Whoosh on the same index, with the backend's query parsing.
        whoosh_ix = open_live_index(ix)
        with open_backend(BackendConfig(str(ix))).searcher() as s, whoosh_ix.searcher() as whoosh_searcher:
            parser = make_parser(whoosh_ix.schema)
            # The first page after opening an index loads the facet tables it caches
            # (from the build's facet-tables/, or from the postings when it has none).
            t0 = time.perf_counter()
            facets = {f.name: f for f in s.search(SearchRequest()).facets}
            print(f"first page after opening the index (loads the facet tables): "
                  f"{(time.perf_counter() - t0) * 1000:.0f} ms")
            source = facets["source"].values[0].value
            country = facets["countries"].values[0].value
            print(f"\n{'query':<22}{'hits':>7}{'baseline ms':>14}{'page ms':>10}{'ratio':>7}{'page+filter ms':>16}{'ratio':>7}")
            for q in QUERIES:
                parsed = parse(parser, q, whoosh_searcher.reader())
                base = timed(lambda: list(whoosh_searcher.search(parsed, limit=10)), args.repeat)
                req = SearchRequest(q=q)
                page = timed(lambda: s.search(req), args.repeat)
                freq = SearchRequest(q=q, filters=(("source", (source,)), ("countries", (country,))))
                filtered = timed(lambda: s.search(freq), args.repeat)
                hits = s.search(req).total
                b, p, f = (statistics.median(x) for x in (base, page, filtered))
                print(f"{q or '(browse all)':<22}{hits:>7}{b:>14.1f}{p:>10.1f}{p / b:>7.0f}{f:>16.1f}{f / b:>7.0f}")
        print(f"\n{n if n >= 0 else 'the kept index of'} documents; medians of {args.repeat} runs; filters: source={source!r}, countries={country!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
