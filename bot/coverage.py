"""Which question terms each candidate sentence, or what surrounds it, contains.

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
