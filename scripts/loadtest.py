#!/usr/bin/env python3
"""Load test: concurrent readers against a running `searchapp serve`, on loopback only.

Replays a mixed request log (search pages and their JSON twins, one and two facet filters,
sorts, later pages, article pages) first with one client (the baseline of the same run),
then with N concurrent clients, and prints throughput, p50/p95/p99 latency, errors, and the
N-client figures as ratios of the one-client ones. With --rebuild SRC, full rebuilds of the
served index (--rebuilds, default 1) run during the N-client phase, which then goes on until
--after-swap seconds after the last new index was swapped in; the figures are given before and
after each swap, so that requests served across the swap are counted.

    .venv/bin/searchapp serve --index /tmp/ix --port 5055 &
    .venv/bin/python scripts/loadtest.py --url http://127.0.0.1:5055 --clients 4 --requests 2000
    .venv/bin/python scripts/loadtest.py --url http://127.0.0.1:5055 --clients 4 --requests 2000 \\
        --rebuild /tmp/src --index /tmp/ix

Bounded: at most --requests requests and --seconds seconds per phase (the request log is
replayed from its start when a long phase runs out of it); with --rebuild, the N-client
phase is bounded by --seconds alone, as it must last until after the last swap (the
server's result cache answers a replayed log fast enough to use up any fixed count of
requests before a rebuild is done).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import ipaddress
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit

QUERIES = [
    "oil", "trade deficit", '"interest rates"', "Japan tariffs", "opec OR bundesbank", "wheat NOT usda",
    "bank*", "company said", "dollar", "gold", "coffee", "sugar export", "Reagan", "Thatcher", "strike",
    '"stock exchange"', "grain -maize", "title:oil", "country:japan", "org:opec", "",
]


def request_log(base: str, n: int, seed: int = 7) -> list[str]:
    """n request paths: mostly searches, some filtered, sorted or paged, some JSON, some articles."""
    rng = random.Random(seed)
    with urllib.request.urlopen(f"{base}/search.json?per_page=100", timeout=30) as response:
        first = json.load(response)
    ids = [h["id"] for h in first["hits"]]
    facets = first["facets"]
    paths = []
    for _ in range(n):
        roll = rng.random()
        q = quote(rng.choice(QUERIES))
        if roll < 0.15 and ids:
            paths.append("/article/" + quote(rng.choice(ids)) + (".json" if rng.random() < 0.3 else ""))
            continue
        path = ("/search.json" if roll < 0.4 else "/search") + f"?q={q}"
        if rng.random() < 0.25:
            facet = rng.choice([f for f in ("source", "countries", "people", "organizations", "month") if facets.get(f)])
            path += f"&{facet}=" + quote(rng.choice(facets[facet][:5])["value"])
        if rng.random() < 0.1:
            path += "&sort=" + rng.choice(["newest", "oldest"])
        if rng.random() < 0.1:
            path += "&page=" + str(rng.randint(2, 5))
        paths.append(path)
    return paths


def _fetch(url: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    except OSError:
        status = 0
    return (time.perf_counter() - t0) * 1000, status


def run(base: str, paths: list[str], clients: int, seconds: float, max_requests: int,
        done: Callable[[], bool] = lambda: False) -> list[tuple[float, float, int]]:
    """Replay `paths` (from the start again when they run out) with `clients` threads
    until `max_requests` or `seconds` or `done()`: (time answered, ms, status) each."""
    deadline = time.monotonic() + seconds
    results: list[tuple[float, float, int]] = []
    lock = threading.Lock()
    todo = itertools.islice(itertools.cycle(paths), max_requests)

    def client() -> None:
        while time.monotonic() < deadline and not done():
            with lock:
                path = next(todo, None)
            if path is None:
                return
            ms, status = _fetch(base + path)
            with lock:
                results.append((time.monotonic(), ms, status))

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    return results


def figures(results: list[tuple[float, float, int]]) -> dict:
    ms = sorted(r[1] for r in results)
    wall = (results[-1][0] - results[0][0]) + results[0][1] / 1000 if results else 0.0
    # A 404 is an answer (an article id from another build); 5xx and no answer are errors.
    errors = sum(1 for *_, status in results if status == 0 or status >= 500)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(p * len(ms)))] if ms else float("nan")

    return {
        "requests": len(results), "seconds": wall, "per_s": len(results) / wall if wall else 0.0,
        "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "mean": statistics.fmean(ms) if ms else 0.0,
        "errors": errors, "statuses": sorted({r[2] for r in results}),
    }


def _loopback_only(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        address = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError):
        sys.exit(f"cannot resolve {host!r}")
    if not address.is_loopback:
        sys.exit(f"{url} is not on loopback: this script only loads a server on this machine")


class Rebuilds(threading.Thread):
    """Runs `count` full rebuilds of the served index one after another, and watches
    its `current` link to note when each new build was swapped in."""

    def __init__(self, src: Path, index: Path, count: int) -> None:
        super().__init__(daemon=True)
        self.src, self.index, self.count = src, index, count
        self.log: list[str] = []
        self.swaps: list[float] = []  # time.monotonic() of each swap seen
        self.finished = threading.Event()

    def _live(self) -> str | None:
        try:
            return os.readlink(self.index / "current")
        except OSError:
            return None

    def run(self) -> None:
        exe = Path(sys.executable).with_name("searchapp")
        live = self._live()
        watcher_stop = threading.Event()

        def watch() -> None:
            nonlocal live
            while not watcher_stop.is_set():
                now = self._live()
                if now != live:
                    self.swaps.append(time.monotonic())
                    live = now
                time.sleep(SWAP_POLL_S)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        for _ in range(self.count):
            t0 = time.perf_counter()
            done = subprocess.run([str(exe), "build", str(self.src), "--index", str(self.index), "--wait"],
                                  capture_output=True, text=True)
            self.log.append(f"rebuild: exit {done.returncode}, {time.perf_counter() - t0:.0f} s"
                            + (f" ({done.stderr.strip().splitlines()[-1]})" if done.returncode else ""))
        time.sleep(2 * SWAP_POLL_S)
        watcher_stop.set()
        watcher.join()
        self.finished.set()


# How often the rebuild watcher looks at the index's `current` link.
SWAP_POLL_S = 0.05


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:5000")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=2000, help="per phase, at most (the baseline only, with --rebuild)")
    ap.add_argument("--seconds", type=float, default=300, help="per phase, at most")
    ap.add_argument("--baseline-seconds", type=float, help="the one-client phase, at most (default: --seconds)")
    ap.add_argument("--rebuild", type=Path, help="source folder to rebuild the served index from, during the run")
    ap.add_argument("--index", type=Path, help="the served index folder (with --rebuild)")
    ap.add_argument("--rebuilds", type=int, default=1, help="how many rebuilds to run one after another (with --rebuild)")
    ap.add_argument("--after-swap", type=float, default=30, help="seconds the load goes on after the last swap (with --rebuild)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    base = args.url.rstrip("/")
    _loopback_only(base)
    if args.rebuild and not args.index:
        ap.error("--rebuild needs --index, the folder the server serves")

    paths = request_log(base, min(args.requests, 5000))
    print(f"at most {args.requests} requests and {args.seconds:g} s a phase, {args.clients} clients; server {base}")
    one = figures(run(base, paths, 1, args.baseline_seconds or args.seconds, args.requests))
    rebuilds = None
    done: Callable[[], bool] = lambda: False
    if args.rebuild:
        rebuilds = Rebuilds(args.rebuild, args.index, args.rebuilds)

        def done() -> bool:
            return rebuilds.finished.is_set() and (not rebuilds.swaps or time.monotonic() > rebuilds.swaps[-1] + args.after_swap)

        rebuilds.start()
    results = run(base, paths, args.clients, args.seconds, sys.maxsize if args.rebuild else args.requests, done)
    if rebuilds:
        rebuilds.join(timeout=1)
    many = figures(results)

    rows = [("1 client (baseline)", one), (f"{args.clients} clients" + (" + rebuild" if args.rebuild else ""), many)]
    swaps = rebuilds.swaps if rebuilds else []
    edges = [results[0][0] if results else 0.0, *swaps, float("inf")]
    if swaps:
        for i, (lo, hi) in enumerate(zip(edges, edges[1:])):
            part = [r for r in results if lo <= r[0] < hi]
            rows.append((f"  {'before swap 1' if i == 0 else f'after swap {i}'}", figures(part)))
    print(f"\n{'':<22}{'req':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, r in rows:
        print(f"{label:<22}{r['requests']:>6}{r['per_s']:>8.1f}{r['p50']:>9.0f}{r['p95']:>9.0f}{r['p99']:>9.0f}{r['errors']:>8}")
    print(f"\nratio to the baseline: throughput {many['per_s'] / one['per_s']:.2f}x, "
          f"p50 {many['p50'] / one['p50']:.2f}x, p95 {many['p95'] / one['p95']:.2f}x")
    print(f"statuses seen: {many['statuses']}")
    if rebuilds:
        for line in rebuilds.log:
            print(line)
        start = results[0][0] if results else 0.0
        print(f"swaps seen during the load: {len(swaps)}" + (f" (at {', '.join(f'{t - start:.0f} s' for t in swaps)})" if swaps else ""))
    if args.json:
        args.json.write_text(json.dumps({label.strip(): r for label, r in rows} | {"swaps": len(swaps)}, indent=1))
    failed = one["errors"] or many["errors"] or (args.rebuild and not swaps)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
