"""BM25 postings: per-term sentence ids and shapes, and what is derived from them.

The idf is rank-bm25's BM25Okapi idf, added in the same order so the floats match. A
posting's weight is not stored: it depends on N, the average length and the idf, which any
added or removed sentence changes. It is `idf[term] * part[shape]`: a posting's *shape* is
its (term frequency, sentence length) pair, of which a corpus has a few thousand, and
`part` is rank-bm25's `tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))` per shape,
the same operations on the same values, so every weight has rank-bm25's bits. A question
computes the weights it reads with one gather from that small table; an update recomputes
the table and the idf, and rewrites no per-posting float.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.index.tables import Flat

EPSILON = 0.25  # rank-bm25's floor for negative idf, as a share of the average idf
# Each term keeps the ids of its TOP best-weighted sentences: they seed the score threshold.
TOP = 32
# The weights of some of a term's postings, given (term id, where in the postings): tops'
# input.
Weigher = Callable[[int, slice | np.ndarray], np.ndarray]


@dataclass
class Postings:
    """Per-term sentence ids and shapes, CSR style."""

    offsets: np.ndarray  # int64, len(vocab) + 1
    ids: np.ndarray  # int32 sentence ids, grouped by term, ascending within a term
    shape: np.ndarray  # uint16 (uint32 if need be) row of the shapes table, parallel to ids


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


def shape_parts(shapes: np.ndarray, k1: float, b: float, avgdl: float) -> np.ndarray:
    """rank-bm25's weight of each (tf, dl) shape before the idf, in its operations."""
    tf = shapes[:, 0].astype(np.float64)
    dl = shapes[:, 1].astype(np.int64)
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))


