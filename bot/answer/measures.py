"""What a question's figure measures (多长: a length or a duration) and what a sentence's
figures measure (7.8公里: a length), from the lexicon's units and question phrases.

Both models read it: the span model prefers a figure of the asked measure (多长 → 7.8公里,
not 1座), the ranker and its confidence a sentence that has one.
"""

from __future__ import annotations

import re

from bot.answer.spans import number_spans
from bot.lang.lexicon import MEASURE_ASKERS, MEASURE_UNITS

# Longest first: 多少分钟 asks a duration before 多少分 can ask a score.
_ASKERS = sorted(
    {
        w: frozenset(m for m, ws in MEASURE_ASKERS.items() if w in ws)
        for words in MEASURE_ASKERS.values()
        for w in words
    }.items(),
    key=lambda p: -len(p[0]),
)
_UNITS = sorted(((u, m) for m, us in MEASURE_UNITS.items() for u in us), key=lambda p: -len(p[0]))
_BOUNDS = re.compile(r"(?:以上|以下|以内|左右|多)$")
_FIGURE = re.compile(r"[\d零一二两三四五六七八九十百千万亿多余]")
_DAYTIME = "(?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|夜间)"
# A time of day; a Chinese-numeral hour only after a time of day: 一点 alone is "a little".
CLOCK = re.compile(
    rf"{_DAYTIME}?(?:\d{{1,2}}[:：]\d{{2}}|\d{{1,2}}[时点](?:\d{{1,2}}分|半)?)"
    rf"|{_DAYTIME}[一二三四五六七八九十]{{1,3}}[时点]半?"
)


def asked(text: str) -> frozenset[str]:
    """The measures a question asks for, each phrase read once, longest first."""
    found: set[str] = set()
    for word, measures in _ASKERS:
        if word in text:
            found |= measures
            text = text.replace(word, "\0")
    return frozenset(found)


def measure_of(text: str, kinds: frozenset[str]) -> str | None:
    """What a figure measures, by its unit (约7.8公里 → length); a date is a point in time."""
    if "clock" in kinds:
        return "clock"
    if kinds & {"date", "year"}:
        return "date"
    core = _BOUNDS.sub("", text)
    for unit, measure in _UNITS:
        if core.endswith(unit) and _FIGURE.search(core[-len(unit) - 1 : -len(unit)] or "x"):
            return measure
    return None


def found(norm: str, measures: frozenset[str]) -> bool:
    """Whether a sentence holds a figure of one of the measures."""
    if "clock" in measures and CLOCK.search(norm):
        return True
    number = frozenset(("number",))
    return any(measure_of(t, number) in measures for _, t in number_spans(norm))
