"""Which question terms each candidate sentence, or what surrounds it, contains, and how well.

One `searchsorted` per term word over its postings answers, for every candidate at once,
whether the term is in the sentence, in a neighbour, in its section headline, or in an
article's own question asked just above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.index import Index
from bot.layout import Layout
from bot.question import META_WORDS

NEAR = np.array((-3, -2, -1, 1, 2, 3))
# Columns of a probe row: the sentence itself, its near neighbours, its section, the question.
SELF, SECTION, ASKED = 0, 1 + len(NEAR), 2 + len(NEAR)


@dataclass(frozen=True)
class Probes:
    """For each candidate, the sentences whose words count for it, and which of them apply."""

    positions: np.ndarray  # (candidates, 9) sentence ids
    valid: np.ndarray  # (candidates, 9) bool


def probes(layout: Layout, sids: np.ndarray) -> Probes:
    """Sentences around each candidate: ±1 always, ±2..3 in the same paragraph, same article."""
    n = len(layout.doc)
    around = sids[:, None] + NEAR[None, :]
    inside = (around >= 0) & (around < n)
    around = np.clip(around, 0, n - 1)
    same_doc = layout.doc[around] == layout.doc[sids][:, None]
    same_para = layout.paragraph[around] == layout.paragraph[sids][:, None]
    near_ok = inside & same_doc & ((np.abs(NEAR) == 1)[None, :] | same_para)
    section, asked = layout.section_of[sids], layout.asked_of[sids]
    positions = np.column_stack([sids, around, np.maximum(section, 0), np.maximum(asked, 0)])
    valid = np.column_stack([np.ones(len(sids), bool), near_ok, section >= 0, asked >= 0])
    return Probes(positions, valid)


def present(index: Index, ids: Iterable[int], probes: Probes) -> np.ndarray:
    """Where any of the term ids occurs among the probed sentences (shaped like the probes)."""
    flat = probes.positions.ravel()
    out = np.zeros(flat.shape, dtype=bool)
    offsets, postings = index.postings.offsets, index.postings.ids
    for tid in ids:
        post = postings[offsets[tid] : offsets[tid + 1]]
        if len(post):
            at = np.minimum(np.searchsorted(post, flat), len(post) - 1)
            out |= post[at] == flat
    return out.reshape(probes.positions.shape) & probes.valid


@dataclass(frozen=True)
class Found:
    """Per candidate (row) and term (column): where the term was found."""

    own: np.ndarray
    pieces: np.ndarray  # how many two-character pieces of an unseen word the sentence has
    near: np.ndarray
    section: np.ndarray
    asked: np.ndarray


def find(
    index: Index,
    layout: Layout,
    sids: np.ndarray,
    terms: list[tuple[frozenset[int], frozenset[int]]],
) -> Found:
    """Look up every (ids, piece ids) term for every candidate sentence."""
    shape = (len(sids), len(terms))
    own, near, section, asked = (np.zeros(shape, bool) for _ in range(4))
    pieces = np.zeros(shape, np.int32)
    pr = probes(layout, sids)
    for j, (ids, piece_ids) in enumerate(terms):
        hit = present(index, ids, pr)
        own[:, j] = hit[:, SELF]
        near[:, j] = hit[:, SELF + 1 : SECTION].any(axis=1)
        section[:, j] = hit[:, SECTION]
        asked[:, j] = hit[:, ASKED]
        for pid in piece_ids:
            pieces[:, j] += present(index, (pid,), pr)[:, SELF]
    return Found(own, pieces, near, section, asked)


@dataclass(frozen=True)
class Term:
    """A topic term of the question with its weight and the words that may stand for it."""

    text: str
    weight: float
    ids: frozenset[int]  # vocabulary ids of the term and its synonyms
    words: tuple[str, ...]
    pieces: tuple[str, ...] = ()  # two-character pieces of an unseen word found in the corpus
    piece_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Where:
    """One candidate sentence in its article, for matching question terms in order of strength."""

    found: Found
    row: int
    norm: str
    context: frozenset[str]
    title: frozenset[str]
    deictic: bool

    def match(self, t: Term, col: int) -> tuple[str, float]:
        """How strongly the sentence, in its article, covers one question term."""
        f, i = self.found, self.row
        if f.own[i, col]:
            return "sentence", 1.0
        if f.pieces[i, col]:
            # Part of an unseen word (宁波 of 宁波港): weak, the rest may be what is asked.
            return "part of the word", round(0.8 * int(f.pieces[i, col]) / (len(t.text) - 1), 3)
        if len(t.text) >= 2 and any(w in self.norm for w in t.words if len(w) >= 2):
            return "inside a word", 0.8  # jieba cut the article differently (开展 in 深入开展)
        if t.text.isdigit():
            return "missing", 0.0  # a number asked about must be in the sentence itself
        if t.text in META_WORDS or t.text.endswith(("文章", "报道")):
            return "the article", 1.0
        if any(w in self.context for w in t.words):
            return ("our city", 1.0) if self.deictic else ("article", 0.6)
        if f.asked[i, col]:
            return "asked above", 0.8
        if f.near[i, col]:
            return "nearby", 0.6
        if f.section[i, col]:
            return "section", 0.5
        if any(w in self.title for w in t.words):
            return "headline", 0.4
        if len(t.text) >= 3:
            grams = [t.text[k : k + 2] for k in range(len(t.text) - 1)]
            share = sum(g in self.norm for g in grams) / len(grams)
            if share >= 0.5:
                return "characters", round(0.8 * share, 3)
        return "missing", 0.0
