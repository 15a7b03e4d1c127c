"""The fitted ranker: a weight vector that orders candidates, and a calibrated confidence.

Every number here comes from `bot/data/ranker.json`, written by `tools/train_ranker.py`
(`make train`) from public reading-comprehension data; none is set by hand.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from bot.answer.features import NAMES

# What the confidence model reads of the best candidate, besides its score and margin.
CONFIDENCE_INPUTS = (
    "coverage",
    "in_sentence",
    "missing",
    "missing_nouns",
    "missing_noun_most",
    "title",
    "bigrams",
    "bigrams_nearby",
    "bigram_run",
    "bm25_per_weight",
    "typed",
    "type_lacking",
    "focus_lacking",
    "rest_beyond_lead",
    "measure_found",
    "measure_lacking",
    "kind_found",
)
CONFIDENCE_NAMES = ("score", "margin", "terms", *CONFIDENCE_INPUTS)
_INPUT_COLS = [NAMES.index(n) for n in CONFIDENCE_INPUTS]


@dataclass(frozen=True)
class Ranker:
    """Scores candidates (higher is better) and says how likely the best one answers."""

    weights: np.ndarray  # one per feature in features.NAMES
    confidence_weights: np.ndarray  # one per CONFIDENCE_NAMES
    confidence_bias: float
    refuse_below: float  # confidence under which the bot refuses
    sure_above: float  # confidence from which an answer is stated without "可能是"
    about: dict[str, Any]  # how and on what it was fitted

    @classmethod
    def load(cls, text: str | None = None) -> Ranker:
        """The shipped model, or one given as the JSON text train_ranker writes."""
        if text is None:
            text = resources.files("bot.data").joinpath("ranker.json").read_text("utf-8")
        raw = json.loads(text)
        if tuple(raw["features"]) != NAMES:
            raise ValueError("ranker.json was fitted on other features: run `make train`")
        if tuple(raw["confidence"]["inputs"]) != CONFIDENCE_NAMES:
            raise ValueError("ranker.json has another confidence model: run `make train`")
        return cls(
            weights=np.asarray(raw["weights"], dtype=float),
            confidence_weights=np.asarray(raw["confidence"]["weights"], dtype=float),
            confidence_bias=float(raw["confidence"]["bias"]),
            refuse_below=float(raw["confidence"]["refuse_below"]),
            sure_above=float(raw["confidence"]["sure_above"]),
            about=raw.get("about", {}),
        )

    @classmethod
    def untrained(cls) -> Ranker:
        """A ranker with no opinion (every weight zero), to collect training data with."""
        return cls(np.zeros(len(NAMES)), np.zeros(len(CONFIDENCE_NAMES)), 0.0, 0.0, 0.0, {})

    def scores(self, features: np.ndarray) -> np.ndarray:
        """One score per candidate row."""
        return features @ self.weights

    def confidence_inputs(
        self, features: np.ndarray, scores: np.ndarray, terms: int
    ) -> list[float]:
        """What the confidence model reads for the best-scoring row."""
        best = int(np.argmax(scores))
        margin = 5.0
        if len(scores) > 1:
            others = scores.copy()  # every score but the best's (np.delete costs more)
            others[best] = -np.inf
            margin = float(scores[best] - others.max())
        row = features[best]
        return [float(scores[best]), min(margin, 5.0), min(terms, 10) / 10] + [
            float(row[c]) for c in _INPUT_COLS
        ]

    def confidence(self, inputs: list[float]) -> float:
        """The fitted probability that the best candidate answers the question."""
        z = float(np.dot(self.confidence_weights, inputs)) + self.confidence_bias
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
