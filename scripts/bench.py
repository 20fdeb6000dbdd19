#!/usr/bin/env python3
"""Benchmark of the search page: a fixed mix of queries, three ways, in one run.

For each query of a mix made from the index itself (the same index gives the same mix:
single words in four document-frequency bands, two- and three-word ANDs, phrases, OR,
NOT, prefixes, field queries; a quarter with one or two facet filters), in interleaved
rounds, the whole page (top 10 with snippets, the five facets' counts) is timed:

- plain Whoosh, the way its documentation does a faceted page: `groupedby` for the five
  facets, one more grouped search per filtered single-valued facet (its counts without
  its own filter), `hit.highlights()` for the snippets; one Whoosh searcher, reused;
- searchapp in-process: `backend.searcher().search(request)` per query, as a request
  does, with the result cache off (the search itself);
- searchapp over HTTP: `GET /search?...` (the HTML page) against the production server
  (`searchapp serve`, gunicorn, started here on 127.0.0.1), one client with keep-alive.
  The server's result cache is on: the first round's requests are its misses (each
  request's first time); each is then asked again at once (the same connection, so the
  same worker: a hit); later rounds' requests are hits or misses by the worker they
  reach (each server process has its own cache). The three are reported apart.

It prints p50/p95/p99 per way with the ratios plain / searchapp, the server's resident
memory, and writes it all (the mix too) as JSON. Loopback only; bounded: at most
--rounds rounds and --seconds seconds (a round under way when time runs out stops there,
and the figures say how many samples they hold).

    .venv/bin/python scripts/bench.py --index /tmp/speed/ix --json /tmp/speed/bench.json
    .venv/bin/python scripts/bench.py --smoke            # a seed index, a few seconds (CI)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from whoosh import query as wq
from whoosh import sorting

from searchapp.search import open_backend
from searchapp.search.api import BackendConfig, SearchRequest
from searchapp.search.cache import ResultCache
from searchapp.search.facets import FACETS, FACETS_BY_NAME
from searchapp.search.whoosh.analysis import plain_tokens
from searchapp.search.whoosh.build import open_live_index
from searchapp.search.whoosh.queries import make_parser, parse

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# The mix: how many queries of each class (240 in all), drawn with this seed.
MIX_SEED = 13
PER_BAND = 15  # single words, in each of the four bands below
MIX = {"and2": 35, "and3": 20, "phrase": 30, "or": 20, "not": 25, "prefix": 25, "field": 25}
# Document-frequency bands of single words, as fractions of the documents: rare,
# medium, frequent, very frequent ("said" is in most articles).
BANDS = {"rare": (0.0001, 0.001), "medium": (0.001, 0.01), "frequent": (0.01, 0.1), "very frequent": (0.1, 1.0)}
# Every FILTER_EVERY-th query gets facet filters; every second of those two of them.
FILTER_EVERY = 4
# Documents read for the words and word pairs the mix is drawn from.
SAMPLE_DOCS = 1500
# Phrases: of words of at least this many letters.
PHRASE_LETTERS = 4
# Prefixes: this many letters of a word, then *.
PREFIX_LETTERS = (4, 5)
PERCENTILES = (50, 95, 99)
SERVER_START_S = 60
HTTP_TIMEOUT_S = 60
WORD = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def request(self) -> SearchRequest:
        return SearchRequest(q=self.q, filters=self.filters)

    def path(self) -> str:
        return "/search?" + urlencode(self.request.to_params())


# --------------------------------------------------------------------------- the mix


def make_mix(index_dir: Path, seed: int = MIX_SEED) -> list[Query]:
    """The fixed mix of queries for the index at `index_dir` (the same index, the same mix)."""
    rng = random.Random(seed)
    ix = open_live_index(index_dir)
    s = ix.searcher()  # open until the mix is made: parsing a prefix reads its words
    reader = s.reader()
    n = s.doc_count_all()
    step = max(1, n // SAMPLE_DOCS)
    texts = [s.stored_fields(d).get("body", "") for d in range(0, n, step)]
    parser = make_parser(ix.schema)

    def df(word: str) -> int:
        terms = plain_tokens(word)
        return reader.doc_frequency("body", terms[0]) if terms else 0

    words = sorted({w.lower() for t in texts for w in WORD.findall(t)})
    freq = {w: df(w) for w in words}
    banded = {
        band: [w for w in words if lo * n <= freq[w] < hi * n] or [w for w in words if freq[w] > 0]
        for band, (lo, hi) in BANDS.items()
    }
    common = banded["medium"] + banded["frequent"]
    # Phrases: two words that follow each other in an article, as readers quote a name or
    # a term ("interest rates"), so not "of the".
    pairs = [(a.lower(), b.lower()) for t in texts for a, b in zip(WORD.findall(t), WORD.findall(t)[1:])
             if len(a) >= PHRASE_LETTERS and len(b) >= PHRASE_LETTERS]

    def readable(q: str) -> bool:
        try:
            return parse(parser, q, reader) is not wq.NullQuery
        except Exception:  # noqa: BLE001 - too broad or odd: not in the mix
            return False

    with open_backend(BackendConfig(str(index_dir))).searcher() as searcher:
        facets = {f.name: [v.value for v in f.values] for f in searcher.search(SearchRequest()).facets}

    def field_query() -> str:
        name = rng.choice(["source", "countries", "people", "organizations"])
        prefix = {"source": "source", "countries": "country", "people": "person", "organizations": "org"}[name]
        value = rng.choice(facets[name] or ["none"])
        return f'{prefix}:"{value}"' if " " in value else f"{prefix}:{value}"

    makers = {
        "and2": lambda: " ".join(rng.sample(common, 2)),
        "and3": lambda: " ".join(rng.sample(common, 3)),
        "phrase": lambda: '"%s %s"' % rng.choice(pairs),
        "or": lambda: "%s OR %s" % tuple(rng.sample(common, 2)),
        "not": lambda: "%s NOT %s" % tuple(rng.sample(common, 2)),
        "prefix": lambda: (lambda w: w[: rng.choice(PREFIX_LETTERS)] + "*")(rng.choice([w for w in common if len(w) > 5])),
        "field": field_query,
    }
    queries: list[Query] = []
    for band, pool in banded.items():
        queries += [Query(f"word ({band})", w) for w in rng.sample(pool, min(PER_BAND, len(pool)))]
    for kind, count in MIX.items():
        made = 0
        for _ in range(count * 20):  # tries: some draws are unreadable (too broad)
            if made == count:
                break
            q = makers[kind]()
            if readable(q):
                queries.append(Query(kind, q))
                made += 1
    rng.shuffle(queries)
    filterable = {name: values[:5] for name, values in facets.items() if values}
    for i in range(0, len(queries), FILTER_EVERY):
        names = rng.sample(sorted(filterable), min(len(filterable), 1 + (i // FILTER_EVERY) % 2))
        chosen = tuple((name, (rng.choice(filterable[name]),)) for name in names)
        queries[i] = Query(queries[i].kind, queries[i].q, tuple(sorted(chosen, key=lambda kv: [f.name for f in FACETS].index(kv[0]))))
    s.close()
    ix.close()
    return queries


# --------------------------------------------------------------------------- three ways


class PlainWhoosh:
    """The faceted page the way Whoosh's documentation builds it, on one reused searcher."""

    def __init__(self, index_dir: Path) -> None:
        self.ix = open_live_index(index_dir)
        self.searcher = self.ix.searcher()
        self.parser = make_parser(self.ix.schema)
        self.facets = {f.name: sorting.FieldFacet(f.name, allow_overlap=f.multi_valued) for f in FACETS}

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    def _filter(self, filters: dict[str, tuple[str, ...]]) -> wq.Query | None:
        parts: list[wq.Query] = []
        for name, values in filters.items():
            facet = FACETS_BY_NAME[name]
            terms = [wq.Term(name, facet.term(v)) for v in values]
            parts.append(wq.Or(terms) if facet.disjunctive else wq.And(terms))
        return wq.And(parts) if parts else None

    def page(self, item: Query) -> int:
        q = parse(self.parser, item.q, self.searcher.reader())
        filters = dict(item.filters)
        results = self.searcher.search(q, limit=10, groupedby=self.facets, filter=self._filter(filters), terms=True)
        for name in self.facets:
            results.groups(name)
        # A filtered single-valued facet is counted without its own filter.
        for name in filters:
            if FACETS_BY_NAME[name].disjunctive:
                others = {k: v for k, v in filters.items() if k != name}
                self.searcher.search(q, limit=1, groupedby={name: self.facets[name]}, filter=self._filter(others)).groups(name)
        for hit in results[:10]:  # (iterating the Results of a grouped search goes past the top 10)
            hit.highlights("body")
        return len(results)


