#!/usr/bin/env python3
"""Measure the cleaner on the benchmarks (../shared/data/aeb/ and ../shared/data/readability/).

    .venv/bin/python scripts/eval_cleaner.py [--set DIR ...] [--kind html|text|both]
                                            [--half all|even|odd] [--only-ours] [--per-page]

Both sets by default (--set, or its old name --aeb, chooses: repeatable); for each
set and kind, every extractor's figures, the tuning halves, and the pages each
extractor scores below 0.5, by id.

Metric (the benchmark's): tokens are ``\\w+`` runs (Unicode, case kept); each
text becomes the multiset of its overlapping 4-token shingles; per page tp, fp
and fn are the multiset overlaps. Precision is the mean of tp/(tp+fp) over the
pages with an answer, recall the mean of tp/(tp+fn) over pages with a true
body, F1 = 2PR/(P+R) from those two means. Pages with an empty answer are
counted separately (the metric leaves them out of precision).

Speed: every extractor gets the same pages, already decoded and decompressed
in memory, in one process and one run, interleaved page by page (so that other
load on the machine slows them all alike); pages/s is the number of pages over
the summed extraction time. trafilatura runs with include_comments=False:
comments are not the article. For text dumps the baselines
get each dump wrapped as ``<html><body><p>line</p>...``, and "keep every line"
is shown too.

trafilatura and readability-lxml are only compared with (``pip install -e
'.[bench]'``); they are skipped when not installed. The cleaner never uses them.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import platform
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from searchapp.ingest.clean import CleaningError, clean  # noqa: E402
from searchapp.records import RawDocument  # noqa: E402

DEFAULT_AEB = ROOT.parent / "shared" / "data" / "aeb"
DEFAULT_SETS = (DEFAULT_AEB, ROOT.parent / "shared" / "data" / "readability")
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[str], str]


# ---------------------------------------------------------------------------
# Metric
# ---------------------------------------------------------------------------


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


@dataclass(frozen=True)
class PageScore:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score_page(predicted: str, truth: str) -> PageScore:
    p, t = shingles(predicted), shingles(truth)
    tp = sum((p & t).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if not total:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class Summary:
    f1: float
    precision: float
    recall: float
    empty: int
    pages: int


def summarise(scores: list[PageScore], answers: list[str]) -> Summary:
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    empty = sum(1 for a in answers if not _TOKEN.search(a or ""))
    return Summary(f1, p, r, empty, len(scores))


# ---------------------------------------------------------------------------
# Extractors
# ---------------------------------------------------------------------------


def ours(kind: str) -> Extractor:
    def run(text: str) -> str:
        try:
            return clean(RawDocument(path="page", text=text, kind=kind, encoding="utf-8")).body  # type: ignore[arg-type]
        except CleaningError:
            return ""

    return run


def wrap_lines(text: str) -> str:
    """A text dump as the simplest HTML page: one <p> per line."""
    body = "".join(f"<p>{html_lib.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><body>{body}</body></html>"


def baselines(kind: str) -> dict[str, Extractor]:
    found: dict[str, Extractor] = {}
    prepare: Callable[[str], str] = wrap_lines if kind == "text" else (lambda s: s)
    try:
        import trafilatura

        # Comments are not the article: the benchmark's truth leaves them out.
        def traf(text: str) -> str:
            return trafilatura.extract(prepare(text), include_comments=False) or ""

        def traf_precision(text: str) -> str:
            return trafilatura.extract(prepare(text), include_comments=False, favor_precision=True) or ""

        found["trafilatura"] = traf
        found["trafilatura (favor_precision)"] = traf_precision
    except ImportError:
        pass
    try:
        import lxml.html
        from readability import Document

        def readability(text: str) -> str:
            summary = Document(prepare(text)).summary(html_partial=True)
            if not summary.strip():
                return ""
            root = lxml.html.fromstring(summary)
            # One line per block, as the ground truth has it.
            for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "pre"):
                el.tail = (el.tail or "") + "\n"
            return root.text_content()

        found["readability-lxml"] = readability
    except ImportError:
        pass
    if kind == "text":
        found["keep every line"] = lambda text: text
    return found


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    summary: Summary
    seconds: float
    per_page: dict[str, PageScore]

    @property
    def pages_per_second(self) -> float:
        return self.summary.pages / self.seconds if self.seconds else float("inf")


def load_pages(aeb: Path, kind: str, ids: list[str]) -> dict[str, str]:
    if kind == "html":
        return {i: gzip.decompress((aeb / "html" / f"{i}.html.gz").read_bytes()).decode("utf-8") for i in ids}
    return {i: (aeb / "text" / f"{i}.txt").read_text("utf-8") for i in ids}


def run_all(extractors: dict[str, Extractor], pages: dict[str, str], truth: dict[str, str]) -> list[Result]:
    """Every extractor on every page, interleaved page by page (in rotating order)
    so that other load on the machine slows them all alike."""
    names = list(extractors)
    answers: dict[str, dict[str, str]] = {n: {} for n in names}
    seconds = dict.fromkeys(names, 0.0)
    for k, (page_id, text) in enumerate(pages.items()):
        for j in range(len(names)):
            name = names[(j + k) % len(names)]
            start = time.perf_counter()
            answers[name][page_id] = extractors[name](text)
            seconds[name] += time.perf_counter() - start
    results = []
    for name in names:
        per_page = {i: score_page(answers[name][i], truth[i]) for i in pages}
        summary = summarise(list(per_page.values()), list(answers[name].values()))
        results.append(Result(name, summary, seconds[name], per_page))
    return results


def select(ids: list[str], half: str) -> list[str]:
    if half == "even":
        return ids[0::2]
    if half == "odd":
        return ids[1::2]
    return ids


def print_table(kind: str, results: list[Result], n_pages: int) -> None:
    ref = results[0]
    print(f"\n{kind.upper()} ({n_pages} pages)")
    print(f"{'extractor':32} {'F1':>6} {'prec':>6} {'recall':>6} {'empty':>5} {'pages/s':>8}  ours is")
    for r in results:
        s = r.summary
        if r is ref:
            ratio_text = ""
        elif r.pages_per_second > 1e4:
            ratio_text = "(no work)"
        else:
            ratio_text = f"{ref.pages_per_second / r.pages_per_second:.2f}x as fast"
        print(
            f"{r.name:32} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {s.empty:5d} "
            f"{r.pages_per_second:8.1f}  {ratio_text}"
        )


def half_figures(result: Result, ids: list[str]) -> str:
    parts = []
    for half in ("even", "odd"):
        chosen = select(ids, half)
        scores = [result.per_page[i] for i in chosen]
        s = summarise(scores, ["x"] * len(scores))  # empties are counted over all pages above
        parts.append(f"{half} half F1 {s.f1:.3f} (P {s.precision:.3f}, R {s.recall:.3f})")
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", "--aeb", dest="sets", type=Path, action="append",
                    help="benchmark folder (repeatable; default: aeb and readability)")
    ap.add_argument("--kind", choices=("html", "text", "both"), default="both")
    ap.add_argument("--half", choices=("all", "even", "odd"), default="all",
                    help="score only even/odd positions of the sorted page ids (tuning guard)")
    ap.add_argument("--only-ours", action="store_true", help="skip the other extractors")
    ap.add_argument("--per-page", action="store_true", help="print our worst pages")
    args = ap.parse_args(argv)
    print(f"Machine: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} cores, single process")
    for folder in args.sets or DEFAULT_SETS:
        run_set(folder, args)
    return 0


def run_set(folder: Path, args: argparse.Namespace) -> None:
    truth_all = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    all_ids = sorted(truth_all)
    ids = select(all_ids, args.half)
    truth = {i: truth_all[i]["articleBody"] for i in ids}
    print(f"\nBenchmark: {folder} ({len(ids)} pages, half={args.half})")

    for kind in ("html", "text") if args.kind == "both" else (args.kind,):
        pages = load_pages(folder, kind, ids)
        extractors: dict[str, Extractor] = {"ours": ours(kind)}
        if not args.only_ours:
            extractors.update(baselines(kind))
        results = run_all(extractors, pages, truth)
        print_table(kind, results, len(ids))
        if args.half == "all":
            print("Tuning guard, page ids sorted, even positions (tuned on) / odd positions (held out):")
            for r in results:
                print(f"  {r.name:30} {half_figures(r, ids)}")
        print("Pages below 0.5 (even positions marked *):")
        even = set(all_ids[0::2])
        for r in results:
            low = [f"{i[:12]}{'*' if i in even else ''}" for i in ids if r.per_page[i].f1 < 0.5]
            print(f"  {r.name:30} {len(low):3d}  {' '.join(low)}")
        if args.per_page:
            worst = sorted(results[0].per_page.items(), key=lambda kv: kv[1].f1)[:25]
            for page_id, s in worst:
                print(f"  {page_id[:10]} F1 {s.f1:.3f} P {s.precision or 0:.3f} R {s.recall or 0:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
