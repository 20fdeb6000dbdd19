#!/usr/bin/env python3
"""The NER model's CPU per story with numpy's OpenBLAS on one thread (what importing
searchapp sets, searchapp/__init__.py) against OpenBLAS's default of a thread per core,
in the same run.

    .venv/bin/python scripts/bench_blas_threads.py [--docs 600] [--rounds 3]

Each round runs, in alternating order, two fresh Python processes over the same Reuters
stories (the first --docs of ../shared/data/reuters21578/, title and body as the model
reads them), one per setting. Each imports numpy, loads the model, then forks a worker as
a build does (the worker inherits what the parent's threads did to glibc) and runs the
model there in batches of the build's size. It prints the worker's CPU milliseconds per
story, the threads the parent had, whether glibc still counted the worker as
single-threaded (`__libc_single_threaded`), and the ratio. CPU time, not wall clock: other
people's work on a shared machine does not inflate it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl.gz"

CHILD = """
import ctypes, json, multiprocessing, os, sys, time
import numpy  # as the build's modules import it, before the model
from searchapp.ingest.extract.entities.model import article_text, load_model
from searchapp.ingest.pipeline import BATCH_DOCS

stories = json.loads(sys.stdin.read())
texts = [article_text(title, body) for title, body in stories]
nlp = load_model()
parent_threads = len(os.listdir("/proc/self/task"))


def work(_):
    single = ctypes.c_char.in_dll(ctypes.CDLL(None), "__libc_single_threaded").value == b"\\x01"
    list(nlp.pipe(texts[:BATCH_DOCS]))  # warm
    start = time.process_time()
    for i in range(0, len(texts), BATCH_DOCS):
        for _doc in nlp.pipe(texts[i : i + BATCH_DOCS]):
            pass
    return single, (time.process_time() - start) * 1000 / len(texts)


with multiprocessing.get_context("fork").Pool(1) as pool:
    single, ms = pool.apply(work, (0,))
print(json.dumps({"ms_per_doc": ms, "parent_threads": parent_threads, "single_threaded": single}))
"""


def run(setting: str, stories: str) -> dict:
    env = dict(os.environ, OPENBLAS_NUM_THREADS=setting)
    done = subprocess.run([sys.executable, "-c", CHILD], input=stories, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"the child with OPENBLAS_NUM_THREADS={setting} failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    stories = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            stories.append((doc["title"].title(), " ".join(doc["body"].split())))
            if len(stories) == args.docs:
                break
    payload = json.dumps(stories)
    default = str(os.cpu_count() or 1)  # OpenBLAS's own default: a thread per core
    settings = {"one thread": "1", f"{default} threads (OpenBLAS default)": default}
    print(f"{len(stories)} Reuters stories, {args.rounds} round(s), {os.cpu_count()} cores")
    rows: dict[str, list[dict]] = {name: [] for name in settings}
    for round_ in range(args.rounds):
        order = list(settings.items()) if round_ % 2 == 0 else list(reversed(settings.items()))
        for name, value in order:
            row = run(value, payload)
            rows[name].append(row)
            print(f"  round {round_ + 1}, {name}: {row['ms_per_doc']:.2f} ms/story CPU in the worker "
                  f"(parent threads {row['parent_threads']}, worker single-threaded for glibc: {row['single_threaded']})")
    one, many = (statistics.median(r["ms_per_doc"] for r in rows[name]) for name in settings)
    print(f"median: one thread {one:.2f} ms/story, OpenBLAS default {many:.2f}: the default costs {many / one:.2f}x")


if __name__ == "__main__":
    main()
