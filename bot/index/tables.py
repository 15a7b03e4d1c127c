"""Compact read-only sequences of sentences and texts: one string and offset arrays, not objects."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from bot.model import Sentence


class TextTable(Sequence[str]):
    """Many strings stored as one, sliced on access.

    The one string may be several: an update (bot.index.update) makes a new table from runs
    of an old one's sentences and a few new ones, and shares the old string rather than
    copy it (it is ~240 MB of text and norms at 1M sentences). `offsets` are then into
    the strings laid end to end; piece k holds from character `starts[k]` on, at
    `blobs[k][char - shifts[k]]`.
    """

    def __init__(
        self,
        blob: str,
        offsets: np.ndarray | array[int],
        pieces: list[tuple[str, int, int]] | None = None,
    ) -> None:
        self.blob = blob  # the first piece's string
        # Read per item as Python ints: an array, not a list, keeps them in one block (a
        # million separate int objects cost 28 MB and a cache miss more per lookup).
        if not isinstance(offsets, array):
            offsets = array("q", np.asarray(offsets, dtype=np.int64).tobytes())
        self._bounds = offsets
        # int64, len + 1 character offsets into the joined text: the same memory
        self.offsets = np.frombuffer(self._bounds, dtype=np.int64)
        pieces = pieces or [(blob, 0, 0)]  # (string, first character, shift)
        self.blobs = [b for b, _, _ in pieces]
        self.starts = [start for _, start, _ in pieces]
        self.shifts = [shift for _, _, shift in pieces]
        self._plain = len(pieces) == 1 and self.shifts[0] == 0  # one string, as built

    @classmethod
    def from_strings(cls, strings: Sequence[str]) -> TextTable:
        offsets = np.zeros(len(strings) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, strings), np.int64, len(strings)), out=offsets[1:])
        return cls("".join(strings), offsets)

    @classmethod
    def from_pieces(cls, pieces: list[tuple[str, int, int]], offsets: array[int]) -> TextTable:
        """A table of strings at `offsets`, held by pieces (string, start, end): the text
        of each laid end to end. A string is shared, never copied."""
        if len(pieces) == 1 and pieces[0][1] == 0 and pieces[0][2] == len(pieces[0][0]):
            return cls(pieces[0][0], offsets)
        placed, at = [], 0
        for blob, lo, hi in pieces:
            if hi > lo:
                placed.append((blob, at, at - lo))
                at += hi - lo
        if at != offsets[-1]:
            raise ValueError("pieces and lengths disagree")
        placed = placed or [("", 0, 0)]
        return cls(placed[0][0], offsets, placed)

    def spans(self, lo: int, hi: int) -> list[tuple[str, int, int]]:
        """Sentences lo..hi as pieces (string, start, end) whose texts laid end to end are
        theirs: what from_pieces takes, and what a scan of the text reads."""
        first, last = self._bounds[lo], self._bounds[hi]
        out = []
        for k, start in enumerate(self.starts):
            end = self.starts[k + 1] if k + 1 < len(self.starts) else self._bounds[-1]
            a, b = max(start, first), min(end, last)
            if a < b:
                out.append((self.blobs[k], a - self.shifts[k], b - self.shifts[k]))
        return out

    def to_arrays(self, name: str) -> dict[str, np.ndarray]:
        """`name`: the UTF-8 bytes; `name_offsets`: where each string starts."""
        if self._plain and len(self.blob) == self._bounds[-1]:
            data = self.blob.encode("utf-8")
        else:
            data = b"".join(blob[a:b].encode("utf-8") for blob, a, b in self.spans(0, len(self)))
        return {name: np.frombuffer(data, dtype=np.uint8), f"{name}_offsets": self.offsets}

    @classmethod
    def from_arrays(cls, a: dict[str, Any], name: str) -> TextTable:
        """The table to_arrays saved (the store hands text arrays over decoded)."""
        return cls(a[name], a[f"{name}_offsets"])

    def __len__(self) -> int:
        return len(self._bounds) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        b = self._bounds
        if self._plain:
            return self.blob[b[i] : b[i + 1]]
        k = bisect_right(self.starts, b[i]) - 1
        shift = self.shifts[k]
        return self.blobs[k][b[i] - shift : b[i + 1] - shift]

    def take(self, ids: np.ndarray) -> list[str]:
        """The strings at `ids`, in one loop of plain slices (cheaper than item by item)."""
        starts, ends = self.offsets[ids].tolist(), self.offsets[ids + 1].tolist()
        if self._plain:
            blob = self.blob
            return [blob[a:b] for a, b in zip(starts, ends, strict=True)]
        out = []
        for a, b in zip(starts, ends, strict=True):
            k = bisect_right(self.starts, a) - 1
            out.append(self.blobs[k][a - self.shifts[k] : b - self.shifts[k]])
        return out

    def __iter__(self) -> Iterator[str]:
        if self._plain:
            b, blob = self._bounds, self.blob
            return (blob[b[i] : b[i + 1]] for i in range(len(b) - 1))
        return (self[i] for i in range(len(self)))


def join_offsets(parts: Sequence[tuple[bool, np.ndarray]]) -> array[int]:
    """Offsets of strings (or runs) laid end to end, from parts that are either a stretch of
    other offsets (True, n + 1 values) or lengths (False): written straight into the
    int64 array a table keeps, with no temporary the size of the whole."""
    n = sum(len(a) - 1 if bounds else len(a) for bounds, a in parts)
    buf = array("q", [0]) * (n + 1)
    out = np.frombuffer(buf, dtype=np.int64)
    at = 0
    for bounds, a in parts:
        m = len(a) - 1 if bounds else len(a)
        if m <= 0:
            continue
        if bounds:
            np.subtract(a[1:], a[0] - out[at], out=out[at + 1 : at + 1 + m])
        else:
            np.cumsum(a, out=out[at + 1 : at + 1 + m])
            out[at + 1 : at + 1 + m] += out[at]
        at += m
    return buf


class Flat:
    """A long int array kept as pieces of others (views, not copies): an update's sentence
    terms are runs of the old engine's and a few new ones (bot.index.update)."""

    def __init__(self, pieces: Sequence[np.ndarray]) -> None:
        self.pieces = [p for p in pieces if len(p)] or [np.zeros(0, dtype=np.int32)]
        sizes = [len(p) for p in self.pieces]
        self.starts = [0, *np.cumsum(sizes).tolist()][:-1]
        self.size = sum(sizes)

    def __len__(self) -> int:
        return self.size

    def slice(self, lo: int, hi: int) -> np.ndarray:
        """Items lo..hi, which lie in one piece (a sentence's terms never straddle two)."""
        if len(self.pieces) == 1:
            return self.pieces[0][lo:hi]
        k = bisect_right(self.starts, lo) - 1
        start = self.starts[k]
        if hi - start > len(self.pieces[k]):
            return self.array()[lo:hi]
        return self.pieces[k][lo - start : hi - start]

    def views(self, lo: int, hi: int) -> list[np.ndarray]:
        """Items lo..hi as views of the pieces, in order."""
        out = []
        for piece, start in zip(self.pieces, self.starts, strict=True):
            a, b = max(lo, start), min(hi, start + len(piece))
            if a < b:
                out.append(piece[a - start : b - start])
        return out

    def take(self, at: np.ndarray) -> np.ndarray:
        """Items at positions `at`."""
        if len(self.pieces) == 1:
            return self.pieces[0][at]
        k = np.searchsorted(np.array(self.starts), at, side="right") - 1
        out = np.empty(len(at), dtype=self.pieces[0].dtype)
        for j in np.unique(k).tolist():
            mine = k == j
            out[mine] = self.pieces[j][at[mine] - self.starts[j]]
        return out

    def array(self) -> np.ndarray:
        """The whole array (one copy when in pieces)."""
        return self.pieces[0] if len(self.pieces) == 1 else np.concatenate(self.pieces)


