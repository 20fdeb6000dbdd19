"""The statistical NER: spaCy's en_core_web_sm, loaded once per process, run over many
articles at a time (`nlp.pipe`), giving `ModelSpan`s in the article's text (title, blank
line, body: the same text as `Article`). extract.py merges them with the tables.

spaCy is imported only when the model is first needed, so that searching and serving do
not pay for it. Depends on rules.py.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .rules import MODEL_BATCH_SIZE, MODEL_LABELS, MODEL_MAX_CHARS, MODEL_PACKAGE, MODEL_PIPES


@dataclass(frozen=True)
class ModelSpan:
    """One entity the model found: its label and where it is in the article's text."""

    label: str  # PERSON, ORG, GPE, LOC or NORP
    start: int
    end: int
    text: str


@functools.cache
def load_model() -> Any:
    """The spaCy pipeline with only the pipes the extractor needs (once per process: a
    build loads it before forking its workers, which share it)."""
    import spacy
    from spacy.util import get_package_path, load_meta

    # Excluded pipes are not even read from disk (faster start-up than disabling them).
    components = load_meta(get_package_path(MODEL_PACKAGE) / "meta.json")["components"]
    return spacy.load(MODEL_PACKAGE, exclude=[c for c in components if c not in MODEL_PIPES])


def article_text(title: str, body: str) -> str:
    """The text that model spans and the extractor's offsets refer to."""
    return title + "\n\n" + body


def model_spans(texts: Sequence[str]) -> list[tuple[ModelSpan, ...]]:
    """The model's spans in each text, in order (one nlp.pipe call for all of them); past
    MODEL_MAX_CHARS of a text, none."""
    nlp = load_model()
    texts = [text[:MODEL_MAX_CHARS] for text in texts]
    return [
        tuple(
            ModelSpan(ent.label_, ent.start_char, ent.end_char, ent.text)
            for ent in doc.ents
            if ent.label_ in MODEL_LABELS
        )
        for doc in nlp.pipe(texts, batch_size=MODEL_BATCH_SIZE)
    ]
