#!/usr/bin/env python3
"""score_clean.py's figures per tuning half: body F1, empty bodies and pages below 0.5.

    .venv/bin/python scripts/score_halves.py [SET ...] [--kind html|text|both] [--pages]

SET is a folder name under ../shared/data (default: readability aeb). For each set and
kind, `searchapp clean` runs once over every page (as ../shared/tools/score_clean.py
runs it, with its metric: 4-word shingles, mean precision and recall over pages), and
the figures are printed for all pages, the even positions of the sorted page ids (the
half tuned on) and the odd ones (held out), with the even half's pages below 0.5 by id.
--pages also lists the odd half's (read them only once tuning is done).
"""
from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(SHARED / "tools"))

from score_clean import TOK, page_scores  # noqa: E402  (the shared metric, not a copy)

SEARCHAPP = Path(sys.executable).parent / "searchapp"


def run(root: Path, kind: str) -> tuple[list[str], dict[str, tuple], float]:
    gold = json.loads((root / "ground-truth.json").read_text("utf-8"))
    keys = sorted(gold)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k in keys:
            if kind == "text":
                files.append(str(root / "text" / f"{k}.txt"))
            else:
                dst = Path(tmp) / f"{k}.html"
                dst.write_bytes(gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()))
                files.append(str(dst))
        start = time.perf_counter()
        proc = subprocess.run([str(SEARCHAPP), "clean", *files], capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
    rows = {Path(r["path"]).name.split(".")[0]: r for r in map(json.loads, proc.stdout.splitlines())}
    per = {}
    for k in keys:
        body = rows.get(k, {}).get("body") or ""
        per[k] = (*page_scores(gold[k]["articleBody"], body), not TOK.search(body))
    return keys, per, seconds


def summary(keys: list[str], per: dict[str, tuple]) -> tuple[float, float, float, int, list[str]]:
    ps = [per[k][0] for k in keys if per[k][0] is not None]
    rs = [per[k][1] for k in keys if per[k][1] is not None]
    p, r = sum(ps) / max(1, len(ps)), sum(rs) / max(1, len(rs))
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f1, p, r, sum(per[k][3] for k in keys), [k for k in keys if per[k][2] < 0.5]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="*", default=["readability", "aeb"])
    ap.add_argument("--kind", choices=("html", "text", "both"), default="both")
    ap.add_argument("--pages", action="store_true", help="list the odd half's pages below 0.5 too")
    args = ap.parse_args()
    for name in args.sets:
        for kind in ("html", "text") if args.kind == "both" else (args.kind,):
            keys, per, seconds = run(SHARED / "data" / name, kind)
            for half, ks in (("all", keys), ("even", keys[0::2]), ("odd", keys[1::2])):
                f1, p, r, empty, low = summary(ks, per)
                shown = low if half == "even" or (half == "odd" and args.pages) else []
                print(f"{name:12} {kind:5} {half:5} F1 {f1:.4f} (P {p:.4f}, R {r:.4f}) empty {empty} "
                      f"below 0.5: {len(low)}" + (f" {' '.join(k[:12] for k in shown)}" if shown else ""))
            print(f"{name:12} {kind:5} {len(keys) / seconds:.1f} pages/s (one `searchapp clean`, start-up included)")


if __name__ == "__main__":
    main()