class Server:
    """`searchapp serve` on 127.0.0.1 at a free port, and one keep-alive client of it."""

    def __init__(self, index_dir: Path, workers: int, threads: int, log_dir: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        with open(log_dir / "server.out", "w") as out, open(log_dir / "server.err", "w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "searchapp.cli", "serve", "--index", str(index_dir), "--host", "127.0.0.1",
                 "--port", str(self.port), "--workers", str(workers), "--threads", str(threads)],
                stdout=out, stderr=err,
            )
        self._conn: http.client.HTTPConnection | None = None
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                self.get("/search.json?per_page=1")
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("the server did not start: " + (log_dir / "server.err").read_text()[-2000:])
                time.sleep(0.2)

    def get(self, path: str) -> int:
        for attempt in (1, 2):  # once more on a fresh connection if the kept one was closed
            if self._conn is None:
                self._conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT_S)
            try:
                self._conn.request("GET", path)
                response = self._conn.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"GET {path}: {response.status}")
                return response.status
            except (http.client.HTTPException, ConnectionError):
                self._conn.close()
                self._conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def resident_mib(self) -> dict[str, float]:
        """Resident memory of the server's master and each worker, MiB."""
        pids = [self.proc.pid, *_children(self.proc.pid)]
        return {str(pid): _rss_mib(pid) for pid in pids}

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --------------------------------------------------------------------------- figures


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank (p99 of 240 samples is the 3rd largest)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))] if ordered else float("nan")


