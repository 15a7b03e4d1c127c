"""What the ranker knows of each candidate sentence: one fixed, named vector of numbers.

Nothing here decides anything: the weights that turn these numbers into a ranking and a
confidence are fitted on data (`tools/train_ranker.py`, `bot/data/ranker.json`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

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
# How a question term was found (coverage.Where.match) → the feature that counts it.
_HOW = {
    "sentence": "in_sentence",
    "synonym": "synonym",
    "inside a word": "inside_word",
    "part of the word": "inside_word",
    "article": "in_article",
    "our city": "in_article",
    "the article": "in_article",
    "title": "in_article",
    "nearby": "nearby",
    "section": "nearby",
    "asked above": "nearby",
}
BASE = (
    "bm25_share_of_best",
    "bm25_per_weight",
    "bm25_rank",
    "coverage",
    "in_sentence",
    "synonym",
    "inside_word",
    "in_article",
    "nearby",
    "missing",
    "missing_nouns",
    "missing_noun_most",
    "typed",
    "headline",
    "byline",
    "log_length",
    "neighbour_only",
    "title",
    "bigrams",
    "bigram_run",
    "bigram_run_long",
    "bigrams_nearby",
    "measure_found",  # the question asks a measure (多长, 多少钱) and the sentence has one
    "measure_lacking",  # … and the sentence has no figure of it
) + tuple(f"typed_{t}" for t in TYPE_KINDS)
# Every feature also enters as its difference to the best value among the question's
# candidates: what wins is being better than the others, not a score on its own.
NAMES = BASE + tuple(f"{n}_vs_best" for n in BASE)
_COL = {n: i for i, n in enumerate(BASE)}
(
    _BM25_SHARE,
    _BM25_WEIGHT,
    _BM25_RANK,
    _COVERAGE,
    _MISSING,
    _MISSING_NOUNS,
    _MISSING_MOST,
    _TYPED,
    _HEADLINE,
    _BYLINE,
    _LOG_LENGTH,
    _NEIGHBOUR_ONLY,
    _TITLE,
    _BIGRAMS,
    _BIGRAM_RUN,
    _BIGRAM_RUN_LONG,
    _BIGRAMS_NEARBY,
    _MEASURE_FOUND,
    _MEASURE_LACKING,
) = (
    _COL[n]
    for n in (
        "bm25_share_of_best",
        "bm25_per_weight",
        "bm25_rank",
        "coverage",
        "missing",
        "missing_nouns",
        "missing_noun_most",
        "typed",
        "headline",
        "byline",
        "log_length",
        "neighbour_only",
        "title",
        "bigrams",
        "bigram_run",
        "bigram_run_long",
        "bigrams_nearby",
        "measure_found",
        "measure_lacking",
    )
)
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
    how_col = {how: _COL[name] for how, name in _HOW.items()}
    rows = []
    for i, s in enumerate(seen):
        row = [0.0] * len(BASE)  # a list, not a numpy row: single-cell writes are 5x faster
        row[_BM25_SHARE] = s.bm25 / best_bm25
        row[_BM25_WEIGHT] = min(s.bm25 / total, 3.0)
        row[_BM25_RANK] = 1.0 / (1 + rank[i])
        row[_COVERAGE] = s.coverage
        missing = missing_nouns = most = in_title = 0.0
        for w, noun, (term, how, strength) in zip(weights, nouns, s.matches, strict=True):
            if strength == 0.0:
                missing += w
                if noun:
                    missing_nouns += w
                    most = max(most, w)
            elif how in how_col:
                row[how_col[how]] += w * strength / total
            if term in s.title:
                in_title += w
        row[_MISSING] = missing / total
        row[_MISSING_NOUNS] = missing_nouns / total
        row[_MISSING_MOST] = most / total
        row[_TITLE] = in_title / total
        typed = s.typed or 0.0
        row[_TYPED] = typed
        if type_col is not None:
            row[type_col] = typed
        row[_HEADLINE] = float(s.headline)
        row[_BYLINE] = float(s.byline)
        # Capped: a sentence longer than any seen in training must not extrapolate.
        row[_LOG_LENGTH] = math.log1p(min(len(s.text), _LONGEST))
        row[_NEIGHBOUR_ONLY] = float(s.bm25 == 0.0)
        present = list(map(s.text.__contains__, bigrams))  # map: no Python frame per pair
        row[_BIGRAMS] = sum(present) / n_bigrams
        longest = _longest_run(present)
        row[_BIGRAM_RUN] = longest / n_bigrams
        row[_BIGRAM_RUN_LONG] = min(longest, 10) / 10
        around = s.text + "\n" + s.nearby
        row[_BIGRAMS_NEARBY] = sum(map(around.__contains__, bigrams)) / n_bigrams
        if asked:
            has = measures.found(s.text, asked)
            row[_MEASURE_FOUND] = float(has)
            row[_MEASURE_LACKING] = float(not has)
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
