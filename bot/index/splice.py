"""An update's postings from the old ones: renumbered, removed sentences' dropped, new
sentences' inserted at their place in each term's list (ids ascending), in one pass.

The old postings are copied run by run between the places where something is dropped or
inserted, renumbered on the way (`np.take` into the new array): no temporary as large as
all postings (a gather of every id, a mask, a prefix sum) stands beside the served index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.index import postings as post
from bot.index.postings import Postings
from bot.index.tables import Flat

# Past this many places to insert at or drop from, a few passes over all postings (with
# temporaries their size) beat a step per place: a start applying a large segment, not a
# running bot's update of a few articles.
MANY = 20_000


@dataclass
class Added:
    """A new article's sentences: its first new id, its terms per sentence (new vocabulary
    ids, sentence after sentence), their counts, and the old sentence id it goes before
    (every old sentence below that id that stays comes before it)."""

    first: int
    terms: np.ndarray
    lengths: np.ndarray
    before: int


def splice(
    old: Postings,
    old_terms: Flat,
    old_sent_offsets: np.ndarray,
    shapes: np.ndarray,
    new_of_old: np.ndarray,
    added: list[Added],
    sent_offsets: np.ndarray,
    n_terms: int,
) -> tuple[Postings, np.ndarray, np.ndarray]:
    """The new postings, each term's old df (for what changed), and the shapes table with
    the new postings' shapes it lacked appended."""
    df = np.zeros(n_terms, dtype=np.int64)
    df[: len(old.offsets) - 1] = np.diff(old.offsets)
    df_before = df.copy()
    drops, drop_terms = _removed(old, old_terms, old_sent_offsets, new_of_old)
    df -= np.bincount(drop_terms, minlength=n_terms)
    at = np.zeros(0, dtype=np.int64)
    new_ids = np.zeros(0, dtype=np.int32)
    new_shape = np.zeros(0, dtype=old.shape.dtype)
    if added:
        new_term, new_sent, tf, before = _pairs(added, len(sent_offsets) - 1)
        dl = sent_offsets[new_sent + 1] - sent_offsets[new_sent]
        shapes, new_shape = post.extend_shapes(shapes, tf, dl)
        at = _places(old, new_term, before)
        new_ids = new_sent.astype(np.int32)
        df += np.bincount(new_term, minlength=n_terms)
    offsets = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    dtype = np.promote_types(old.shape.dtype, new_shape.dtype)
    ids = np.empty(int(offsets[-1]), dtype=np.int32)
    shape = np.empty(int(offsets[-1]), dtype=dtype)
    _fill(old, new_of_old, drops, at, new_ids, new_shape, ids, shape)
    return Postings(offsets, ids, shape), df_before, shapes


