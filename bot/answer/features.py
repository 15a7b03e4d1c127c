"""What the ranker knows of each candidate sentence: one fixed, named vector of numbers.

Nothing here decides anything: the weights that turn these numbers into a ranking and a
confidence are fitted on data (`tools/train_ranker.py`, `bot/data/ranker.json`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum, unique

import numpy as np

from bot.answer import measures

# Answer types whose presence in a sentence is checked (see spans.has_type); each gets its
# own "typed" feature, since a date matters more to "when" than a name to "what".
TYPE_KINDS = (
    "time",
    "person",
    "agent",
    "org",
    "place",
    "number",
    "title",
    "reason",
    "manner",
    "list",
    "definition",
    "what",
)


@unique  # two names on one column would silently be one feature
class Col(IntEnum):
    """The base features, one column each: the one list of their names and their order
    (ranker.json's weights follow it), followed by one typed_* column per TYPE_KINDS."""

    bm25_share_of_best = 0
    bm25_per_weight = 1
    bm25_rank = 2
    coverage = 3
    in_sentence = 4
    synonym = 5
    inside_word = 6
    in_article = 7
    nearby = 8
    missing = 9
    missing_nouns = 10
    missing_noun_most = 11
    typed = 12
    headline = 13
    byline = 14
    log_length = 15
    neighbour_only = 16
    title = 17
    bigrams = 18
    bigram_run = 19
    bigram_run_long = 20
    bigrams_nearby = 21
    measure_found = 22  # the question asks a measure (多长, 多少钱) and the sentence has one
    measure_lacking = 23  # … and the sentence has no figure of it


BASE = tuple(c.name for c in Col) + tuple(f"typed_{t}" for t in TYPE_KINDS)
# Every feature also enters as its difference to the best value among the question's
# candidates: what wins is being better than the others, not a score on its own.
NAMES = BASE + tuple(f"{n}_vs_best" for n in BASE)
_COL = {n: i for i, n in enumerate(BASE)}
# How a question term was found (coverage.Where.match) → the feature that counts it.
_HOW = {
    "sentence": Col.in_sentence,
    "synonym": Col.synonym,
    "inside a word": Col.inside_word,
    "part of the word": Col.inside_word,
    "article": Col.in_article,
    "our city": Col.in_article,
    "the article": Col.in_article,
    "title": Col.in_article,
    "nearby": Col.nearby,
    "section": Col.nearby,
    "asked above": Col.nearby,
}
_LONGEST = 300  # characters; sentences are cut at corpus.max_sentence_chars (120) by default


@dataclass(frozen=True)
class Seen:
    """One candidate as the ranker sees it; built by the QA service."""

    bm25: float
    coverage: float
    matches: tuple[tuple[str, str, float], ...]  # (term, how, strength)
    typed: float | None  # how clearly it holds an answer of the asked type; None: unchecked
    headline: bool
    byline: bool  # names a reporter, photographer or editor (记者 X, X 摄, 编辑: X)
    text: str  # normalised, lower-cased sentence
    nearby: str  # normalised, lower-cased neighbours in the same article
    title: frozenset[str]  # the words of the article's title


def question_bigrams(norm: str) -> list[str]:
    """Adjacent character pairs of the question's words (no punctuation or spaces)."""
    text = norm.lower()
    return [
        text[i : i + 2] for i in range(len(text) - 1) if text[i].isalnum() and text[i + 1].isalnum()
    ]


def matrix(
    seen: Sequence[Seen],
    weights: Sequence[float],
    nouns: Sequence[bool],
    bigrams: Sequence[str],
    qtype: str,
    asked: frozenset[str] = frozenset(),
) -> np.ndarray:
    """The (candidates × NAMES) feature matrix for one question.

    `weights` are the question terms' weights, in the order of each candidate's matches;
    `nouns` says which terms are nouns or unknown words (names, things: what a question is
    about) rather than verbs and other words a paraphrase replaces, or the noun naming the
    kind of answer asked for (职务, 电话), which the answer need not repeat. `asked` are the
    measures the question asks for (bot.answer.measures).
    """
    total = float(sum(weights)) or 1.0
    best_bm25 = max((s.bm25 for s in seen), default=0.0) or 1.0
    order = sorted(range(len(seen)), key=lambda i: -seen[i].bm25)
    rank = {i: r for r, i in enumerate(order)}
    n_bigrams = len(bigrams) or 1
    type_col = _COL[f"typed_{qtype}"] if qtype in TYPE_KINDS else None
    rows = []
    for i, s in enumerate(seen):
        row = [0.0] * len(BASE)  # a list, not a numpy row: single-cell writes are 5x faster
        row[Col.bm25_share_of_best] = s.bm25 / best_bm25
        row[Col.bm25_per_weight] = min(s.bm25 / total, 3.0)
        row[Col.bm25_rank] = 1.0 / (1 + rank[i])
        row[Col.coverage] = s.coverage
        missing = missing_nouns = most = in_title = 0.0
        for w, noun, (term, how, strength) in zip(weights, nouns, s.matches, strict=True):
            if strength == 0.0:
                missing += w
                if noun:
                    missing_nouns += w
                    most = max(most, w)
            elif how in _HOW:
                row[_HOW[how]] += w * strength / total
            if term in s.title:
                in_title += w
        row[Col.missing] = missing / total
        row[Col.missing_nouns] = missing_nouns / total
        row[Col.missing_noun_most] = most / total
        row[Col.title] = in_title / total
        typed = s.typed or 0.0
        row[Col.typed] = typed
        if type_col is not None:
            row[type_col] = typed
        row[Col.headline] = float(s.headline)
        row[Col.byline] = float(s.byline)
        # Capped: a sentence longer than any seen in training must not extrapolate.
        row[Col.log_length] = math.log1p(min(len(s.text), _LONGEST))
        row[Col.neighbour_only] = float(s.bm25 == 0.0)
        present = list(map(s.text.__contains__, bigrams))  # map: no Python frame per pair
        row[Col.bigrams] = sum(present) / n_bigrams
        longest = _longest_run(present)
        row[Col.bigram_run] = longest / n_bigrams
        row[Col.bigram_run_long] = min(longest, 10) / 10
        around = s.text + "\n" + s.nearby
        row[Col.bigrams_nearby] = sum(map(around.__contains__, bigrams)) / n_bigrams
        if asked:
            has = measures.found(s.text, asked)
            row[Col.measure_found] = float(has)
            row[Col.measure_lacking] = float(not has)
        rows.append(row)
    if not rows:
        return np.zeros((0, len(NAMES)))
    x = np.array(rows)
    return np.hstack([x, x - x.max(axis=0)])


def _longest_run(flags: list[bool]) -> int:
    run = longest = 0
    for flag in flags:
        run = run + 1 if flag else 0
        if run > longest:
            longest = run
    return longest