def summary(values: list[float]) -> dict[str, float]:
    return {"samples": len(values), **{f"p{p}": round(percentile(values, p), 2) for p in PERCENTILES}}


@dataclass
class Run:
    index: str
    queries: int
    rounds_done: int = 0
    seconds: float = 0.0
    timings: dict[str, list[float]] = field(default_factory=dict)  # way -> ms
    slowest: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    resident_mib: dict[str, float] = field(default_factory=dict)

    def add(self, way: str, ms: float, item: Query) -> None:
        self.timings.setdefault(way, []).append(ms)
        self.slowest.setdefault(way, []).append((round(ms, 2), item.path()))


WAYS = {
    "plain": "plain Whoosh (groupedby, grouped search per filter, highlights)",
    "inprocess": "searchapp in-process Searcher.search (no result cache)",
    "http_first": "searchapp GET /search, production server, first request",
    "http_repeat": "searchapp GET /search, production server, asked again at once",
    "http_later": "searchapp GET /search, production server, later rounds",
}


def measure(index_dir: Path, mix: list[Query], rounds: int, seconds: float, workers: int, threads: int,
            log_dir: Path) -> Run:
    run = Run(index=str(index_dir), queries=len(mix))
    backend = open_backend(BackendConfig(str(index_dir)))
    plain = PlainWhoosh(index_dir)
    server = Server(index_dir, workers, threads, log_dir)
    try:
        # Warm each way once (the facet tables, the first page of each process) untimed.
        with backend.searcher() as s:
            s.search(SearchRequest())
        plain.page(Query("warm", ""))
        for _ in range(2 * workers):
            server.get("/search?q=warm")
        t0 = time.monotonic()
        for round_no in range(rounds):
            for item in mix:
                if time.monotonic() - t0 > seconds:
                    break
                a = time.perf_counter()
                plain.page(item)
                b = time.perf_counter()
                with backend.searcher() as s:
                    s._generation.results = ResultCache(0)  # the search, not the cache  # noqa: SLF001
                    s.search(item.request)
                c = time.perf_counter()
                server.get(item.path())
                d = time.perf_counter()
                run.add("plain", (b - a) * 1000, item)
                run.add("inprocess", (c - b) * 1000, item)
                run.add("http_first" if round_no == 0 else "http_later", (d - c) * 1000, item)
                if round_no == 0:
                    server.get(item.path())
                    run.add("http_repeat", (time.perf_counter() - d) * 1000, item)
            else:
                run.rounds_done += 1
                continue
            break
        run.seconds = round(time.monotonic() - t0, 1)
        run.resident_mib = server.resident_mib()
    finally:
        server.stop()
        plain.close()
    return run


