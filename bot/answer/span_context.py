"""The sentence measured against the question once, for all of its candidate answers: where
the question's terms and focus stand, its clauses, and what the question asks of a figure.

The span model's features (bot.answer.span_features) read each candidate against this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer import measures
from bot.answer.asked import asked_unit, contexts, focus_of
from bot.answer.clauses import CLAUSE_OR_GAP
from bot.answer.question import Question
from bot.answer.span_candidates import Span
from bot.answer.spans import asks_for_credit, asks_for_several, asks_in_order, grain
from bot.lang.lexicon import OTHER_ASKERS, YEAR_WORDS
from bot.model import QType


@dataclass(frozen=True)
class Context:
    """What every candidate of one sentence is measured against, computed once."""

    qkind: str
    qchars: frozenset[str]
    terms: tuple[tuple[int, int], ...]  # where the question's terms stand in the sentence
    term_words: tuple[str, ...]
    clauses: tuple[tuple[int, int, float], ...]  # (start, end, share of terms) of each clause
    focus: str  # the question's term right beside its question word, or ""
    focus_first: bool  # … and it comes before the question word
    focus_at: tuple[int, ...]  # where it stands in the sentence
    best: float
    left: str
    right: str
    asks_byline: bool
    many: bool  # the question asks for several things (哪些)
    measures: frozenset[str]  # the measures the question asks for (MEASURE_ASKERS)
    rule: tuple[int, int] | None
    kind: str | None  # the asked kind: the question's category, else its kind noun
    ordinal: bool  # the question asks which in order: 第几
    asked_unit: str  # the unit a figure is asked in (米 of 多少米), when it counts no things
    grain: re.Pattern[str] | None  # what a date must name when a day or month is asked
    items: list[str]  # the things the question names: its terms of 2+ characters but the kind
    asks_other: bool  # … and it asks for another one than those (另一个是?, 除了)


def context(
    q: Question, norm: str, synonyms: dict[str, tuple[str, ...]], rule: Span | None
) -> Context:
    """The sentence measured against the question once, for all its candidates."""
    words = tuple(dict.fromkeys(w for t in q.terms for w in synonyms.get(t, (t,)) + (t,)))
    terms = []
    for w in words:
        at = norm.find(w)
        while at >= 0:
            terms.append((at, at + len(w)))
            at = norm.find(w, at + 1)
    clauses = []
    focus, focus_first = focus_of(q)
    start = 0
    for m in [*CLAUSE_OR_GAP.finditer(norm), None]:
        end = m.start() if m else len(norm)
        inside = sum(1 for t in q.terms if t in norm[start:end])
        clauses.append((start, end, inside / len(q.terms) if q.terms else 0.0))
        start = end + 1
    left, right = contexts(q)
    qkind = "year" if q.wh in YEAR_WORDS else q.qtype.value
    if q.qtype is QType.WHAT and (q.kind or (q.wh or "").startswith("哪")):
        qkind = "which"
    rule_span = (rule.start, rule.end) if rule and rule.start >= 0 else None
    return Context(
        qkind,
        frozenset(c for c in q.text if c.strip()),
        tuple(sorted(terms)),
        words,
        tuple(clauses),
        focus,
        focus_first,
        tuple(s for s, _ in terms if focus and norm.startswith(focus, s)),
        max((c[2] for c in clauses), default=0.0),
        left,
        right,
        asks_for_credit(q.text),
        asks_for_several(q.text),
        measures.asked(q.text),
        rule_span,
        q.asked_kind,
        asks_in_order(q.text),
        asked_unit(q),
        grain(q),
        [t for t in q.terms if len(t) > 1 and t not in (q.kind, q.category)],
        any(w in q.text for w in OTHER_ASKERS),
    )