class SentenceTable(Sequence[Sentence]):
    """Sentences as columns; a Sentence object is made on first access and kept."""

    def __init__(
        self,
        texts: TextTable,
        doc: np.ndarray,
        paragraph: np.ndarray,
        position: np.ndarray,
        headline: np.ndarray,
    ) -> None:
        self.texts = texts
        self.doc = doc  # int32 per sentence, like the other columns
        self.paragraph = paragraph
        self.position = position
        self.headline = headline
        # The Sentence objects made so far: few of a million are ever asked for.
        self._made: dict[int, Sentence] = {}

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The texts and the four columns, as named arrays."""
        columns = {"doc": self.doc, "paragraph": self.paragraph, "position": self.position}
        return {**self.texts.to_arrays("texts"), **columns, "headline": self.headline}

    @classmethod
    def from_arrays(cls, a: dict[str, Any]) -> SentenceTable:
        texts = TextTable.from_arrays(a, "texts")
        return cls(texts, a["doc"], a["paragraph"], a["position"], a["headline"])

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...
    def __getitem__(self, i: int | slice) -> Sentence | list[Sentence]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        s = self._made.get(i)
        if s is None:
            if not 0 <= i < len(self):
                raise IndexError("sentence index out of range")
            s = Sentence(
                self.texts[i],
                int(self.doc[i]),
                int(self.paragraph[i]),
                int(self.position[i]),
                bool(self.headline[i]),
            )
            self._made[i] = s
        return s

    def __iter__(self) -> Iterator[Sentence]:
        # Not kept: walking every sentence must not turn the columns back into objects.
        made = self._made
        columns = zip(
            range(len(self)),
            self.texts,
            self.doc.tolist(),
            self.paragraph.tolist(),
            self.position.tolist(),
            self.headline.tolist(),
            strict=True,
        )
        return (made.get(i) or Sentence(t, d, p, pos, h) for i, t, d, p, pos, h in columns)


class SentenceSlice(Sequence[Sentence]):
    """The sentences of one document, as a view on the table."""

    def __init__(self, table: SentenceTable, start: int, stop: int) -> None:
        self.table, self.start, self.stop = table, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...
    def __getitem__(self, i: int | slice) -> Sentence | list[Sentence]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError("sentence index out of range")
        return self.table[self.start + (i % len(self))]

    def __iter__(self) -> Iterator[Sentence]:
        return (self.table[i] for i in range(self.start, self.stop))
