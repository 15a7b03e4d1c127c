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
    # ASKED) and which of them apply: `probes.rows(sids)` gives the rows of the sentences
    # asked for (made then: a few hundred per question, rather than 45 MB of rows at 1M
    # sentences made again, beside the old ones, at every update).
    probes: ProbeRows

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
            probes=ProbeRows(_probe_record(doc, paragraph, section_of, asked_of)),
        )


# Bit of each probe column (SELF, NEAR…, SECTION, ASKED) in a record's bits; SELF always applies.
_MASKS = np.array([1 << 8, *(1 << k for k in range(len(NEAR))), 1 << 6, 1 << 7], np.int32)
_NEAR_AND_SELF = np.array((0, *NEAR.tolist()))  # the columns SELF, NEAR…


def _probe_record(
    doc: np.ndarray, paragraph: np.ndarray, section_of: np.ndarray, asked_of: np.ndarray
) -> np.ndarray:
    """Per sentence, one row: the headline above it and the article's question above it (0
    when none), and which probes apply as bits (_MASKS). Made once per layout, and one row
    so that a question's candidates cost one cache miss each, not one per array read."""
    n = len(doc)
    bits = np.full(n, _MASKS[SELF], np.int32)
    for k, step in enumerate(NEAR.tolist()):
        lo, hi = max(0, -step), min(n, n - step)  # sentences whose neighbour exists
        if lo >= hi:
            continue
        # ±1 in the same article, ±2..3 in the same paragraph too.
        same = doc[lo + step : hi + step] == doc[lo:hi]
        if abs(step) > 1:
            same &= paragraph[lo + step : hi + step] == paragraph[lo:hi]
        bits[lo:hi] |= np.where(same, _MASKS[SELF + 1 + k], 0).astype(np.int32)
    bits |= np.where(section_of >= 0, _MASKS[SECTION], 0).astype(np.int32)
    bits |= np.where(asked_of >= 0, _MASKS[ASKED], 0).astype(np.int32)
    record = np.empty((n, 3), np.int32)
    record[:, 0] = np.maximum(section_of, 0)
    record[:, 1] = np.maximum(asked_of, 0)
    record[:, 2] = bits
    return record


class ProbeRows:
    """The probes of some sentences: itself; ±1 in its article; ±2..3 in its paragraph too;
    the headline above it; the article's own question above it."""

    def __init__(self, record: np.ndarray) -> None:
        self.record = record  # _probe_record's

    def rows(self, sids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the probes of each sentence are (int32, as the postings' ids; a probe that
        does not apply points at some sentence of the corpus) and which apply (bool)."""
        sids = np.asarray(sids)
        record = self.record[sids]
        near = np.minimum(np.maximum(sids[:, None] + _NEAR_AND_SELF, 0), len(self.record) - 1)
        at = np.empty((len(sids), ASKED + 1), dtype=np.int32)
        at[:, :SECTION] = near
        at[:, SECTION:] = record[:, :2]
        return at, (record[:, 2:] & _MASKS) != 0
