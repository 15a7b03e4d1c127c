"""How often a question's words stand in the sentence that answers it: the word factors of
bot/answer/terms.py, fitted on the training questions (`make train` runs it through
tools/train_ranker.py, which fits the ranker on the weights these factors give).

A question word that the answer's sentence, or its article's title, seldom holds says how
the reader asked more than what about: 现在, 花 (for 投资), 做, 原因, 提及. Weighed by its idf
alone, it weighs like a name in a small corpus, and a sentence lacking it loses, or the
question is refused for it. For each word asked at least MIN_ASKED times, the share of its
questions whose answer sentence or title holds it, pulled towards the share over all words
by PRIOR questions' worth, over that overall share, is its factor (at most 1: a word found
more often than most keeps its idf, which already says how rare it is).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

MIN_ASKED = 3
PRIOR = 5.0


@dataclass
class Counts:
    """Per word: in how many questions it was a term, and how many of their answers held it."""

    asked: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)

    def add(self, terms: Iterable[str], golds: list[str], title: str) -> None:
        """One question's terms, its answer sentences and its article's title (all as the
        answer stage normalises text, lower case)."""
        for term in dict.fromkeys(terms):
            self.asked[term] += 1
            self.found[term] += any(term in g for g in golds) or term in title


def fit(counts: Iterable[Counts]) -> dict[str, float]:
    """The factors from the pooled counts of the training sources, rounded so that a refit
    writes the same file."""
    asked: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for c in counts:
        asked.update(c.asked)
        found.update(c.found)
    total = sum(asked.values())
    if not total:
        return {}
    overall = sum(found.values()) / total
    out = {}
    for word in sorted(asked):
        if asked[word] < MIN_ASKED:
            continue
        share = (found[word] + PRIOR * overall) / (asked[word] + PRIOR)
        factor = round(min(1.0, share / overall), 4)
        if factor < 1.0:
            out[word] = factor
    return out
