"""Spans of a sentence by kind: here, where a literal name stands."""

from __future__ import annotations

import re

import pytest

from bot.answer.spans import occurrences


@pytest.mark.parametrize(
    ("word", "text"),
    [("日报", "金华日报讯 金华日报记者"), ("aa", "aaaaa"), ("报", "没有"), ("a.b", "a.b axb a.b")],
)
def test_occurrences_are_where_a_literal_pattern_matches(word: str, text: str) -> None:
    assert occurrences(word, text) == [m.start() for m in re.finditer(re.escape(word), text)]


_SCORES = """
from bot.answer.question import analyse
from bot.answer.span_candidates import candidates
from bot.answer.span_features import context, features
from bot.answer.span_model import shipped
from bot.lang.tokenizer import Tokenizer
t = Tokenizer()
q = analyse("哪些单位联合成立了服务队", t)
norm = "团市委、市公安局交警大队、市文明办、市志愿者协会联合成立服务队。"
model = shipped()
spans = candidates(q, norm, None, t)
ctx = context(q, norm, {}, None)
print([repr(model.score(features(s, q, norm, ctx))) for s in spans if len(s.kinds) > 1])
"""


def test_span_scores_do_not_depend_on_the_hash_seed() -> None:
    # A span's kinds are a set of strings, whose order follows PYTHONHASHSEED: the model's
    # sum must not, or the same question scores differently from one process to the next.
    import subprocess
    import sys

    runs = [
        subprocess.run(
            [sys.executable, "-c", _SCORES],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4")
    ]
    assert runs[0].startswith("['")  # some span has several kinds
    assert len(set(runs)) == 1, runs
