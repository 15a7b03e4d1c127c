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