def shapes_of(tf: np.ndarray, dl: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (tf, dl) pairs of postings, ascending, and each posting's row of them."""
    if not len(tf):
        return np.zeros((0, 2), dtype=np.int32), np.zeros(0, dtype=np.uint16)
    width = int(dl.max()) + 1
    key = tf.astype(np.int64) * width + dl
    size = (int(tf.max()) + 1) * width
    keys: np.ndarray
    inverse: np.ndarray
    if size <= 1 << 24:  # a table over every possible pair: no sort of the postings
        seen = np.zeros(size, dtype=bool)
        seen[key] = True
        keys = np.flatnonzero(seen)
        inverse = (np.cumsum(seen) - 1)[key]
    else:
        found = np.unique(key, return_inverse=True)
        keys, inverse = found[0], found[1].reshape(-1)
    shapes = np.stack([keys // width, keys % width], axis=1).astype(np.int32)
    return shapes, inverse.astype(shape_dtype(len(shapes)))


def extend_shapes(
    shapes: np.ndarray, tf: np.ndarray, dl: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The shapes table with the new postings' (tf, dl) pairs it lacks appended (old rows
    keep their place: old postings stay valid), and each new posting's row."""
    width = int(dl.max(initial=0)) + 1
    keys, inverse = np.unique(tf.astype(np.int64) * width + dl, return_inverse=True)
    known = {(a, b): row for row, (a, b) in enumerate(shapes.tolist())}
    rows: list[int] = []
    new: list[tuple[int, int]] = []
    for a, b in zip((keys // width).tolist(), (keys % width).tolist(), strict=True):
        row = known.get((a, b))
        if row is None:
            row = len(shapes) + len(new)
            new.append((a, b))
        rows.append(row)
    if new:
        shapes = np.concatenate([shapes, np.array(new, dtype=np.int32)])
    at = np.array(rows, dtype=np.int64)[inverse.reshape(-1)]
    return shapes, at.astype(shape_dtype(len(shapes)))


def shape_dtype(count: int) -> type[np.unsignedinteger]:
    """uint16 rows while the table is that small (it nearly always is), else uint32."""
    return np.uint16 if count <= 1 << 16 else np.uint32


def term_max(postings: Postings, weights: np.ndarray) -> np.ndarray:
    """The largest weight in each term's postings (0 for an empty one)."""
    counts = np.diff(postings.offsets)
    out = np.zeros(len(counts), dtype=np.float64)
    nonempty = counts > 0
    if nonempty.any():
        out[nonempty] = np.maximum.reduceat(weights, postings.offsets[:-1][nonempty])
    return out


def tops(postings: Postings, weigh_term: Weigher, top: int = TOP) -> tuple[np.ndarray, np.ndarray]:
    """For every term with more than `top` postings, the ids of its `top` best, ascending."""
    counts = np.diff(postings.offsets)
    long = counts > top
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.where(long, top, 0), out=offsets[1:])
    ids = np.empty(int(offsets[-1]), dtype=np.int32)
    _best_of(postings, weigh_term, np.flatnonzero(long), top, offsets, ids)
    return offsets, ids


def live_idf(
    df: np.ndarray,
    n: int,
    sent_terms: Flat,
    sent_offsets: np.ndarray,
    postings: Postings,
) -> np.ndarray:
    """okapi_idf over the live terms, bit for bit: each value computed once per df with
    math.log, the floor's mean summed in first-use order (only needed when one is negative)."""
    values = np.unique(df)  # a few thousand: one math.log each
    idf = np.array(
        [math.log(n - f + 0.5) - math.log(f + 0.5) for f in values.tolist()], dtype=np.float64
    )[np.searchsorted(values, df)]
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
    sent_terms: Flat, sent_offsets: np.ndarray, postings: Postings, live: np.ndarray
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
    at = sent_terms.take(flat)
    mine = first_of[at] == np.repeat(sents, lengths)  # the term's first sentence is this one
    found, where = np.unique(at[mine], return_index=True)  # flat ascends: first position
    return found[np.argsort(flat[mine][where], kind="stable")]


def _best_of(
    postings: Postings,
    weigh_term: Weigher,
    tids: np.ndarray,
    top: int,
    offsets: np.ndarray,
    ids: np.ndarray,
) -> None:
    """Write the ids of each term's `top` best postings, ascending, at its place in `ids`."""
    starts = postings.offsets.tolist()
    for tid in tids.tolist():
        lo, hi = starts[tid], starts[tid + 1]
        best = np.argpartition(weigh_term(tid, slice(lo, hi)), hi - lo - top)[hi - lo - top :]
        best.sort()
        at = int(offsets[tid])
        ids[at : at + top] = postings.ids[lo:hi][best]


def carried_tops(
    postings: Postings,
    weigh_term: Weigher,
    old: tuple[np.ndarray, np.ndarray],
    new_of_old: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """MaxScore seeds after an update: each term's old seeds, renumbered; chosen again from
    all its postings only for a term that has just become long or lost a seed.

    A seed set only bounds the k-th score from below; any set of real postings keeps the
    search exact, so seeds need not be each term's very best after an update (its new
    postings are not weighed against the old seeds): an update then reads no posting list.
    """
    top = TOP
    df = np.diff(postings.offsets)
    long = df > top
    old_offsets, old_ids = old
    n_old = len(old_offsets) - 1
    had = np.zeros(len(df), dtype=bool)
    had[:n_old] = np.diff(old_offsets) > 0
    if np.array_equal(long, had):  # the same terms hold seeds: the same places
        offsets = old_offsets
        if len(df) > n_old:  # new terms, none with seeds
            offsets = np.concatenate([old_offsets, np.full(len(df) - n_old, old_offsets[-1])])
        stay = np.flatnonzero(new_of_old >= 0)
        if np.array_equal(new_of_old[stay], stay):
            # The sentences that stay keep their ids (articles were only added after every
            # old one, or the last ones removed): the old seeds, shared, unless a removed
            # sentence was one.
            ids = old_ids
            dead = np.isin(old_ids, np.flatnonzero(new_of_old < 0))
            if dead.any():
                ids = np.where(dead, np.int32(-1), old_ids).astype(np.int32)
        else:
            ids = new_of_old[old_ids]
    else:
        offsets = np.zeros(len(df) + 1, dtype=np.int64)
        np.cumsum(np.where(long, top, 0), out=offsets[1:])
        ids = np.full(int(offsets[-1]), -1, dtype=np.int32)
        keep = np.flatnonzero(long & had)
        step = np.arange(top)
        for lo in range(0, len(keep), 1 << 14):  # in steps: no temporary per seed of all terms
            part = keep[lo : lo + (1 << 14)]
            src = (old_offsets[part][:, None] + step).ravel()
            ids[(offsets[part][:, None] + step).ravel()] = new_of_old[old_ids[src]]
    lost = np.zeros(len(df), dtype=bool)
    gone = np.flatnonzero(ids < 0)
    lost[np.searchsorted(offsets, gone, side="right") - 1] = True
    _best_of(postings, weigh_term, np.flatnonzero(long & (lost | ~had)), top, offsets, ids)
    return offsets, ids
