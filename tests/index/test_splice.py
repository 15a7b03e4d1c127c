"""splice: an update's postings equal those built from scratch over the new sentences."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bot.index import splice as splice_module
from bot.index.bm25 import Index
from bot.index.splice import Added, splice


def postings_of(index: Index) -> dict[int, list[tuple[int, int, int]]]:
    """Per term id: (sentence, tf, dl) of each posting, in order."""
    p, shapes = index.postings, index.shapes
    out = {}
    for t in range(len(p.offsets) - 1):
        lo, hi = p.offsets[t], p.offsets[t + 1]
        out[t] = [
            (int(s), int(shapes[r][0]), int(shapes[r][1]))
            for s, r in zip(p.ids[lo:hi], p.shape[lo:hi], strict=True)
        ]
    return out


@pytest.mark.parametrize("many", [0, splice_module.MANY])  # numpy's insert, or run by run
@pytest.mark.parametrize("seed", range(8))
def test_splice_equals_a_build_of_the_new_sentences(
    seed: int, many: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(splice_module, "MANY", many)
    rng = random.Random(seed)
    n_terms = rng.randint(3, 40)

    def sentence() -> list[int]:
        return [rng.randrange(n_terms) for _ in range(rng.randint(0, 9))]

    old = [sentence() for _ in range(rng.randint(1, 60))]
    vocab = {f"w{i}": i for i in range(n_terms)}
    flat = np.array([t for s in old for t in s], dtype=np.int32)
    offsets = np.zeros(len(old) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in old], out=offsets[1:])
    before = Index.from_arrays(vocab, flat, offsets, 1.5, 0.75)
    # Walk the old sentences in runs: drop some, keep the others, insert new ones between.
    new: list[list[int]] = []
    new_of_old = np.full(len(old), -1, dtype=np.int32)
    added: list[Added] = []
    extra = rng.randint(0, 5)  # terms the old index never had
    i = 0
    while i <= len(old):
        if rng.random() < 0.3:
            sents = [[rng.randrange(n_terms + extra) for _ in range(rng.randint(0, 9))]]
            sents += [sentence() for _ in range(rng.randint(0, 3))]
            terms = np.array([t for s in sents for t in s], dtype=np.int32)
            lengths = np.array([len(s) for s in sents], dtype=np.int64)
            added.append(Added(len(new), terms, lengths, i))
            new += sents
        if i < len(old):
            if rng.random() < 0.7:
                new_of_old[i] = len(new)
                new.append(old[i])
        i += 1
    if not new:
        return
    counts = np.array([len(s) for s in new], dtype=np.int64)
    offsets2 = np.zeros(len(new) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets2[1:])
    got, df_before, shapes = splice(
        before.postings,
        before.sent_terms,
        before.sent_offsets,
        before.shapes,
        new_of_old,
        added,
        offsets2,
        n_terms + extra,
    )
    assert df_before.tolist() == [*np.diff(before.postings.offsets).tolist(), *[0] * extra]
    flat2 = np.array([t for s in new for t in s], dtype=np.int32)
    vocab2 = {f"w{i}": i for i in range(n_terms + extra)}
    want = Index.from_arrays(vocab2, flat2, offsets2, 1.5, 0.75)
    spliced = Index(vocab2, want.idf, got, offsets2, flat2, 1.5, 0.75, shapes, want.tops)
    assert postings_of(spliced) == postings_of(want)
    assert spliced.posting_weights().tobytes() == want.posting_weights().tobytes()
