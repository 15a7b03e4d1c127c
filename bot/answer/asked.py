"""What a question points at, for the span model: the term beside its question word, the unit
it asks a figure in, and its text either side of the question word."""

from __future__ import annotations

import re

from bot.answer.question import Question
from bot.answer.spans import UNITS_PATTERN
from bot.answer.template import TAIL_PARTICLES, squeeze
from bot.model import QType

# Questions answered by a clause, not by one of several figures or names in a sentence.
_WHOLE_ANSWERS = frozenset((QType.REASON, QType.MANNER, QType.DEFINITION, QType.YESNO))
_ASKED_UNIT = re.compile(r"(?:多少|几)(" + UNITS_PATTERN + ")")


def asked_unit(q: Question) -> str:
    """The unit of 多少米, 几公里, 多少万元: a measure, not a count (those are q.unit)."""
    m = None if q.unit else _ASKED_UNIT.search(q.text)
    return m.group(1) if m else ""


def focus_of(q: Question) -> tuple[str, bool]:
    """The term right before the question word (末班车 in 7号线末班车几点), or else right
    after it (作为 in 把什么作为第一动力), and whether it is before: of several figures in a
    sentence, the asked one is beside it. ("", True) when there is none."""
    if not q.wh_spans or q.qtype in _WHOLE_ANSWERS:
        return "", True
    first, last = q.wh_spans[0][0], q.wh_spans[-1][1]
    before = [t for t in q.terms if 0 <= first - _end_before(q.text, t, first) <= 1]
    if before:
        return max(before, key=lambda t: _end_before(q.text, t, first)), True
    after = [t for t in q.terms if 0 <= q.text.find(t, last) - last <= 1]
    return (after[0], False) if after else ("", True)


def _end_before(text: str, term: str, at: int) -> int:
    """Where the term's last occurrence ending by `at` ends, or -99."""
    found = text.rfind(term, 0, at)
    return found + len(term) if found >= 0 else -99


def contexts(q: Question) -> tuple[str, str]:
    """The question's text before its first and after its last question phrase, squeezed."""
    if not q.wh_spans:
        return squeeze(TAIL_PARTICLES.sub("", q.text)), ""
    left = q.text[: q.wh_spans[0][0]]
    right = TAIL_PARTICLES.sub("", q.text[q.wh_spans[-1][1] :])
    return squeeze(left), squeeze(right)
