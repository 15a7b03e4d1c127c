"""BM25 postings: per-term sentence ids and weights, and what is derived from them once.

The idf is rank-bm25's BM25Okapi idf, added in the same order so the floats match.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

EPSILON = 0.25  # rank-bm25's floor for negative idf, as a share of the average idf
# Each term keeps the ids of its TOP best-weighted sentences: they seed the score threshold.
TOP = 32
CHUNK = 1 << 21  # postings per step of weights_from_tf: bounds its temporaries


@dataclass
class Postings:
    """Per-term sentence ids and precomputed BM25 weights, CSR style."""

    offsets: np.ndarray  # int64, len(vocab) + 1
    ids: np.ndarray  # int32 sentence ids, grouped by term, ascending within a term
    weights: np.ndarray  # float64 weights, parallel to ids
    # uint16 term frequency of each posting: what an incremental update recomputes the
    # weights from when N, avgdl or idf change (bot.index.update).
    tf: np.ndarray


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
    _best_of(postings, np.flatnonzero(long), top, offsets, ids)
    return offsets, ids


def live_idf(
    df: np.ndarray,
    n: int,
    sent_terms: np.ndarray,
    sent_offsets: np.ndarray,
    postings: Postings,
) -> np.ndarray:
    """okapi_idf over the live terms, bit for bit: each value computed once per df with
    math.log, the floor's mean summed in first-use order (only needed when one is negative)."""
    values, where = np.unique(df, return_inverse=True)
    idf = np.array(
        [math.log(n - f + 0.5) - math.log(f + 0.5) for f in values.tolist()], dtype=np.float64
    )[where.reshape(-1)]
    live = df > 0
    if not (idf[live] < 0).any():
        return idf
    total = 0.0
    order = first_use_order(sent_terms, sent_offsets, postings, live)
    for value in idf[order].tolist():
        total += value  # plain adds in rank-bm25's order (see okapi_idf)
    eps = EPSILON * (total / len(order))
    return np.where(idf < 0, eps, idf)


def first_use_order(
    sent_terms: np.ndarray, sent_offsets: np.ndarray, postings: Postings, live: np.ndarray
) -> np.ndarray:
    """The live term ids in the order a full build numbers them: by first occurrence in the
    sentences laid end to end."""
    terms = np.flatnonzero(live)
    first = postings.ids[postings.offsets[terms]]  # postings ascend: a term's first sentence
    sents = np.unique(first)
    lo, hi = sent_offsets[sents], sent_offsets[sents + 1]
    lengths = hi - lo
    flat = np.repeat(lo - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    first_of = np.full(len(live), -1, dtype=np.int64)
    first_of[terms] = first
    at = sent_terms[flat]
    mine = first_of[at] == np.repeat(sents, lengths)  # the term's first sentence is this one
    found, where = np.unique(at[mine], return_index=True)  # flat ascends: first position
    return found[np.argsort(flat[mine][where], kind="stable")]


def weights_from_tf(
    postings: Postings, idf: np.ndarray, term_counts: np.ndarray, k1: float, b: float
) -> np.ndarray:
    """Every posting's BM25 weight, in rank-bm25's operations and order (see Index.from_arrays)."""
    n = len(term_counts)
    avgdl = int(term_counts.sum()) / n if n else 1.0
    # The length part per sentence, gathered per posting: the same floats as per posting.
    norm = k1 * (1 - b + b * term_counts / avgdl)
    offsets, ids, tf = postings.offsets, postings.ids, postings.tf
    out = np.empty(len(ids), dtype=np.float64)
    df = np.diff(offsets)
    cuts = np.unique(np.searchsorted(offsets, np.arange(0, len(ids), CHUNK), side="right") - 1)
    bounds = [*cuts.tolist(), len(df)]

    def fill(t0: int, t1: int) -> None:
        # idf * (tf * (k1 + 1) / (tf + norm)), in place: the same operations on the same
        # values (a + b is b + a exactly), without a temporary per step.
        p0, p1 = int(offsets[t0]), int(offsets[t1])
        f = tf[p0:p1].astype(np.float64)
        den = norm.take(ids[p0:p1])
        den += f
        f *= k1 + 1
        f /= den
        np.multiply(np.repeat(idf[t0:t1], df[t0:t1]), f, out=out[p0:p1])

    # numpy lets go of the interpreter in these loops: two threads use both cores.
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(fill, bounds[:-1], bounds[1:]))
    return out


def _best_of(
    postings: Postings, tids: np.ndarray, top: int, offsets: np.ndarray, ids: np.ndarray
) -> None:
    """Write the ids of each term's `top` best postings, ascending, at its place in `ids`."""
    starts = postings.offsets.tolist()
    for tid in tids.tolist():
        lo, hi = starts[tid], starts[tid + 1]
        best = np.argpartition(postings.weights[lo:hi], hi - lo - top)[hi - lo - top :]
        best.sort()
        at = int(offsets[tid])
        ids[at : at + top] = postings.ids[lo:hi][best]


def carried_tops(
    postings: Postings,
    old: tuple[np.ndarray, np.ndarray],
    new_of_old: np.ndarray,
    touched: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """MaxScore seeds: recomputed for terms whose postings changed, carried over otherwise.

    A seed set only bounds the k-th score from below; any set of real postings keeps the
    search exact, so an untouched term keeps its old best sentences (renumbered).
    """
    top = TOP
    df = np.diff(postings.offsets)
    long = df > top
    offsets = np.zeros(len(df) + 1, dtype=np.int64)
    np.cumsum(np.where(long, top, 0), out=offsets[1:])
    ids = np.empty(int(offsets[-1]), dtype=np.int32)
    old_offsets, old_ids = old
    n_old = len(old_offsets) - 1
    keep = np.flatnonzero(long[:n_old] & ~touched[:n_old])
    if len(keep):
        step = np.arange(top)
        src = (old_offsets[keep][:, None] + step).ravel()
        dst = (offsets[keep][:, None] + step).ravel()
        ids[dst] = new_of_old[old_ids[src]]
    _best_of(postings, np.flatnonzero(long & touched), top, offsets, ids)
    return offsets, ids