def report(run: Run) -> dict:
    figures = {way: summary(values) for way, values in run.timings.items()}
    ratios = {
        way: {f"p{p}": round(figures["plain"][f"p{p}"] / figures[way][f"p{p}"], 1) if figures[way][f"p{p}"] else None
              for p in PERCENTILES}
        for way in figures if way != "plain"
    }
    slowest = {way: sorted(items, reverse=True)[:5] for way, items in run.slowest.items()}
    return {"index": run.index, "queries": run.queries, "rounds": run.rounds_done, "seconds": run.seconds,
            "machine": {"cores": os.cpu_count()}, "figures": figures, "ratios_plain_over": ratios,
            "slowest": slowest, "server_resident_mib": run.resident_mib}


def print_report(out: dict) -> None:
    print(f"\n{out['queries']} queries, {out['rounds']} full round(s), {out['seconds']} s, {out['machine']['cores']} cores")
    print(f"{'the whole page (5 facets, 10 snippets)':<68}{'n':>5}{'p50 ms':>9}{'p95':>9}{'p99':>9}")
    for way, label in WAYS.items():
        f = out["figures"].get(way)
        if f:
            print(f"{label:<68}{f['samples']:>5}{f['p50']:>9.1f}{f['p95']:>9.1f}{f['p99']:>9.1f}")
    print("\nplain Whoosh / searchapp (x faster), same run:")
    for way, r in out["ratios_plain_over"].items():
        print(f"  {WAYS[way]:<66}" + "".join(f"  p{p} {r[f'p{p}']}x" for p in PERCENTILES))
    rss = out["server_resident_mib"]
    print(f"\nserver resident memory (MiB, master and workers): {', '.join(f'{v:.0f}' for v in rss.values())}")
    for way in ("inprocess", "http_first"):
        print(f"slowest {way}: " + "; ".join(f"{ms:.0f} ms {path}" for ms, path in out["slowest"].get(way, [])))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, help="an index folder built with `searchapp build`")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1200, help="stop the rounds after this long")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes")
    ap.add_argument("--threads", type=int, default=4, help="threads per server process")
    ap.add_argument("--json", type=Path, help="write the figures and the mix here")
    ap.add_argument("--smoke", action="store_true", help="a seed index, one round: that it runs, no figures to keep")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index
        if args.smoke:
            from searchapp.ingest.pipeline import process_collection

            index_dir = Path(tmp) / "ix"
            open_backend(BackendConfig(str(index_dir))).rebuild(process_collection(SEEDS, workers=1))
            args.rounds, args.workers, args.threads = min(args.rounds, 2), 1, 2
        if index_dir is None:
            ap.error("give --index (or --smoke)")
        t0 = time.monotonic()
        mix = make_mix(index_dir)
        print(f"mix: {len(mix)} queries from {index_dir} in {time.monotonic() - t0:.1f} s "
              f"({sum(1 for m in mix if m.filters)} with facet filters)")
        run = measure(index_dir, mix, args.rounds, args.seconds, args.workers, args.threads, Path(tmp))
    out = report(run)
    print_report(out)
    if args.json:
        out["mix"] = [asdict(m) for m in mix]
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
