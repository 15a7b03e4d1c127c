"""The question words' factors: fitted by tools/word_factors.py, applied by bot/answer/terms.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from bot.answer import terms
from bot.answer.qa import QA

_TOOL = Path(__file__).resolve().parents[2] / "tools" / "word_factors.py"


def _tool():
    spec = importlib.util.spec_from_file_location("word_factors", _TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_word_seldom_in_its_answers_weighs_less_and_a_rare_one_keeps_its_idf() -> None:
    wf = _tool()
    counts = wf.Counts()
    answer = ["永康被命名为全国质量强市示范城市"]
    for _ in range(10):
        counts.add(["永康", "现在"], answer, "")  # 现在: asked, never in the answer
    counts.add(["示范"], answer, "")  # asked once: too few to say
    counts.add(["质量"], [], "质量强市")  # found in the title counts as found
    factors = wf.fit([counts])
    assert set(factors) == {"现在"}
    # Found in 0 of 10, pulled towards the overall share by PRIOR questions' worth.
    overall = 12 / 21
    assert factors["现在"] == round(wf.PRIOR * overall / (10 + wf.PRIOR) / overall, 4)
    assert wf.fit([]) == {}


def test_the_shipped_factors_lower_and_never_raise() -> None:
    assert terms.WORD_FACTORS  # fitted: `make train` writes them
    assert all(0.0 < f < 1.0 for f in terms.WORD_FACTORS.values())


@pytest.mark.parametrize("word", ["做", "去"])
def test_a_question_term_weighs_its_idf_times_its_factor(
    qa: QA, word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    factor = terms.WORD_FACTORS[word]
    lookup = terms.TermLookup({}, qa.tokenizer)
    shipped = lookup.term(qa.engine, word, False).weight
    monkeypatch.setattr(terms, "WORD_FACTORS", {})
    plain = lookup.term(qa.engine, word, False).weight
    assert shipped == pytest.approx(max(plain * factor, 0.05))
    assert shipped < plain
