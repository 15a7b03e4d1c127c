"""BM25 postings: per-term sentence ids and weights, and what is derived from them once.

The idf is rank-bm25's BM25Okapi idf, added in the same order so the floats match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

EPSILON = 0.25  # rank-bm25's floor for negative idf, as a share of the average idf
# Each term keeps the ids of its TOP best-weighted sentences: they seed the score threshold.
TOP = 32


@dataclass
class Postings:
    """Per-term sentence ids and precomputed BM25 weights, CSR style."""

    offsets: np.ndarray  # int64, len(vocab) + 1
    ids: np.ndarray  # int32 sentence ids, grouped by term, ascending within a term
    weights: np.ndarray  # float64 weights, parallel to ids


@dataclass(frozen=True)
class CorpusStats:
    """BM25 statistics of a whole corpus, for an index over a share of it (a cluster's
    answer to one question): scores then equal those of an index over the whole corpus."""

    sentences: int
    length: int  # terms in all sentences
    idf: np.ndarray  # float64 per vocabulary id of the share's index


def okapi_idf(df: list[int], n: int) -> np.ndarray:
    """rank-bm25's BM25Okapi idf, summed in the same order so the floats match."""
    idf = [math.log(n - f + 0.5) - math.log(f + 0.5) for f in df]
    if idf:
        # rank-bm25 adds with `+=`; sum() compensates float rounding since Python 3.12, which
        # would change the last digit of the average, so add plainly in the same order.
        total = 0.0
        for value in idf:
            total += value
        eps = EPSILON * (total / len(idf))
        idf = [eps if v < 0 else v for v in idf]
    return np.array(idf, dtype=np.float64)


def term_max(postings: Postings) -> np.ndarray:
    """The largest weight in each term's postings (0 for an empty one)."""
    counts = np.diff(postings.offsets)
    out = np.zeros(len(counts), dtype=np.float64)
    nonempty = counts > 0
    if nonempty.any():
        out[nonempty] = np.maximum.reduceat(postings.weights, postings.offsets[:-1][nonempty])
    return out


def tops(postings: Postings, top: int = TOP) -> tuple[np.ndarray, np.ndarray]:
    """For every term with more than `top` postings, the ids of its `top` best, ascending."""
    counts = np.diff(postings.offsets)
    long = counts > top
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.where(long, top, 0), out=offsets[1:])
    ids = np.empty(int(offsets[-1]), dtype=np.int32)
    starts = postings.offsets.tolist()
    for tid in np.flatnonzero(long).tolist():
        lo, hi = starts[tid], starts[tid + 1]
        best = np.argpartition(postings.weights[lo:hi], hi - lo - top)[hi - lo - top :]
        best.sort()
        at = int(offsets[tid])
        ids[at : at + top] = postings.ids[lo:hi][best]
    return offsets, ids
