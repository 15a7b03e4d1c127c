"""Where each sentence stands, as flat arrays: cheap lookups for the answer ranker."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bot.index.snapshot import Engine
from bot.index.tables import TextTable

_QUESTION_MARK = re.compile(r"[?？]\W*")
_NON_WORDS = re.compile(r"\W*")
# How far back a sentence still sits under a headline or an article's own question.
_SECTION_REACH = 8
ASKED_REACH = 6
# Neighbours whose words count for a sentence: ±1 always, ±2..3 in the same paragraph.
NEAR = np.array((-3, -2, -1, 1, 2, 3))
# Columns of a sentence's probes: itself, its near neighbours, its section, the question.
SELF, SECTION, ASKED = 0, 1 + len(NEAR), 2 + len(NEAR)


def _asks(norms: TextTable) -> np.ndarray:
    """Which sentences end in a question mark, closing quotes and brackets aside.

    One scan of the joined text rather than a regex per sentence (~1 s at 1M sentences).
    """
    ends = norms.offsets[1:]
    asks = np.zeros(len(ends), dtype=bool)
    at = 0  # where the piece starts in the joined text
    going = False  # the last match reached the end of its piece: it goes on in the next
    # The text may be in pieces (an updated engine's); the scan reads it as one string.
    for blob, lo, hi in norms.spans(0, len(norms)):
        pos = _NON_WORDS.match(blob, lo, hi).end() if going else lo  # type: ignore[union-attr]
        going = going and pos == hi
        for m in _QUESTION_MARK.finditer(blob, pos, hi):
            start, end = m.start() - lo + at, m.end() - lo + at
            i = int(np.searchsorted(ends, start, side="right"))  # the sentence holding the mark
            if i < len(ends) and ends[i] <= end:  # nothing but marks after it to its end
                asks[i] = True
            going = m.end() == hi
        at += hi - lo
    return asks


def _nearest_before(flag: np.ndarray, doc: np.ndarray, reach: int) -> np.ndarray:
    """For each sentence, the nearest earlier flagged one in its article within reach, or -1."""
    n = len(flag)
    index = np.arange(n, dtype=np.int32)
    last = np.maximum.accumulate(np.where(flag, index, np.int32(-1))) if n else index
    before = np.concatenate([np.full(1, -1, np.int32), last[:-1]]) if n else index
    ok = (before >= 0) & (index - before <= reach)
    ok &= np.asarray(doc)[np.maximum(before, 0)] == np.asarray(doc)
    return np.where(ok, before, -1)


@dataclass(frozen=True)
class Layout:
    """Per-sentence article and question flags, the sentences around each, plus id → word."""

    doc: np.ndarray  # int32
    asks: np.ndarray  # bool: the sentence is itself a question (a sub-head such as "…为什么…?")
    words: list[str]  # vocabulary id → word
    places: frozenset[str]  # the cities the articles' papers speak for
    # Per sentence, the sentences whose words count for it (columns SELF, NEAR…, SECTION,
    # ASKED) and which of them apply: `probe_at[sids]`, `probe_ok[sids]` give the rows of
    # the sentences asked for (made then: a few hundred per question, rather than 45 MB
    # of rows at 1M sentences made again, beside the old ones, at every update).
    probe_at: ProbeRows
    probe_ok: ProbeRows

    @classmethod
    def of(cls, engine: Engine) -> Layout:
        sentences = engine.sentences
        # The engine keeps these as columns already: making 1M Sentence objects to read
        # them back took ~8 s of a restart at 1M sentences.
        doc, paragraph = sentences.doc, sentences.paragraph
        headline = np.asarray(sentences.headline, bool)
        asks = _asks(engine.norms)
        # The headline a sentence sits under (≤ 8 back) and an article's own question just
        # above it (≤ 6 back), or -1.
        section_of = _nearest_before(headline, doc, _SECTION_REACH)
        section_of[headline] = -1  # a headline sits under no other
        asked_of = _nearest_before(asks, doc, ASKED_REACH)
        return cls(
            doc=doc,
            asks=asks,
            words=engine.index.terms(),
            places=frozenset(d.source.place for d in engine.documents if d.source.place),
            probe_at=ProbeRows(doc, paragraph, section_of, asked_of, False),
            probe_ok=ProbeRows(doc, paragraph, section_of, asked_of, True),
        )


class ProbeRows:
    """Rows of the probes of some sentences: itself; ±1 in its article; ±2..3 in its
    paragraph too; the headline above it; the article's own question above it. `ok`: which
    apply (bool), else where they are (int32, as the postings' ids)."""

    def __init__(
        self,
        doc: np.ndarray,
        paragraph: np.ndarray,
        section_of: np.ndarray,
        asked_of: np.ndarray,
        ok: bool,
    ) -> None:
        self.doc, self.paragraph = doc, paragraph
        self.section_of, self.asked_of = section_of, asked_of
        self.ok = ok

    def __getitem__(self, sids: np.ndarray) -> np.ndarray:
        sids = np.asarray(sids, dtype=np.int32)
        n = len(self.doc)
        section, asked = self.section_of[sids], self.asked_of[sids]
        near = sids[:, None] + NEAR.astype(np.int32)
        other = np.clip(near, 0, max(n - 1, 0))
        if not self.ok:
            at = np.empty((len(sids), ASKED + 1), dtype=np.int32)
            at[:, SELF], at[:, SELF + 1 : SECTION] = sids, other
            at[:, SECTION], at[:, ASKED] = np.maximum(section, 0), np.maximum(asked, 0)
            return at
        ok = np.empty((len(sids), ASKED + 1), dtype=bool)
        ok[:, SELF] = True
        near_ok = (near >= 0) & (near < n) & (self.doc[other] == self.doc[sids][:, None])
        far = np.abs(NEAR) > 1
        near_ok[:, far] &= self.paragraph[other[:, far]] == self.paragraph[sids][:, None]
        ok[:, SELF + 1 : SECTION] = near_ok
        ok[:, SECTION], ok[:, ASKED] = section >= 0, asked >= 0
        return ok
