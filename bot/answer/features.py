"""What the ranker knows of each candidate sentence: one fixed, named vector of numbers.

Nothing here decides anything: the weights that turn these numbers into a ranking and a
confidence are fitted on data (`tools/train_ranker.py`, `bot/data/ranker.json`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import IntEnum, unique
from itertools import compress
from operator import not_
from typing import NamedTuple

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
    byline_asked = 24  # a byline, and the question asks who reported or took the photo


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
_LOG_LENGTH = [math.log1p(n) for n in range(_LONGEST + 1)]
_HOW_COLS = sorted(set(_HOW.values()))


class Seen(NamedTuple):
    """One candidate as the ranker sees it; built by the QA service (a tuple: made for every
    candidate of every question, it is built three times faster than a frozen dataclass)."""

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
    credits: bool = False,
) -> np.ndarray:
    """The (candidates × NAMES) feature matrix for one question.

    `weights` are the question terms' weights, in the order of each candidate's matches;
    `nouns` says which terms are nouns or unknown words (names, things: what a question is
    about) rather than verbs and other words a paraphrase replaces, or the noun naming the
    kind of answer asked for (职务, 电话), which the answer need not repeat. `asked` are the
    measures the question asks for (bot.answer.measures); `credits`, whether it asks who
    reported, wrote or took the photo.
    """
    n = len(seen)
    if not n:
        return np.zeros((0, len(NAMES)))
    total = float(sum(weights)) or 1.0
    # Whole columns at once where a column is one operation on the candidates; the same
    # float operations as one candidate at a time, so the values are the same to the bit.
    bm25 = np.array([s.bm25 for s in seen])
    best_bm25 = float(bm25.max()) or 1.0
    scores = bm25.tolist()
    rank = np.empty(n)
    rank[sorted(range(n), key=scores.__getitem__, reverse=True)] = np.arange(n)  # stable
    x = np.zeros((n, len(BASE)))
    x[:, Col.bm25_share_of_best] = bm25 / best_bm25
    x[:, Col.bm25_per_weight] = np.minimum(bm25 / total, 3.0)
    x[:, Col.bm25_rank] = 1.0 / (1 + rank)
    x[:, Col.coverage] = [s.coverage for s in seen]
    typed = [s.typed or 0.0 for s in seen]
    x[:, Col.typed] = typed
    if qtype in TYPE_KINDS:
        x[:, _COL[f"typed_{qtype}"]] = typed
    x[:, Col.headline] = [s.headline for s in seen]
    x[:, Col.byline] = [s.byline for s in seen]
    if credits:  # the question asks about reporters or photographers (记者, 拍): bylines answer
        x[:, Col.byline_asked] = x[:, Col.byline]
    # Capped: a sentence longer than any seen in training must not extrapolate.
    x[:, Col.log_length] = [_LOG_LENGTH[min(len(s.text), _LONGEST)] for s in seen]
    x[:, Col.neighbour_only] = bm25 == 0.0
    # Candidates share how they match the terms (every term in the sentence, most often):
    # each distinct pattern is summed once.
    by_matches: dict[tuple[tuple[str, str, float], ...], tuple[list[float], float, float, float]]
    by_matches = {}
    matched = []
    for s in seen:
        sums = by_matches.get(s.matches)
        if sums is None:
            sums = by_matches[s.matches] = _match_sums(s.matches, weights, nouns, total)
        matched.append(sums)
    for col in _HOW_COLS:
        x[:, col] = [m[0][col] for m in matched]
    x[:, Col.missing] = [m[1] for m in matched]
    x[:, Col.missing_nouns] = [m[2] for m in matched]
    x[:, Col.missing_noun_most] = [m[3] for m in matched]
    texts = frozenset(m[0] for m in seen[0].matches)
    x[:, Col.title] = [
        0.0 if s.title.isdisjoint(texts) else _in_title(s, weights) / total for s in seen
    ]
    n_bigrams = len(bigrams) or 1
    shares, runs, nearby = [], [], []
    for s in seen:
        present = list(map(s.text.__contains__, bigrams))  # map: no Python frame per pair
        found = present.count(True)
        shares.append(found)
        runs.append(max(map(len, bytes(present).split(b"\0"))))  # the longest run of pairs
        if found < len(bigrams):  # a pair in the sentence is in it with its neighbours too
            absent = compress(bigrams, map(not_, present))
            found += sum(map(s.nearby.__contains__, absent))
        nearby.append(found)
    longest = np.array(runs)
    x[:, Col.bigrams] = np.array(shares) / n_bigrams
    x[:, Col.bigram_run] = longest / n_bigrams
    x[:, Col.bigram_run_long] = np.minimum(longest, 10) / 10
    x[:, Col.bigrams_nearby] = np.array(nearby) / n_bigrams
    if asked:
        has = [measures.found(s.text, asked) for s in seen]
        x[:, Col.measure_found] = has
        x[:, Col.measure_lacking] = [not h for h in has]
    out = np.empty((n, len(NAMES)))
    out[:, : len(BASE)] = x
    np.subtract(x, x.max(axis=0), out=out[:, len(BASE) :])
    return out


def _match_sums(
    matches: tuple[tuple[str, str, float], ...],
    weights: Sequence[float],
    nouns: Sequence[bool],
    total: float,
) -> tuple[list[float], float, float, float]:
    """Per column of _HOW, the weighted strengths; the share of weight missing, of it the
    nouns', and the heaviest missing noun's."""
    row = [0.0] * len(BASE)
    missing = missing_nouns = most = 0.0
    for w, noun, (_, how, strength) in zip(weights, nouns, matches, strict=True):
        if strength == 0.0:
            missing += w
            if noun:
                missing_nouns += w
                most = max(most, w)
        elif how in _HOW:
            row[_HOW[how]] += w * strength / total
    return row, missing / total, missing_nouns / total, most / total


def _in_title(s: Seen, weights: Sequence[float]) -> float:
    in_title = 0.0
    for w, (term, _, _) in zip(weights, s.matches, strict=True):
        if term in s.title:
            in_title += w
    return in_title
