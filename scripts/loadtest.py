#!/usr/bin/env python3
"""Load test: concurrent readers against a running `searchapp serve`, on loopback only.

Replays a mixed request log (search pages and their JSON twins, one and two facet filters,
sorts, later pages, article pages) first with one client (the baseline of the same run),
then with N concurrent clients, and prints throughput, p50/p95/p99 latency, errors, and the
N-client figures as ratios of the one-client ones. With --rebuild SRC, a full rebuild of
the served index runs during the N-client phase, again and again until it ends.

    .venv/bin/searchapp serve --index /tmp/ix --port 5055 &
    .venv/bin/python scripts/loadtest.py --url http://127.0.0.1:5055 --clients 4 --requests 2000
    .venv/bin/python scripts/loadtest.py --url http://127.0.0.1:5055 --clients 4 --requests 2000 \\
        --rebuild /tmp/src --index /tmp/ix

Bounded: at most --requests requests and --seconds seconds per phase.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import ipaddress
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
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


def run(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    todo = iter(paths)

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                path = next(todo, None)
            if path is None:
                return
            result = _fetch(base + path)
            with lock:
                results.append(result)

    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - t0
    ms = sorted(r[0] for r in results)
    # A 404 is an answer (an article id from another build); 5xx and no answer are errors.
    errors = sum(1 for _, status in results if status == 0 or status >= 500)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(p * len(ms)))] if ms else float("nan")

    return {
        "requests": len(results), "seconds": wall, "per_s": len(results) / wall if wall else 0.0,
        "p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99), "mean": statistics.fmean(ms) if ms else 0.0,
        "errors": errors, "statuses": sorted({s for _, s in results}),
    }


def _loopback_only(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        address = ipaddress.ip_address(socket.gethostbyname(host))
    except (OSError, ValueError):
        sys.exit(f"cannot resolve {host!r}")
    if not address.is_loopback:
        sys.exit(f"{url} is not on loopback: this script only loads a server on this machine")


def _rebuilds(src: Path, index: Path, stop: threading.Event, log: list[str]) -> None:
    exe = Path(sys.executable).with_name("searchapp")
    while not stop.is_set():
        t0 = time.perf_counter()
        done = subprocess.run([str(exe), "build", str(src), "--index", str(index), "--wait"],
                              capture_output=True, text=True)
        log.append(f"rebuild: exit {done.returncode}, {time.perf_counter() - t0:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:5000")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=2000, help="per phase, at most")
    ap.add_argument("--seconds", type=float, default=300, help="per phase, at most")
    ap.add_argument("--rebuild", type=Path, help="source folder to rebuild the served index from, during the run")
    ap.add_argument("--index", type=Path, help="the served index folder (with --rebuild)")
    args = ap.parse_args()
    base = args.url.rstrip("/")
    _loopback_only(base)
    if args.rebuild and not args.index:
        ap.error("--rebuild needs --index, the folder the server serves")

    paths = request_log(base, args.requests)
    print(f"{len(paths)} requests a phase, {args.clients} clients; server {base}")
    one = run(base, paths, 1, args.seconds)
    stop, rebuild_log = threading.Event(), []
    rebuilder = None
    if args.rebuild:
        rebuilder = threading.Thread(target=_rebuilds, args=(args.rebuild, args.index, stop, rebuild_log), daemon=True)
        rebuilder.start()
    many = run(base, paths, args.clients, args.seconds)
    stop.set()
    if rebuilder:
        rebuilder.join()

    print(f"\n{'':<22}{'req':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for label, r in (("1 client (baseline)", one), (f"{args.clients} clients" + (" + rebuild" if args.rebuild else ""), many)):
        print(f"{label:<22}{r['requests']:>6}{r['per_s']:>8.1f}{r['p50']:>9.0f}{r['p95']:>9.0f}{r['p99']:>9.0f}{r['errors']:>8}")
    print(f"\nratio to the baseline: throughput {many['per_s'] / one['per_s']:.2f}x, "
          f"p50 {many['p50'] / one['p50']:.2f}x, p95 {many['p95'] / one['p95']:.2f}x")
    print(f"statuses seen: {many['statuses']}")
    for line in rebuild_log:
        print(line)
    return 1 if one["errors"] or many["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
