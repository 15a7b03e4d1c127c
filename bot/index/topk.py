"""Top k from posting lists: merging, locating and selecting, for Index.search."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.model import Hit


@dataclass
class Part:
    """One query group's postings: a term's slice (weights computed when read, from `lo` on)
    or several terms' merged postings with their weights."""

    ids: np.ndarray
    tids: list[int]
    lo: int
    weights: np.ndarray | None = None


def exhaustive_top(parts: list[tuple[np.ndarray, np.ndarray]], k: int) -> list[Hit]:
    """Top k by scoring every posting: cheaper than pruning when the postings are few.

    Scores accumulate in a small array laid over the longest part's ids (plus one for ids
    only the shorter parts hold) rather than in a corpus-sized one: far fewer cache misses.
    Each sentence still gets its groups' weights added in query order.
    """
    base = max(range(len(parts)), key=lambda g: len(parts[g][0]))
    base_ids = parts[base][0]
    totals = np.zeros(len(base_ids))
    rest = []  # the postings of other parts whose sentence the base part lacks
    for g, (ids, w) in enumerate(parts):
        if g == base:
            totals += w
            continue
        pos, hit = locate(base_ids, ids)
        totals[pos[hit]] += w[hit]  # ids are distinct within a part: += is safe
        miss = ~hit
        rest.append((ids[miss], w[miss]))
    if not rest:
        return top(base_ids, totals, k)
    if len(rest) == 1:  # two groups, the common question: the rest is already summed
        extra, extra_totals = rest[0]
    else:
        extra = union([ids for ids, _ in rest])
        extra_totals = np.zeros(len(extra))
        for ids, w in rest:
            extra_totals[np.searchsorted(extra, ids)] += w
    return top(np.concatenate([base_ids, extra]), np.concatenate([totals, extra_totals]), k)


def locate(ids: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each key stands in the ascending ids, and whether it is there at all."""
    pos = np.searchsorted(ids, keys)
    pos[pos == len(ids)] = 0
    return pos, ids[pos] == keys


def union(arrays: list[np.ndarray]) -> np.ndarray:
    """Sorted distinct ids of several ascending id arrays."""
    if len(arrays) == 1:
        return arrays[0]
    ids = np.concatenate(arrays)
    ids.sort(kind="stable")  # merges the sorted runs
    keep = np.ones(len(ids), dtype=bool)
    keep[1:] = ids[1:] != ids[:-1]
    return ids[keep]


def top(cand: np.ndarray, totals: np.ndarray, k: int) -> list[Hit]:
    """The k best candidates, ties broken by sentence id."""
    if len(cand) > k:
        kth = np.partition(totals, len(totals) - k)[len(totals) - k]
        sel = np.flatnonzero(totals >= kth)
    else:
        sel = np.arange(len(cand))
    order = sel[np.lexsort((cand[sel], -totals[sel]))][:k]
    return [
        Hit(sid, score)
        for sid, score in zip(cand[order].tolist(), totals[order].tolist(), strict=True)
    ]


def max_per_id(found: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Merge several (ascending ids, weights) postings, keeping each id's largest weight."""
    ids = np.concatenate([f[0] for f in found])
    w = np.concatenate([f[1] for f in found])
    order = np.argsort(ids, kind="stable")  # merges the sorted runs; lexsort was ~5x slower
    ids, w = ids[order], w[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    starts = np.flatnonzero(first)
    return ids[starts], np.maximum.reduceat(w, starts)
