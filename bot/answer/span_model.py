"""The span model: weights fitted on data (tools/train_spans.py) that pick the short answer.

A linear model over `span_features.FEATURES`, read from bot/data/spans.json on first use;
running it needs no more than the standard library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.answer.question import Question
from bot.answer.span_candidates import Span
from bot.answer.span_context import context
from bot.answer.span_features import FEATURES, features

WEIGHTS_FILE = "spans.json"


@dataclass(frozen=True)
class SpanModel:
    """Weights over FEATURES, in their order, and the hand-written readings they were fitted
    on: a reading the training data showed too seldom cannot be judged, so its answer stands."""

    weights: tuple[float, ...]
    readings: frozenset[str] = frozenset()

    def score(self, feats: list[tuple[int, float]]) -> float:
        """The model's score of a candidate: only its order among one sentence's candidates
        means anything (a softmax over them was fitted, tools/train_spans.py)."""
        w = self.weights
        return sum([w[i] * v for i, v in feats])  # a list: no generator frame per pair

    def choose(
        self,
        spans: list[Span],
        q: Question,
        norm: str,
        synonyms: dict[str, tuple[str, ...]],
    ) -> Span | None:
        """The best candidate, the first of equals (the reading's answer when the model cannot
        judge its reading); None without any candidate."""
        if not spans:
            return None
        rule = next((s for s in spans if "rule" in s.kinds), None)
        if rule is not None and rule.reading not in self.readings:
            return rule
        ctx = context(q, norm, synonyms, rule)
        scores = [self.score(features(s, q, norm, ctx)) for s in spans]
        return spans[scores.index(max(scores))]


def from_dict(data: dict[str, object], where: str) -> SpanModel:
    """A model from its JSON form; ValueError when it was fitted on other features."""
    names = data.get("features")
    weights = data.get("weights")
    readings = data.get("readings", {})
    if names != list(FEATURES) or not isinstance(weights, list) or not isinstance(readings, dict):
        raise ValueError(
            f"{where} was fitted on other span features than this code computes: "
            "refit it with `make train-spans`"
        )
    least = data.get("least_evidence", 1)
    if not isinstance(least, int):
        raise ValueError(f"{where}: least_evidence must be a whole number")
    seen = frozenset(r for r, n in readings.items() if isinstance(n, int) and n >= least)
    return SpanModel(tuple(float(w) for w in weights), seen)


@cache
def shipped() -> SpanModel:
    """The model shipped in bot/data, read once."""
    text = resources.files("bot.data").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    return from_dict(json.loads(text), f"bot/data/{WEIGHTS_FILE}")
