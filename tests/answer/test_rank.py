"""The shipped ranker: fitted numbers that load, agree with the features, and decide."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from bot.answer.features import NAMES
from bot.answer.rank import CONFIDENCE_NAMES, Ranker


def shipped() -> dict[str, object]:
    text = resources.files("bot.data").joinpath("ranker.json").read_text("utf-8")
    return json.loads(text)


def test_shipped_model_matches_the_features_and_records_its_data() -> None:
    raw = shipped()
    ranker = Ranker.load()
    assert len(ranker.weights) == len(NAMES)
    assert len(ranker.confidence_weights) == len(CONFIDENCE_NAMES)
    assert 0.0 < ranker.refuse_below < ranker.sure_above < 1.0
    about = raw["about"]
    assert isinstance(about, dict)
    assert all(len(h) == 64 for h in about["data"].values())  # SHA-256 of each file fitted on


def test_a_model_fitted_on_other_features_is_refused() -> None:
    raw = shipped()
    raw["features"] = list(raw["features"])[:-1]  # type: ignore[index]
    with pytest.raises(ValueError, match="make train"):
        Ranker.load(json.dumps(raw))


def test_confidence_is_a_probability_that_rises_with_its_weighted_inputs() -> None:
    ranker = Ranker.load()
    low = [0.0] * len(CONFIDENCE_NAMES)
    high = [float(np.sign(w)) for w in ranker.confidence_weights]
    assert 0.0 < ranker.confidence(low) < ranker.confidence(high) < 1.0


def test_confidence_inputs_read_the_best_row_and_its_margin() -> None:
    ranker = Ranker.load()
    x = np.zeros((3, len(NAMES)))
    x[1, NAMES.index("coverage")] = 0.9
    inputs = ranker.confidence_inputs(x, np.array([0.5, 2.0, 1.5]), terms=4)
    named = dict(zip(CONFIDENCE_NAMES, inputs, strict=True))
    assert named["score"] == 2.0 and named["margin"] == pytest.approx(0.5)
    assert named["coverage"] == pytest.approx(0.9) and named["terms"] == pytest.approx(0.4)
