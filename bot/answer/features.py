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
from bot.answer.term_matches import held, in_title, kind_in, rest_in_sentence, share

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
# The types a check exists for (spans.has_type); the others are never found typed.
CHECKED_KINDS = frozenset(TYPE_KINDS) - {"manner", "what"}


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
    one_character = 9  # a two-character term shares one character with a word (去世: 逝世)
    missing = 10
    missing_nouns = 11
    missing_noun_most = 12
    typed = 13
    headline = 14
    byline = 15
    log_length = 16
    neighbour_only = 17
    title = 18
    bigrams = 19
    bigram_run = 20
    bigram_run_long = 21
    bigrams_nearby = 22
    measure_found = 23  # the question asks a measure (多长, 多少钱) and the sentence has one
    measure_lacking = 24  # … and the sentence has no figure of it
    byline_asked = 25  # a byline, and the question asks who reported or took the photo
    # Every sentence of an article inherits its title's words (encyclopedia and news text
    # drop the subject after its first mention), so only the other words of the question
    # tell its sentences apart: the weighted share of the terms, and the share of the
    # character pairs, that are not in the title and that the sentence itself holds.
    rest_in_sentence = 26
    rest_bigrams = 27
    # The question asks a type the sentence was checked for and lacks (多少名 and no 名 figure).
    # Apart from `typed`, whose 0 also stands for the types no check exists for (什么, 怎么).
    type_lacking = 28
    # The term beside the question word (董事长 in X的董事长是谁, asked.focus_of) is what the
    # answer is said of: how strongly the sentence itself holds it, and whether it does not.
    focus_in_sentence = 29
    focus_lacking = 30
    # News names its event in the lead and drops it after: the share of the terms neither
    # the title nor the article's lead holds that the sentence itself holds.
    rest_beyond_lead = 31
    # The sentence is its article's lead: news sums its story up there, and an encyclopedia
    # says what its subject is. (Its place as a number, log of its index, did worse: docs.)
    is_lead = 32
    # The question names the kind of thing asked (哪一门语言, 哪个国家) and the sentence has
    # that kind's last character, or a two-character kind's first, beyond the question's
    # other words: 南北战争, 法国, 梵语.
    kind_found = 33


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
    "abbreviation": Col.inside_word,
    "article": Col.in_article,
    "our city": Col.in_article,
    "the article": Col.in_article,
    "title": Col.in_article,
    "nearby": Col.nearby,
    "section": Col.nearby,
    "asked above": Col.nearby,
}
_LONGEST = 300  # characters; sentences are cut at corpus.max_sentence_chars (120) by default
_LOG_LENGTH = np.array([math.log1p(n) for n in range(_LONGEST + 1)])
# What _match_sums gives for each distinct way of matching the terms: the columns of _HOW
# (in_sentence … nearby), then missing, missing_nouns, missing_noun_most; one run of columns.
_SUMS = slice(Col.in_sentence, Col.missing_noun_most + 1)


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
    lead: frozenset[str]  # the question's terms the article's lead holds (its first sentence
    # under its headlines)
    is_lead: bool  # the sentence is that lead


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
    focus: str = "",
    kind: str = "",
) -> np.ndarray:
    """The (candidates × NAMES) feature matrix for one question.

    `weights` are the question terms' weights, in the order of each candidate's matches;
    `nouns` says which terms are nouns or unknown words (names, things: what a question is
    about) rather than verbs and other words a paraphrase replaces, or the noun naming the
    kind of answer asked for (职务, 电话), which the answer need not repeat. `asked` are the
    measures the question asks for (bot.answer.measures); `credits`, whether it asks who
    reported, wrote or took the photo; `focus`, the term beside the question word, if any;
    `kind`, the kind of thing asked (语言 of 哪一门语言), if any.
    """
    n = len(seen)
    if not n:
        return np.zeros((0, len(NAMES)))
    total = float(sum(weights)) or 1.0
    # Whole columns at once: the same float operations as one candidate at a time, so the
    # values are the same to the bit. The fields of all candidates, one tuple each:
    (
        bm25s,
        coverages,
        matches,
        typeds,
        headlines,
        bylines,
        texts,
        nearbys,
        titles,
        leads,
        first,
    ) = zip(*seen, strict=True)
    bm25 = np.array(bm25s)
    best_bm25 = float(bm25.max()) or 1.0
    rank = np.empty(n)
    rank[np.argsort(-bm25, kind="stable")] = np.arange(n)  # ties in the candidates' order
    x = np.zeros((n, len(BASE)))
    x[:, Col.bm25_share_of_best] = bm25 / best_bm25
    x[:, Col.bm25_per_weight] = np.minimum(bm25 / total, 3.0)
    x[:, Col.bm25_rank] = 1.0 / (1 + rank)
    x[:, Col.coverage] = coverages
    typed = [t or 0.0 for t in typeds]
    x[:, Col.typed] = typed
    if qtype in TYPE_KINDS:
        x[:, _COL[f"typed_{qtype}"]] = typed
    if qtype in CHECKED_KINDS:
        x[:, Col.type_lacking] = [t == 0.0 for t in typeds]  # None: not checked
    x[:, Col.headline] = headlines
    x[:, Col.byline] = bylines
    if credits:  # the question asks about reporters or photographers (记者, 拍): bylines answer
        x[:, Col.byline_asked] = x[:, Col.byline]
    # Capped: a sentence longer than any seen in training must not extrapolate.
    lengths = np.fromiter(map(len, texts), np.intp, n)
    x[:, Col.log_length] = _LOG_LENGTH[np.minimum(lengths, _LONGEST)]
    x[:, Col.neighbour_only] = bm25 == 0.0
    # Candidates share how they match the terms (every term in the sentence, most often):
    # each distinct pattern is summed once, and its row of sums copied to its candidates.
    patterns: dict[tuple[tuple[str, str, float], ...], int] = {}
    which = [patterns.setdefault(m, len(patterns)) for m in matches]
    sums = [_match_sums(m, weights, nouns, total) for m in patterns]
    x[:, _SUMS] = np.array(sums).take(which, axis=0)
    if focus:
        holds = [held(m, focus) for m in patterns]
        x[:, Col.focus_in_sentence] = np.array(holds).take(which)
        x[:, Col.focus_lacking] = x[:, Col.focus_in_sentence] == 0.0
    asked_terms = frozenset(m[0] for m in matches[0])
    # These depend on the way of matching, the title and the lead alone: worked out once each.
    by_title: dict[tuple[int, frozenset[str], frozenset[str]], tuple[float, float, float]] = {}
    cells = []
    for w, m, t, lead in zip(which, matches, titles, leads, strict=True):
        cell = by_title.get((w, t, lead))
        if cell is None:
            titled = 0.0 if t.isdisjoint(asked_terms) else in_title(m, t, weights) / total
            cell = by_title[(w, t, lead)] = (
                titled,
                rest_in_sentence(m, t, weights),
                rest_in_sentence(m, t | lead, weights),
            )
        cells.append(cell)
    x[:, [Col.title, Col.rest_in_sentence, Col.rest_beyond_lead]] = cells
    x[:, Col.is_lead] = first
    rest_pairs = {t: [b for b in bigrams if b not in "|".join(t)] for t in set(titles)}
    x[:, Col.rest_bigrams] = [
        share(text, rest_pairs[t]) for text, t in zip(texts, titles, strict=True)
    ]
    n_bigrams = len(bigrams) or 1
    # Which of the question's pairs a sentence has: the count, the longest run and the
    # pairs it lacks depend on that pattern alone, worked out once for each pattern.
    by_present: dict[bytes, tuple[int, int, tuple[str, ...]]] = {}
    shares, runs, nearby = [], [], []
    for text, near in zip(texts, nearbys, strict=True):
        present = bytes(map(text.__contains__, bigrams))  # map: no Python frame per pair
        got = by_present.get(present)
        if got is None:
            got = by_present[present] = (
                present.count(1),
                max(map(len, present.split(b"\0"))),
                tuple(compress(bigrams, map(not_, present))),
            )
        found, run, absent = got
        shares.append(found)
        runs.append(run)
        # A pair in the sentence is in it with its neighbours too.
        nearby.append(found + sum(map(near.__contains__, absent)))
    longest = np.array(runs)
    x[:, Col.bigrams] = np.array(shares) / n_bigrams
    x[:, Col.bigram_run] = longest / n_bigrams
    x[:, Col.bigram_run_long] = np.minimum(longest, 10) / 10
    x[:, Col.bigrams_nearby] = np.array(nearby) / n_bigrams
    if asked:
        has = [measures.found(t, asked) for t in texts]
        x[:, Col.measure_found] = has
        x[:, Col.measure_lacking] = [not h for h in has]
    if kind:
        # Longest first, in a fixed order: terms may overlap, and a set's order varies.
        others = sorted(
            (t for t in asked_terms if t != kind and (kind[-1] in t or kind[0] in t)),
            key=lambda t: (-len(t), t),
        )
        x[:, Col.kind_found] = [kind_in(text, kind, others) for text in texts]
    out = np.empty((n, len(NAMES)))
    out[:, : len(BASE)] = x
    np.subtract(x, x.max(axis=0), out=out[:, len(BASE) :])
    return out


def _match_sums(
    matches: tuple[tuple[str, str, float], ...],
    weights: Sequence[float],
    nouns: Sequence[bool],
    total: float,
) -> tuple[float, ...]:
    """The columns _SUMS: per column of _HOW, the weighted strengths; the share of weight
    missing, of it the nouns', and the heaviest missing noun's."""
    row = [0.0] * (Col.missing - Col.in_sentence)
    missing = missing_nouns = most = 0.0
    for w, noun, (_, how, strength) in zip(weights, nouns, matches, strict=True):
        if strength == 0.0:
            missing += w
            if how == "one character":
                row[Col.one_character - Col.in_sentence] += w / total
            if noun:
                missing_nouns += w
                most = max(most, w)
        elif how in _HOW:
            row[_HOW[how] - Col.in_sentence] += w * strength / total
    return (*row, missing / total, missing_nouns / total, most / total)
