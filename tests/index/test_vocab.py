"""Vocab: an update's changes on top of a shared map read as the changed map would."""

from __future__ import annotations

import random
from collections.abc import Mapping

import pytest

from bot.index.vocab import Vocab


@pytest.mark.parametrize("seed", range(5))
def test_changes_on_top_read_as_a_changed_dict(seed: int) -> None:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(300)]
    base = {w: i for i, w in enumerate(words[:200])}
    frozen = dict(base)
    want = dict(base)
    vocab: Mapping[str, int] = base
    next_id = len(base)
    for _ in range(30):
        gone = set(rng.sample(sorted(want), rng.randint(0, 3)))
        new = {}
        for w in rng.sample([w for w in words if w not in want or w in gone], rng.randint(0, 4)):
            if w not in gone:
                new[w] = next_id
                next_id += 1
        for w in gone:
            del want[w]
        want.update(new)
        vocab = Vocab.changed(vocab, new, gone)
        assert dict(vocab.items()) == want
        assert len(vocab) == len(want)
        for w in words:
            assert vocab.get(w) == want.get(w)
            assert (w in vocab) == (w in want)
    assert base == frozen  # the shared map is never written