def _removed(
    old: Postings, terms: Flat, sent_offsets: np.ndarray, new_of_old: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where the removed sentences' postings stand (ascending), and their terms."""
    gone = np.flatnonzero(new_of_old < 0)
    if not len(gone):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lo, hi = sent_offsets[gone], sent_offsets[gone + 1]
    lengths = hi - lo
    flat = np.repeat(lo - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    size = max(len(new_of_old), 1)
    keys = np.unique(terms.take(flat).astype(np.int64) * size + np.repeat(gone, lengths))
    term, sent = keys // size, keys % size
    places = np.empty(len(keys), dtype=np.int64)
    for a, b in _runs(term):
        t = int(term[a])
        start = int(old.offsets[t])
        places[a:b] = start + np.searchsorted(old.ids[start : old.offsets[t + 1]], sent[a:b])
    return places, term


def _pairs(added: list[Added], size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The new (term, sentence) postings sorted by term then sentence, with their term
    frequencies and the old id each goes before."""
    term = np.concatenate([a.terms for a in added]).astype(np.int64)
    sent = np.concatenate(
        [np.repeat(np.arange(a.first, a.first + len(a.lengths)), a.lengths) for a in added]
    ).astype(np.int64)
    keys, tf = np.unique(term * max(size, 1) + sent, return_counts=True)
    new_term, new_sent = keys // max(size, 1), keys % max(size, 1)
    firsts = np.array([a.first for a in added], dtype=np.int64)
    befores = np.array([a.before for a in added], dtype=np.int64)
    before = befores[np.searchsorted(firsts, new_sent, side="right") - 1]
    return new_term, new_sent, tf, before


def _places(old: Postings, term: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Where each new posting goes among the old ones (an old position to insert before)."""
    n_old = len(old.offsets) - 1
    at = np.full(len(term), len(old.ids), dtype=np.int64)  # a term new to the index: last
    if not len(old.ids):
        return at
    mine = term < n_old
    lo, hi = old.offsets[term[mine]], old.offsets[term[mine] + 1]
    # Most new postings go after all of their term's old ones (new articles sort last) or
    # before them all: no search for those.
    last = np.where(hi > lo, old.ids[np.maximum(hi - 1, 0)], -1)
    first = np.where(hi > lo, old.ids[np.minimum(lo, len(old.ids) - 1)], 0)
    where = np.where(before[mine] > last, hi, lo)
    inside = np.flatnonzero((before[mine] > first) & (before[mine] <= last))
    sub, sub_before = term[mine][inside], before[mine][inside]
    for a, b in _runs(sub):
        t = int(sub[a])
        start = int(old.offsets[t])
        block = old.ids[start : old.offsets[t + 1]]
        where[inside[a:b]] = start + np.searchsorted(block, sub_before[a:b])
    at[mine] = where
    return at


def _runs(keys: np.ndarray) -> list[tuple[int, int]]:
    """The (start, end) of each run of equal values in a sorted array."""
    if not len(keys):
        return []
    bounds = np.flatnonzero(np.diff(keys)) + 1
    return list(
        zip(
            np.concatenate(([0], bounds)).tolist(),
            np.concatenate((bounds, [len(keys)])).tolist(),
            strict=True,
        )
    )


def _fill(
    old: Postings,
    new_of_old: np.ndarray,
    drops: np.ndarray,
    at: np.ndarray,
    new_ids: np.ndarray,
    new_shape: np.ndarray,
    ids: np.ndarray,
    shape: np.ndarray,
) -> None:
    """Write the new postings into `ids` and `shape`: old runs renumbered, new ones placed."""
    places, first = np.unique(at, return_index=True)
    stay = np.flatnonzero(new_of_old >= 0)
    same = np.array_equal(new_of_old[stay], stay)  # the old ids that stay keep their number
    if same or len(places) + len(drops) > MANY:  # numpy's insert beats a step per place
        kept = old.ids if same else np.take(new_of_old, old.ids)
        shapes = old.shape.astype(shape.dtype, copy=False)
        if len(drops):
            kept, shapes = np.delete(kept, drops), np.delete(shapes, drops)
            at = at - np.searchsorted(drops, at)
        ids[:] = np.insert(kept, at, new_ids)
        shape[:] = np.insert(shapes, at, new_shape)
        return
    # Events by old position; at one position the inserts come first, then the drop.
    ends = np.append(first[1:], len(at))[: len(first)]
    inserts = zip(places.tolist(), first.tolist(), ends.tolist(), strict=True)
    events = sorted(
        [(p, 0, lo, hi) for p, lo, hi in inserts] + [(p, 1, 0, 0) for p in drops.tolist()]
    )
    prev = out = 0
    for place, kind, lo, hi in events:
        if place > prev:  # the old postings before this event, as they are, renumbered
            n = place - prev
            np.take(new_of_old, old.ids[prev:place], out=ids[out : out + n])
            shape[out : out + n] = old.shape[prev:place]
            out, prev = out + n, place
        if kind == 0:
            ids[out : out + hi - lo] = new_ids[lo:hi]
            shape[out : out + hi - lo] = new_shape[lo:hi]
            out += hi - lo
        else:
            prev = place + 1
    n = len(old.ids) - prev
    np.take(new_of_old, old.ids[prev:], out=ids[out : out + n])
    shape[out : out + n] = old.shape[prev:]
