"""The statistical NER merged with the tables (issue 9): names no table knows, through the
same normalisation; the model's pipes; the figures on the CoNLL-2003 dev set as a floor."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter

import pytest

from searchapp.ingest.extract.entities import extract_entities
from searchapp.ingest.extract.entities.model import ModelSpan, article_text, load_model, model_spans
from searchapp.ingest.extract.entities.rules import MODEL_ORG_HOLIDAY_RE, MODEL_PACKAGE
from searchapp.ingest.pipeline import process_batch
from searchapp.ingest.reader import read_document

from .conftest import SHARED

CONLL = SHARED / "data" / "conll2003-dev"
SCORER = SHARED / "tools" / "score_entities.py"


def test_people_no_table_knows() -> None:
    text = (
        "Czech ambassador to the United Nations, Karel Kovanda, told the council. "
        "The appointment of Madeleine Albright was welcomed."
    )
    entities = extract_entities("", text)
    assert entities.people == ("Karel Kovanda", "Madeleine Albright")
    assert entities.organizations == ("United Nations",)  # the table's canonical name


def test_a_bare_surname_resolves_within_the_story() -> None:
    text = (
        "Russian Security Council secretary Alexander Lebed met rebel chief of staff Aslan "
        "Maskhadov.\n\nLebed flew back to Moscow and Maskhadov went home."
    )
    assert extract_entities("", text).people == ("Alexander Lebed", "Aslan Maskhadov")


def test_organisations_of_every_kind_one_spelling_each() -> None:
    text = (
        "Lebed met Maskhadov, Itar-Tass said.\n\nITAR-TASS and Xinhua news agency reported it, "
        "as did Reuters. Barrick Gold Corp said it would buy Arequipa Resources; Barrick Gold "
        "shares rose. The Kurdish Democratic Party said PKK guerrillas attacked."
    )
    assert extract_entities("", text).organizations == (
        "Arequipa Resources", "Barrick Gold", "Itar-Tass", "Kurdish Democratic Party", "PKK", "Reuters", "Xinhua",
    )


def test_the_curated_table_wins_for_bodies_it_knows() -> None:
    entities = extract_entities("", "The Fed left rates unchanged, the Federal Reserve Board said.")
    assert entities.organizations == ("Federal Reserve",)
    assert entities.countries == ()  # a national institution is evidence, not a country's name


def test_demonyms_of_actors_only() -> None:
    assert extract_entities("", "American Dennis Mitchell won the 100 metres.").countries == ()
    assert extract_entities("", "A Russian judge was stabbed.").countries == ()
    assert extract_entities("", "A South Korean official said so.").countries == ("South Korea",)


def test_capitals_as_actors_not_as_places() -> None:
    assert extract_entities("", "Belgrade airport was closed for repairs.").countries == ()
    assert extract_entities("", "The Vienna-based body met.").countries == ()
    assert extract_entities("", "Belgrade rejected the plan.").countries == ("Serbia",)


def test_a_place_the_model_reads_around_a_country_hides_it() -> None:
    # "the U.S. Gulf" is a sea, not the country; "northern Iraq" is still Iraq.
    assert extract_entities("", "There were 162 rigs under contract in the U.S. Gulf last week.").countries == ()
    assert extract_entities("", "Fighting broke out in Northern Iraq on Saturday.").countries == ("Iraq",)
    assert extract_entities("", "It has branches in the Northeastern U.S.").countries == ("United States",)
    assert extract_entities("", "Puerto Rico's governor said so.").countries == ("Puerto Rico",)
    # A city and its country read as one place (offsets in article_text("", text)): the country is named.
    text = "He was born in Khasavyurt, Russia, in 1950."
    assert extract_entities("", text, [ModelSpan("GPE", 17, 35, "Khasavyurt, Russia")]).countries == ("Russia",)


def test_a_holiday_the_model_calls_an_organisation_is_a_date() -> None:
    entities = extract_entities("", "Trading was thin ahead of the U.S. Labor Day weekend, dealers said.")
    assert entities.organizations == () and entities.countries == ("United States",)
    # "Business Day" is a newspaper, not a holiday.
    assert MODEL_ORG_HOLIDAY_RE.search("the Independence Day") and not MODEL_ORG_HOLIDAY_RE.search("Business Day")


def test_events_and_portfolios_the_model_calls_organisations_are_none() -> None:
    assert extract_entities("", "He has won three times on the PGA Tour since 1993.").organizations == ()
    text = "Kenya beat Ghana in the third match of the Singer World Series on Sunday."
    assert extract_entities("", text).organizations == ()
    entities = extract_entities("", "The students held Health Minister John Smith hostage.")
    assert entities.organizations == () and entities.people == ("John Smith",)
    # One word is a name ("Marathon": Marathon Petroleum); "Treasury Secretary" names a body.
    text = "Marathon Petroleum Co said it reduced the price. The decrease brings Marathon's posted price down."
    assert extract_entities("", text).organizations == ("Marathon",)
    # A body with a minister is still one.
    assert extract_entities("", "Officials of the Commerce Department said so.").organizations == ("Commerce Department",)


def test_only_the_ner_pipe_runs_and_it_reads_as_the_full_pipeline_does() -> None:
    """en_core_web_sm's NER has its own tok2vec: without the shared one (and the parser,
    tagger, lemmatizer) its spans are the same, at half the cost."""
    import spacy

    assert load_model().pipe_names == ["ner"]
    full = spacy.load(MODEL_PACKAGE)
    texts = [
        "Saddam Hussein's troops advanced on Arbil, the Kurdish Democratic Party said.",
        "Czech ambassador to the United Nations, Karel Kovanda, told Reuters on Friday.",
    ]
    for text, ours in zip(texts, model_spans(texts)):
        theirs = [(e.label_, e.start_char, e.end_char) for e in full(text).ents if e.label_ in {s.label for s in ours}]
        assert [(s.label, s.start, s.end) for s in ours] == theirs


def test_the_model_reads_a_batch_as_it_reads_one_document(seed_copy) -> None:
    raws = [read_document(p, p.name) for p in sorted(seed_copy.glob("*.txt"))]
    batch = process_batch(raws)
    assert [process_batch([raw])[0] for raw in raws] == batch
    assert all(article.entities.people for article in batch)


@pytest.mark.skipif(not (CONLL / "gold.json").exists() or not SCORER.exists(), reason=f"missing {CONLL} or {SCORER}")
def test_conll_dev_figures_stay_above_a_floor() -> None:
    """The issue's measure, computed in-process with the shared scorer's own keys: a floor
    a little under docs/entities.md's figures on the non-sports stories (the sports ones
    depend on the cleaner keeping result tables)."""
    spec = importlib.util.spec_from_file_location("score_entities", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = json.loads((CONLL / "gold.json").read_text(encoding="utf-8"))
    stems = [s for s in sorted(gold) if not gold[s]["sport"]]
    raws = [read_document(CONLL / "docs" / f"{s}.txt", f"{s}.txt") for s in stems]
    tally = {facet: Counter(tp=0, fp=0, fn=0) for facet, _ in scorer.FACETS}
    for stem, item in zip(stems, process_batch(raws)):
        found = getattr(item, "entities", None)
        for facet, label in scorer.FACETS:
            key = scorer.KEYS[facet]
            want = {k for k in map(key, gold[stem][label]) if k}
            got = {k for k in map(key, getattr(found, facet, ())) if k}
            tally[facet].update(tp=len(want & got), fp=len(got - want), fn=len(want - got))
    f1 = {facet: scorer.prf(c)["f1"] for facet, c in tally.items()}
    assert f1["people"] >= 0.80 and f1["countries"] >= 0.90 and f1["organizations"] >= 0.70, f1


def test_article_text_is_what_the_spans_refer_to() -> None:
    title, body = "Lebed in Moscow", "Alexander Lebed said so."
    text = article_text(title, body)
    (spans,) = model_spans([text])
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert any(s.text == "Alexander Lebed" for s in spans)


def test_bylines_and_credit_lines_name_no_one() -> None:
    """Decided in docs/entities.md: the reporter wrote the story; the facet lists whom it names."""
    body = (
        "By Jane Doe\n\nSEOUL (Reuters) - North Korea rejected the plan, Foreign Minister Ri Su-yong said.\n\n"
        "Reporting by John Smith; Editing by Mark Heinrich"
    )
    entities = extract_entities("Talks stall over sanctions", body)
    assert entities.people == ("Ri Su-yong",)
    assert entities.countries == ("North Korea",)
    # "By" inside the story is no byline.
    assert extract_entities("", "By Friday, Kim Jong-un had left.").people == ("Kim Jong-un",)
