"""Layout's probe rows: for every sentence, the neighbours, headline and question above it."""

from __future__ import annotations

import numpy as np

from bot.answer.qa import QA
from bot.index.layout import ASKED, NEAR, SECTION, SELF


def test_probe_rows_are_each_sentences_neighbourhood(qa: QA) -> None:
    engine, layout = qa._state
    table = engine.sentences
    n = len(table)
    sids = np.arange(n)
    at, ok = layout.probes.rows(sids)
    assert at.shape == ok.shape == (n, ASKED + 1)
    assert at.dtype == np.int32 and ok.dtype == bool
    doc, par, head = table.doc.tolist(), table.paragraph.tolist(), table.headline.tolist()
    asks = layout.asks.tolist()
    sections = 0
    for i in range(n):
        assert (at[i, SELF], ok[i, SELF]) == (i, True)
        for k, step in enumerate(NEAR.tolist(), start=SELF + 1):
            j = i + step
            inside = 0 <= j < n and doc[j] == doc[i] and (abs(step) == 1 or par[j] == par[i])
            assert ok[i, k] == inside
            if inside:
                assert at[i, k] == j
        # The nearest headline up to 8 back in the article (none for a headline), and the
        # article's own question up to 6 back.
        above = [j for j in range(max(0, i - 8), i) if head[j] and doc[j] == doc[i]]
        want = above[-1] if above and not head[i] else -1
        assert (ok[i, SECTION], at[i, SECTION]) == (want >= 0, max(want, 0))
        asked = [j for j in range(max(0, i - 6), i) if asks[j] and doc[j] == doc[i]]
        want = asked[-1] if asked else -1
        assert (ok[i, ASKED], at[i, ASKED]) == (want >= 0, max(want, 0))
        sections += bool(ok[i, SECTION])
    assert sections > 0  # the corpus has headlines with sentences under them
    picked = sids[::7][::-1]  # any order, any subset: the same rows
    picked_at, picked_ok = layout.probes.rows(picked)
    assert np.array_equal(picked_at, at[picked])
    assert np.array_equal(picked_ok, ok[picked])
